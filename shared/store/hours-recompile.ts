import { type CompiledHours, needsCompiling } from '../domain/compiled-hours.ts';
import { listAllStored, setCompiledHours } from './centers.ts';

/**
 * The hourly recompile of opening hours: every center whose compiled hours are missing (written
 * before hours were compiled), stale, or end within the margin gets them compiled again. A
 * network has a handful of distinct strings, so each is compiled once and the result written
 * to every center that has it. Reads the registry like the grid builder (Query pages of the
 * subtree index, no Scan).
 */

const CENTERS_PER_QUERY = 10_000;
const WRITES_IN_FLIGHT = 10;

export interface RecompileResult {
  readonly centers: number;
  /** Centers found needing a compile. */
  readonly due: number;
  /** Distinct opening_hours strings compiled. */
  readonly strings: number;
  readonly updated: number;
  /** Centers whose hours changed (or that vanished) meanwhile: their edit compiled them. */
  readonly skipped: number;
}

export async function recompileHours(
  now: number,
  compile: (openingHours: string, now: number) => CompiledHours,
): Promise<RecompileResult> {
  const today = new Date(now).toISOString().slice(0, 10);
  const compiled = new Map<string, CompiledHours>();
  let centers = 0;
  let due = 0;
  let updated = 0;
  let skipped = 0;
  let cursor: string | undefined;
  do {
    const page = await listAllStored(CENTERS_PER_QUERY, cursor);
    centers += page.items.length;
    const stale = page.items.filter((c) => needsCompiling(c.compiledHours, c.openingHours, today));
    due += stale.length;
    for (let i = 0; i < stale.length; i += WRITES_IN_FLIGHT) {
      const written = await Promise.all(
        stale.slice(i, i + WRITES_IN_FLIGHT).map((center) => {
          let form = compiled.get(center.openingHours);
          if (!form) {
            form = compile(center.openingHours, now);
            compiled.set(center.openingHours, form);
          }
          return setCompiledHours(center.id, form);
        }),
      );
      for (const ok of written)
        if (ok) updated++;
        else skipped++;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { centers, due, strings: compiled.size, updated, skipped };
}
