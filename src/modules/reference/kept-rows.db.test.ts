import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import { AuditLog } from '../../platform/audit/audit.ts';
import { ReferenceService } from './service.ts';
import { loadTenantConfig } from './tenant-config.ts';

/** The tenant file's rows are read once per service, and seeding again shows what it changed. */
describe('reference rows kept by the service', () => {
  let seeded: TestDatabase;
  beforeAll(async () => {
    seeded = await createTestDatabase();
  });
  afterAll(async () => {
    await seeded?.close();
  });

  it('gives each caller its own copy, so one caller changing its rows changes nobody else’s', async () => {
    const reference = new ReferenceService(seeded.database.db, new AuditLog(seeded.database.db));
    const first = await reference.districts();
    const name = first[0]!.name;
    first[0]!.name = 'Changed by a caller';
    first.pop();
    const again = await reference.districts();
    expect(again[0]!.name).toBe(name);
    expect(again).toHaveLength(first.length + 1);
  });

  it('shows a seed’s changes at once', async () => {
    const reference = new ReferenceService(seeded.database.db, new AuditLog(seeded.database.db));
    const tenant = await loadTenantConfig('essex');
    expect((await reference.windscreenLevels()).map((l) => l.name)).toContain(tenant.windscreenLevels[0]!.name);
    expect((await reference.localAuthority())?.name).toBe(tenant.localAuthority.name);
    const renamed = structuredClone(tenant);
    renamed.windscreenLevels[0]!.name = 'Everyday';
    renamed.districts[0]!.name = 'Renamed district';
    await reference.seed(renamed);
    expect((await reference.windscreenLevels())[0]!.name).toBe('Everyday');
    expect((await reference.districts()).map((d) => d.name)).toContain('Renamed district');
    await reference.seed(tenant);
    expect((await reference.windscreenLevels())[0]!.name).toBe(tenant.windscreenLevels[0]!.name);
  });

  it('does not keep “none” from a database not yet seeded', async () => {
    const reference = new ReferenceService(seeded.database.db, new AuditLog(seeded.database.db));
    await seeded.database.db.deleteFrom('local_authority').execute();
    expect(await reference.localAuthority()).toBeUndefined();
    // Seeded by another way than this service (as another process would): the row is read, not the empty answer.
    const other = new ReferenceService(seeded.database.db, new AuditLog(seeded.database.db));
    await other.seed(await loadTenantConfig('essex'));
    expect((await reference.localAuthority())?.name).toBe((await loadTenantConfig('essex')).localAuthority.name);
  });
});
