import { describe, expect, it } from 'vitest';
import { openingHoursError } from '../../../shared/domain/opening-hours.ts';

/**
 * The parse error of an opening_hours string is what a writer reads in the field problem: one
 * line, single spaces, nothing dangling at either end.
 */

describe('the opening_hours parse error', () => {
  it('is undefined for a valid string', () => {
    expect(openingHoursError('Mo-Fr 08:30-12:00,13:30-17:30')).toBeUndefined();
  });

  it('folds runs of whitespace to one space and keeps the words apart', () => {
    const error = openingHoursError('Mo-Fr  09:00-') ?? '';
    expect(error).toContain('Time range does not continue as expected');
    expect(error).toContain('Mo-Fr 09:00-');
    expect(error).not.toMatch(/\s\s/);
  });

  it('has no whitespace left at its ends', () => {
    const error = openingHoursError('"abc') ?? '';
    expect(error).toContain('Unexpected token');
    expect(error).toBe(error.trim());
  });
});
