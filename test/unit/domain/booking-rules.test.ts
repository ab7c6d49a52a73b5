import { describe, expect, it } from 'vitest';
import {
  type BookingRules,
  BookingRulesSchema,
  cellsOf,
  checkRoomSlot,
  dayAvailability,
  type RoomContext,
  slotProblems,
} from '../../../shared/domain/booking-rules.ts';
import { packagedCalendar } from '../../../shared/domain/calendar.ts';
import { ForbiddenError, ValidationError } from '../../../shared/domain/errors.ts';
import { compileOpeningHours } from '../../../shared/domain/opening-hours.ts';

/** Room rules on real 2026 dates (State Council calendar via chinese-days), Beijing time. */

const at = (local: string) => Date.parse(`${local}+08:00`);
const OFFICE = 'Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00';
const hours = {
  openingHours: OFFICE,
  timeZone: 'Asia/Shanghai',
  compiledHours: compileOpeningHours(OFFICE, at('2026-01-10T12:00:00')),
};
const rules = (patch: Partial<Record<keyof BookingRules, unknown>> = {}): BookingRules =>
  BookingRulesSchema.parse(patch);
const context = (patch: Partial<RoomContext> = {}): RoomContext => ({
  rules: rules(),
  capacity: 12,
  hours,
  calendar: packagedCalendar,
  closures: [],
  // Monday 2 March 2026, 09:00
  now: at('2026-03-02T09:00:00'),
  ...patch,
});
const slot = (start: string, end: string, partySize = 1) => ({
  start: at(start),
  end: at(end),
  partySize,
});
const messages = (c: RoomContext, s: ReturnType<typeof slot>) =>
  slotProblems(c, s).map((p) => `${p.field}: ${p.message}`);

describe('BookingRulesSchema', () => {
  it('fills the defaults: whole room, 30 to 120 minutes on a 30-minute step, no buffer', () => {
    expect(rules()).toMatchObject({
      mode: 'whole-room',
      minMinutes: 30,
      maxMinutes: 120,
      stepMinutes: 30,
      bufferMinutes: 0,
      approval: false,
      who: 'anyone',
      onHolidays: false,
    });
  });

  it('refuses a minimum above the maximum, durations off the step and buffers off the quarter hour', () => {
    expect(BookingRulesSchema.safeParse({ minMinutes: 180, maxMinutes: 60 }).success).toBe(false);
    expect(BookingRulesSchema.safeParse({ stepMinutes: 60, minMinutes: 30 }).success).toBe(false);
    expect(BookingRulesSchema.safeParse({ bufferMinutes: 10 }).success).toBe(false);
    expect(BookingRulesSchema.safeParse({ stepMinutes: 20 }).success).toBe(false);
  });
});

