import { describe, expect, it } from 'vitest';
import { PROBLEM_BASE } from '../../../shared/domain/errors.ts';
import { problemResponse } from '../../../shared/runtime/problem.ts';
import { accepted, created, noContent, ok, requireIfMatch } from '../../../shared/runtime/responses.ts';

/** The answers handlers build, and the If-Match rule of every conditional update (docs/api.md). */

describe('answers', () => {
  it('sends 200 with a body, and an ETag only when there is a version', () => {
    expect(ok({ a: 1 })).toEqual({ status: 200, body: { a: 1 } });
    expect(ok({ a: 1 }, 3)).toEqual({ status: 200, body: { a: 1 }, etag: 3 });
    // absent, not undefined: the idempotency store refuses undefined attributes
    expect('etag' in ok({})).toBe(false);
  });

  it('sends 201 with the new resource, its Location and its version', () => {
    expect(created({ id: 'c-1' }, '/centers/c-1', 1)).toEqual({
      status: 201,
      body: { id: 'c-1' },
      etag: 1,
      headers: { location: '/centers/c-1' },
    });
    expect('etag' in created({}, '/x')).toBe(false);
  });

  it('sends 202 with where to follow the work, and 204 with nothing', () => {
    expect(accepted({ id: 'imp-1' }, '/centers/import/imp-1')).toEqual({
      status: 202,
      body: { id: 'imp-1' },
      headers: { location: '/centers/import/imp-1' },
    });
    expect(noContent()).toEqual({ status: 204 });
  });
});

describe('requireIfMatch', () => {
  const problemOf = (headers: Record<string, string | undefined>, version: number) => {
    try {
      requireIfMatch(headers, version);
      return undefined;
    } catch (error) {
      return JSON.parse(String(problemResponse(error, '/centers/c-1', 'r-1').body)) as Record<
        string,
        unknown
      >;
    }
  };

  it('takes the version the caller last read when it is the current one', () => {
    expect(requireIfMatch({ 'if-match': '"4"' }, 4)).toBe(4);
  });

  it('answers 428 without If-Match, saying what to send', () => {
    expect(problemOf({}, 4)).toMatchObject({
      status: 428,
      type: `${PROBLEM_BASE}precondition-required`,
      detail: 'send If-Match with the ETag you last read',
    });
  });

  it('answers 400 naming the header for a value this API never issued', () => {
    expect(problemOf({ 'if-match': 'W/"abc"' }, 4)).toMatchObject({
      status: 400,
      errors: [{ field: 'If-Match', in: 'header', message: 'is not an ETag of this API' }],
    });
  });

  it('answers 412 with the current version when the resource moved on', () => {
    expect(problemOf({ 'if-match': '"3"' }, 4)).toMatchObject({
      status: 412,
      currentVersion: 4,
      detail: 'the resource is at version 4, not 3',
    });
  });
});
