import { assignOrderHandler, run } from './assign-order.ts';

/** Consumer of the community-level order queue: assigns each order to its community center. */
export { run };
export const handler = assignOrderHandler('community');
