import { assertAdmin, assertCanManage } from '../../shared/domain/auth.ts';
import { assertPlacement, type Center, CreateCenterSchema, childPath } from '../../shared/domain/center.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { newId } from '../../shared/domain/ids.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { created } from '../../shared/runtime/responses.ts';
import { getCenter, putCenter } from '../../shared/store/centers.ts';

const options = { body: CreateCenterSchema, idempotent: true } as const;

export const run: Run<typeof options> = async ({ body, principal }) => {
  const { parentId, ...fields } = body;
  const parent = parentId ? await getCenter(parentId) : undefined;
  if (parentId && !parent) throw ValidationError.field('parentId', `center ${parentId} does not exist`);
  if (parent) assertCanManage(principal, parent.path);
  else assertAdmin(principal);
  assertPlacement(body, parent);

  const id = newId('c');
  const now = new Date().toISOString();
  const center: Center = {
    ...fields,
    ...(body.level === 'community' ? { kind: body.kind ?? 'community' } : {}),
    id,
    parentId: parent?.id ?? null,
    path: childPath(parent, id),
    depth: parent ? parent.depth + 1 : 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await putCenter(center);
  return created(center, `/centers/${id}`, center.version);
};

export const handler = httpHandler(options, run);
