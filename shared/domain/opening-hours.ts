import OpeningHours from 'opening_hours';

/**
 * OSM `opening_hours` strings. Evaluation (open now, next change) lives with the grid; this
 * module only decides whether a string is acceptable to store.
 */

/** The library needs a place to resolve `PH`/`SH` rules; the centers are all in mainland China. */
export const CHINA_NOMINATIM = { lat: 31.23, lon: 121.47, address: { country_code: 'cn', state: '上海市' } };

/** Returns the parse error of `value`, or undefined when it is valid. */
export function openingHoursError(value: string): string | undefined {
  try {
    new OpeningHours(value, CHINA_NOMINATIM, 0);
    return undefined;
  } catch (error) {
    return String(error).replace(/\s+/g, ' ').trim();
  }
}
