import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
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
 * What a seeded template depends on: the migrations, the tenant files and every source file (a seed reads
 * repositories, schemas and settings from all over src/), this file and the lock file. A change to any of them makes a new
 * template, so a template is never stale; an unchanged tree reuses the one already built, on the day it was built.
 */
async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  const files = [
    ...(await readdir(MIGRATIONS_DIR, { recursive: true })).map((f) => path.join(MIGRATIONS_DIR, f)),
    ...(await readdir(TENANTS_DIR, { recursive: true })).map((f) => path.join(TENANTS_DIR, f)),
    ...(await readdir(path.join(ROOT, 'src'), { recursive: true }))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => path.join(ROOT, 'src', f)),
    path.join(ROOT, 'package-lock.json'),
    // This file: what seedReferenceData seeds.
    fileURLToPath(import.meta.url),
  ].sort();
  for (const file of files) {
    const content = await readFile(file).catch(() => null); // a folder
    if (content) hash.update(path.relative(ROOT, file)).update(content);
  }
  // A seed may date what it makes from today (meetings, sessions to come): a template is for one day only.
  hash.update(new Date().toISOString().slice(0, 10));
  return hash.digest('hex').slice(0, 16);
}

let key: Promise<string> | undefined;
/** Once per test worker: worked out again for every test file, it costs more than it saves. */
const templateKeyOnce = () => (key ??= templateKey());

/**
 * Creating a PGlite database (initdb) and migrating it takes seconds; loading a dumped one takes well under one.
 * The first test file to need it builds a migrated, seeded template and keeps it in the temp folder, named by
 * `templateKey`.
 */
let pgliteDump: Promise<Blob> | undefined;
async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(tmpdir(), `hearth-pglite-template-${await templateKeyOnce()}.tar`);
  try {
    return new TemplateBlob(new Uint8Array(await readFile(file)));
  } catch {
    const fresh = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrate(fresh);
    await seedReferenceData(fresh);
    // PostgreSQL's default 128 MB of shared buffers are set up every time a copy starts: a third of the time a test
    // file waited for its database. A test database's working set is a few megabytes.
    await fresh.execScript!(`alter system set shared_buffers = '16MB'`);
    const dump = new TemplateBlob(new Uint8Array(await (await fresh.dump!()).arrayBuffer()));
    await fresh.close();
    // Write then rename, so a test file running alongside never reads half a template.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
    await removeOldTemplates(file);
    return dump;
  }
}
/**
 * The template's bytes, handed to each new PGlite as they are. PGlite reads its template with `arrayBuffer()`, which
 * for Node's own Blob streams the 50 MB in small chunks and joins them: a quarter of the time a copy took to start.
 * Each caller gets its own copy of the bytes, as from a Blob.
 */
class TemplateBlob extends Blob {
  readonly #bytes: Uint8Array<ArrayBuffer>;
  constructor(bytes: Uint8Array<ArrayBuffer>) {
    super([bytes]);
    this.#bytes = bytes;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#bytes.slice().buffer);
  }
}

/** Templates for other trees or days, a day old or more (50 MB each), so the temp folder does not fill up. */
async function removeOldTemplates(current: string) {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of await readdir(tmpdir())) {
    const file = path.join(tmpdir(), name);
    if (!name.startsWith('hearth-pglite-template-') || file === current) continue;
    const info = await stat(file).catch(() => null);
    if (info && info.mtimeMs < dayAgo) await rm(file, { force: true });
  }
}
const pgliteTemplateOnce = () => (pgliteDump ??= pgliteTemplate());

/**
 * The same on PostgreSQL: a migrated, seeded template database named by `templateKey`, built once by whichever
 * worker gets there first (the others wait on an advisory lock), under a temporary name renamed when complete, so a
 * build that dies half way is never used. Each test file's database is a copy of it (`create database … template`).
 */
let postgresTemplateName: Promise<string> | undefined;
async function postgresTemplate(serverUrl: string): Promise<string> {
  const name = `hearth_template_${await templateKeyOnce()}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [name]);
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount) return name;
    const building = `${name}_${process.pid}`;
    await client.query(`drop database if exists ${building}`);
    await client.query(`create database ${building}`);
    const url = new URL(serverUrl);
    url.pathname = `/${building}`;
    const fresh = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
    await migrate(fresh);
    await seedReferenceData(fresh);
    await fresh.close();
    await client.query(`alter database ${building} rename to ${name}`);
    return name;
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
    await client.end();
  }
}
const postgresTemplateOnce = (serverUrl: string) => (postgresTemplateName ??= postgresTemplate(serverUrl));

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
    const scratch = await createScratchDatabase(url, 'hearth_test', {
      template: options.seed !== false ? await postgresTemplateOnce(url) : undefined,
    });
    databaseUrl = scratch.url;
    database = await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 5 });
    cleanup = scratch.drop;
  } else if (options.seed !== false) {
    database = await openDatabase({ kind: 'pglite', dataDir: 'memory://', template: await pgliteTemplateOnce() });
  } else {
    database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  }
  // A copy of a template is migrated and seeded already: this only checks that no migration is missing. An unseeded
  // database (seed: false) is migrated here.
  await migrate(database);
  return {
    database,
    url: databaseUrl,
    close: async () => {
      await database.close().catch(() => undefined);
      await cleanup();
    },
  };
}
