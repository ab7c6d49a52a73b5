import { assertPerson } from '../../shared/domain/service-order-access.ts';
import { ListServicesQuery } from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { listServices } from '../../shared/store/services.ts';

const options = { query: ListServicesQuery } as const;

/** The catalog, by code: what can be ordered, who handles it, in how long, and what to give. */
export const run: Run<typeof options> = async ({ query, principal }) => {
  assertPerson(principal);
  const { limit, cursor, ...filter } = query;
  return ok(await listServices(filter, limit, cursor));
};

export const handler = httpHandler(options, run);
