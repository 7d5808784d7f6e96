import { mkdir } from 'node:fs/promises';
import { lockPgliteFolder } from './pglite-lock.ts';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema/index.ts';

export interface ScriptConnection {
  exec(script: string): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

export type DatabaseTarget =
  /**
   * `template`: a dumped data directory (PGlite's dumpDataDir) to start from, used by tests. `log`: Kysely's log hook,
   * called after every query (the benchmarks count and time a page's queries with it).
   */
  | { kind: 'pglite'; dataDir: string; template?: Blob; log?: (event: LogEvent) => void }
  /**
   * `log`: as for PGlite.
   * `readUrl`: a read replica (READ_DATABASE_URL) for reporting reads, exposed as `readDb`.
   */
  | { kind: 'postgres'; url: string; readUrl?: string; poolSize?: number; log?: (event: LogEvent) => void };

/**
 * The database Hearth runs on: a Kysely instance for queries, plus the two things Kysely
 * cannot express the same way on both engines — running a multi-statement script (migrations)
 * inside a transaction, and closing.
 */
export interface Database {
  readonly kind: DatabaseTarget['kind'];
  readonly db: Kysely<DB>;
  /**
   * Where reporting reads go (the performance framework's counts): the read replica when READ_DATABASE_URL is set,
   * otherwise `db` itself. Never written to.
   */
  readonly readDb: Kysely<DB>;
  /** PGlite only: a copy of the whole data directory. */
  dump?: () => Promise<Blob>;
  /** PGlite only: runs a multi-statement script, waiting its turn on the connection; rows of every statement. */
  execScript?: (script: string) => Promise<{ rows: unknown[] }>;
  /** Runs `work` in one transaction on one connection, where `exec` may run multi-statement scripts. */
  scriptTransaction<T>(work: (tx: ScriptConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Types that PGlite and node-postgres parse differently are parsed the same way here,
// so services never see the difference: counts and bigints as numbers, dates as 'YYYY-MM-DD'.
const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;
const toNumber = (value: string) => Number(value);
const asText = (value: string) => value;

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'postgres'
    ? openPostgres(target.url, target.poolSize, target.log, target.readUrl)
    : openPGlite(target.dataDir, target.template, target.log);
}

async function openPGlite(dataDir: string, template?: Blob, log?: (event: LogEvent) => void): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  // One process per folder: a second one would corrupt the database.
  const lock = inMemory ? null : await lockPgliteFolder(dataDir);
  let pglite: PGlite;
  try {
    if (!inMemory) await mkdir(dataDir, { recursive: true });
    pglite = await PGlite.create({
      dataDir,
      ...(template ? { loadDataDir: template } : {}),
      extensions: { pg_trgm, fuzzystrmatch, unaccent },
      parsers: { [OID.INT8]: toNumber, [OID.NUMERIC]: toNumber, [OID.DATE]: asText },
    });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), ...(log ? { log } : {}) });
  return {
    dump: () => pglite.dumpDataDir('none'),
    execScript: (script) =>
      db.connection().execute(async () => {
        try {
          // Rows of every statement, so a RETURNING before a trailing COMMIT is not lost.
          return { rows: (await pglite.exec(script)).flatMap((result) => result.rows ?? []) };
        } catch (error) {
          // A failed statement inside BEGIN…COMMIT would leave the one connection aborted.
          await pglite.exec('rollback').catch(() => undefined);
          throw error;
        }
      }),
    kind: 'pglite',
    db,
    readDb: db,
    // Run through Kysely's connection so the script waits its turn on the single connection.
    scriptTransaction: (work) =>
      db.connection().execute(async () => {
        let result: Awaited<ReturnType<typeof work>>;
        await pglite.exec('begin');
        try {
          result = await work({
            exec: async (script) => {
              await pglite.exec(script);
            },
            query: async <R>(text: string, params: unknown[] = []) => (await pglite.query<R>(text, params)).rows,
          });
          await pglite.exec('commit');
        } catch (error) {
          await pglite.exec('rollback');
          throw error;
        }
        return result;
      }),
    close: async () => {
      await db.destroy();
      await pglite.close();
      await lock?.release();
    },
  };
}

async function openPostgres(
  url: string,
  poolSize = 10,
  log?: (event: LogEvent) => void,
  readUrl?: string,
): Promise<Database> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === OID.INT8 || oid === OID.NUMERIC) return toNumber;
      if (oid === OID.DATE) return asText;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const connect = (connectionString: string, max: number) => {
    const pool = new pg.Pool({ connectionString, max, types });
    // A dropped connection must not crash the process; the next query reports the failure.
    pool.on('error', () => undefined);
    return { pool, db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...(log ? { log } : {}) }) };
  };
  const { pool, db } = connect(url, poolSize);
  // The replica serves reports only: a few connections are enough.
  const reader = readUrl ? connect(readUrl, Math.max(2, Math.ceil(poolSize / 2))).db : undefined;
  return {
    kind: 'postgres',
    db,
    readDb: reader ?? db,
    scriptTransaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({
          exec: async (script) => {
            await client.query(script);
          },
          query: async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[],
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: async () => {
      await reader?.destroy();
      await db.destroy();
    },
  };
}
