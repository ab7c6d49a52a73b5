import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { parseIfMatch } from '../../../shared/domain/params.ts';
import { decodeCursor, encodeCursor } from '../../../shared/store/pagination.ts';

describe('cursor', () => {
  const key = { pk: 'CENTER#c-1', sk: 'ROOM#r-1' };

  it('round-trips a LastEvaluatedKey and ends with null', () => {
    const cursor = encodeCursor(key, 'main|CENTER#c-1|ROOM#');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor!, 'main|CENTER#c-1|ROOM#')).toEqual(key);
    expect(encodeCursor(undefined, 'x')).toBeNull();
  });

  it('refuses garbage and cursors of another list with a 400 on the cursor field', () => {
    expect(() => decodeCursor('%%%', 'x')).toThrow(ValidationError);
    const other = encodeCursor({ pk: 'CENTER#c-1', sk: 'META' }, 'gsi2|TREE|')!;
    try {
      decodeCursor(other, 'main|CENTER#c-1|ROOM#');
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).errors[0]?.field).toBe('cursor');
    }
  });
});

describe('parseIfMatch', () => {
  it('reads strong and weak ETags and flags malformed ones', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('"abc"')).toBeNaN();
  });
});
