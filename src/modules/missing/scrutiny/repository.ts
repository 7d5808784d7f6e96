import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import { childKey, sameChild } from '../repeat.ts';

/** The scrutiny's and closing's queries over the missing module's own tables (users and districts for names). */
export class ScrutinyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Under-age episodes not yet scrutinised (oldest report first), or scrutinised ones (newest review first). */
  async list(underAge: number, done: boolean, limit: number, offset: number) {
    const base = this.db
      .selectFrom('missing_episodes as e')
      .leftJoin('missing_scrutinies as s', 's.episode_id', 'e.id')
      .where('e.age_at_missing', '<', underAge)
      .where('s.id', done ? 'is not' : 'is', null);
    const [rows, count] = await Promise.all([
      base
        .leftJoin('users as u', 'u.id', 's.reviewed_by')
        .selectAll('e')
        .select(['s.reviewed_at', 'u.display_name as reviewed_by_name'])
        .$call((q) => (done ? q.orderBy('s.reviewed_at', 'desc') : q.orderBy('e.reported_at', 'asc')))
        .orderBy('e.id')
        .limit(limit)
        .offset(offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  scrutinyOf(episodeId: string) {
    return this.db
      .selectFrom('missing_scrutinies as s')
      .innerJoin('users as u', 'u.id', 's.reviewed_by')
      .selectAll('s')
      .select('u.display_name as reviewed_by_name')
      .where('s.episode_id', '=', episodeId)
      .executeTakeFirst();
  }

  actionsOf(scrutinyId: string) {
    return this.db
      .selectFrom('missing_scrutiny_actions')
      .selectAll()
      .where('scrutiny_id', '=', scrutinyId)
      .orderBy('position')
      .execute();
  }

  setDraft(scrutinyId: string, draftId: string) {
    return this.db
      .updateTable('missing_scrutinies')
      .set((eb) => ({ request_draft_id: draftId, updated_at: new Date(), version: eb('version', '+', 1) }))
      .where('id', '=', scrutinyId)
      .where('request_draft_id', 'is', null)
      .executeTakeFirst();
  }

  /** Closes the episode if it is still at the version the user saw and not yet closed: whether it did. */
  async close(id: string, version: number, by: string, note: string): Promise<boolean> {
    const result = await this.db
      .updateTable('missing_episodes')
      .set((eb) => ({
        closed_at: new Date(),
        closed_by: by,
        closing_note: note || null,
        updated_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('version', '=', version)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Every episode of the same child as this one, newest report first. */
  childEpisodes(episodeId: string) {
    return this.db
      .selectFrom('missing_episodes as o')
      .innerJoin('missing_episodes as t', (j) => j.on(sameChild('o', 't')))
      .selectAll('o')
      .where('t.id', '=', episodeId)
      .orderBy('o.reported_at', 'desc')
      .limit(200)
      .execute();
  }

  /** Episodes, distinct children, from care, under-age and scrutinised, by district and quadrant, in a period. */
  async figures(from: Date, to: Date, underAge: number, repeat: { episodes: number; withinDays: number }) {
    const inPeriod = this.db
      .selectFrom('missing_episodes as e')
      .innerJoin('districts as d', 'd.code', 'e.district')
      .innerJoin('quadrants as q', 'q.id', 'd.quadrant_id')
      .leftJoin('missing_scrutinies as s', 's.episode_id', 'e.id')
      .where('e.reported_at', '>=', from)
      .where('e.reported_at', '<', to);
    const counts = [
      sql<number>`count(*)`.as('episodes'),
      sql<number>`count(distinct ${childKey('e')})`.as('children'),
      sql<number>`count(*) filter (where e.missing_from = 'care-placement')`.as('from_care'),
      sql<number>`count(*) filter (where e.age_at_missing < ${underAge})`.as('under_age'),
      sql<number>`count(*) filter (where e.age_at_missing < ${underAge} and s.id is not null)`.as('scrutinised'),
    ];
    const [byDistrict, byQuadrant, total, repeatChildren] = await Promise.all([
      inPeriod.select(counts).select(['d.code as code', 'd.name as name']).groupBy(['d.code', 'd.name']).execute(),
      inPeriod.select(counts).select(['q.code as code', 'q.name as name']).groupBy(['q.code', 'q.name']).execute(),
      inPeriod.select(counts).executeTakeFirstOrThrow(),
      // Children who, at a report in the period, had the repeat number of episodes within the days before it.
      sql<{ n: number }>`select count(distinct ${childKey('t')}) as n from missing_episodes t
        where t.reported_at >= ${from} and t.reported_at < ${to} and (
          select count(*) from missing_episodes o
          where o.reported_at <= t.reported_at and o.reported_at > t.reported_at - make_interval(days => ${repeat.withinDays})
            and ${sameChild('o', 't')}) >= ${repeat.episodes}`.execute(this.db),
    ]);
    return { byDistrict, byQuadrant, total, repeatChildren: Number(repeatChildren.rows[0]?.n ?? 0) };
  }
}
