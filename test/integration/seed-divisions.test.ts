import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDivisions } from '../../infra/local/seed-divisions.ts';
import { listWholeSubtree } from '../../shared/store/centers.ts';
import { listRooms, listWindows } from '../../shared/store/rooms.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/** `npm start -- --seed 310113`: Baoshan from the division data, through the import pipeline. */

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform({ pollers: false });
});
afterAll(async () => {
  await platform?.stop();
});

describe('seedDivisions', () => {
  it('stores the district with its 13 streets/towns and 567 communities/villages, with rooms and windows, and a re-seed changes nothing', async () => {
    const seeded = await seedDivisions('310113');
    expect(seeded).toMatchObject({ districts: 1, streets: 13, communities: 567, created: 581, unchanged: 0 });

    const centers = await listWholeSubtree();
    const levels = ['district', 'street', 'community'].map(
      (level) => centers.filter((c) => c.level === level).length,
    );
    expect(levels).toEqual([1, 13, 567]);
    const youyi = centers.find((c) => c.externalCode === '310113103001')!;
    expect(youyi).toMatchObject({
      divisionCode: '310113103001',
      level: 'community',
      synthetic: expect.arrayContaining(['location']),
    });
    expect(youyi.path.startsWith(centers.find((c) => c.externalCode === '310113103')!.path)).toBe(true);
    expect(seeded.rooms).toBe(14 * 4 + 567 * 2);
    expect((await listRooms(youyi.id, 10)).items.map((r) => r.kind).sort()).toEqual([
      'meeting-room',
      'reading-room',
    ]);
    expect((await listWindows(seeded.staffCenterId, 10)).items).toHaveLength(4);

    const again = await seedDivisions('310113');
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 581, rooms: 0 });
    expect(await listWholeSubtree()).toEqual(centers);
  }, 120_000);
});
