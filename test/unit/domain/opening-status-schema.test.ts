import { describe, expect, it } from 'vitest';
import { type CalendarLookup, packagedCalendar } from '../../../shared/domain/calendar.ts';
import { compileOpeningHours } from '../../../shared/domain/opening-hours.ts';
import {
  CenterStatusSchema,
  type Evaluation,
  HoursEvaluator,
  OpeningStatusSchema,
  StatusQuery,
} from '../../../shared/domain/opening-status.ts';
import { provisionalCalendar } from '../../../shared/domain/provisional-calendar.ts';

/**
 * `GET /centers/{id}/status` answers what the evaluator gives, and the OpenAPI document describes
 * it with these schemas: every kind of answer, on every kind of day, is one the schema keeps
 * whole (a member the schema does not know would be dropped by a client that validates).
 */

const calendar: CalendarLookup = (year) => packagedCalendar(year) ?? provisionalCalendar(year);
const evaluator = new HoursEvaluator(calendar);
const at = (local: string) => Date.parse(`${local}+08:00`);
const hours = (openingHours: string) => ({
  openingHours,
  timeZone: 'Asia/Shanghai',
  compiledHours: compileOpeningHours(openingHours, at('2026-01-10T12:00:00')),
});
const OFFICE = hours('Mo-Fr 09:00-17:00');

/** The first adjusted working day (调休) of the packaged 2026 calendar. */
const ADJUSTED_WORKING_DAY = Object.keys(packagedCalendar(2026)?.workdays ?? {}).sort()[0];

const kept = (answer: Evaluation) => expect(OpeningStatusSchema.parse(answer)).toEqual(answer);

describe('the status answer and its schema', () => {
  it.each([
    ['a working day', '2026-03-04T10:00:00', 'working-day'],
    ['a rest day', '2026-03-07T10:00:00', 'rest-day'],
    ['a public holiday', '2026-10-01T10:00:00', 'holiday'],
    ['an adjusted working day', `${ADJUSTED_WORKING_DAY}T10:00:00`, 'adjusted-working-day'],
  ])('keeps the answer on %s whole', (_, local, dayKind) => {
    const answer = evaluator.evaluate(OFFICE, at(local));
    expect(answer.reason.dayKind).toBe(dayKind);
    kept(answer);
  });

  it('keeps the closure that made a center temporarily closed', () => {
    const closure = {
      id: 'cl-repair',
      from: '2026-03-04T09:00:00+08:00',
      to: '2026-03-04T11:00:00+08:00',
      reason: '检修',
    };
    const answer = evaluator.evaluate(OFFICE, at('2026-03-04T10:00:00'), [closure]);
    expect(answer.reason.closure).toMatchObject({ id: 'cl-repair', reason: '检修' });
    kept(answer);
  });

  it('keeps the provisional mark of a year with statutory holidays only', () => {
    const answer = evaluator.evaluate(OFFICE, at('2027-03-03T10:00:00'));
    expect(answer.reason.provisional).toBe(true);
    kept(answer);
  });

  it('keeps the last compiled date of hours compiled over a range', () => {
    const dated = hours('Mo-Fr 09:00-17:00; Dec 24 off');
    const answer = evaluator.evaluate(dated, at('2028-03-01T10:00:00'));
    expect(answer.reason.hoursCompiledUntil).toBeDefined();
    kept(answer);
  });

  it('keeps what a center answer adds: the center, the instant, its zone and its hours', () => {
    const answer = {
      ...evaluator.evaluate(OFFICE, at('2026-03-04T10:00:00')),
      centerId: 'c-youyi',
      at: '2026-03-04T02:00:00.000Z',
      timeZone: 'Asia/Shanghai',
      openingHours: 'Mo-Fr 09:00-17:00',
    };
    expect(CenterStatusSchema.parse(answer)).toEqual(answer);
  });

  it('takes the instant to answer for', () => {
    expect(StatusQuery.parse({ at: '2026-03-04T10:00:00+08:00' })).toEqual({
      at: '2026-03-04T10:00:00+08:00',
    });
    expect(StatusQuery.parse({})).toEqual({});
  });
});
