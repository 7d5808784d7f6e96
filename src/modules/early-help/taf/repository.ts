import { sql, type Insertable, type Kysely } from 'kysely';
import { supportGiven } from './support-given.ts';
import type { SupportFigureKind } from './types.ts';
import type { DB, TafMeetingsTable, TafPartnersTable, TafSupportLogTable } from '../../../platform/db/schema/index.ts';

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

  /**
   * Invitees: a Hearth user's name, email and organisation; a practitioner without an account's (partner_*,
   * their organisation in organisation_name too); a family member's name comes from PeopleService.
   */
  invitees(meetingId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('taf_meeting_invitees as i')
      .leftJoin('users as u', 'u.id', 'i.user_id')
      .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
      .leftJoin('taf_partners as p', 'p.id', 'i.partner_id')
      .leftJoin('organisations as po', 'po.id', 'p.organisation_id')
      .select([
        'i.id',
        'i.user_id',
        'i.person_id',
        'i.partner_id',
        'i.attendance',
        'u.display_name',
        'u.email',
        'p.name as partner_name',
        'p.email as partner_email',
        'p.role as partner_role',
      ])
      .select((eb) => eb.fn.coalesce('o.name', 'po.name', 'p.organisation_name').as('organisation_name'))
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

  // ---- Practitioners in the TAF without a Hearth account ----

  /** The episode's practitioners without an account now in its TAF, with their organisation's name. */
  partnersOf(episodeId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('taf_partners as p')
      .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
      .select(['p.id', 'p.episode_id', 'p.family_id', 'p.name', 'p.role', 'p.email', 'p.phone', 'p.added_at'])
      .select((eb) => eb.fn.coalesce('o.name', 'p.organisation_name').as('organisation_name'))
      .where('p.episode_id', '=', episodeId)
      .where('p.removed_at', 'is', null)
      .orderBy('p.name')
      .orderBy('p.id')
      .execute();
  }

  partner(id: string) {
    return this.db
      .selectFrom('taf_partners as p')
      .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
      .selectAll('p')
      .select((eb) => eb.fn.coalesce('o.name', 'p.organisation_name').as('organisation'))
      .where('p.id', '=', id)
      .executeTakeFirst();
  }

  insertPartner(tx: Kysely<DB>, row: Insertable<TafPartnersTable>) {
    return tx.insertInto('taf_partners').values(row).execute();
  }

  /**
   * For administrators: practitioners in a TAF without an account, one row an email, on open episodes, whose email
   * is not (yet) a Hearth user's: the latest name, role and organisation given, in how many families' TAFs, and
   * when first added. Nothing about the families themselves.
   */
  async withoutAccounts(limit = 500) {
    const { rows } = await sql<{
      email: string;
      name: string;
      role: string;
      organisation_id: string | null;
      organisation: string;
      families: number;
      first_added: Date;
    }>`
      select distinct on (p.email) p.email, p.name, p.role, p.organisation_id,
        coalesce(o.name, p.organisation_name) as organisation,
        (select count(distinct q.family_id)::int from taf_partners q join episodes qe on qe.id = q.episode_id
           where q.email = p.email and q.removed_at is null and qe.status = 'open') as families,
        (select min(q.added_at) from taf_partners q where q.email = p.email) as first_added
      from taf_partners p
      join episodes e on e.id = p.episode_id
      left join organisations o on o.id = p.organisation_id
      where p.removed_at is null and e.status = 'open'
        and not exists (select 1 from users u where lower(u.email) = p.email)
      order by p.email, p.added_at desc
      limit ${limit}`.execute(this.db);
    return rows.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The episode's meetings still to come (scheduled, starting after now), soonest first. */
  upcomingMeetings(episodeId: string, now: Date, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('taf_meetings')
      .select(['id', 'starts_at', 'online', 'place'])
      .where('episode_id', '=', episodeId)
      .where('status', '=', 'scheduled')
      .where('starts_at', '>', now)
      .orderBy('starts_at')
      .limit(100)
      .execute();
  }

  /** The episode's lead professional now (null while not yet agreed). */
  async leadOf(episodeId: string, db: Kysely<DB> = this.db) {
    const row = await db
      .selectFrom('episodes')
      .select('lead_professional_id')
      .where('id', '=', episodeId)
      .executeTakeFirst();
    return row?.lead_professional_id ?? null;
  }

  /** A Hearth user as a meeting's contact: name, organisation and work email. */
  contact(userId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('users as u')
      .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
      .select(['u.display_name as name', 'u.email', 'o.name as organisation'])
      .where('u.id', '=', userId)
      .executeTakeFirst();
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
  /**
   * Support by month and kind: the officers' own entries, and the TAF meetings held in Hearth that a TAF Support
   * Officer convened (scheduled) or attended, which they need not log again. A meeting an officer also logged by
   * hand (same officer, family episode and day) is counted once.
   */
  async supportCounts(from: string, to: string): Promise<{ month: string; kind: SupportFigureKind; n: string }[]> {
    const { rows } = await sql<{ month: string; kind: SupportFigureKind; n: string }>`
      select to_char(day, 'YYYY-MM') as month, kind, count(*)::text as n
      from (${supportGiven(from, sql`(cast(${to} as date) + 1)`)}) support
      group by month, kind`.execute(this.db);
    return rows;
  }
}
