import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, TafMeetingsTable, TafSupportLogTable } from '../../../platform/db/schema/index.ts';

/** Kysely queries for TAF meetings and the TAF Support Officers' support log. Rules, transactions and audit are in taf-service.ts. */
export class TafRepository {
  constructor(private readonly db: Kysely<DB>) {}

  meeting(id: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('taf_meetings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insertMeeting(tx: Kysely<DB>, row: Insertable<TafMeetingsTable>) {
    return tx.insertInto('taf_meetings').values(row).execute();
  }

  /** A family's meetings (every episode), soonest-first for those to come, then the past newest first. */
  meetingsOf(familyId: string) {
    return this.db
      .selectFrom('taf_meetings as m')
      .select(['m.id', 'm.episode_id', 'm.starts_at', 'm.online', 'm.place', 'm.status', 'm.next_review_date'])
      .select((eb) =>
        eb
          .selectFrom('taf_meeting_invitees as i')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('i.meeting_id', '=', 'm.id')
          .as('invitees'),
      )
      .where('m.family_id', '=', familyId)
      .orderBy('m.starts_at', 'desc')
      .limit(500)
      .execute();
  }

  /** Invitees: a practitioner's name, email and organisation; a family member's name comes from PeopleService. */
  invitees(meetingId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('taf_meeting_invitees as i')
      .leftJoin('users as u', 'u.id', 'i.user_id')
      .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
      .select([
        'i.id',
        'i.user_id',
        'i.person_id',
        'i.attendance',
        'u.display_name',
        'u.email',
        'o.name as organisation_name',
      ])
      .where('i.meeting_id', '=', meetingId)
      .orderBy('i.person_id', (o) => o.asc().nullsFirst())
      .orderBy('u.display_name')
      .execute();
  }

  /** Practitioners involved with the episode now (any role), to offer as invitees. */
  practitionersOf(episodeId: string) {
    return this.db
      .selectFrom('episode_involvements as i')
      .innerJoin('users as u', 'u.id', 'i.user_id')
      .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
      .select(['u.id', 'u.display_name', 'u.email', 'o.name as organisation_name'])
      .distinct()
      .where('i.episode_id', '=', episodeId)
      .where('i.to_at', 'is', null)
      .where('u.is_active', '=', true)
      .orderBy('u.display_name')
      .execute();
  }

  userIdsInvolved(episodeId: string, userIds: string[]) {
    if (!userIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('episode_involvements')
      .select('user_id')
      .distinct()
      .where('episode_id', '=', episodeId)
      .where('user_id', 'in', userIds)
      .where('to_at', 'is', null)
      .execute();
  }

  /** A meeting's updates to the plan's actions, with each action's what, who and by when, in the plan's order. */
  actionUpdates(meetingId: string) {
    return this.db
      .selectFrom('taf_action_updates as u')
      .innerJoin('plan_actions as a', 'a.id', 'u.action_id')
      .select([
        'u.id',
        'u.action_id',
        'u.status_before',
        'u.status_after',
        'u.note',
        'a.description',
        'a.who_name',
        'a.due_date',
      ])
      .where('u.meeting_id', '=', meetingId)
      .orderBy('a.created_at')
      .orderBy('a.id')
      .execute();
  }

  // ---- The support log ----

  insertSupport(tx: Kysely<DB>, row: Insertable<TafSupportLogTable>) {
    return tx.insertInto('taf_support_log').values(row).execute();
  }

  /** An officer's own entries, newest first, with who was supported and the family the support was about. */
  supportOf(officerId: string, limit = 200) {
    return this.db
      .selectFrom('taf_support_log as s')
      .leftJoin('users as u', 'u.id', 's.practitioner_user_id')
      .leftJoin('organisations as uo', 'uo.id', 'u.organisation_id')
      .leftJoin('organisations as o', 'o.id', 's.organisation_id')
      .leftJoin('episodes as e', 'e.id', 's.episode_id')
      .leftJoin('families as f', 'f.id', 'e.family_id')
      .select(['s.id', 's.support_date', 's.kind', 's.notes', 's.episode_id', 'e.family_id', 'f.name as family_name'])
      .select((eb) => [
        eb.fn.coalesce('u.display_name', 's.practitioner_name').as('practitioner'),
        eb.fn.coalesce('uo.name', 'o.name', 's.organisation_name').as('organisation'),
      ])
      .where('s.officer_id', '=', officerId)
      .orderBy('s.support_date', 'desc')
      .orderBy('s.created_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Entries by month ('YYYY-MM') and kind, for every officer, from and to the given days (inclusive). */
  supportCounts(from: string, to: string) {
    return this.db
      .selectFrom('taf_support_log')
      .select([
        sql<string>`to_char(support_date, 'YYYY-MM')`.as('month'),
        'kind',
        (eb) => eb.fn.countAll<string>().as('n'),
      ])
      .where('support_date', '>=', from)
      .where('support_date', '<=', to)
      .groupBy([sql`to_char(support_date, 'YYYY-MM')`, 'kind'])
      .execute();
  }
}
