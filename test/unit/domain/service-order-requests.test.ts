import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ImportChunkMessage } from '../../../shared/domain/import-message.ts';
import { PageQuery, page, Text, Version } from '../../../shared/domain/schema-kit.ts';
import { HandlingLevelSchema, ResidentLocationSchema } from '../../../shared/domain/service-levels.ts';
import {
  AcceptOrderSchema,
  CancelOrderSchema,
  CenterOrdersQuery,
  CloseFollowUpSchema,
  CompleteOrderSchema,
  CreateServiceOrderSchema,
  ListServicesQuery,
  MyOrdersQuery,
  OrderMessage,
  publicOrder,
  RateOrderSchema,
  RejectOrderSchema,
  ServiceOrderParams,
  ServiceParams,
  type StoredOrder,
  TransferOrderSchema,
} from '../../../shared/domain/service-order-requests.ts';

/** What callers send to the catalog and order routes (docs/service-orders.md, docs/api.md). */

describe('order requests', () => {
  it('places an order with no attributes as an empty set of them', () => {
    expect(CreateServiceOrderSchema.parse({ serviceCode: 'red-agency', centerId: 'c-youyi' })).toEqual({
      serviceCode: 'red-agency',
      centerId: 'c-youyi',
      attributes: {},
    });
  });

  it('records a volunteer as a Party member unless said otherwise', () => {
    expect(AcceptOrderSchema.parse({ volunteer: { name: '张党员' } })).toEqual({
      volunteer: { name: '张党员', partyMember: true },
    });
    expect(
      AcceptOrderSchema.parse({ volunteer: { name: '李', partyMember: false } }).volunteer?.partyMember,
    ).toBe(false);
  });

  it('trims where to go instead and refuses an empty one', () => {
    expect(RejectOrderSchema.parse({ reason: 'not ours', goTo: '  the street center ' }).goTo).toBe(
      'the street center',
    );
    expect(RejectOrderSchema.safeParse({ reason: 'not ours', goTo: '   ' }).success).toBe(false);
    expect(RejectOrderSchema.safeParse({ reason: 'not ours', goTo: 'x'.repeat(301) }).success).toBe(false);
  });

  it('cancels with or without a reason', () => {
    expect(CancelOrderSchema.parse({})).toEqual({});
    expect(CancelOrderSchema.parse({ reason: 'solved' })).toEqual({ reason: 'solved' });
  });

  it('reads the overdue and includeInactive flags as booleans, and followUp=open only', () => {
    expect(CenterOrdersQuery.parse({ overdue: 'true', followUp: 'open' })).toMatchObject({
      overdue: true,
      followUp: 'open',
    });
    expect(CenterOrdersQuery.parse({ overdue: 'false' }).overdue).toBe(false);
    expect(CenterOrdersQuery.safeParse({ followUp: 'closed' }).success).toBe(false);
    expect(ListServicesQuery.parse({ includeInactive: 'true' }).includeInactive).toBe(true);
    expect(ListServicesQuery.parse({ includeInactive: 'false' }).includeInactive).toBe(false);
  });

  it('carries only the order id to the level queue, and an import chunk by its number', () => {
    expect(OrderMessage.parse({ orderId: 'so-abc', extra: 1 })).toEqual({ orderId: 'so-abc' });
    expect(ImportChunkMessage.parse({ importId: 'imp-1', chunk: 0 })).toEqual({
      importId: 'imp-1',
      chunk: 0,
    });
    expect(ImportChunkMessage.safeParse({ importId: '', chunk: 0 }).success).toBe(false);
    expect(ImportChunkMessage.safeParse({ importId: 'x'.repeat(65), chunk: 0 }).success).toBe(false);
    expect(ImportChunkMessage.safeParse({ importId: 'imp-1', chunk: -1 }).success).toBe(false);
  });
});

