import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import type { Database } from './database.ts';
import { MIGRATIONS_DIR, migrate } from './migrate.ts';
import type { DB } from './schema/index.ts';

let testDb: TestDatabase;
let database: Database;
let db: Kysely<DB>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = testDb.database;
  db = database.db;
});
afterAll(async () => {
  await testDb?.close();
});

const tableExists = async (name: string) => {
  const { rows } = await sql<{ found: string | null }>`select to_regclass(${name})::text as found`.execute(db);
  return rows[0]!.found !== null;
};

describe('migrate', () => {
  it('has applied every migration file, and a second run does nothing', async () => {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
    expect(files.length).toBeGreaterThan(0);
    const applied = await db.selectFrom('hearth_migrations').select('name').orderBy('name').execute();
    expect(applied.map((a) => a.name)).toEqual(files);

    expect(await migrate(database)).toEqual([]);
    expect(await migrate(database)).toEqual([]);
    expect(await db.selectFrom('hearth_migrations').select('name').execute()).toHaveLength(files.length);
  });

  it('applies new files in name order and rolls all of them back when one fails', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-migrations-'));
    try {
      await writeFile(path.join(dir, '9001_probe.sql'), 'create table migration_probe (id integer primary key);');
      await writeFile(
        path.join(dir, '9002_broken.sql'),
        'insert into migration_probe values (1);\ncreate tabel oops (id int);',
      );
      await writeFile(path.join(dir, 'README.md'), 'not a migration');
      await expect(migrate(database, dir)).rejects.toThrow();
      expect(await tableExists('migration_probe')).toBe(false);
      const names = (await db.selectFrom('hearth_migrations').select('name').execute()).map((r) => r.name);
      expect(names).not.toContain('9001_probe.sql');

      await writeFile(path.join(dir, '9002_broken.sql'), 'insert into migration_probe values (1);');
      expect(await migrate(database, dir)).toEqual(['9001_probe.sql', '9002_broken.sql']);
      expect(await tableExists('migration_probe')).toBe(true);
      expect(await migrate(database, dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await sql`drop table if exists migration_probe`.execute(db);
    }
  });
});

describe('type normalisation', () => {
  it('returns count(*) and bigints as numbers', async () => {
    const { rows } = await sql<{
      n: unknown;
      big: unknown;
    }>`select count(*) as n, 9007199254740991::bigint as big from districts`.execute(db);
    expect(rows[0]).toEqual({ n: 12, big: Number.MAX_SAFE_INTEGER });
    const counted = await db
      .selectFrom('quadrants')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(counted.n).toBe(4);
  });

  it("returns dates as 'YYYY-MM-DD' strings, not Dates at local midnight", async () => {
    const { rows } = await sql<{
      d: unknown;
      nothing: unknown;
    }>`select date '2024-03-31' as d, null::date as nothing`.execute(db);
    expect(rows[0]).toEqual({ d: '2024-03-31', nothing: null });
  });

  it('returns timestamptz as a Date at the right instant', async () => {
    const { rows } = await sql<{ t: unknown }>`select timestamptz '2024-03-31T00:30:00+01:00' as t`.execute(db);
    expect(rows[0]!.t).toBeInstanceOf(Date);
    expect((rows[0]!.t as Date).toISOString()).toBe('2024-03-30T23:30:00.000Z');
  });

  it('round-trips a Date through a timestamptz column', async () => {
    const when = new Date('2025-06-01T12:34:56.789Z');
    await db.insertInto('rate_limits').values({ key: 'types-probe', count: 1, reset_at: when }).execute();
    const stored = await db
      .selectFrom('rate_limits')
      .select(['reset_at', 'count'])
      .where('key', '=', 'types-probe')
      .executeTakeFirstOrThrow();
    expect(stored.reset_at).toEqual(when);
    expect(stored.count).toBe(1);
  });

  it('returns numeric as a number', async () => {
    const { rows } = await sql<{
      n: unknown;
      whole: unknown;
    }>`select 12.5::numeric as n, 3::numeric(10, 2) as whole`.execute(db);
    expect(rows[0]).toEqual({ n: 12.5, whole: 3 });
  });

  it('normalises the same way inside scriptTransaction', async () => {
    const row = await database.scriptTransaction(async (tx) => {
      const [result] = await tx.query<{ n: unknown; d: unknown; t: unknown }>(
        "select count(*) as n, date '2024-01-02' as d, now() as t from quadrants",
      );
      return result!;
    });
    expect(row.n).toBe(4);
    expect(row.d).toBe('2024-01-02');
    expect(row.t).toBeInstanceOf(Date);
  });
});

describe('scriptTransaction', () => {
  it('commits a multi-statement script and returns what the work returns', async () => {
    const result = await database.scriptTransaction(async (tx) => {
      await tx.exec('create table script_probe (id integer primary key); insert into script_probe values (1), (2);');
      return tx.query<{ id: number }>('select id from script_probe where id > $1 order by id', [0]);
    });
    expect(result).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await tableExists('script_probe')).toBe(true);
    await sql`drop table script_probe`.execute(db);
  });

  it('rolls everything back when a statement in the script fails', async () => {
    await expect(
      database.scriptTransaction(async (tx) => {
        await tx.exec('create table rollback_probe (id integer); insert into rollback_probe values (1);');
        await tx.exec('insert into rollback_probe values (2); select * from no_such_table;');
      }),
    ).rejects.toThrow(/no_such_table/);
    expect(await tableExists('rollback_probe')).toBe(false);
  });

  it('rolls back when the work itself throws', async () => {
    await expect(
      database.scriptTransaction(async (tx) => {
        await tx.exec('create table thrown_probe (id integer);');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await tableExists('thrown_probe')).toBe(false);
  });

  it('leaves the database usable for queries and transactions afterwards', async () => {
    const results = await Promise.all([
      database.scriptTransaction(async (tx) => tx.query<{ one: number }>('select 1 as one')),
      db.selectFrom('districts').select('code').where('code', '=', 'harlow').execute(),
      db.transaction().execute(async (tx) => tx.selectFrom('quadrants').select('code').orderBy('sort_order').execute()),
    ]);
    expect(results[0]).toEqual([{ one: 1 }]);
    expect(results[1]).toEqual([{ code: 'harlow' }]);
    expect(results[2].map((q) => q.code)).toEqual(['north-east', 'mid', 'west', 'south']);
  });
});

describe('a read replica (READ_DATABASE_URL)', () => {
  const url = process.env.TEST_DATABASE_URL;
  it.runIf(url)('opens a second pool for reporting reads, and closes both', async () => {
    const { openDatabase } = await import('./database.ts');
    const opened = await openDatabase({ kind: 'postgres', url: url!, readUrl: url!, poolSize: 2 });
    expect(opened.readDb).not.toBe(opened.db);
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(opened.readDb);
    expect(rows).toEqual([{ one: 1 }]);
    await opened.close();
    await expect(sql`select 1`.execute(opened.readDb)).rejects.toThrow();
  });

  it('is the database itself when there is no replica', () => {
    expect(database.readDb).toBe(database.db);
  });
});
