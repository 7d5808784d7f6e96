import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TENANTS_DIR, loadTenantConfig, type TenantConfig } from './tenant-config.ts';

let dir: string;
let essexRaw: TenantConfig;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-tenants-'));
  essexRaw = JSON.parse(await readFile(path.join(TENANTS_DIR, 'essex.json'), 'utf8')) as TenantConfig;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a changed copy of the Essex file and returns the error loading it gives. */
async function loadError(name: string, change: (config: TenantConfig) => void): Promise<string> {
  const config = structuredClone(essexRaw);
  change(config);
  await writeFile(path.join(dir, `${name}.json`), JSON.stringify(config));
  try {
    await loadTenantConfig(name, dir);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${name} loaded without error`);
}

describe('loadTenantConfig', () => {
  it('loads the Essex tenant', async () => {
    const essex = await loadTenantConfig('essex');
    expect(essex.localAuthority.code).toBe('essex');
    expect(essex.districts).toHaveLength(12);
    expect(essex.quadrants.map((q) => q.name)).toEqual(['North East', 'Mid', 'West', 'South']);
    expect(essex.windscreenLevels.map((l) => l.level)).toEqual([1, 2, 3, 4]);
    expect(essex.organisations.map((o) => o.code)).toContain('essex-county-council');
    for (const district of essex.districts) expect(essex.quadrants.map((q) => q.code)).toContain(district.quadrant);
  });

  it('loads from another folder, with or without a trailing slash', async () => {
    await writeFile(path.join(dir, 'copy.json'), JSON.stringify(essexRaw));
    expect((await loadTenantConfig('copy', dir)).districts).toHaveLength(12);
    expect((await loadTenantConfig('copy', `${dir}${path.sep}`)).districts).toHaveLength(12);
  });

  it('names the district whose quadrant does not exist', async () => {
    const message = await loadError('bad-quadrant', (c) => {
      c.districts[2]!.quadrant = 'north-north-west';
    });
    expect(message).toContain('bad-quadrant.json is not valid');
    expect(message).toContain('districts.2.quadrant: unknown quadrant "north-north-west"');
  });

  it('names the list with a duplicate code', async () => {
    const message = await loadError('duplicate', (c) => {
      c.districts.push({ ...c.districts[0]!, name: 'Basildon again' });
    });
    expect(message).toContain('districts: code "basildon" appears twice');
  });

  it('names a missing field', async () => {
    const message = await loadError('missing', (c) => {
      delete (c.localAuthority as { name?: string }).name;
      delete (c.windscreenLevels[1] as { summary?: string }).summary;
    });
    expect(message).toMatch(/^\s*localAuthority\.name: /m);
    expect(message).toMatch(/^\s*windscreenLevels\.1\.summary: /m);
  });

  it('names a team pointing at an unknown organisation or district', async () => {
    const message = await loadError('bad-team', (c) => {
      c.teams[0]!.organisation = 'nobody';
      c.teams[1]!.districts = ['harlow', 'atlantis'];
    });
    expect(message).toContain('teams.0.organisation: unknown organisation "nobody"');
    expect(message).toContain('teams.1.districts.1: unknown district "atlantis"');
  });

  it('rejects a code that is not kebab-case', async () => {
    const message = await loadError('bad-code', (c) => {
      c.quadrants[0]!.code = 'North East';
    });
    expect(message).toContain('quadrants.0.code: must be a kebab-case code');
  });

  it('reports a missing or unreadable file', async () => {
    await expect(loadTenantConfig('no-such-tenant', dir)).rejects.toThrow(/no-such-tenant\.json could not be read/);
    await writeFile(path.join(dir, 'broken.json'), '{ "localAuthority": ');
    await expect(loadTenantConfig('broken', dir)).rejects.toThrow(/broken\.json could not be read/);
  });
});
