import type { Principal } from '../../shared/domain/auth.ts';
import { type CenterImport, StartImportSchema } from '../../shared/domain/center-import.ts';
import { installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import type { Room, ServiceWindow } from '../../shared/domain/rooms.ts';
import { getImport } from '../../shared/store/center-imports.ts';
import { listWholeSubtree } from '../../shared/store/centers.ts';
import { putRoomsAndWindowsInBulk } from '../../shared/store/rooms.ts';
import { DEMO_ROOMS, DEMO_WINDOWS } from './demo-network.ts';
import { type DivisionSeed, divisionRows, loadDivisionFile } from './divisions.ts';
import { seedServiceCatalog } from './seed.ts';

export interface DivisionSeedResult {
  readonly code: string;
  readonly name: string;
  readonly districts: number;
  readonly streets: number;
  readonly communities: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rooms: number;
  readonly windows: number;
  readonly rootId: string;
  /** The street center whose staff token the banner prints. */
  readonly staffCenterId: string;
  readonly source: string;
  readonly seconds: number;
}

const SEEDER: Principal = { kind: 'user', sub: 'local-seed', role: 'admin' };

/**
 * Seeds a city or district from official division data through the import pipeline itself (the
 * same validation, chunks and consumer as `POST /centers/import`), then rooms and windows at the
 * centers it created: district and street centers get the demo rooms and windows, communities a
 * meeting room, a reading room and a service window. Seeding again is a re-import of the same
 * rows: nothing changes.
 */
export async function seedDivisions(code: string): Promise<DivisionSeedResult> {
  const started = Date.now();
  installOpeningHoursLibrary();
  await seedServiceCatalog();
  const seed: DivisionSeed = divisionRows(loadDivisionFile(code), code);
  const { run: startImport } = await import('../../functions/imports/start-center-import.ts');
  const { run: processImport } = await import('../../functions/imports/process-center-import.ts');

  const answer = await startImport({
    // parsed as the route would: the rows get exactly the validation and defaults an upload gets
    body: StartImportSchema.parse({ centers: seed.rows }),
    query: {},
    params: undefined,
    principal: SEEDER,
    headers: {},
    requestId: `seed-${code}`,
  });
  let job = answer.body as CenterImport;
  while (job.status !== 'completed') {
    await processImport({ importId: job.id, chunk: job.chunksDone });
    const current = await getImport(job.id);
    if (!current) throw new Error(`import ${job.id} vanished`);
    if (current.chunksDone === job.chunksDone && current.status !== 'completed') {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    job = current;
  }

  const centers = await listWholeSubtree();
  const byCode = new Map(
    centers.flatMap((center) => (center.externalCode ? [[center.externalCode, center]] : [])),
  );
  const root = byCode.get(seed.rows[0]!.ref)!;
  const inSeed = centers.filter((center) => center.path.startsWith(root.path));
  const now = new Date().toISOString();
  const rooms: Room[] = [];
  const windows: ServiceWindow[] = [];
  if ((job.created ?? 0) > 0) {
    for (const center of inSeed) {
      if (center.level === 'city') continue;
      const full = center.level !== 'community';
      const roomKinds = full
        ? DEMO_ROOMS
        : DEMO_ROOMS.filter(
            (room) => room.kind !== 'education-training-hall' && room.kind !== 'heart-to-heart-room',
          );
      roomKinds.forEach((room, index) => {
        rooms.push({
          id: `r-${center.id.slice(2)}-${index + 1}`,
          centerId: center.id,
          name: room.name,
          kind: room.kind,
          capacity: full ? room.capacity : Math.ceil(room.capacity / 2),
          bookable: room.kind !== 'heart-to-heart-room',
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
      });
      (full ? DEMO_WINDOWS : DEMO_WINDOWS.slice(1, 2)).forEach((window, index) => {
        windows.push({
          id: `w-${center.id.slice(2)}-${index + 1}`,
          centerId: center.id,
          name: window.name,
          kind: window.kind,
          createdAt: now,
        });
      });
    }
    await putRoomsAndWindowsInBulk(rooms, windows);
  }
  const street = inSeed.find((center) => center.level === 'street') ?? root;
  return {
    code,
    name: seed.name,
    districts: seed.districts,
    streets: seed.streets,
    communities: seed.communities,
    created: job.created ?? 0,
    updated: job.updated ?? 0,
    unchanged: job.unchanged ?? 0,
    rooms: rooms.length,
    windows: windows.length,
    rootId: root.id,
    staffCenterId: street.id,
    source: seed.source,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}
