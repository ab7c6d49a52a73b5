/** Default time zone of a center: all centers of the network are in mainland China. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** True when `value` is an IANA time zone this runtime knows (e.g. `Asia/Shanghai`). */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  return canonicalOf(value) !== undefined;
}

/** Zones already looked up: an import names the same zone thousands of times, and Intl is slow to build. */
const canonical = new Map<string, string | undefined>();

function canonicalOf(value: string): string | undefined {
  if (canonical.has(value)) return canonical.get(value);
  let found: string | undefined;
  try {
    found = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    found = undefined;
  }
  if (canonical.size >= 1000) canonical.clear();
  canonical.set(value, found);
  return found;
}

/**
 * The canonical IANA name of a zone this runtime knows, whatever the case or alias it was given
 * in (`asia/shanghai` and `Asia/Chongqing` are `Asia/Shanghai`), so centers of one zone compare equal.
 */
export function canonicalTimeZone(value: string): string {
  const found = canonicalOf(value);
  if (found === undefined) throw new RangeError(`Invalid time zone specified: ${value}`);
  return found;
}
