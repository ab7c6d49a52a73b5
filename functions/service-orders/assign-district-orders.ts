import { assignOrderHandler, run } from './assign-order.ts';

/** Consumer of the district-level order queue: assigns each order to its district center. */
export { run };
export const handler = assignOrderHandler('district');
