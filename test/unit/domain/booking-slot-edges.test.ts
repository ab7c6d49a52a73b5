import { describe, expect, it } from 'vitest';
import {
  type BookingRules,
  BookingRulesSchema,
  checkRoomSlot,
  dayAvailability,
  type RoomContext,
  slotProblems,
} from '../../../shared/domain/booking-rules.ts';
import { packagedCalendar } from '../../../shared/domain/calendar.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { compileOpeningHours } from '../../../shared/domain/opening-hours.ts';

/** The edges of a room slot (docs/bookings.md, rooms and their rules): each limit at and just past it. */

const at = (local: string) => Date.parse(`${local}+08:00`);
const OFFICE = 'Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00';
const hours = {
  openingHours: OFFICE,
  timeZone: 'Asia/Shanghai',
  compiledHours: compileOpeningHours(OFFICE, at('2026-01-10T12:00:00')),
};
const rules = (patch: Record<string, unknown> = {}): BookingRules => BookingRulesSchema.parse(patch);
const NOW = at('2026-03-02T09:00:00');
const context = (patch: Partial<RoomContext> = {}): RoomContext => ({
  rules: rules(),
  capacity: 12,
  hours,
  calendar: packagedCalendar,
  closures: [],
  now: NOW,
  ...patch,
});
const messages = (c: RoomContext, start: number, end: number, partySize = 1) =>
  slotProblems(c, { start, end, partySize }).map((p) => `${p.field}: ${p.message}`);

describe('slotProblems at its limits', () => {
  it('takes a slot exactly the notice away, and refuses one starting now as past', () => {
    const c = context({ now: at('2026-03-04T08:00:00') });
    expect(messages(c, at('2026-03-04T09:00:00'), at('2026-03-04T10:00:00'))).toEqual([]);
    expect(
      messages(
        context({ now: at('2026-03-04T09:00:00') }),
        at('2026-03-04T09:00:00'),
        at('2026-03-04T10:00:00'),
      ),
    ).toContain('start: is in the past');
  });

  it('takes a slot exactly the horizon away, not one step further', () => {
    const c = context({ now: at('2026-03-03T09:00:00') });
    // 30 days after Tuesday 3 March 09:00 is Thursday 2 April 09:00
    expect(messages(c, at('2026-04-02T09:00:00'), at('2026-04-02T10:00:00'))).toEqual([]);
    expect(messages(c, at('2026-04-02T09:30:00'), at('2026-04-02T10:30:00'))).toContain(
      'start: is more than 30 days ahead',
    );
  });

  it('takes the longest booking and the whole room’s capacity, not more', () => {
    expect(messages(context(), at('2026-03-04T13:30:00'), at('2026-03-04T15:30:00'), 12)).toEqual([]);
    expect(messages(context(), at('2026-03-04T13:30:00'), at('2026-03-04T15:30:00'), 13)).toEqual([
      'partySize: the room holds 12 people',
    ]);
  });

  it('takes a slot filling an opening interval exactly, from its opening to its closing minute', () => {
    expect(
      messages(
        context({ rules: rules({ maxMinutes: 240 }) }),
        at('2026-03-04T13:30:00'),
        at('2026-03-04T17:30:00'),
      ),
    ).toEqual([]);
  });

  it('refuses an end at or before the start, saying only that', () => {
    expect(messages(context(), at('2026-03-04T10:00:00'), at('2026-03-04T10:00:00'))).toEqual([
      'end: must be after start',
    ]);
    expect(messages(context(), at('2026-03-04T10:00:00'), at('2026-03-04T09:00:00'))).toEqual([
      'end: must be after start',
    ]);
  });

  it('refuses a slot that runs past midnight, saying only that for the end', () => {
    const late = context({
      rules: rules({ maxMinutes: 720 }),
      hours: { ...hours, openingHours: '24/7', compiledHours: compileOpeningHours('24/7', NOW) },
    });
    expect(messages(late, at('2026-03-04T23:00:00'), at('2026-03-05T01:00:00'))).toEqual([
      'end: must be on the same local day as start',
    ]);
    expect(messages(late, at('2026-03-04T22:00:00'), at('2026-03-05T00:00:00'))).toEqual([]);
  });

  it('lets a closure that ends at the start or starts at the end be', () => {
    const closures = [
      { id: 'a', from: '2026-03-04T08:00:00+08:00', to: '2026-03-04T09:00:00+08:00', reason: 'painting' },
      { id: 'b', from: '2026-03-04T10:00:00+08:00', to: '2026-03-04T11:00:00+08:00', reason: 'cleaning' },
    ];
    expect(messages(context({ closures }), at('2026-03-04T09:00:00'), at('2026-03-04T10:00:00'))).toEqual([]);
  });

  it('says which calendar year is missing, and that an unknown day’s hours are not known', () => {
    const noCalendar = context({ calendar: () => undefined, now: at('2026-03-02T09:00:00') });
    expect(messages(noCalendar, at('2026-03-04T09:00:00'), at('2026-03-04T10:00:00'))).toEqual([
      'start: no working-day calendar for 2026 is loaded yet',
    ]);
  });
});

