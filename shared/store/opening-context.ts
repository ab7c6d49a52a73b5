import type { Closure } from '../domain/closures.ts';
import { HoursEvaluator } from '../domain/opening-status.ts';
import { calendarLookupAround } from './calendars.ts';
import { listClosures, listClosuresEndingAfter } from './rooms.ts';

const DAY_MS = 86_400_000;

export interface OpeningContext {
  readonly evaluator: HoursEvaluator;
  closuresOf(centerId: string): readonly Closure[];
}

/**
 * What the status rules need around `at`: the calendars of the years involved and the closures
 * that may still matter. With `centerId`, only that center's closures are read (one Query of its
 * partition); without, every closure of the district (one Query of the closures index).
 */
export async function openingContext(at: number, centerId?: string): Promise<OpeningContext> {
  const [lookup, closures] = await Promise.all([
    calendarLookupAround(at),
    centerId ? allClosuresOf(centerId) : listClosuresEndingAfter(at - DAY_MS),
  ]);
  const byCenter = new Map<string, Closure[]>();
  for (const closure of closures) {
    const list = byCenter.get(closure.centerId) ?? [];
    list.push(closure);
    byCenter.set(closure.centerId, list);
  }
  return { evaluator: new HoursEvaluator(lookup), closuresOf: (id) => byCenter.get(id) ?? [] };
}

/** Every closure of a center, all pages. */
export async function allClosuresOf(centerId: string): Promise<Closure[]> {
  const closures: Closure[] = [];
  let cursor: string | undefined;
  do {
    const page = await listClosures(centerId, 100, cursor);
    closures.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return closures;
}
