import { describe, expect, it } from 'vitest';
import { loadTenantConfig } from '../reference/index.ts';
import { readDirectorySeed } from './seed.ts';

describe('the Essex demonstration directory', () => {
  it('has 30 to 50 valid services, each run by a known organisation, in known categories, districts and levels', async () => {
    const [services, tenant] = await Promise.all([readDirectorySeed('essex'), loadTenantConfig('essex')]);
    expect(services.length).toBeGreaterThanOrEqual(30);
    expect(services.length).toBeLessThanOrEqual(50);
    const known = (list: { code: string }[]) => new Set(list.map((x) => x.code));
    const [organisations, categories, districts] = [
      known(tenant.organisations),
      known(tenant.directoryCategories),
      known(tenant.districts),
    ];
    for (const { organisationCode, content } of services) {
      expect(organisations.has(organisationCode), `${content.name}: ${organisationCode}`).toBe(true);
      for (const c of content.categories) expect(categories.has(c), `${content.name}: ${c}`).toBe(true);
      for (const d of content.districts) expect(districts.has(d), `${content.name}: ${d}`).toBe(true);
      for (const l of content.levels) expect(l).toBeLessThanOrEqual(4);
    }
    const names = services.map((s) => s.content.name);
    expect(new Set(names).size).toBe(names.length);
    for (const named of [
      'Children and Families Hub',
      'Essex Child and Family Wellbeing Service',
      'Family Solutions',
      'Essex Local Offer',
    ])
      expect(names).toContain(named);
    expect(names.some((n) => n.includes('EWMHS'))).toBe(true);
    // Every Windscreen level and every category has services; some are for professionals only.
    for (const level of [1, 2, 3, 4])
      expect(
        services.some((s) => s.content.levels.includes(level)),
        `level ${level}`,
      ).toBe(true);
    for (const category of categories)
      expect(
        services.some((s) => s.content.categories.includes(category)),
        category,
      ).toBe(true);
    expect(services.some((s) => s.content.professionalsOnly)).toBe(true);
    expect(services.find((s) => s.content.name === 'Family Solutions')?.content).toMatchObject({
      accessRoute: 'via-hub',
      levels: [3],
    });
  });

  it('is empty for a tenant without a directory file', async () => {
    expect(await readDirectorySeed('no-such-tenant')).toEqual([]);
  });
});
