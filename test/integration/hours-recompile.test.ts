import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as recompileOnSchedule } from '../../functions/centers/recompile-center-hours.ts';
import { newCenter, type StoredCenter } from '../../shared/domain/center.ts';
import { compileOpeningHours, installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import { tableName } from '../../shared/runtime/env.ts';
import {
  getCenter,
  listAll,
  putCenter,
  requireStoredCenter,
  setCompiledHours,
} from '../../shared/store/centers.ts';
import { db } from '../../shared/store/client.ts';
import { keys } from '../../shared/store/keys.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/** The daily recompile of opening hours, and the compiled form kept out of what the API returns. */

let platform: TestPlatform;
const NOW = Date.parse('2026-12-01T03:00:00Z');
const DATED = 'Mo-Fr 09:00-17:00; Dec 24 off';

function center(id: string, openingHours: string, compiledOn = NOW): StoredCenter {
  return newCenter(
    {
      level: 'district',
      name: id,
      address: 'addr',
      location: { lat: 31.4, lon: 121.4 },
      serviceRadiusMeters: 1000,
      timeZone: 'Asia/Shanghai',
      openingHours,
      contact: {},
      status: 'active',
    },
    undefined,
    id,
    new Date(compiledOn).toISOString(),
  );
}

async function rawItem(id: string) {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('main'), Key: keys.center(id) }));
  return Item;
}

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true, pollers: false });
  installOpeningHoursLibrary();
});
afterAll(async () => {
  await platform?.stop();
});

describe('recompile-center-hours', () => {
  it('compiles what is missing or ends soon, once per string, and leaves the rest and the versions alone', async () => {
    // written before hours were compiled
    const { compiledHours: _none, ...legacy } = center('c-legacy', 'Mo-Fr 08:30-17:30');
    await putCenter(legacy);
    // compiled a year ago: its range ends on 2027-01-14, within 45 days
    await putCenter(center('c-dated-a', DATED, Date.parse('2025-06-01T00:00:00Z')));
    await putCenter(center('c-dated-b', DATED, Date.parse('2025-06-01T00:00:00Z')));
    const before = await rawItem('c-dated-a');

    const result = await recompileOnSchedule(new Date(NOW));

    // the 55 demo centers have weekly hours, compiled for good when seeded
    expect(result).toEqual({ centers: 58, due: 3, strings: 2, updated: 3, skipped: 0 });
    const legacyNow = await requireStoredCenter('c-legacy');
    expect(legacyNow.compiledHours).toMatchObject({ source: 'Mo-Fr 08:30-17:30' });
    expect(legacyNow.compiledHours?.range).toBeUndefined();
    const dated = await requireStoredCenter('c-dated-a');
    expect(dated.compiledHours?.range).toEqual({ from: '2025-12-25', to: '2028-01-15' });
    expect(dated.version).toBe(before?.version);
    expect(dated.updatedAt).toBe(before?.updatedAt);

    // run again (a retried event): nothing left to do
    expect(await recompileOnSchedule(new Date(NOW))).toMatchObject({ due: 0, updated: 0 });
  });

  it('does not overwrite hours edited since they were read', async () => {
    const stale = compileOpeningHours('Mo-Su 00:00-23:59', NOW);
    expect(await setCompiledHours('c-legacy', stale)).toBe(false);
    expect((await requireStoredCenter('c-legacy')).compiledHours?.source).toBe('Mo-Fr 08:30-17:30');
    expect(await setCompiledHours('c-nowhere', compileOpeningHours('24/7', NOW))).toBe(false);
  });
});

describe('the compiled form stays internal', () => {
  it('is stored with the center but left out of what the stores hand to answers', async () => {
    expect((await rawItem('c-youyi'))?.compiledHours).toMatchObject({ source: expect.any(String) });
    expect(await getCenter('c-youyi')).not.toHaveProperty('compiledHours');
    const page = await listAll(100);
    expect(page.items.some((c) => 'compiledHours' in c)).toBe(false);
  });
});
