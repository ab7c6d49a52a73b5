import { describe, expect, it } from 'vitest';
import {
  assertEligible,
  type BookingRules,
  BookingRulesSchema,
  dayAvailability,
  type RoomContext,
  slotProblems,
} from '../../../shared/domain/booking-rules.ts';
import { packagedCalendar } from '../../../shared/domain/calendar.ts';
import { ForbiddenError } from '../../../shared/domain/errors.ts';
import { compileOpeningHours } from '../../../shared/domain/opening-hours.ts';

/**
 * Why a slot is refused and where a day's free slots start (docs/bookings.md): a slot that is not
 * a slot at all is told only that; a day whose hours are unknown says why; the first slot of an
 * opening that is off the step is the next step; a whole room keeps its buffer free before a
 * booking too.
 */

const at = (local: string) => Date.parse(`${local}+08:00`);
const COMPILED_ON = at('2026-01-10T12:00:00');
const hoursOf = (openingHours: string) => ({
  openingHours,
  timeZone: 'Asia/Shanghai',
  compiledHours: compileOpeningHours(openingHours, COMPILED_ON),
});
const rules = (patch: Record<string, unknown> = {}): BookingRules => BookingRulesSchema.parse(patch);
const context = (patch: Partial<RoomContext> = {}): RoomContext => ({
  rules: rules(),
  capacity: 12,
  hours: hoursOf('Mo-Fr 08:30-12:00,13:30-17:30'),
  calendar: packagedCalendar,
  closures: [],
  now: at('2026-03-02T09:00:00'),
  ...patch,
});
const problems = (c: RoomContext, start: string, end: string) =>
  slotProblems(c, { start: at(start), end: at(end), partySize: 1 });
const messages = (c: RoomContext, start: string, end: string) =>
  problems(c, start, end).map((p) => `${p.field}: ${p.message}`);

describe('a slot that is not a slot', () => {
  it('is told only that its end is not after its start, not also that it is outside the hours', () => {
    // 19:00 is after closing: a slot there would also be outside the hours, but it is not a slot
    expect(messages(context(), '2026-03-04T19:00:00', '2026-03-04T19:00:00')).toEqual([
      'end: must be after start',
    ]);
  });

  it('is told only that it ends on another local day', () => {
    expect(
      messages(context({ rules: rules({ maxMinutes: 720 }) }), '2026-03-04T22:00:00', '2026-03-05T01:00:00'),
    ).toEqual(['end: must be on the same local day as start']);
  });

  it('still hears about the hours when its end problem is only its length', () => {
    const c = context({ rules: rules({ minMinutes: 60 }) });
    expect(messages(c, '2026-03-04T12:30:00', '2026-03-04T13:00:00')).toEqual([
      'end: the booking must last at least 60 minutes',
      'start: 2026-03-04T12:30:00+08:00 to 2026-03-04T13:00:00+08:00 is outside the opening hours of 2026-03-04 (08:30-12:00, 13:30-17:30)',
    ]);
  });

  it('still hears about the hours when its start is off the step', () => {
    // 12:10 is off the 30-minute step and inside the noon break: both are said
    expect(messages(context(), '2026-03-04T12:10:00', '2026-03-04T13:10:00')).toEqual([
      'start: must be on a 30-minute step (local time)',
      'start: 2026-03-04T12:10:00+08:00 to 2026-03-04T13:10:00+08:00 is outside the opening hours of 2026-03-04 (08:30-12:00, 13:30-17:30)',
    ]);
  });

  it('names each problem as a problem of the body', () => {
    for (const p of problems(context(), '2026-03-04T19:00:00', '2026-03-04T18:00:00'))
      expect(p.in).toBe('body');
  });
});

