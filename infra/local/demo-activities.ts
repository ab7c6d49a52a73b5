import { type Activity, CreateActivitySchema, occurrencesOf } from '../../shared/domain/activities.ts';
import { expandSeries } from '../../shared/domain/activity-series.ts';
import { BookingRulesSchema } from '../../shared/domain/booking-rules.ts';
import { addDays, weekdayOf } from '../../shared/domain/calendar.ts';
import type { Center } from '../../shared/domain/center.ts';
import { instantOf, isoInZone, wallClock } from '../../shared/domain/zoned-time.ts';
import { putActivity } from '../../shared/store/activities.ts';
import { calendarLookupAround } from '../../shared/store/calendars.ts';
import { allClosuresOf } from '../../shared/store/opening-context.ts';

/** How each demo room kind is booked (rooms of other kinds keep the defaults). */
export const DEMO_BOOKING_RULES = {
  'education-training-hall': BookingRulesSchema.parse({ mode: 'seats', minMinutes: 60, maxMinutes: 180 }),
  'reading-room': BookingRulesSchema.parse({ mode: 'seats', maxMinutes: 240, noticeToBookMinutes: 0 }),
  'meeting-room': BookingRulesSchema.parse({ bufferMinutes: 15, approval: true }),
} as const;

/**
 * Recurring Party classes and activities of the demo network, from the next matching weekday on:
 * Baoshan's red-line Party class (the popular one: 500 seats over 4 shards), a street's theory
 * lecture, and a community volunteer service.
 */
const DEMO_ACTIVITIES = [
  {
    centerId: 'c-baoshan',
    weekday: 2,
    at: '19:00',
    minutes: 90,
    body: {
      title: '宝山红色党课 Red-line Party class',
      kind: 'party-class',
      place: '宝山区党群服务中心 教育培训厅',
      seats: 500,
      seatShards: 4,
      recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10',
      signUpOpensDaysBefore: 21,
    },
  },
  {
    centerId: 'c-youyi',
    weekday: 4,
    at: '14:00',
    minutes: 120,
    body: {
      title: '理论宣讲 Theory lecture',
      kind: 'lecture',
      seats: 40,
      recurrence: 'FREQ=WEEKLY;BYDAY=TH;COUNT=6',
      partyMembersOnly: true,
    },
  },
  {
    centerId: 'c-youyi',
    weekday: 6,
    at: '09:00',
    minutes: 180,
    body: {
      title: '志愿服务 Volunteer service day',
      kind: 'volunteer-service',
      place: '友谊路街道各小区',
      seats: 30,
      recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;COUNT=6',
    },
  },
] as const;

export async function seedDemoActivities(centers: ReadonlyMap<string, Center>, now: number): Promise<number> {
  let count = 0;
  for (const demo of DEMO_ACTIVITIES) {
    const center = centers.get(demo.centerId);
    if (!center) continue;
    const today = wallClock(now, center.timeZone).date;
    const date = addDays(today, (demo.weekday - weekdayOf(today) + 7) % 7 || 7);
    const [h, m] = demo.at.split(':').map(Number);
    const start = instantOf(date, h! * 60 + m!, center.timeZone);
    const body = CreateActivitySchema.parse({
      ...demo.body,
      start: isoInZone(start, center.timeZone),
      end: isoInZone(start + demo.minutes * 60_000, center.timeZone),
    });
    const [calendar, closures] = await Promise.all([calendarLookupAround(start), allClosuresOf(center.id)]);
    const { starts, skipped } = expandSeries(body, { timeZone: center.timeZone, calendar, closures, now });
    const activity: Activity = {
      ...body,
      id: `a-demo-${count + 1}`,
      centerId: center.id,
      occurrences: starts.length,
      skipped: [...skipped],
      createdAt: new Date(now).toISOString(),
      version: 1,
    };
    await putActivity(activity, occurrencesOf(activity, starts, center.timeZone));
    count++;
  }
  return count;
}
