/** Bulk loading for the Protect benchmark (scripts/bench-protect.ts and its extras). */
import { sql } from 'kysely';
import type { Database } from '../src/platform/db/database.ts';
import type { Row } from './generate-protect.ts';

const CHUNK = 10_000;

/** Inserts rows with one `insert … select from unnest($1::uuid[], $2::text[], …)` per CHUNK rows. */
export async function load(db: Database['db'], table: string, columns: [string, string][], rows: Row[]) {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const batch = rows.slice(start, start + CHUNK);
    const arrays = columns.map(([name, type]) =>
      type.endsWith('[]')
        ? // Arrays of arrays do not unnest row by row: send each as a literal and cast.
          sql`${sql.val(batch.map((r) => (r[name] == null ? null : `{${(r[name] as string[]).map((v) => `"${v}"`).join(',')}}`)))}::text[]`
        : sql`${sql.val(batch.map((r) => r[name] ?? null))}::${sql.raw(type)}[]`,
    );
    const select = columns.map(([, type], i) =>
      type.endsWith('[]') ? sql`${sql.ref(`u.c${i}`)}::${sql.raw(type)}` : sql.ref(`u.c${i}`),
    );
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.ref(name)))})
      select ${sql.join(select)} from unnest(${sql.join(arrays)}) as u(${sql.join(columns.map((_, i) => sql.id(`c${i}`)))})`.execute(
      db,
    );
  }
}
