import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';

/** One count of missing episodes: a key (a district, where the child went missing from, where they returned) in one district. */
export interface MissingCountRow {
  key: string;
  label: string;
  district: string;
  count: number;
}

/**
 * Missing episodes reported in [from, to) in the given districts, counted for MACE 2's local picture (issue 13):
 * by district, by where the child went missing from, and by where they were found on return (as the police typed
 * it, trimmed, case ignored). Counts only, nothing about a child.
 */
export async function missingCounts(
  db: Kysely<DB>,
  { from, to, districts }: { from: Date; to: Date; districts: readonly string[] },
): Promise<{ byDistrict: MissingCountRow[]; byMissingFrom: MissingCountRow[]; byReturnedWhere: MissingCountRow[] }> {
  if (districts.length === 0) return { byDistrict: [], byMissingFrom: [], byReturnedWhere: [] };
  const base = db
    .selectFrom('missing_episodes')
    .where('reported_at', '>=', from)
    .where('reported_at', '<', to)
    .where('district', 'in', [...districts]);
  const n = sql<string>`count(*)`.as('n');
  const returned = sql<string>`lower(trim(returned_where))`;
  const [byDistrict, byMissingFrom, byReturnedWhere] = await Promise.all([
    base.select(['district as key', 'district as label', 'district', n]).groupBy('district').execute(),
    base
      .select(['missing_from as key', 'missing_from as label', 'district', n])
      .groupBy(['missing_from', 'district'])
      .execute(),
    base
      .where(sql<boolean>`trim(coalesce(returned_where, '')) <> ''`)
      .select([returned.as('key'), sql<string>`min(trim(returned_where))`.as('label'), 'district', n])
      .groupBy([returned, 'district'])
      .execute(),
  ]);
  const tidy = (rows: { key: string; label: string; district: string; n: string | number }[]) =>
    rows.map((r) => ({ key: r.key, label: r.label, district: r.district, count: Number(r.n) }));
  return { byDistrict: tidy(byDistrict), byMissingFrom: tidy(byMissingFrom), byReturnedWhere: tidy(byReturnedWhere) };
}
