import { describe, expect, it } from 'vitest';
import { packagedCalendar, type YearCalendar } from '../../../shared/domain/calendar.ts';
import { compileOpeningHours } from '../../../shared/domain/opening-hours.ts';
import {
  basisOfDay,
  type Evaluation,
  HoursEvaluator,
  SOON_MS,
  statusAmong,
  subtract,
} from '../../../shared/domain/opening-status.ts';

/**
 * The status rules of docs/grid.md and DOMAIN.md, stated at their edges: a center is open from its
 * opening minute up to (not including) its closing minute; "soon" is the 30 minutes before a
 * change, both ends included; a closure cuts only its own span; a center that is not active never
 * opens; an answer never reaches past the calendar or the compiled hours.
 */

const e = new HoursEvaluator((year: number): YearCalendar | undefined => packagedCalendar(year));
const at = (local: string) => Date.parse(`${local}+08:00`);
const hours = (openingHours: string) => ({
  openingHours,
  timeZone: 'Asia/Shanghai',
  compiledHours: compileOpeningHours(openingHours, at('2026-01-10T12:00:00')),
});
const status = (r: Evaluation) => ({ status: r.status, nextChange: r.nextChange });

// Wednesday 2026-03-04 is an ordinary working day
const OFFICE = hours('Mo-Fr 08:30-12:00,13:30-17:30');

describe('the edges of an opening interval', () => {
  it('is open at exactly the opening minute and closed at exactly the closing minute', () => {
    expect(status(e.evaluate(OFFICE, at('2026-03-04T08:30:00')))).toEqual({
      status: 'open',
      nextChange: '2026-03-04T12:00:00+08:00',
    });
    expect(status(e.evaluate(OFFICE, at('2026-03-04T17:30:00')))).toEqual({
      status: 'closed',
      nextChange: '2026-03-05T08:30:00+08:00',
    });
    expect(e.evaluate(OFFICE, at('2026-03-04T17:29:59')).status).toBe('closing-soon');
  });

  it('closes at 17:30, not on the hour before it', () => {
    expect(status(e.evaluate(OFFICE, at('2026-03-04T16:45:00')))).toEqual({
      status: 'open',
      nextChange: '2026-03-04T17:30:00+08:00',
    });
    expect(e.evaluate(OFFICE, at('2026-03-04T16:30:00')).status).toBe('open');
  });

  it('is closing soon from exactly 30 minutes before the close, and open a second earlier', () => {
    expect(SOON_MS).toBe(30 * 60_000);
    expect(e.evaluate(OFFICE, at('2026-03-04T11:30:00')).status).toBe('closing-soon');
    expect(e.evaluate(OFFICE, at('2026-03-04T11:29:59')).status).toBe('open');
  });

  it('is opening soon from exactly 30 minutes before the opening, and closed a second earlier', () => {
    expect(status(e.evaluate(OFFICE, at('2026-03-04T08:00:00')))).toEqual({
      status: 'opening-soon',
      nextChange: '2026-03-04T08:30:00+08:00',
    });
    expect(status(e.evaluate(OFFICE, at('2026-03-04T07:59:59')))).toEqual({
      status: 'closed',
      nextChange: '2026-03-04T08:30:00+08:00',
    });
  });

  it('keeps a span past midnight open after midnight, until its end on the next day', () => {
    const night = hours('Mo-Su 20:00-02:00');
    expect(status(e.evaluate(night, at('2026-03-05T01:00:00')))).toEqual({
      status: 'open',
      nextChange: '2026-03-05T02:00:00+08:00',
    });
    expect(status(e.evaluate(night, at('2026-03-04T23:00:00')))).toEqual({
      status: 'open',
      nextChange: '2026-03-05T02:00:00+08:00',
    });
  });

  it('joins intervals that touch into one, so no change is announced where nothing changes', () => {
    const touching = hours('Mo-Su 08:00-12:00,12:00-18:00');
    expect(status(e.evaluate(touching, at('2026-03-04T11:50:00')))).toEqual({
      status: 'open',
      nextChange: '2026-03-04T18:00:00+08:00',
    });
  });

  it('reads the regular rule of an ordinary day into the reason', () => {
    expect(e.evaluate(OFFICE, at('2026-03-04T10:00:00')).reason).toEqual({
      basis: 'hours',
      localDate: '2026-03-04',
      dayKind: 'working-day',
      rule: 'regular hours',
    });
  });
});

