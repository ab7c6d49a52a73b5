import { assertAdmin, assertCanManage, assertMayManageRegistry } from '../../shared/domain/auth.ts';
import { assertPlacement, CreateCenterSchema, newCenter, publicCenter } from '../../shared/domain/center.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { newId } from '../../shared/domain/ids.ts';
import { installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { runIdempotent } from '../../shared/runtime/idempotency.ts';
import { created } from '../../shared/runtime/responses.ts';
import { getCenter, putCenter } from '../../shared/store/centers.ts';
import { createOnce } from '../../shared/store/create-guard.ts';

installOpeningHoursLibrary();

const options = { body: CreateCenterSchema, idempotent: runIdempotent } as const;

export const run: Run<typeof options> = async ({ body, principal, idempotencyKey }) => {
  assertMayManageRegistry(principal);
  const { parentId, ...fields } = body;
  const parent = parentId ? await getCenter(parentId) : undefined;
  if (parentId && !parent) throw ValidationError.field('parentId', `center ${parentId} does not exist`);
  if (parent) assertCanManage(principal, parent.path);
  else assertAdmin(principal);
  assertPlacement(body, parent);

  const center = await createOnce(
    idempotencyKey,
    newCenter(fields, parent, newId('c'), new Date().toISOString()),
    putCenter,
    getCenter,
  );
  return created(publicCenter(center), `/centers/${center.id}`, center.version);
};

export const handler = httpHandler(options, run);
