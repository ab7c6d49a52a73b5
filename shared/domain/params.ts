import * as z from 'zod';
import { Id, PageQuery } from './schema-kit.ts';

/** Path parameters shared by the routes under a center. */
export const CenterParams = z.strictObject({ id: Id });
export const RoomParams = z.strictObject({ id: Id, roomId: Id });
export const ClosureParams = z.strictObject({ id: Id, closureId: Id });

/** `If-Match: "3"` → 3; a missing header is undefined, a malformed one NaN. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  return match ? Number(match[1]) : Number.NaN;
}

/** `/calendars/{year}`: the years the status rules can meet. */
export const CalendarParams = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).meta({ description: 'Gregorian year', example: 2027 }),
});

/** `GET /centers/{id}/subtree`: a page of JSON, or the whole subtree as import CSV. */
export const SubtreeQuery = PageQuery.extend({
  format: z
    .enum(['json', 'csv'])
    .default('json')
    .meta({ description: 'csv: the whole subtree at once, in the columns POST /centers/import takes' }),
});
