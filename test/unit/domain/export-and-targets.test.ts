import { describe, expect, it } from 'vitest';
import type { Center } from '../../../shared/domain/center.ts';
import { decodeImportCsv } from '../../../shared/domain/center-csv.ts';
import { subtreeToCsv } from '../../../shared/domain/center-csv-export.ts';
import { targetsOf } from '../../../shared/domain/child-districts.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { installOpeningHoursLibrary } from '../../../shared/domain/opening-hours.ts';
import { requireIfMatch } from '../../../shared/runtime/responses.ts';

/**
 * A subtree export keeps what marks a center's data as made up (docs/api.md, import columns), a
 * push names the districts field it refuses (docs/menus.md), and a bad If-Match is a 400 on the
 * header with an example of a good one (docs/api.md, versions).
 */

// decoding an import checks its hours with the library, as the import function does
installOpeningHoursLibrary();

const center = (id: string, extra: Partial<Center> = {}): Center => ({
  id,
  parentId: null,
  level: 'district',
  name: id,
  address: '上海市',
  location: { lat: 31.4, lon: 121.5 },
  serviceRadiusMeters: 1500,
  timeZone: 'Asia/Shanghai',
  openingHours: 'Mo-Fr 09:00-17:00',
  contact: {},
  status: 'active',
  path: `/${id}/`,
  depth: 0,
  version: 1,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...extra,
});

describe('a subtree export', () => {
  it('writes the synthetic fields of a center joined by semicolons, so an import reads them back', () => {
    const text = subtreeToCsv([
      center('c-top', { synthetic: ['location', 'openingHours'] }),
      center('c-real'),
    ]);
    const { centers } = decodeImportCsv(text);
    expect(centers[0]?.synthetic).toEqual(['location', 'openingHours']);
    expect(centers[1]?.synthetic).toBeUndefined();
  });
});

describe('the districts of a push', () => {
  it('refuses on targetDistricts, naming each district not registered', () => {
    const registered = [
      {
        code: '310113',
        apiUrl: 'https://api.example',
        rootCenterId: 'c-root',
        tokenUrl: 'https://auth.example/oauth2/token',
        clientId: 'city',
        clientSecret: 'env:S',
        scope: 'pmsc/menus:push',
      },
    ];
    try {
      targetsOf(registered, ['320102', '310113', '330106']);
      throw new Error('expected a 400');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toEqual([
        { field: 'targetDistricts', message: 'not registered with this stack: 320102, 330106' },
      ]);
    }
  });
});

describe('If-Match', () => {
  it('that is not an ETag of this API is a 400 on the header that shows a good one', () => {
    try {
      requireIfMatch({ 'if-match': 'W/"abc"' }, 3);
      throw new Error('expected a 400');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toBe('If-Match must be an ETag this API issued, e.g. "3"');
      expect((error as ValidationError).errors).toEqual([
        { field: 'If-Match', message: 'is not an ETag of this API', in: 'header' },
      ]);
    }
  });
});
