import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { ListCentersQuery } from '../../shared/domain/center.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { childLevelOf } from '../../shared/domain/levels.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { listAll, listByLevel, listChildren, requireCenter } from '../../shared/store/centers.ts';

const options = { query: ListCentersQuery } as const;

export const run: Run<typeof options> = async ({ query, principal }) => {
  assertCanReadRegistry(principal);
  const { parentId, level, limit, cursor } = query;
  if (parentId) {
    const parent = await requireCenter(parentId);
    if (level && level !== childLevelOf(parent.level)) {
      throw ValidationError.field(
        'level',
        `children of a ${parent.level} center are never at level ${level}`,
      );
    }
    return ok(await listChildren(parentId, limit, cursor));
  }
  return ok(level ? await listByLevel(level, limit, cursor) : await listAll(limit, cursor));
};

export const handler = httpHandler(options, run);
