import { describe, expect, it } from 'vitest';
import { serviceContentSchema } from '../src/modules/directory/content.ts';
import { loadTenantConfig } from '../src/modules/reference/tenant-config.ts';
import { generateServices } from './generate-directory.ts';

describe('generateServices', () => {
  it('is deterministic: the same seed gives the same services, another seed others', () => {
    expect(generateServices(50, 1)).toEqual(generateServices(50, 1));
    expect(generateServices(5, 2).map((s) => s.content.name)).not.toEqual(
      generateServices(5, 1).map((s) => s.content.name),
    );
  });

  it('makes valid entries with Essex organisations, districts and categories, at every level', async () => {
    const tenant = await loadTenantConfig('essex');
    const services = generateServices(500, 42);
    const codes = (list: { code: string }[]) => list.map((x) => x.code);
    for (const { organisationCode, content } of services) {
      expect(serviceContentSchema.safeParse(content).success, content.name).toBe(true);
      expect(codes(tenant.organisations)).toContain(organisationCode);
      for (const d of content.districts) expect(codes(tenant.districts)).toContain(d);
      for (const c of content.categories) expect(codes(tenant.directoryCategories)).toContain(c);
      for (const l of content.locations) expect(l.postcode).toMatch(/^[A-Z]{1,2}\d{1,2} \d[A-Z]{2}$/);
    }
    for (const level of [1, 2, 3, 4]) expect(services.some((s) => s.content.levels.includes(level))).toBe(true);
    expect(services.filter((s) => s.content.countywide).length).toBeGreaterThan(20);
    expect(services.filter((s) => s.content.locations.length > 1).length).toBeGreaterThan(20);
  });
});
