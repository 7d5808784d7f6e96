import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB, MissingChatKind, MissingChatsTable } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';

/** Chats still to finish: not yet offered, waiting for the answer, "not now", or accepted and not yet held. */
export const OPEN_STATUSES = ['due', 'offered', 'not-now', 'accepted'] as const;

/** The episode's columns a chat page and the due list show beside the chat. */
const EPISODE_COLUMNS = [
  'e.first_name',
  'e.last_name',
  'e.date_of_birth',
  'e.district',
  'e.missing_from',
  'e.risk_grading',
  'e.reported_at',
  'e.returned_at',
  'e.returned_where',
  'e.worker_id',
  'd.name as district_name',
] as const;

/** The missing module's chats table (missing_chats), read beside its own missing episodes. */
export class MissingChatsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Makes the chat unless the episode already has one of its kind (one statement: parallel starts make one). */
  async insert(
    within: Kysely<DB> | null,
    row: Insertable<MissingChatsTable>,
  ): Promise<{ id: string; created: boolean }> {
    const tx = within ?? this.db;
    const made = await tx
      .insertInto('missing_chats')
      .values(row)
      .onConflict((oc) => oc.columns(['episode_id', 'kind']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (made) return { id: made.id, created: true };
    const kept = await tx
      .selectFrom('missing_chats')
      .select('id')
      .where('episode_id', '=', row.episode_id)
      .where('kind', '=', row.kind)
      .executeTakeFirstOrThrow();
    return { id: kept.id, created: false };
  }

  /** An episode, inside the caller's transaction when given (the police notification's). */
  episode(id: string, tx: Kysely<DB> = this.db) {
    return tx.selectFrom('missing_episodes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A chat with its child's episode. */
  chat(id: string) {
    return this.db
      .selectFrom('missing_chats as c')
      .innerJoin('missing_episodes as e', 'e.id', 'c.episode_id')
      .leftJoin('districts as d', 'd.code', 'e.district')
      .selectAll('c')
      .select(EPISODE_COLUMNS)
      .where('c.id', '=', id)
      .executeTakeFirst();
  }

  forEpisode(episodeId: string) {
    return this.db
      .selectFrom('missing_chats')
      .selectAll()
      .where('episode_id', '=', episodeId)
      .orderBy('kind')
      .execute();
  }

  /**
   * Chats not yet offered, least time left first. Every chat's clock starts at the return and runs for the same
   * timescale, so the due time only grows with the return time, in calendar or working time alike: ordering by the
   * return is ordering by the time left, and a page can be read straight from the database.
   */
  due(kind: MissingChatKind, limit: number, offset: number) {
    const base = this.db
      .selectFrom('missing_chats as c')
      .innerJoin('missing_episodes as e', 'e.id', 'c.episode_id')
      .leftJoin('districts as d', 'd.code', 'e.district')
      .where('c.kind', '=', kind)
      .where('c.status', '=', 'due');
    return Promise.all([
      base
        .selectAll('c')
        .select(EPISODE_COLUMNS)
        .orderBy('e.returned_at')
        .orderBy('c.id')
        .limit(limit)
        .offset(offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]).then(([rows, { n }]) => ({ rows, total: Number(n) }));
  }

  /** Offered and not yet finished: the day to offer again first, then the oldest offer. At most `limit`. */
  underway(kind: MissingChatKind, limit: number) {
    const base = this.db
      .selectFrom('missing_chats as c')
      .innerJoin('missing_episodes as e', 'e.id', 'c.episode_id')
      .leftJoin('districts as d', 'd.code', 'e.district')
      .where('c.kind', '=', kind)
      .where('c.status', 'in', ['offered', 'not-now', 'accepted']);
    return Promise.all([
      base
        .selectAll('c')
        .select(EPISODE_COLUMNS)
        .orderBy(sql`c.offer_again_on asc nulls last`)
        .orderBy('c.offered_at')
        .orderBy('c.id')
        .limit(limit)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]).then(([rows, { n }]) => ({ rows, total: Number(n) }));
  }

  update(id: string, version: number, by: string | null, values: Updateable<MissingChatsTable>) {
    return updateVersioned(this.db, 'missing_chats', { id, version, by, what: 'This chat' }, values);
  }

  /** Records the exploitation concern raised from the chat (the latest one, if several). */
  async setConcern(id: string, concernId: string, by: string | null) {
    await this.db
      .updateTable('missing_chats')
      .set((eb) => ({ concern_id: concernId, updated_by: by, updated_at: new Date(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  /** Chats of the episodes returned in [from, to), with their return time, for the figures. */
  ofReturnsBetween(from: Date, to: Date) {
    return this.db
      .selectFrom('missing_chats as c')
      .innerJoin('missing_episodes as e', 'e.id', 'c.episode_id')
      .select(['c.kind', 'c.status', 'c.offered_at', 'c.held_how', 'e.returned_at'])
      .where('e.returned_at', '>=', from)
      .where('e.returned_at', '<', to)
      .execute();
  }
}
