import { NotFoundError } from '../../shared/domain/errors.ts';
import { assertPerson } from '../../shared/domain/service-order-access.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { noContent } from '../../shared/runtime/responses.ts';
import { revokeFeed } from '../../shared/store/booking-feeds.ts';

const options = {} as const;

/** Revokes the caller's private bookings feed. */
export const run: Run<typeof options> = async ({ principal }) => {
  assertPerson(principal);
  if (!(await revokeFeed(principal.sub))) throw new NotFoundError('you have no bookings feed');
  return noContent();
};

export const handler = httpHandler(options, run);
