import { describe, expect, it } from 'vitest';
import {
  CalendarParams,
  CenterParams,
  ClosureParams,
  parseIfMatch,
  RoomParams,
  SubtreeQuery,
} from '../../../shared/domain/params.ts';

describe('parseIfMatch', () => {
  it('reads the version of a strong, weak or bare ETag, white space around it allowed', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('3')).toBe(3);
    expect(parseIfMatch(' "3" ')).toBe(3);
  });

  it('is undefined without the header', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it('is NaN for anything else, so the caller can answer 400', () => {
    for (const header of ['x"3"', '"3"x', '"3" x', '*', '', '"-1"', '"3", "4"']) {
      expect(parseIfMatch(header), header).toBeNaN();
    }
  });
});

describe('path parameters', () => {
  it('take a center id, and nothing else', () => {
    expect(CenterParams.parse({ id: 'c-youyi' })).toEqual({ id: 'c-youyi' });
    expect(CenterParams.safeParse({ id: 'C YOUYI' }).success).toBe(false);
    expect(CenterParams.safeParse({ id: 'c-youyi', roomId: 'r-abc' }).success).toBe(false);
  });

  it('take a room or closure under its center', () => {
    expect(RoomParams.parse({ id: 'c-youyi', roomId: 'r-abc' })).toEqual({ id: 'c-youyi', roomId: 'r-abc' });
    expect(ClosureParams.parse({ id: 'c-youyi', closureId: 'cl-abc' })).toEqual({
      id: 'c-youyi',
      closureId: 'cl-abc',
    });
    expect(RoomParams.safeParse({ id: 'c-youyi', roomId: 'R' }).success).toBe(false);
  });

  it('take calendar years from 2000 to 2100', () => {
    expect(CalendarParams.parse({ year: '2027' })).toEqual({ year: 2027 });
    expect(CalendarParams.safeParse({ year: '2000' }).success).toBe(true);
    expect(CalendarParams.safeParse({ year: '2100' }).success).toBe(true);
    expect(CalendarParams.safeParse({ year: '1999' }).success).toBe(false);
    expect(CalendarParams.safeParse({ year: '2101' }).success).toBe(false);
  });
});

describe('the subtree query', () => {
  it('answers a page of JSON unless CSV is asked for', () => {
    expect(SubtreeQuery.parse({}).format).toBe('json');
    expect(SubtreeQuery.parse({ format: 'json' }).format).toBe('json');
    expect(SubtreeQuery.parse({ format: 'csv' }).format).toBe('csv');
  });

  it('refuses any other format', () => {
    for (const format of ['xml', '', 'CSV']) {
      expect(SubtreeQuery.safeParse({ format }).success, format).toBe(false);
    }
  });
});
