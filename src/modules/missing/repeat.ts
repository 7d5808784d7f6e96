import { subDays } from 'date-fns';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import type { TenantConfig } from '../reference/index.ts';

/**
 * Repeat missing (issue 13): a child with the tenant's number of episodes or more reported within its number of
 * days (Essex: 3 in 90) is marked "Repeat missing" wherever they appear. A child is their matched person, or, for
 * episodes the Hub could not match, the same force, name and date of birth (without a date of birth an unmatched
 * child cannot be told from another, and is never counted as repeat). Each question is one query for a page of
 * rows, never one a row.
 */

/** Episode `o` is about the same child as episode `t` (both aliases of missing_episodes). */
export function sameChild(o: string, t: string): RawBuilder<boolean> {
  const c = (alias: string, column: string) => sql.ref(`${alias}.${column}`);
  return sql<boolean>`(
    (${c(t, 'person_id')} is not null and ${c(o, 'person_id')} = ${c(t, 'person_id')})
    or (${c(t, 'person_id')} is null and ${c(t, 'date_of_birth')} is not null and ${c(o, 'person_id')} is null
      and ${c(o, 'organisation_id')} = ${c(t, 'organisation_id')} and ${c(o, 'date_of_birth')} = ${c(t, 'date_of_birth')}
      and lower(${c(o, 'first_name')}) = lower(${c(t, 'first_name')}) and lower(${c(o, 'last_name')}) = lower(${c(t, 'last_name')})))`;
}

/**
 * How many episodes `o` about the same child as episode `t` (sameChild) were reported from `since` (and up to `until`
 * when given): one indexed lookup each, by person (missing_episodes_person_reported_idx) or, for an unmatched child, by
 * force, name and date of birth (missing_episodes_unmatched_child_idx). The same count as filtering every episode in
 * the window by sameChild, whose `or` no index serves: an unmatched child without a date of birth is nobody's repeat (0).
 */
export function sameChildCount(t: string, since: RawBuilder<unknown>, until?: RawBuilder<unknown>): RawBuilder<number> {
  const c = (alias: string, column: string) => sql.ref(`${alias}.${column}`);
  const window = until ? sql`o.reported_at >= ${since} and o.reported_at <= ${until}` : sql`o.reported_at >= ${since}`;
  return sql<number>`case
    when ${c(t, 'person_id')} is not null then
      (select count(*) from missing_episodes o where o.person_id = ${c(t, 'person_id')} and ${window})
    when ${c(t, 'date_of_birth')} is not null then
      (select count(*) from missing_episodes o where o.person_id is null
        and o.organisation_id = ${c(t, 'organisation_id')} and lower(o.first_name) = lower(${c(t, 'first_name')})
        and lower(o.last_name) = lower(${c(t, 'last_name')}) and o.date_of_birth = ${c(t, 'date_of_birth')} and ${window})
    else 0 end`;
}

/** One key a child: their person, else force, name and date of birth, else (not to be told apart) the episode. */
export function childKey(alias: string): RawBuilder<string> {
  const c = (column: string) => sql.ref(`${alias}.${column}`);
  return sql<string>`coalesce(${c('person_id')}::text,
    ${c('organisation_id')}::text || '|' || lower(${c('first_name')}) || '|' || lower(${c('last_name')}) || '|' || ${c('date_of_birth')}::text,
    'episode:' || ${c('id')}::text)`;
}

type Repeat = TenantConfig['missing']['repeat'];

export class RepeatMissing {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly settings: () => Promise<Repeat>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The episodes `t` (found by `from`/`where`) whose child is repeat missing now, with the key asked about. */
  private async repeatOf(from: RawBuilder<unknown>, where: RawBuilder<boolean>, key: RawBuilder<string>) {
    const { episodes, withinDays } = await this.settings();
    const since = subDays(this.now(), withinDays);
    const { rows } = await sql<{ key: string; episode_id: string }>`
      select distinct on (${key}) ${key} as key, t.id as episode_id
      from ${from}
      where ${where} and ${sameChildCount('t', sql`${since}`)} >= ${episodes}
      order by ${key}, t.reported_at desc`.execute(this.db);
    return new Map(rows.map((r) => [r.key, r.episode_id]));
  }

  /** Of these episodes, those whose child is repeat missing. */
  async episodes(ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const found = await this.repeatOf(
      sql`missing_episodes t`,
      sql<boolean>`t.id in (${sql.join(ids)})`,
      sql<string>`t.id::text`,
    );
    return new Set(found.keys());
  }

  /** Of these police notifications (requests for support), those about a repeat missing child: request → episode. */
  async requests(requestIds: readonly string[]): Promise<Map<string, string>> {
    if (!requestIds.length) return new Map();
    return this.repeatOf(
      sql`missing_episode_notifications n join missing_episodes t on t.id = n.episode_id`,
      sql<boolean>`n.request_id in (${sql.join(requestIds)})`,
      sql<string>`n.request_id::text`,
    );
  }

  /** Of these people, those repeat missing: person → their latest episode. */
  async people(personIds: readonly string[]): Promise<Map<string, string>> {
    if (!personIds.length) return new Map();
    return this.repeatOf(
      sql`missing_episodes t`,
      sql<boolean>`t.person_id in (${sql.join(personIds)})`,
      sql<string>`t.person_id::text`,
    );
  }
}
