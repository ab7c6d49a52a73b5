import { assignOrderHandler, run } from './assign-order.ts';

/** Consumer of the street-level order queue: assigns each order to its street center. */
export { run };
export const handler = assignOrderHandler('street');
