/** Wall-clock times of the district's zone, as the date-time field shows and sends them. */

/** `+08:00` for `Asia/Shanghai` at `instantMs`. */
export function offsetAt(timeZone: string, instantMs: number): string {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(instantMs))
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return match === null ? '+00:00' : `${match[1]}:${match[2] ?? '00'}`;
}

const offsetMinutes = (offset: string): number => {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  return sign * ((hours ?? 0) * 60 + (minutes ?? 0));
};

/** `2026-02-17T10:00` in `timeZone` as ISO 8601 with its offset: `2026-02-17T10:00:00+08:00`. */
export function zonedInstant(local: string, timeZone: string): string {
  const [date, time = '00:00'] = local.split('T');
  const asUtc = Date.parse(`${date}T${time.slice(0, 5)}:00Z`);
  // the offset at the guessed instant, then at the corrected one (right on both sides of a change)
  const first = offsetAt(timeZone, asUtc);
  const offset = offsetAt(timeZone, asUtc - offsetMinutes(first) * 60_000);
  return `${date}T${time.slice(0, 5)}:00${offset}`;
}

/** The wall-clock `YYYY-MM-DDTHH:mm` of an instant in `timeZone`. */
export function localOf(instant: string | number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
