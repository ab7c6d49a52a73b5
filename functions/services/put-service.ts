import { assertAdmin } from '../../shared/domain/auth.ts';
import { PutServiceSchema, type Service, ServiceParams } from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { created, ok, requireIfMatch } from '../../shared/runtime/responses.ts';
import { getService, putService } from '../../shared/store/services.ts';

const options = { params: ServiceParams, body: PutServiceSchema } as const;

/**
 * Creates or replaces a service (admins). If-Match is the version read, `"0"` for a new code, so
 * two admins editing the same service cannot overwrite each other unseen. Orders already placed
 * keep the name and time limit they were placed with.
 */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  assertAdmin(principal);
  const current = await getService(params.code);
  const expected = requireIfMatch(headers, current?.version ?? 0);
  const now = new Date().toISOString();
  const service: Service = {
    ...body,
    code: params.code,
    version: expected + 1,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
  };
  await putService(service, expected);
  return current
    ? ok(service, service.version)
    : created(service, `/services/${service.code}`, service.version);
};

export const handler = httpHandler(options, run);
