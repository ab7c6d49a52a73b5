import { describe, expect, it } from 'vitest';
import { ClosureSchema, CreateClosureSchema } from '../../../shared/domain/closures.ts';
import { newId } from '../../../shared/domain/ids.ts';
import {
  CreateRoomSchema,
  CreateWindowSchema,
  RoomSchema,
  UpdateRoomSchema,
  WindowSchema,
} from '../../../shared/domain/rooms.ts';
import { ancestorIdAtLevel, route } from '../../../shared/domain/routing.ts';
import { Id } from '../../../shared/domain/schema-kit.ts';
import { isOpenStatus, OPENING_STATUSES } from '../../../shared/domain/vocabulary.ts';

/** Rooms, windows, closures, ids and routing in a tree whose root is a district. */

describe('CreateClosureSchema', () => {
  const closure = (from: string, to: string) =>
    CreateClosureSchema.safeParse({ from, to, reason: 'repairs' });
  const issue = (from: string, to: string) => closure(from, to).error?.issues[0];

  it('takes a closure that ends after it starts, up to a year long', () => {
    expect(closure('2026-03-01T00:00:00+08:00', '2026-03-01T00:00:01+08:00').success).toBe(true);
    expect(closure('2026-03-01T00:00:00Z', '2027-03-02T00:00:00Z').success).toBe(true); // 366 days
  });

  it('refuses one that ends when or before it starts, naming to', () => {
    expect(issue('2026-03-01T10:00:00+08:00', '2026-03-01T10:00:00+08:00')).toMatchObject({
      path: ['to'],
      message: 'must be after from',
    });
    expect(issue('2026-03-01T10:00:00+08:00', '2026-03-01T09:00:00+08:00')).toMatchObject({ path: ['to'] });
  });

  it('refuses a closure longer than a year', () => {
    expect(issue('2026-03-01T00:00:00Z', '2027-03-02T00:00:01Z')).toMatchObject({
      path: ['to'],
      message: 'a temporary closure lasts at most a year',
    });
  });

  it('describes a stored closure with every member', () => {
    const stored = {
      id: 'cl-1x2',
      centerId: 'c-youyi',
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-02T00:00:00Z',
      reason: 'repairs',
      createdAt: '2026-02-01T00:00:00Z',
    };
    expect(ClosureSchema.parse(stored)).toEqual(stored);
  });
});

describe('rooms and windows', () => {
  const room = { name: 'Reading room', kind: 'reading-room', capacity: 30 };

  it('makes a new room bookable unless said otherwise', () => {
    expect(CreateRoomSchema.parse(room)).toEqual({ ...room, bookable: true });
    expect(CreateRoomSchema.parse({ ...room, bookable: false }).bookable).toBe(false);
  });

  it('holds 1 to 10,000 people', () => {
    expect(CreateRoomSchema.safeParse({ ...room, capacity: 1 }).success).toBe(true);
    expect(CreateRoomSchema.safeParse({ ...room, capacity: 10_000 }).success).toBe(true);
    expect(CreateRoomSchema.safeParse({ ...room, capacity: 0 }).success).toBe(false);
    expect(CreateRoomSchema.safeParse({ ...room, capacity: 10_001 }).success).toBe(false);
  });

  it('refuses an empty patch, and lets a patch drop the room’s own hours', () => {
    expect(UpdateRoomSchema.safeParse({}).error?.issues[0]?.message).toBe(
      'the patch must change at least one field',
    );
    expect(UpdateRoomSchema.parse({ openingHours: null })).toEqual({ openingHours: null });
  });

  it('describes stored rooms and windows with every member', () => {
    const stored = {
      id: 'r-abc',
      centerId: 'c-youyi',
      ...room,
      bookable: true,
      openingHours: 'Mo-Fr 09:00-17:00',
      version: 2,
      createdAt: '2026-02-01T00:00:00Z',
      updatedAt: '2026-02-02T00:00:00Z',
    };
    expect(RoomSchema.parse(stored)).toEqual(stored);
    const window = {
      id: 'w-abc',
      centerId: 'c-youyi',
      name: 'Window 1',
      kind: 'help-and-agency',
      openingHours: 'Mo-Fr 09:00-17:00',
      createdAt: '2026-02-01T00:00:00Z',
    };
    expect(WindowSchema.parse(window)).toEqual(window);
    expect(CreateWindowSchema.parse({ name: 'Window 1', kind: 'party-member-services' })).toEqual({
      name: 'Window 1',
      kind: 'party-member-services',
    });
  });
});

