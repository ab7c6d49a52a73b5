import { describe, expect, it } from 'vitest';
import { CreateCenterSchema } from '../../../shared/domain/center.ts';
import { installOpeningHoursLibrary } from '../../../shared/domain/opening-hours.ts';

/** The center schemas reach the opening-hours library only where a write function installed it. */

const body = {
  name: '友谊路街道党群服务中心',
  level: 'district',
  address: '上海市宝山区',
  location: { lat: 31.4, lon: 121.4 },
  openingHours: 'Mo-Fr 09:00-17:00',
};

describe('the opening-hours port', () => {
  it('fails loudly (a 500, not a pass) where hours would go unchecked', () => {
    expect(() => CreateCenterSchema.safeParse(body)).toThrow(/installs the library/);
  });

  it('checks hours with the library once a write function installed it', () => {
    installOpeningHoursLibrary();
    expect(CreateCenterSchema.safeParse(body).success).toBe(true);
    const invalid = CreateCenterSchema.safeParse({ ...body, openingHours: 'Mo-Fx 08:00' });
    expect(invalid.error?.issues[0]?.message).toMatch(/invalid opening_hours/);
  });
});