describe('closures cut only their own span', () => {
  const closure = {
    id: 'c-1',
    from: '2026-03-04T09:00:00+08:00',
    to: '2026-03-04T10:00:00+08:00',
    reason: '设备检修',
  };

  it('is open again after the closure, until the next regular change', () => {
    expect(status(e.evaluate(OFFICE, at('2026-03-04T10:15:00'), [closure]))).toEqual({
      status: 'open',
      nextChange: '2026-03-04T12:00:00+08:00',
    });
  });

  it('is temporarily closed from the first instant of the closure, and not at its end', () => {
    expect(e.evaluate(OFFICE, at('2026-03-04T09:00:00'), [closure]).status).toBe('temporarily-closed');
    expect(e.evaluate(OFFICE, at('2026-03-04T10:00:00'), [closure]).status).toBe('open');
  });

  it('announces the reopening at the closure end as a change', () => {
    const during = e.evaluate(OFFICE, at('2026-03-04T09:40:00'), [closure]);
    expect(status(during)).toEqual({ status: 'temporarily-closed', nextChange: '2026-03-04T10:00:00+08:00' });
    expect(during.reason).toEqual({
      basis: 'closure',
      localDate: '2026-03-04',
      dayKind: 'working-day',
      closure: { id: 'c-1', reason: '设备检修', from: closure.from, to: closure.to },
    });
  });

  it('does nothing once it has ended, even on the same day', () => {
    const ended = e.evaluate(OFFICE, at('2026-03-04T14:00:00'), [closure]);
    expect(ended.status).toBe('open');
    expect(ended.reason.basis).toBe('hours');
  });

  it('ignores a closure that ended days ago and one that starts after the week looked at', () => {
    const old = { ...closure, from: '2026-02-01T00:00:00+08:00', to: '2026-02-02T00:00:00+08:00' };
    const far = { ...closure, from: '2026-04-01T00:00:00+08:00', to: '2026-04-02T00:00:00+08:00' };
    expect(status(e.evaluate(OFFICE, at('2026-03-04T10:00:00'), [old, far]))).toEqual({
      status: 'open',
      nextChange: '2026-03-04T12:00:00+08:00',
    });
  });

  it('moves a next opening that falls inside a closure to the closure end', () => {
    const morning = { ...closure, from: '2026-03-05T07:00:00+08:00', to: '2026-03-05T09:30:00+08:00' };
    expect(status(e.evaluate(OFFICE, at('2026-03-04T18:00:00'), [morning]))).toEqual({
      status: 'closed',
      nextChange: '2026-03-05T09:30:00+08:00',
    });
  });

  it('reports a closure even where the hours are not compiled', () => {
    const uncompiled = { openingHours: 'Mo-Fr 08:30-17:30', timeZone: 'Asia/Shanghai' };
    expect(e.evaluate(uncompiled, at('2026-03-04T09:30:00'), [closure]).status).toBe('temporarily-closed');
  });
});

describe('centers that are not active', () => {
  it('keeps an administratively closed center closed, with no change in sight', () => {
    expect(e.evaluate({ ...OFFICE, status: 'closed' }, at('2026-03-04T10:00:00'))).toEqual({
      status: 'closed',
      nextChange: null,
      reason: {
        basis: 'administrative',
        localDate: '2026-03-04',
        dayKind: 'working-day',
        rule: 'center is closed',
      },
    });
  });

  it('keeps a suspended center temporarily closed, saying so, even in its hours', () => {
    expect(e.evaluate({ ...OFFICE, status: 'suspended' }, at('2026-03-04T10:00:00')).reason).toMatchObject({
      basis: 'administrative',
      rule: 'center is suspended',
    });
  });

  it('evaluates an active center by its hours', () => {
    expect(e.evaluate({ ...OFFICE, status: 'active' }, at('2026-03-04T10:00:00')).status).toBe('open');
  });
});

describe('hours without their compiled form', () => {
  it('is unknown, never a guess, for hours stored uncompiled, and says how they get compiled', () => {
    const uncompiled = { openingHours: 'Mo-Fr 08:30-17:30', timeZone: 'Asia/Shanghai' };
    const result = e.evaluate(uncompiled, at('2026-03-04T10:00:00'));
    expect(result.status).toBe('unknown');
    expect(result.nextChange).toBeNull();
    expect(result.reason.basis).toBe('hours-not-compiled');
    expect(result.reason.rule).toMatch(/hourly recompile/);
    expect(result.reason.hoursCompiledUntil).toBeUndefined();
  });

  it('is unknown for hours compiled from another string than the one stored', () => {
    const stale = { ...OFFICE, openingHours: 'Mo-Su 00:00-24:00' };
    expect(e.evaluate(stale, at('2026-03-04T10:00:00')).reason.basis).toBe('hours-not-compiled');
  });

  it('is unknown past the range of dated hours, naming the last compiled date', () => {
    const dated = hours('Mar-Oct Mo-Fr 08:30-17:30; Nov-Feb Mo-Fr 09:00-17:00');
    const end = dated.compiledHours.range?.to ?? '';
    // a calendar for every year, so only the compiled range can limit the answer
    const anyYear = new HoursEvaluator(
      (year) => packagedCalendar(year) ?? { ...packagedCalendar(2026)!, year, holidays: {}, workdays: {} },
    );
    const past = anyYear.evaluate(dated, Date.parse(`${end}T10:00:00+08:00`));
    expect(past.status).toBe('unknown');
    expect(past.reason.hoursCompiledUntil).toBe(past.reason.rule?.match(/to (\d{4}-\d{2}-\d{2})/)?.[1]);
    expect(past.reason.hoursCompiledUntil! < end).toBe(true);
    // the day before the end is still answered, and says how far the hours reach
    const lastWeek = anyYear.evaluate(dated, Date.parse(`${end}T10:00:00+08:00`) - 3 * 86_400_000);
    expect(lastWeek.status).not.toBe('unknown');
    expect(lastWeek.reason.hoursCompiledUntil).toBe(past.reason.hoursCompiledUntil);
  });

  it('answers inside the compiled range of dated hours, by its season', () => {
    const dated = hours('Mar-Oct Mo-Fr 08:30-17:30; Nov-Feb Mo-Fr 09:00-17:00');
    expect(status(e.evaluate(dated, at('2026-03-04T17:15:00')))).toEqual({
      status: 'closing-soon',
      nextChange: '2026-03-04T17:30:00+08:00',
    });
    expect(status(e.evaluate(dated, at('2026-11-04T16:45:00')))).toEqual({
      status: 'closing-soon',
      nextChange: '2026-11-04T17:00:00+08:00',
    });
  });
});