describe('publicOrder', () => {
  const stored = {
    id: 'so-1',
    status: 'rated',
    atPath: '/c-sh/',
    intakePath: '/c-sh/',
    intakeLevel: 'city',
    timeZone: 'Asia/Shanghai',
    escalateAt: '2026-03-09T15:59:59.000Z',
    followUp: {
      status: 'open',
      dueAt: '2026-03-20T23:59:59+08:00',
      centerId: 'c-sh',
      openedAt: '2026-03-01T10:00:00+08:00',
    },
  } as unknown as StoredOrder;

  it('hides every internal member', () => {
    const shown = publicOrder(stored, Date.parse('2026-03-10T00:00:00Z'));
    for (const member of ['atPath', 'intakePath', 'intakeLevel', 'timeZone', 'escalateAt']) {
      expect(shown).not.toHaveProperty(member);
    }
    expect(stored).toHaveProperty('atPath');
  });

  it('shows an open follow-up overdue from the instant after its limit, never with no limit', () => {
    const due = Date.parse('2026-03-20T23:59:59+08:00');
    expect(publicOrder(stored, due).followUp?.overdue).toBe(false);
    expect(publicOrder(stored, due + 1).followUp?.overdue).toBe(true);
    const noLimit = { ...stored, followUp: { ...stored.followUp, dueAt: null } } as StoredOrder;
    expect(publicOrder(noLimit, Date.parse('2100-01-01T00:00:00Z')).followUp?.overdue).toBe(false);
  });

  it('adds nothing to an order without a follow-up', () => {
    const { followUp: _, ...plain } = stored;
    expect(publicOrder(plain as StoredOrder)).toEqual({ id: 'so-1', status: 'rated' });
  });
});

