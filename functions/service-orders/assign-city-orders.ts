import { assignOrderHandler, run } from './assign-order.ts';

/** Consumer of the city-level order queue: assigns each order to its city center. */
export { run };
export const handler = assignOrderHandler('city');