describe('a day whose hours are not known', () => {
  it('says the hours are not compiled yet, or that the year has no calendar', () => {
    const uncompiled = context({ hours: { openingHours: 'Mo-Fr 08:30-17:30', timeZone: 'Asia/Shanghai' } });
    expect(messages(uncompiled, '2026-03-04T09:00:00', '2026-03-04T10:00:00')).toEqual([
      'start: the opening hours of 2026-03-04 are not known yet',
    ]);
    const noCalendar = context({ calendar: () => undefined });
    expect(messages(noCalendar, '2026-03-04T09:00:00', '2026-03-04T10:00:00')).toEqual([
      'start: no working-day calendar for 2026 is loaded yet',
    ]);
  });

  it('names the holiday a room is closed on', () => {
    const c = context({ now: at('2026-09-28T09:00:00') });
    expect(messages(c, '2026-10-01T09:00:00', '2026-10-01T10:00:00')).toEqual([
      expect.stringMatching(/^start: 2026-10-01 is a public holiday \(.+\)$/),
    ]);
  });
});

/** A room booked whole by the hour, 08:00 to 12:00, with 30 minutes kept free around each booking. */
const bufferedRoom = () =>
  context({
    hours: hoursOf('Mo-Fr 08:00-12:00'),
    rules: rules({ mode: 'whole-room', bufferMinutes: 30, stepMinutes: 60, minMinutes: 60, maxMinutes: 120 }),
    now: at('2026-03-01T09:00:00'),
  });

describe('the free slots of a day', () => {
  it('start at the first step after an opening that is off the step', () => {
    const c = context({
      hours: hoursOf('Mo-Fr 08:15-12:00'),
      rules: rules({ stepMinutes: 60, minMinutes: 60, maxMinutes: 120 }),
      now: at('2026-03-01T09:00:00'),
    });
    const day = dayAvailability(c, '2026-03-04', new Map());
    expect(day.slots[0]?.start).toBe('2026-03-04T09:00:00+08:00');
    expect(day.slots.map((s) => s.start.slice(11, 16))).toEqual(['09:00', '10:00', '11:00']);
  });

  it('keep a whole room’s buffer free before a booking as well as after it', () => {
    const c = bufferedRoom();
    // 10:00 to 11:00 is taken: its four 15-minute cells have no room left
    const taken = new Map(
      ['10:00', '10:15', '10:30', '10:45'].map((t) => [at(`2026-03-04T${t}:00`), 0] as const),
    );
    const bookable = dayAvailability(c, '2026-03-04', taken).slots.map((s) => [
      s.start.slice(11, 16),
      s.bookable,
    ]);
    // an hour from 09:00 would end at 10:00 with its buffer running into the booking
    expect(bookable).toEqual([
      ['08:00', true],
      ['09:00', false],
      ['10:00', false],
      ['11:00', true],
    ]);
  });
});

describe('a whole room’s buffer of more than one cell', () => {
  it('keeps free every cell of it: a booking 15 minutes after a slot’s end still blocks it', () => {
    const c = bufferedRoom();
    // 10:15 to 11:00 is taken; an hour from 09:00 ends at 10:00 and its 30-minute buffer needs 10:15 too
    const taken = new Map(['10:15', '10:30', '10:45'].map((t) => [at(`2026-03-04T${t}:00`), 0] as const));
    const slot9 = dayAvailability(c, '2026-03-04', taken).slots.find((s) =>
      s.start.endsWith('09:00:00+08:00'),
    );
    expect(slot9).toMatchObject({ remaining: 1, bookable: false });
  });
});

describe('a room for Party members only', () => {
  it('refuses anyone else with a 403 that says so', () => {
    expect(() => assertEligible('party-members', { partyMember: false })).toThrow(ForbiddenError);
    expect(() => assertEligible('party-members', { partyMember: false })).toThrow(
      'only Party members may book this',
    );
    expect(() => assertEligible('party-members', { partyMember: true })).not.toThrow();
    expect(() => assertEligible('anyone', { partyMember: false })).not.toThrow();
  });
});