describe('checkRoomSlot', () => {
  it('joins every problem into one message, field by field', () => {
    try {
      checkRoomSlot(
        context(),
        { start: at('2026-03-02T08:30:00'), end: at('2026-03-02T09:00:00'), partySize: 20 },
        {
          partyMember: true,
        },
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toBe('start: is in the past; partySize: the room holds 12 people');
    }
  });

  it('takes the buffer’s cells after a whole-room booking: 30 minutes are two more cells', () => {
    const checked = checkRoomSlot(
      context({ rules: rules({ bufferMinutes: 30 }) }),
      { start: at('2026-03-04T09:00:00'), end: at('2026-03-04T10:00:00'), partySize: 1 },
      { partyMember: false },
    );
    expect(checked.cells).toHaveLength(6);
    expect(checked.cells.at(-1)).toBe(at('2026-03-04T10:15:00'));
  });
});

describe('dayAvailability', () => {
  it('says why a day without known hours has no slots', () => {
    const day = dayAvailability(context({ calendar: () => undefined }), '2026-03-04', new Map());
    expect(day).toEqual({ date: '2026-03-04', closedReason: 'calendar-missing', slots: [] });
  });

  it('names the holiday of a day the room is open on holidays', () => {
    const phHours = 'Mo-Su 09:00-17:00; PH 10:00-12:00';
    const c = context({
      rules: rules({ onHolidays: true }),
      hours: { ...hours, openingHours: phHours, compiledHours: compileOpeningHours(phHours, NOW) },
      now: at('2026-04-25T09:00:00'),
    });
    const day = dayAvailability(c, '2026-05-01', new Map());
    expect(day.dayKind).toBe('holiday');
    expect(day.dayName).toMatch(/Labour Day|劳动节/);
    expect(day.slots.map((s) => s.start)).toEqual([
      '2026-05-01T10:00:00+08:00',
      '2026-05-01T10:30:00+08:00',
      '2026-05-01T11:00:00+08:00',
      '2026-05-01T11:30:00+08:00',
    ]);
    expect(day.slots[0]?.end).toBe('2026-05-01T10:30:00+08:00');
  });

  it('starts the steps on the step after an opening off it, and lets a slot the horizon away be booked', () => {
    const offStep = 'Mo-Fr 08:45-11:00';
    const c = context({
      hours: { ...hours, openingHours: offStep, compiledHours: compileOpeningHours(offStep, NOW) },
      // 30 days before Tuesday 3 March 09:00
      now: at('2026-02-01T09:00:00'),
    });
    const day = dayAvailability(c, '2026-03-03', new Map());
    expect(day.slots.map((s) => [s.start.slice(11, 16), s.bookable])).toEqual([
      ['09:00', true],
      ['09:30', false],
      ['10:00', false],
      ['10:30', false],
    ]);
  });

  it('leaves a step a closure only touches, and marks a step unbookable when its minimum runs into a closure or past closing', () => {
    const closures = [
      { id: 'x', from: '2026-03-04T10:30:00+08:00', to: '2026-03-04T11:00:00+08:00', reason: 'meeting' },
    ];
    const c = context({ closures, rules: rules({ minMinutes: 60 }) });
    const day = dayAvailability(c, '2026-03-04', new Map());
    const slots = Object.fromEntries(day.slots.map((s) => [s.start.slice(11, 16), s.bookable]));
    expect(slots).toMatchObject({ '09:30': true, '10:00': false, '11:00': true, '11:30': false });
    expect(slots['10:30']).toBeUndefined();
  });
});
