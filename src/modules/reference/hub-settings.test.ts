import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { ReferenceService } from './service.ts';
import { TENANTS_DIR, loadTenantConfig, type TenantConfig } from './tenant-config.ts';

let dir: string;
let essexRaw: TenantConfig;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-hub-settings-'));
  essexRaw = JSON.parse(await readFile(path.join(TENANTS_DIR, 'essex.json'), 'utf8')) as TenantConfig;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Loads a copy of the Essex file with its hub section changed; returns the error, or '' when it loads. */
async function loadError(change: (hub: Record<string, unknown>) => void): Promise<string> {
  const config = structuredClone(essexRaw) as unknown as { hub: Record<string, unknown> };
  change(config.hub);
  const name = `hub-${Math.random().toString(36).slice(2)}`;
  await writeFile(path.join(dir, `${name}.json`), JSON.stringify(config));
  return loadTenantConfig(name, dir).then(
    () => '',
    (error: unknown) => (error as Error).message,
  );
}

describe('the hub section of a tenant file', () => {
  it('gives Essex office hours, a timescale per priority and manager approvals', async () => {
    const { hub } = await loadTenantConfig('essex');
    expect(hub.workingHours).toEqual({
      timeZone: 'Europe/London',
      days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      start: '09:00',
      end: '17:00',
      bankHolidays: 'england-and-wales',
    });
    expect(hub.priorities.map((p) => [p.code, p.timescale])).toEqual([
      ['immediate', { hours: 4 }],
      ['urgent', { workingDays: 1 }],
      ['standard', { workingDays: 3 }],
    ]);
    expect(hub.amberAtPercent).toBe(75);
    expect(hub.requireManagerApproval).toEqual({ level4: true, override: true });
  });

  it('defaults the amber threshold to 75%', async () => {
    expect(await loadError((hub) => delete hub.amberAtPercent)).toBe('');
  });

  it.each([
    [
      'an empty hub section',
      (hub: Record<string, unknown>) => Object.keys(hub).forEach((k) => delete hub[k]),
      'hub.workingHours:',
    ],
    [
      'an unknown time zone',
      (hub: Record<string, unknown>) => ((hub.workingHours as Record<string, unknown>).timeZone = 'Essex/Chelmsford'),
      'hub.workingHours.timeZone: must be a time zone such as "Europe/London"',
    ],
    [
      'closing before opening',
      (hub: Record<string, unknown>) => ((hub.workingHours as Record<string, unknown>).end = '08:30'),
      'hub.workingHours.end: must be later than start',
    ],
    [
      'an unknown bank holiday division',
      (hub: Record<string, unknown>) => ((hub.workingHours as Record<string, unknown>).bankHolidays = 'essex'),
      'hub.workingHours.bankHolidays:',
    ],
    [
      'a timescale in hours and days',
      (hub: Record<string, unknown>) =>
        ((hub.priorities as { timescale: unknown }[])[0]!.timescale = { workingHours: 4, workingDays: 1 }),
      'hub.priorities.0.timescale: give one of workingHours, workingDays or hours (a continuous clock)',
    ],
    [
      'a timescale of half a day',
      (hub: Record<string, unknown>) =>
        ((hub.priorities as { timescale: unknown }[])[2]!.timescale = { workingDays: 0.5 }),
      'hub.priorities.2.timescale.workingDays: must be a whole number',
    ],
    [
      'a priority twice',
      (hub: Record<string, unknown>) =>
        (hub.priorities as unknown[]).push({ code: 'urgent', name: 'Urgent again', timescale: { workingDays: 2 } }),
      'hub.priorities: code "urgent" appears twice',
    ],
    [
      'no priorities',
      (hub: Record<string, unknown>) => (hub.priorities = []),
      'hub.priorities: needs at least one priority',
    ],
    ['an amber threshold of 100%', (hub: Record<string, unknown>) => (hub.amberAtPercent = 100), 'hub.amberAtPercent:'],
    [
      'manager approval as words',
      (hub: Record<string, unknown>) => (hub.requireManagerApproval = { level4: 'yes', override: true }),
      'hub.requireManagerApproval.level4:',
    ],
  ])('names %s by path', async (_name, change, expected) => {
    const message = await loadError(change);
    expect(message).toContain('is not valid');
    expect(message).toContain(expected);
  });
});

describe('ReferenceService.hubSettings', () => {
  const db = {} as Kysely<DB>;
  const audit = {} as AuditLog;

  it('reads the configured tenant file', async () => {
    const settings = await new ReferenceService(db, audit, { tenant: 'essex' }).hubSettings();
    expect(settings.priorities.map((p) => p.code)).toEqual(['immediate', 'urgent', 'standard']);
  });

  it('says what it needs when it has no tenant', async () => {
    await expect(new ReferenceService(db, audit).hubSettings()).rejects.toThrow('ReferenceService needs { tenant }');
  });

  it('reports a missing tenant file and tries again next time', async () => {
    const service = new ReferenceService(db, audit, { tenant: 'no-such-tenant' });
    await expect(service.hubSettings()).rejects.toThrow(/no-such-tenant\.json could not be read/);
    await expect(service.hubSettings()).rejects.toThrow(/no-such-tenant\.json could not be read/);
  });
});
