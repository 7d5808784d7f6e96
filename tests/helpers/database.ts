import { createHash } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { createScratchDatabase } from '../../src/platform/db/scratch.ts';
import { MIGRATIONS_DIR, migrate } from '../../src/platform/db/migrate.ts';
import { TENANTS_DIR, loadTenantConfig } from '../../src/modules/reference/tenant-config.ts';
import { seedTenant } from '../../src/modules/reference/seed.ts';
import { DirectoryService } from '../../src/modules/directory/service.ts';
import { PartnershipPlanService } from '../../src/modules/partnership-plan/service.ts';
import { AuditLog } from '../../src/platform/audit/audit.ts';
import { PerformanceRepository } from '../../src/modules/performance/repository.ts';
import { loadIndicatorsFile } from '../../src/modules/performance/definitions.ts';
import { GovernanceService } from '../../src/modules/governance/service.ts';
import { loadTrainingFile, seedCourses } from '../../src/modules/training/training-file.ts';
import { SchoolsService } from '../../src/modules/encompass/schools.ts';
import { VoiceService } from '../../src/modules/voice/index.ts';

/**
 * Which database the database tests run on. Every database test file runs on PGlite; when
 * TEST_DATABASE_URL is set, the "postgres" Vitest project runs the same files again on it
 * (HEARTH_TEST_DB=postgres).
 */
export const testDatabaseKind = (): 'pglite' | 'postgres' =>
  process.env.HEARTH_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export interface TestDatabase {
  database: Database;
  /** The connection string, on PostgreSQL. */
  url?: string;
  close(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What start-up seeds from the tenant file: reference data and the directory's taxonomies. */
async function seedReferenceData(database: Database) {
  const tenant = await loadTenantConfig('essex');
  await seedTenant(database.db, tenant);
  await new DirectoryService(database.db, new AuditLog(database.db)).seedTaxonomies(tenant);
  await new PerformanceRepository(database.db).upsertDefinitions((await loadIndicatorsFile('essex')).indicators);
  await new PartnershipPlanService(database.db, new AuditLog(database.db)).seed('essex', {
    tenantsDir: TENANTS_DIR,
    quadrants: tenant.quadrants.map((q) => q.code),
  });
  await new GovernanceService(database.db, new AuditLog(database.db)).seed('essex');
  await seedCourses(database.db, await loadTrainingFile('essex'));
  // The voice of children in care: the tenant file's surveys and questions (issue 16).
  await VoiceService.forTenant(database.db, new AuditLog(database.db), 'essex', () => Promise.resolve(5)).seed();
  await new SchoolsService(database.db, new AuditLog(database.db), {
    tenant: 'essex',
    districts: () => Promise.resolve(tenant.districts.map((d) => d.code)),
  }).seed();
}

/**
 * Creating a PGlite database (initdb) takes seconds; loading a dumped one takes well under one.
 * The first test file to need it builds a migrated, seeded template and keeps it in the temp
 * folder, named by a hash of everything it depends on, so a changed migration makes a new one.
 */
async function pgliteTemplate(): Promise<Blob> {
  const hash = createHash('sha256');
  for (const name of (await readdir(MIGRATIONS_DIR)).sort())
    hash.update(name).update(await readFile(path.join(MIGRATIONS_DIR, name)));
  hash.update(await readFile(path.join(TENANTS_DIR, 'essex.json')));
  hash.update(await readFile(path.join(TENANTS_DIR, 'essex', 'indicators.json')));
  hash.update(await readFile(path.join(TENANTS_DIR, 'essex', 'plan.json')));
  for (const file of [
    'src/modules/reference/seed.ts',
    'src/modules/directory/service.ts',
    'src/modules/directory/taxonomy.ts',
    'src/modules/performance/repository.ts',
    'src/modules/performance/definitions.ts',
    'src/modules/partnership-plan/plan-file.ts',
    'src/modules/partnership-plan/repository.ts',
    'src/modules/governance/seed.ts',
    'config/tenants/essex/governance.json',
    'src/modules/training/training-file.ts',
    'config/tenants/essex/training.json',
    'config/tenants/essex.schools.json',
    'src/modules/encompass/settings.ts',
    'src/modules/encompass/schools-repository.ts',
    'src/modules/voice/surveys.ts',
    'config/tenants/essex/voice.json',
  ]) {
    hash.update(await readFile(path.join(ROOT, file)));
  }
  hash.update(await readFile(path.join(ROOT, 'package-lock.json')));
  const file = path.join(tmpdir(), `hearth-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const fresh = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrate(fresh);
    await seedReferenceData(fresh);
    const dump = await fresh.dump!();
    await fresh.close();
    // Write then rename, so a test file running alongside never reads half a template.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  }
}

/**
 * A fresh, migrated and tenant-seeded database for one test file: an in-memory PGlite, or a
 * new database created on the PostgreSQL server and dropped afterwards.
 */
export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  let database: Database;
  let cleanup = async () => {};
  let databaseUrl: string | undefined;
  if (testDatabaseKind() === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('HEARTH_TEST_DB=postgres needs TEST_DATABASE_URL');
    const scratch = await createScratchDatabase(url, 'hearth_test');
    databaseUrl = scratch.url;
    database = await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 5 });
    cleanup = scratch.drop;
  } else if (options.seed !== false) {
    database = await openDatabase({ kind: 'pglite', dataDir: 'memory://', template: await pgliteTemplate() });
  } else {
    database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  }
  await migrate(database);
  if (options.seed !== false) await seedReferenceData(database);
  return {
    database,
    url: databaseUrl,
    close: async () => {
      await database.close().catch(() => undefined);
      await cleanup();
    },
  };
}
