import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TENANTS_DIR } from '../reference/index.ts';
import { loadPlanFile, planFilePath } from './plan-file.ts';
import { PartnershipPlanService } from './service.ts';

/** The tenant's plan file: Essex's is valid and in the seeds' order; a malformed one stops start-up, saying why. */

const QUADRANTS = ['north-east', 'mid', 'west', 'south'];
let dir: string;
let essex: Record<string, unknown>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hearth-plan-file-'));
  essex = JSON.parse(await readFile(planFilePath(TENANTS_DIR, 'essex'), 'utf8')) as Record<string, unknown>;
});

async function fileWith(name: string, content: string) {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(planFilePath(dir, name), content);
  return planFilePath(dir, name);
}

describe('the partnership plan file', () => {
  it('reads Essex’s plan with the agreed codes in the seeds’ order', async () => {
    const plan = (await loadPlanFile(planFilePath(TENANTS_DIR, 'essex'), QUADRANTS))!;
    expect(plan.current).toBe('2020');
    expect(plan.versions.map((v) => v.code)).toEqual(['2013-16', '2016', '2020']);
    const [v2013, v2016, v2020] = plan.versions;
    expect(v2013!.priorities.map((p) => p.code)).toEqual(Array.from({ length: 10 }, (_, i) => `2013-16/p${i + 1}`));
    expect(v2016!.priorities.map((p) => p.name)).toEqual([
      'Stable, resilient, safe families',
      'Emotionally healthy',
      'Physically healthy',
      'Involved and connected',
      'Positive futures',
    ]);
    expect(v2016!.objectives.map((o) => o.code)).toEqual([
      '2016/so1',
      '2016/so2',
      '2016/so3',
      '2016/so4',
      '2016/so5',
      '2016/so6',
    ]);
    expect(v2020!.priorities.map((p) => p.code)).toEqual(['2020/parenting', '2020/send', '2020/ewmh']);
    expect(v2020!.outcomes.map((o) => o.name)).toEqual([
      'Resilient children and young people',
      'Stable and thriving families',
      'Inclusive and supportive schools and communities',
      'Safe and accessible neighbourhoods',
    ]);
    expect(plan.localities.map((l) => [l.quadrant, l.forum])).toEqual(QUADRANTS.map((q) => [q, `lcp-${q}`]));
  });

  it('is no plan when the tenant has no file', async () => {
    expect(await loadPlanFile(planFilePath(dir, 'no-such-tenant'))).toBeNull();
  });

  it('stops with the file’s name when it is not JSON', async () => {
    const file = await fileWith('broken', '{ "current": ');
    await expect(loadPlanFile(file)).rejects.toThrow(`Partnership plan file ${file} is not valid JSON`);
  });

  it('names every problem of a malformed file', async () => {
    const bad = structuredClone(essex) as { current: string; versions: { code: string; priorities: unknown[] }[] };
    bad.current = '2099';
    bad.versions[2]!.priorities.push({ code: '2016/extra', name: '' });
    bad.versions[2]!.priorities.push({ code: '2020/send', name: 'Twice', forum: 'unnamed-board' });
    const file = await fileWith('malformed', JSON.stringify(bad));
    const error = await loadPlanFile(file).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`Partnership plan file ${file} is not valid:`);
    expect(message).toContain('current: "2099" is not one of the versions');
    expect(message).toContain('versions.2.priorities.3.name: must not be empty');
    expect(message).toContain('"2016/extra" must start with its version\'s code "2020/"');
    expect(message).toContain('code "2020/send" appears twice');
    expect(message).toContain('the forum "unnamed-board" needs a name here');
  });

  it('refuses a Locality Partnership in a quadrant the tenant does not have', async () => {
    const file = await fileWith('quadrants', JSON.stringify(essex));
    await expect(loadPlanFile(file, ['north', 'south'])).rejects.toThrow(
      'localities.0.quadrant: "north-east" is not one of the tenant\'s quadrants',
    );
  });

  it('stops start-up: the service’s seed refuses the file before touching the database', async () => {
    await fileWith('start-up', JSON.stringify({ ...essex, versions: [] }));
    const service = new PartnershipPlanService(null as never, null as never);
    await expect(service.seed('start-up', { tenantsDir: dir, quadrants: QUADRANTS })).rejects.toThrow(
      /Partnership plan file .*start-up.*plan\.json is not valid:\n {2}versions: needs at least one version/,
    );
  });
});