describe('slotProblems', () => {
  it('accepts a slot on the step inside the morning hours of a working day', () => {
    expect(messages(context(), slot('2026-03-04T09:00:00', '2026-03-04T10:30:00'))).toEqual([]);
  });

  it('refuses a slot in the past and one inside the notice to book', () => {
    expect(messages(context(), slot('2026-03-02T08:30:00', '2026-03-02T09:00:00'))).toContain(
      'start: is in the past',
    );
    expect(messages(context(), slot('2026-03-02T09:30:00', '2026-03-02T10:00:00'))).toContain(
      'start: must be at least 60 minutes from now',
    );
  });

  it('refuses a slot beyond how far ahead the room is bookable', () => {
    expect(messages(context(), slot('2026-04-08T09:00:00', '2026-04-08T10:00:00'))).toContain(
      'start: is more than 30 days ahead',
    );
  });

  it('refuses a start off the step and a duration that is too short, too long or off the step', () => {
    expect(messages(context(), slot('2026-03-04T09:15:00', '2026-03-04T10:15:00'))).toContain(
      'start: must be on a 30-minute step (local time)',
    );
    expect(messages(context(), slot('2026-03-04T09:00:00', '2026-03-04T09:15:00'))).toEqual(
      expect.arrayContaining([
        'end: the booking must last at least 30 minutes',
        'end: the duration must be a multiple of 30 minutes',
      ]),
    );
    expect(messages(context(), slot('2026-03-04T13:30:00', '2026-03-04T16:00:00'))).toContain(
      'end: the booking may last at most 120 minutes',
    );
  });

  it('refuses a slot across the noon break and one after closing, naming the hours of the day', () => {
    const [problem] = messages(context(), slot('2026-03-04T11:30:00', '2026-03-04T12:30:00'));
    expect(problem).toBe(
      'start: 2026-03-04T11:30:00+08:00 to 2026-03-04T12:30:00+08:00 is outside the opening hours of 2026-03-04 (08:30-12:00, 13:30-17:30)',
    );
    expect(messages(context(), slot('2026-03-04T17:00:00', '2026-03-04T18:00:00'))).toHaveLength(1);
  });

  it('refuses a Sunday, on which the center is closed all day', () => {
    expect(messages(context(), slot('2026-03-08T09:00:00', '2026-03-08T10:00:00'))).toEqual([
      expect.stringContaining('(closed all day)'),
    ]);
  });

  it('refuses a public holiday by name, unless the room is bookable on holidays', () => {
    const now = at('2026-04-20T09:00:00');
    const labourDay = slot('2026-05-01T09:00:00', '2026-05-01T10:00:00');
    expect(messages(context({ now }), labourDay)).toEqual([
      expect.stringMatching(/^start: 2026-05-01 is a public holiday \(.*Labour Day/),
    ]);
    // on a holiday without PH rules the Sunday hours apply: this center is closed then anyway
    expect(messages(context({ now, rules: rules({ onHolidays: true }) }), labourDay)).toEqual([
      expect.stringContaining('(closed all day)'),
    ]);
  });

  it('books an adjusted working Saturday on the Monday hours', () => {
    const now = at('2026-02-10T09:00:00');
    // 14 February 2026 is a working Saturday: Monday hours (08:30-17:30), not the Saturday morning
    expect(messages(context({ now }), slot('2026-02-14T14:00:00', '2026-02-14T15:00:00'))).toEqual([]);
    // an ordinary Saturday has only its morning
    expect(messages(context({ now }), slot('2026-03-07T14:00:00', '2026-03-07T15:00:00'))).toHaveLength(1);
  });

  it('refuses a slot that a temporary closure overlaps, with its reason', () => {
    const closures = [
      { id: 'x-1', from: '2026-03-04T10:00:00+08:00', to: '2026-03-04T11:00:00+08:00', reason: '消防检查' },
    ];
    expect(messages(context({ closures }), slot('2026-03-04T09:30:00', '2026-03-04T10:30:00'))).toEqual([
      'start: the center is closed from 2026-03-04T10:00:00+08:00 to 2026-03-04T11:00:00+08:00: 消防检查',
    ]);
    expect(messages(context({ closures }), slot('2026-03-04T09:00:00', '2026-03-04T10:00:00'))).toEqual([]);
  });

  it('refuses a party larger than the room and a center that is suspended', () => {
    expect(messages(context(), slot('2026-03-04T09:00:00', '2026-03-04T10:00:00', 13))).toContain(
      'partySize: the room holds 12 people',
    );
    expect(
      messages(
        context({ hours: { ...hours, status: 'suspended' } }),
        slot('2026-03-04T09:00:00', '2026-03-04T10:00:00'),
      ),
    ).toContain('start: the center is suspended');
  });

  it('refuses a year without a working-day calendar rather than guessing', () => {
    const now = at('2027-03-01T09:00:00');
    expect(
      messages(
        context({ now, calendar: () => undefined }),
        slot('2027-03-03T09:00:00', '2027-03-03T10:00:00'),
      ),
    ).toContain('start: no working-day calendar for 2027 is loaded yet');
  });
});

describe('checkRoomSlot', () => {
  it('takes the whole room for the booking and its buffer, in 15-minute cells', () => {
    const checked = checkRoomSlot(
      context({ rules: rules({ bufferMinutes: 15 }) }),
      slot('2026-03-04T09:00:00', '2026-03-04T10:00:00', 4),
      { partyMember: false },
    );
    expect(checked).toMatchObject({ localDate: '2026-03-04', cellCapacity: 1, take: 1 });
    expect(checked.cells.map((c) => new Date(c).toISOString())).toEqual([
      '2026-03-04T01:00:00.000Z',
      '2026-03-04T01:15:00.000Z',
      '2026-03-04T01:30:00.000Z',
      '2026-03-04T01:45:00.000Z',
      '2026-03-04T02:00:00.000Z',
    ]);
  });

  it('takes the party size from each cell of a room booked by seats, with no buffer', () => {
    const checked = checkRoomSlot(
      context({ rules: rules({ mode: 'seats', bufferMinutes: 30 }) }),
      slot('2026-03-04T09:00:00', '2026-03-04T09:30:00', 5),
      { partyMember: false },
    );
    expect(checked).toMatchObject({ cellCapacity: 12, take: 5 });
    expect(checked.cells).toHaveLength(2);
  });

  it('throws one 400 naming every problem', () => {
    const attempt = () =>
      checkRoomSlot(context(), slot('2026-03-04T09:15:00', '2026-03-04T09:30:00', 20), {
        partyMember: false,
      });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).errors.map((e) => e.field).sort()).toEqual([
        'end',
        'end',
        'partySize',
        'start',
      ]);
    }
  });

  it('lets only Party members book a Party-members room (403 for anyone else)', () => {
    const c = context({ rules: rules({ who: 'party-members' }) });
    const s = slot('2026-03-04T09:00:00', '2026-03-04T10:00:00');
    expect(() => checkRoomSlot(c, s, { partyMember: false })).toThrow(ForbiddenError);
    expect(checkRoomSlot(c, s, { partyMember: true }).cells).toHaveLength(4);
  });
});

