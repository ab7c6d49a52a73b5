/**
 * Wall-clock time in an IANA zone, computed with Intl so that nothing depends on the host's own
 * time zone (the tests run under TZ=UTC and TZ=Asia/Shanghai and must agree).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface WallClock {
  /** YYYY-MM-DD */
  readonly date: string;
  /** Minutes since local midnight, fractional for seconds. */
  readonly minutes: number;
}

export function wallClock(instant: number, timeZone: string): WallClock {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60,
  };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const { date, minutes } = wallClock(instant, timeZone);
  const asUtc = Date.parse(`${date}T00:00:00Z`) + Math.round(minutes * 60) * 1000;
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Per zone and local date: its UTC offset when the whole day has one (no transition that day). */
const dayOffsets = new Map<string, number | null>();

function steadyOffset(date: string, timeZone: string): number | null {
  const key = `${timeZone}|${date}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const midnight = Date.parse(`${date}T00:00:00Z`);
    const start = offsetAt(midnight - offsetAt(midnight, timeZone), timeZone);
    const end = offsetAt(midnight + 86_400_000 - start, timeZone);
    offset = start === end ? start : null;
    if (dayOffsets.size > 50_000) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset;
}

/** The instant at `minutes` past local midnight of `date` in `timeZone`. */
export function instantOf(date: string, minutes: number, timeZone: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const steady = steadyOffset(date, timeZone);
  if (steady !== null) return guess - steady;
  // a day with a transition (daylight saving): ask the zone at the exact time
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

/** ISO 8601 with the zone's offset, e.g. 2026-02-16T09:00:00+08:00 (whole seconds). */
export function isoInZone(instant: number, timeZone: string): string {
  const whole = Math.floor(instant / 1000) * 1000;
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(whole))
      .map((x) => [x.type, x.value]),
  );
  const offset = Math.round(offsetAt(whole, timeZone) / 60_000);
  const abs = Math.abs(offset);
  const zone = `${offset >= 0 ? '+' : '-'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${zone}`;
}
