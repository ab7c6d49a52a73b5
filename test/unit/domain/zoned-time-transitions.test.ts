import { describe, expect, it } from 'vitest';
import { canonicalTimeZone } from '../../../shared/domain/time-zone.ts';
import { instantOf } from '../../../shared/domain/zoned-time.ts';

/**
 * Local minutes to instants in a zone east of UTC on the day its clocks go forward: Berlin,
 * 2026-03-29, 02:00 CET becomes 03:00 CEST (01:00 UTC).
 */

describe('instantOf on a daylight saving day east of UTC', () => {
  it('reads the hours before the change with the winter offset', () => {
    expect(instantOf('2026-03-29', 60, 'Europe/Berlin')).toBe(Date.parse('2026-03-29T01:00:00+01:00'));
    expect(instantOf('2026-03-29', 90, 'Europe/Berlin')).toBe(Date.parse('2026-03-29T01:30:00+01:00'));
  });

  it('reads the hours after the change with the summer offset', () => {
    expect(instantOf('2026-03-29', 12 * 60, 'Europe/Berlin')).toBe(Date.parse('2026-03-29T12:00:00+02:00'));
  });

  it('reads the days either side with their own steady offset', () => {
    expect(instantOf('2026-03-28', 23 * 60, 'Europe/Berlin')).toBe(Date.parse('2026-03-28T23:00:00+01:00'));
    expect(instantOf('2026-03-30', 30, 'Europe/Berlin')).toBe(Date.parse('2026-03-30T00:30:00+02:00'));
  });
});

describe('canonicalTimeZone', () => {
  it('refuses a zone the runtime does not know, naming it', () => {
    expect(() => canonicalTimeZone('Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => canonicalTimeZone('Mars/Olympus_Mons')).toThrow(/Mars\/Olympus_Mons/);
  });
});