describe('cellsOf', () => {
  it('covers every quarter hour a span touches, partial ones included', () => {
    expect(cellsOf(at('2026-03-04T19:00:00'), at('2026-03-04T20:20:00'))).toHaveLength(6);
    expect(cellsOf(at('2026-03-04T19:10:00'), at('2026-03-04T19:20:00'))).toHaveLength(2);
  });
});

describe('dayAvailability', () => {
  it('lists the steps within the hours and marks those taken, those inside the notice and those left', () => {
    const c = context({ now: at('2026-03-04T08:00:00') });
    const taken = new Map([
      [at('2026-03-04T10:00:00'), 0],
      [at('2026-03-04T10:15:00'), 0],
    ]);
    const day = dayAvailability(c, '2026-03-04', taken);
    expect(day.dayKind).toBe('working-day');
    expect(day.slots.map((s) => s.start.slice(11, 16))).toEqual([
      '08:30',
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '13:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
      '17:00',
    ]);
    const bySlot = Object.fromEntries(day.slots.map((s) => [s.start.slice(11, 16), s]));
    // inside the 60-minute notice
    expect(bySlot['08:30']).toMatchObject({ remaining: 1, bookable: false });
    expect(bySlot['09:00']).toMatchObject({ remaining: 1, bookable: true });
    // the minimum booking from 09:30 would run into the taken 10:00
    expect(bySlot['09:30']).toMatchObject({ remaining: 1, bookable: true });
    expect(bySlot['10:00']).toMatchObject({ remaining: 0, bookable: false });
    expect(bySlot['17:00']).toMatchObject({ bookable: true });
  });

  it('keeps a buffer free before a taken slot', () => {
    const c = context({ now: at('2026-03-04T06:00:00'), rules: rules({ bufferMinutes: 30 }) });
    const taken = new Map([[at('2026-03-04T10:00:00'), 0]]);
    const bySlot = Object.fromEntries(
      dayAvailability(c, '2026-03-04', taken).slots.map((s) => [s.start.slice(11, 16), s]),
    );
    // 09:00-09:30 plus its 30-minute buffer ends at 10:00: still free; 09:30 would need 10:00
    expect(bySlot['09:00']?.bookable).toBe(true);
    expect(bySlot['09:30']?.bookable).toBe(false);
  });

  it('says why a holiday has no slots', () => {
    const day = dayAvailability(context({ now: at('2026-04-20T09:00:00') }), '2026-05-01', new Map());
    expect(day).toMatchObject({ dayKind: 'holiday', closedReason: 'public holiday', slots: [] });
  });

  it('leaves out the steps a closure covers and reports seats left in seats mode', () => {
    const c = context({
      now: at('2026-03-04T06:00:00'),
      rules: rules({ mode: 'seats' }),
      closures: [
        { id: 'x', from: '2026-03-04T13:30:00+08:00', to: '2026-03-04T18:00:00+08:00', reason: '会议' },
      ],
    });
    const day = dayAvailability(c, '2026-03-04', new Map([[at('2026-03-04T09:15:00'), 7]]));
    expect(day.slots.at(-1)?.start.slice(11, 16)).toBe('11:30');
    expect(day.slots.find((s) => s.start.includes('T09:00'))?.remaining).toBe(7);
    expect(day.slots.find((s) => s.start.includes('T09:30'))?.remaining).toBe(12);
  });
});
