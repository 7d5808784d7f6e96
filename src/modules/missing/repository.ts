import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, MissingEpisodeNotificationsTable, MissingEpisodesTable } from '../../platform/db/schema/index.ts';

/** The missing module's tables (missing_episodes, missing_episode_notifications), and nothing else. */
export class MissingRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Opens the episode, or updates the one the force already has under this reference: the earliest report time
   * stands, the latest risk grading and routing win, and a return, once known, stays. One statement, so parallel
   * notifications about one episode make one episode.
   */
  async upsertEpisode(
    tx: Kysely<DB>,
    row: Insertable<MissingEpisodesTable>,
  ): Promise<{ id: string; created: boolean }> {
    const kept = (c: string) => sql.ref(`missing_episodes.${c}`);
    const latest = <T = string | null>(c: string) => sql<T>`coalesce(excluded.${sql.ref(c)}, ${kept(c)})`;
    const out = await tx
      .insertInto('missing_episodes')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['organisation_id', 'episode_reference']).doUpdateSet({
          reported_at: sql`least(${kept('reported_at')}, excluded.reported_at)`,
          risk_grading: sql`excluded.risk_grading`,
          returned_at: latest<Date | null>('returned_at'),
          returned_where: latest('returned_where'),
          returned_how: latest('returned_how'),
          // The Hub's choice stands; otherwise a notification that matched says who the child is.
          person_id: sql`case when ${kept('matched_by')} is not null then ${kept('person_id')}
            else coalesce(excluded.person_id, ${kept('person_id')}) end`,
          family_id: latest('family_id'),
          worker_id: latest('worker_id'),
          updated_at: sql`now()`,
          version: sql`${kept('version')} + 1`,
        }),
      )
      .returning(['id', sql<boolean>`(xmax = 0)`.as('created')])
      .executeTakeFirstOrThrow();
    return { id: out.id, created: out.created };
  }

  /**
   * The Hub's choice of person for an episode, if nobody changed the episode since it was read (false if they did).
   * The episode goes to the worker the child is open to, unless it has one already.
   */
  async setPerson(
    tx: Kysely<DB>,
    target: { id: string; version: number },
    change: { personId: string; by: string; familyId: string | null; workerId: string | null },
  ): Promise<boolean> {
    const kept = (c: string) => sql.ref(`missing_episodes.${c}`);
    const result = await tx
      .updateTable('missing_episodes')
      .set({
        person_id: change.personId,
        matched_by: change.by,
        matched_at: sql<Date>`now()`,
        family_id: sql<string | null>`coalesce(${kept('family_id')}, ${change.familyId})`,
        worker_id: sql<string | null>`coalesce(${kept('worker_id')}, ${change.workerId})`,
        updated_at: sql<Date>`now()`,
        version: sql<number>`${kept('version')} + 1`,
      })
      .where('id', '=', target.id)
      .where('version', '=', target.version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertNotification(tx: Kysely<DB>, row: Insertable<MissingEpisodeNotificationsTable>) {
    await tx
      .insertInto('missing_episode_notifications')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  /** Open episodes (not yet returned; or, `returned`, returned and not yet closed), newest report first. */
  open(limit: number, offset: number, returned = false) {
    const base = returned
      ? this.db.selectFrom('missing_episodes').where('returned_at', 'is not', null).where('closed_at', 'is', null)
      : this.db.selectFrom('missing_episodes').where('returned_at', 'is', null);
    return Promise.all([
      base.selectAll().orderBy('reported_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]).then(([rows, { n }]) => ({ rows, total: Number(n) }));
  }

  /** A worker's children's episodes: open ones, and those returned in the last `days` days. */
  forWorker(workerId: string, since: Date) {
    return this.db
      .selectFrom('missing_episodes')
      .selectAll()
      .where('worker_id', '=', workerId)
      .where((eb) => eb.or([eb('returned_at', 'is', null), eb('returned_at', '>=', since)]))
      .orderBy('reported_at', 'desc')
      .limit(50)
      .execute();
  }

  episode(id: string) {
    return this.db.selectFrom('missing_episodes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The name of the worker an episode was sent to (users may be read by every module). */
  async userName(id: string): Promise<string | null> {
    const u = await this.db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst();
    return u?.display_name ?? null;
  }

  notifications(episodeId: string) {
    return this.db
      .selectFrom('missing_episode_notifications')
      .selectAll()
      .where('episode_id', '=', episodeId)
      .orderBy('received_at')
      .orderBy('police_reference')
      .execute();
  }
}
