import { NotFoundError } from '../../shared/domain/errors.ts';
import { assertPerson } from '../../shared/domain/service-order-access.ts';
import { ServiceParams } from '../../shared/domain/service-order-requests.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { getService } from '../../shared/store/services.ts';

const options = { params: ServiceParams } as const;

export const run: Run<typeof options> = async ({ params, principal }) => {
  assertPerson(principal);
  const service = await getService(params.code);
  if (!service) throw NotFoundError.of('service', params.code);
  return ok(service, service.version);
};

export const handler = httpHandler(options, run);
