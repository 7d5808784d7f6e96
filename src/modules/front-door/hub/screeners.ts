import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';

/** Reads the Hub's queue and decisions share: who screens, their names, and police notifications still to triage. */

/** Police notifications among these requests that still wait for their lighter triage. */
export async function untriagedAmong(db: Kysely<DB>, requestIds: string[]): Promise<Set<string>> {
  if (requestIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('police_notifications')
    .select('request_id')
    .where('request_id', 'in', requestIds)
    .where('triage_outcome', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.request_id));
}

/** The people who screen, for the "assigned to" filter and a manager's reassignment. */
export async function screenersOf(db: Kysely<DB>): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.display_name'])
    .where('r.role', 'in', ['hub-practitioner', 'hub-manager'])
    .where('u.is_active', '=', true)
    .distinct()
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

/** Screeners' names by id, for the queue's "assigned to" column. */
export async function screenerNames(db: Kysely<DB>, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
