import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));
const MIGRATION_LOCK = 7_426_981;

/**
 * Applies the numbered .sql files in migrations/ that have not run yet, in name order, in one
 * transaction. An advisory lock makes concurrent start-ups of several instances safe: the
 * second waits, then finds nothing left to do.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(name)).sort();
  return database.scriptTransaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(
      'create table if not exists hearth_migrations (name text primary key, applied_at timestamptz not null default now())',
    );
    const rows = await tx.query<{ name: string }>('select name from hearth_migrations');
    const applied = new Set(rows.map((row) => row.name));
    const done: string[] = [];
    for (const name of names.filter((n) => !applied.has(n))) {
      await tx.exec(await readFile(path.join(dir, name), 'utf8'));
      await tx.query('insert into hearth_migrations (name) values ($1)', [name]);
      done.push(name);
    }
    return done;
  });
}
