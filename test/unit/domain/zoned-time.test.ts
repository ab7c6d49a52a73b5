import { describe, expect, it } from 'vitest';
import { cellsAround, distanceMeters, geoCell } from '../../../shared/domain/geo.ts';
import { canonicalTimeZone, isTimeZone } from '../../../shared/domain/time-zone.ts';
import { instantOf, isoInZone, wallClock } from '../../../shared/domain/zoned-time.ts';

/** Wall-clock time in a center's zone, whatever the host's zone. */

describe('wallClock', () => {
  it('gives the local date and the minutes since local midnight, seconds as a fraction', () => {
    expect(wallClock(Date.parse('2026-03-04T01:30:30Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-03-04',
      minutes: 9 * 60 + 30 + 0.5,
    });
    expect(wallClock(Date.parse('2026-03-04T16:00:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-03-05',
      minutes: 0,
    });
  });
});

describe('instantOf', () => {
  it('turns a local date and minute into the instant, on steady days', () => {
    expect(instantOf('2026-03-04', 9 * 60, 'Asia/Shanghai')).toBe(Date.parse('2026-03-04T09:00:00+08:00'));
    expect(instantOf('2026-03-04', 0, 'America/New_York')).toBe(Date.parse('2026-03-04T00:00:00-05:00'));
  });

  it('follows the offset on the day daylight saving starts or ends', () => {
    // New York: 2026-03-08 02:00 EST becomes 03:00 EDT; 2026-11-01 02:00 EDT becomes 01:00 EST
    expect(instantOf('2026-03-08', 1 * 60, 'America/New_York')).toBe(Date.parse('2026-03-08T01:00:00-05:00'));
    expect(instantOf('2026-03-08', 12 * 60, 'America/New_York')).toBe(
      Date.parse('2026-03-08T12:00:00-04:00'),
    );
    expect(instantOf('2026-11-01', 12 * 60, 'America/New_York')).toBe(
      Date.parse('2026-11-01T12:00:00-05:00'),
    );
  });
});

describe('isoInZone', () => {
  it('writes whole seconds with the zone’s offset', () => {
    expect(isoInZone(Date.parse('2026-03-04T01:00:00.999Z'), 'Asia/Shanghai')).toBe(
      '2026-03-04T09:00:00+08:00',
    );
    expect(isoInZone(Date.parse('2026-03-04T12:00:00Z'), 'America/St_Johns')).toBe(
      '2026-03-04T08:30:00-03:30',
    );
    expect(isoInZone(Date.parse('2026-03-04T12:00:00Z'), 'Asia/Kathmandu')).toBe('2026-03-04T17:45:00+05:45');
    expect(isoInZone(Date.parse('2026-03-04T12:00:00Z'), 'UTC')).toBe('2026-03-04T12:00:00+00:00');
  });
});

describe('time zones', () => {
  it('knows IANA names and refuses anything else', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('Etc/GMT+8')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    for (const value of [
      'Mars/Olympus',
      '',
      '+08:00',
      'Asia/Shanghai ',
      ' Asia/Shanghai',
      'Asia//Shanghai',
    ]) {
      expect(isTimeZone(value), JSON.stringify(value)).toBe(false);
    }
  });

  it('stores a zone under its canonical name', () => {
    expect(canonicalTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
  });
});

describe('geo', () => {
  it('measures great-circle distances in metres', () => {
    expect(Math.round(distanceMeters({ lat: 31.4, lon: 121.4 }, { lat: 31.4009, lon: 121.4 }))).toBe(100);
    // one degree of longitude at 60° latitude is half of one at the equator
    const equator = distanceMeters({ lat: 0, lon: 0 }, { lat: 0, lon: 1 });
    const sixty = distanceMeters({ lat: 60, lon: 0 }, { lat: 60, lon: 1 });
    expect(Math.round(equator)).toBe(111_195);
    expect(sixty / equator).toBeCloseTo(0.5, 3);
    expect(distanceMeters({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 6_371_008.8, 0);
    expect(distanceMeters({ lat: 31, lon: 121 }, { lat: 31, lon: 121 })).toBe(0);
  });

  it('indexes a point in a 5-character geohash cell and its eight neighbours', () => {
    expect(geoCell({ lat: 31.405, lon: 121.489 })).toHaveLength(5);
    const cells = cellsAround({ lat: 31.405, lon: 121.489 });
    expect(cells).toHaveLength(9);
    expect(cells[0]).toBe(geoCell({ lat: 31.405, lon: 121.489 }));
    expect(new Set(cells).size).toBe(9);
  });
});