describe('newId', () => {
  it('is a valid public id that sorts by creation time', () => {
    const early = newId('so', Date.parse('2026-03-04T10:00:00Z'));
    const late = newId('so', Date.parse('2026-03-04T10:00:00.001Z'));
    expect(Id.safeParse(early).success).toBe(true);
    expect(early).toMatch(/^so-[0-9a-z]{19}$/);
    expect(early < late).toBe(true);
    expect(early.slice(0, 12)).not.toBe(late.slice(0, 12));
  });

  it('spells the time in Crockford-style base 32, most significant first', () => {
    expect(newId('x', 0).slice(2, 11)).toBe('000000000');
    expect(newId('x', 33).slice(2, 11)).toBe('000000011');
    expect(newId('x', 31).slice(2, 11)).toBe('00000000z');
  });

  it('differs between two ids of the same millisecond', () => {
    expect(newId('x', 5)).not.toBe(newId('x', 5));
  });
});

describe('opening statuses', () => {
  it('counts open and closing soon as open, nothing else', () => {
    expect(OPENING_STATUSES.filter(isOpenStatus)).toEqual(['open', 'closing-soon']);
  });
});

describe('routing in a tree whose root is a district', () => {
  const community = { id: 'c-a', path: '/c-pd/c-s9/c-a/', level: 'community' as const, depth: 2 };

  it('reads the ancestors at each level off the path', () => {
    expect(ancestorIdAtLevel(community, 'community')).toBe('c-a');
    expect(ancestorIdAtLevel(community, 'street')).toBe('c-s9');
    expect(ancestorIdAtLevel(community, 'district')).toBe('c-pd');
    expect(ancestorIdAtLevel(community, 'city')).toBeUndefined();
  });

  it('sends a district service to the root and leaves a city service unroutable with the reason', () => {
    expect(route(community, 'district', undefined, [])).toEqual({ kind: 'ancestor', centerId: 'c-pd' });
    expect(route(community, 'city', undefined, [])).toEqual({
      kind: 'unroutable',
      reason: 'center c-a has no city ancestor',
    });
  });

  it('takes a center exactly at the edge of its radius, and says none covers beyond it', () => {
    const street = { id: 'c-s9', path: '/c-pd/c-s9/', level: 'street' as const, depth: 1 };
    const edge = {
      id: 'c-edge',
      path: '/c-pd/c-s9/c-edge/',
      level: 'community' as const,
      location: { lat: 31.4, lon: 121.4 },
      serviceRadiusMeters: 100,
      status: 'active' as const,
    };
    // 0.0009 degrees of latitude is 100.08 m: just outside; 0.00089 is 98.97 m: inside
    expect(route(street, 'community', { lat: 31.40089, lon: 121.4 }, [edge])).toEqual({
      kind: 'covering',
      centerId: 'c-edge',
      distanceMeters: 99,
    });
    expect(route(street, 'community', { lat: 31.4009, lon: 121.4 }, [edge])).toEqual({
      kind: 'unroutable',
      reason: 'no community center under c-s9 covers the location',
    });
    expect(
      route(street, 'community', { lat: 31.4, lon: 121.4 }, [{ ...edge, serviceRadiusMeters: 0 }]),
    ).toEqual({
      kind: 'covering',
      centerId: 'c-edge',
      distanceMeters: 0,
    });
  });
});