describe('the kind of day decides the basis', () => {
  it('names the calendar when it decides, and the hours on an ordinary day', () => {
    expect(basisOfDay({ kind: 'holiday', name: '春节' } as never)).toBe('holiday');
    expect(basisOfDay({ kind: 'adjusted-working-day' } as never)).toBe('adjusted-working-day');
    expect(basisOfDay({ kind: 'working-day' } as never)).toBe('hours');
    expect(basisOfDay({ kind: 'rest-day' } as never)).toBe('hours');
  });

  it('reads a holiday without PH rules on the Sunday hours and says so', () => {
    const everyDay = hours('Mo-Sa 09:00-17:00; Su 10:00-12:00');
    const result = e.evaluate(everyDay, at('2026-10-02T11:00:00'));
    expect(status(result)).toEqual({ status: 'open', nextChange: '2026-10-02T12:00:00+08:00' });
    expect(result.reason.rule).toBe('public holiday, no PH rule in the hours: Sunday hours');
  });

  it('reads an adjusted working day on the Monday hours and says so', () => {
    const mondays = hours('Mo 08:00-11:00; Tu-Fr 09:00-17:00');
    const result = e.evaluate(mondays, at('2026-09-20T10:00:00'));
    expect(status(result)).toEqual({ status: 'open', nextChange: '2026-09-20T11:00:00+08:00' });
    expect(result.reason.rule).toBe('adjusted working day: Monday hours');
  });

  it('reads a holiday on the PH rules when the hours have them, and says so', () => {
    const ph = hours('Mo-Su 09:00-21:00; PH 10:00-16:00');
    expect(e.evaluate(ph, at('2026-10-02T11:00:00')).reason.rule).toBe(
      'public holiday: PH rules of the hours',
    );
  });
});

describe('statusAmong and subtract', () => {
  const reason = { basis: 'hours', localDate: '2026-03-04' } as const;
  const H = 3_600_000;

  it('has no next change for an interval that reaches the horizon', () => {
    expect(statusAmong([[0, 10 * H]], 9.9 * H, 10 * H, reason, 'UTC')).toMatchObject({
      status: 'open',
      nextChange: null,
    });
    expect(statusAmong([[0, 10 * H]], 9.9 * H, 11 * H, reason, 'UTC')).toMatchObject({
      status: 'closing-soon',
      nextChange: '1970-01-01T10:00:00+00:00',
    });
  });

  it('is closed with no next change when no interval lies ahead', () => {
    expect(statusAmong([[0, H]], 2 * H, 10 * H, reason, 'UTC')).toMatchObject({
      status: 'closed',
      nextChange: null,
    });
  });

  it('picks the first interval ahead, not a later one', () => {
    expect(
      statusAmong(
        [
          [2 * H, 3 * H],
          [5 * H, 6 * H],
        ],
        H,
        10 * H,
        reason,
        'UTC',
      ).nextChange,
    ).toBe('1970-01-01T02:00:00+00:00');
  });

  it('cuts the middle of an interval into two, and leaves untouched intervals as they are', () => {
    expect(
      subtract(
        [
          [10, 20],
          [0, 5],
        ],
        [[12, 15]],
      ),
    ).toEqual([
      [0, 5],
      [10, 12],
      [15, 20],
    ]);
  });

  it('removes an interval a cut covers, keeps one a cut only touches', () => {
    expect(subtract([[10, 20]], [[5, 25]])).toEqual([]);
    expect(subtract([[10, 20]], [[20, 30]])).toEqual([[10, 20]]);
    expect(subtract([[10, 20]], [[0, 10]])).toEqual([[10, 20]]);
    expect(subtract([[10, 20]], [[10, 20]])).toEqual([]);
  });
});