describe('shared schema pieces', () => {
  it('pages 1 to 100 items, 25 by default, with a cursor of at most 2048 characters', () => {
    expect(PageQuery.parse({})).toEqual({ limit: 25 });
    expect(PageQuery.parse({ limit: '1' }).limit).toBe(1);
    expect(PageQuery.parse({ limit: '100' }).limit).toBe(100);
    expect(PageQuery.safeParse({ limit: '0' }).success).toBe(false);
    expect(PageQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(PageQuery.safeParse({ cursor: 'x'.repeat(2049) }).success).toBe(false);
  });

  it('describes a page as its items and the next cursor, null at the end', () => {
    const Page = page(z.number(), 'NumbersPage');
    expect(Page.parse({ items: [1, 2], nextCursor: null })).toEqual({ items: [1, 2], nextCursor: null });
    expect(Page.safeParse({ items: [1] }).success).toBe(false);
  });

  it('starts versions at 1', () => {
    expect(Version.safeParse(1).success).toBe(true);
    expect(Version.safeParse(0).success).toBe(false);
  });

  it('says what is wrong with a text', () => {
    const message = (value: string) => Text(10).safeParse(value).error?.issues[0]?.message;
    expect(message('  ')).toBe('must not be empty or only white space');
    expect(message('a\u0007b')).toBe('must not contain control characters');
    expect(message('a\u202eb')).toBe('must not contain bidirectional control characters');
    expect(message('a\ud800b')).toBe('must be well-formed Unicode (no lone surrogates)');
    expect(Text(10).safeParse('x'.repeat(11)).success).toBe(false);
    expect(Text(10).safeParse('a\tb').success).toBe(false);
    expect(Text(10, { multiline: true }).safeParse('a\rb').success).toBe(true);
    expect(Text(10, { multiline: true }).safeParse('a\u007fb').success).toBe(false);
  });

  it('takes the four levels and coordinates on the globe for an order', () => {
    expect(HandlingLevelSchema.options).toEqual(['city', 'district', 'street', 'community']);
    expect(ResidentLocationSchema.safeParse({ lat: -90, lon: 180 }).success).toBe(true);
    for (const location of [
      { lat: 90.1, lon: 0 },
      { lat: -90.1, lon: 0 },
      { lat: 0, lon: 180.1 },
      { lat: 0, lon: -180.1 },
    ]) {
      expect(ResidentLocationSchema.safeParse(location).success, JSON.stringify(location)).toBe(false);
    }
  });
});

describe('what each order action takes (docs/service-orders.md)', () => {
  const refused = (schema: z.ZodType, value: unknown) => !schema.safeParse(value).success;

  it('refuses members no route knows, so a typo is a 400 and not silently dropped', () => {
    expect(
      refused(CreateServiceOrderSchema, { serviceCode: 'red-agency', centerId: 'c-1', centre: 'x' }),
    ).toBe(true);
    expect(refused(AcceptOrderSchema, { note: 'ok', volunteers: [] })).toBe(true);
    expect(refused(AcceptOrderSchema, { volunteer: { name: '张', phone: '1' } })).toBe(true);
    expect(refused(CompleteOrderSchema, { result: 'done', extra: 1 })).toBe(true);
    expect(refused(RejectOrderSchema, { reason: 'no', extra: 1 })).toBe(true);
    expect(refused(TransferOrderSchema, { centerId: 'c-2', reason: 'r', extra: 1 })).toBe(true);
    expect(refused(CancelOrderSchema, { why: 'x' })).toBe(true);
    expect(refused(RateOrderSchema, { level: 'satisfied', stars: 5 })).toBe(true);
    expect(refused(CloseFollowUpSchema, { note: 'called back', extra: 1 })).toBe(true);
    expect(ServiceOrderParams.safeParse({ id: 'so-1', other: 'x' }).success).toBe(false);
    expect(ServiceParams.safeParse({ code: 'red-agency', other: 'x' }).success).toBe(false);
  });

  it('takes a service by its code and an order by its id in the path', () => {
    expect(ServiceParams.parse({ code: 'red-agency' })).toEqual({ code: 'red-agency' });
    expect(ServiceOrderParams.parse({ id: 'so-1' })).toEqual({ id: 'so-1' });
  });

  it('counts the people a completed service reached from 1 to 100,000', () => {
    for (const peopleServed of [1, 4, 100_000]) {
      expect(CompleteOrderSchema.parse({ result: 'done', peopleServed })).toEqual({
        result: 'done',
        peopleServed,
      });
    }
    for (const peopleServed of [0, 100_001, 2.5]) {
      expect(refused(CompleteOrderSchema, { result: 'done', peopleServed }), String(peopleServed)).toBe(true);
    }
  });

  it('needs a service and a center to place an order, and takes the attributes, a description and a location', () => {
    expect(refused(CreateServiceOrderSchema, { centerId: 'c-1' })).toBe(true);
    expect(refused(CreateServiceOrderSchema, { serviceCode: 'red-agency' })).toBe(true);
    const full = CreateServiceOrderSchema.parse({
      serviceCode: 'red-agency',
      centerId: 'c-1',
      attributes: { 'party-branch': '一支部' },
      description: '第一行\n第二行',
      location: { lat: 31.4, lon: 121.49 },
    });
    expect(full).toEqual({
      serviceCode: 'red-agency',
      centerId: 'c-1',
      attributes: { 'party-branch': '一支部' },
      description: '第一行\n第二行',
      location: { lat: 31.4, lon: 121.49 },
    });
    expect(
      refused(CreateServiceOrderSchema, {
        serviceCode: 'red-agency',
        centerId: 'c-1',
        description: 'x'.repeat(2001),
      }),
    ).toBe(true);
    expect(
      CreateServiceOrderSchema.safeParse({
        serviceCode: 'red-agency',
        centerId: 'c-1',
        description: 'x'.repeat(2000),
      }).success,
    ).toBe(true);
  });

  it('takes a volunteer name of at most 100 characters and a note of at most 1,000 on accept', () => {
    expect(AcceptOrderSchema.parse({})).toEqual({});
    expect(AcceptOrderSchema.safeParse({ volunteer: { name: 'x'.repeat(100) } }).success).toBe(true);
    expect(refused(AcceptOrderSchema, { volunteer: { name: 'x'.repeat(101) } })).toBe(true);
    expect(refused(AcceptOrderSchema, { volunteer: {} })).toBe(true);
    expect(AcceptOrderSchema.parse({ note: '两行\n备注' }).note).toBe('两行\n备注');
    expect(refused(AcceptOrderSchema, { note: 'x'.repeat(1001) })).toBe(true);
  });

  it('needs a result to complete, a reason to reject or transfer, and a note to close a follow-up', () => {
    expect(refused(CompleteOrderSchema, {})).toBe(true);
    expect(CompleteOrderSchema.parse({ result: '已办结\n材料已转出' }).result).toBe('已办结\n材料已转出');
    expect(refused(CompleteOrderSchema, { result: 'x'.repeat(2001) })).toBe(true);
    expect(refused(RejectOrderSchema, { goTo: 'street' })).toBe(true);
    expect(refused(RejectOrderSchema, { reason: 'x'.repeat(1001) })).toBe(true);
    expect(RejectOrderSchema.parse({ reason: 'not ours' })).toEqual({ reason: 'not ours' });
    expect(RejectOrderSchema.safeParse({ reason: 'r', goTo: 'x'.repeat(300) }).success).toBe(true);
    expect(refused(TransferOrderSchema, { centerId: 'c-2' })).toBe(true);
    expect(refused(TransferOrderSchema, { reason: 'closer to the resident' })).toBe(true);
    expect(TransferOrderSchema.parse({ centerId: 'c-2', reason: '就近办理\n居民要求' })).toEqual({
      centerId: 'c-2',
      reason: '就近办理\n居民要求',
    });
    expect(refused(CancelOrderSchema, { reason: 'x'.repeat(1001) })).toBe(true);
    expect(refused(CloseFollowUpSchema, {})).toBe(true);
    expect(refused(CloseFollowUpSchema, { note: 'x'.repeat(2001) })).toBe(true);
    expect(CloseFollowUpSchema.parse({ note: '已回访\n居民满意' }).note).toBe('已回访\n居民满意');
  });

  it('rates on five levels, very satisfied to very dissatisfied, with an optional comment', () => {
    for (const level of ['very-satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very-dissatisfied']) {
      expect(RateOrderSchema.parse({ level })).toEqual({ level });
    }
    expect(refused(RateOrderSchema, { level: 'ok' })).toBe(true);
    expect(refused(RateOrderSchema, {})).toBe(true);
    expect(RateOrderSchema.parse({ level: 'neutral', comment: '一般\n还行' }).comment).toBe('一般\n还行');
    expect(refused(RateOrderSchema, { level: 'neutral', comment: 'x'.repeat(1001) })).toBe(true);
  });

  it('filters a resident’s and a center’s orders by a known status only', () => {
    expect(MyOrdersQuery.parse({ status: 'routing-failed' })).toEqual({
      limit: 25,
      status: 'routing-failed',
    });
    expect(MyOrdersQuery.safeParse({ status: 'lost' }).success).toBe(false);
    expect(CenterOrdersQuery.parse({ status: 'submitted' })).toEqual({ limit: 25, status: 'submitted' });
    expect(CenterOrdersQuery.safeParse({ overdue: 'yes' }).success).toBe(false);
  });

  it('lists the catalog by category and handling level, active services only unless asked', () => {
    expect(ListServicesQuery.parse({})).toEqual({ limit: 25 });
    expect(ListServicesQuery.parse({ handlingLevel: 'street' }).handlingLevel).toBe('street');
    expect(ListServicesQuery.safeParse({ handlingLevel: 'province' }).success).toBe(false);
    expect(ListServicesQuery.safeParse({ category: 'not-a-category' }).success).toBe(false);
  });
});
