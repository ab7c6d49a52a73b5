/** Default time zone of a center: all centers of the network are in mainland China. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** True when `value` is an IANA time zone this runtime knows (e.g. `Asia/Shanghai`). */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * The canonical IANA name of a zone this runtime knows, whatever the case or alias it was given
 * in (`asia/shanghai` and `Asia/Chongqing` are `Asia/Shanghai`), so centers of one zone compare equal.
 */
export function canonicalTimeZone(value: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
}
