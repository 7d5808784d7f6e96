import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';

type CaseFilter = (eb: ExpressionBuilder<DB, 'marac_cases'>) => Expression<SqlBool>;

/** MARAC meetings' queries: the meetings, their lists, each hearing's research. */
export class MaracMeetingRepository {
  constructor(private readonly db: Kysely<DB>) {}

  meeting(id: string) {
    return this.db.selectFrom('marac_meetings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The first meeting not yet held that started no more than `graceMinutes` ago (one in progress still counts). */
  next(now: Date, graceMinutes = 240) {
    return this.db
      .selectFrom('marac_meetings')
      .selectAll()
      .where('status', '=', 'planned')
      .where('starts_at', '>=', new Date(now.getTime() - graceMinutes * 60_000))
      .orderBy('starts_at')
      .limit(1)
      .executeTakeFirst();
  }

  /** The meetings from `from` on, for moving a case or listing it for review. */
  upcoming(from: Date, limit = 20) {
    return this.db
      .selectFrom('marac_meetings')
      .select(['id', 'starts_at', 'slot', 'status'])
      .where('starts_at', '>=', from)
      .where('status', '=', 'planned')
      .orderBy('starts_at')
      .limit(limit)
      .execute();
  }

  /**
   * A meeting's list in order: each case's reference, whether it is a repeat, its risk basis, whether it was heard,
   * the agencies that have researched it, and its open actions. One query (the list is the page a meeting opens on).
   */
  list(meetingId: string, visible: CaseFilter) {
    return this.db
      .selectFrom('marac_hearings as h')
      .innerJoin('marac_cases', 'marac_cases.id', 'h.case_id')
      .select((eb) => [
        'h.id as hearing_id',
        'h.position',
        'h.heard_at',
        'marac_cases.id',
        'marac_cases.reference',
        'marac_cases.risk_basis',
        'marac_cases.status',
        'marac_cases.referred_at',
        eb('marac_cases.repeat_of', 'is not', null).as('is_repeat'),
        eb
          .fn<string[]>('coalesce', [
            eb
              .selectFrom('marac_research as r')
              .select(sql<string[]>`array_agg(r.agency order by r.agency)`.as('a'))
              .whereRef('r.hearing_id', '=', 'h.id'),
            sql<string[]>`'{}'::text[]`,
          ])
          .as('researched'),
        eb
          .selectFrom('marac_actions as a')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('a.case_id', '=', 'marac_cases.id')
          .where('a.status', '=', 'open')
          .as('open_actions'),
      ])
      .where('h.meeting_id', '=', meetingId)
      .where(visible)
      .orderBy('h.position')
      .orderBy('marac_cases.referred_at')
      .execute();
  }

  /** Open cases not on this meeting's list, for the coordinator to list by hand or for review. */
  unlisted(meetingId: string, limit = 200) {
    return this.db
      .selectFrom('marac_cases')
      .select(['id', 'reference'])
      .where('status', '<>', 'closed')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('marac_hearings as h')
              .select('h.id')
              .whereRef('h.case_id', '=', 'marac_cases.id')
              .where('h.meeting_id', '=', meetingId),
          ),
        ),
      )
      .orderBy('referred_at', 'desc')
      .limit(limit)
      .execute();
  }

  hearing(meetingId: string, caseId: string) {
    return this.db
      .selectFrom('marac_hearings')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
  }

  research(hearingId: string) {
    return this.db
      .selectFrom('marac_research as r')
      .innerJoin('users as u', 'u.id', 'r.recorded_by')
      .select(['r.id', 'r.agency', 'r.known', 'r.information', 'r.recorded_at', 'r.version', 'u.display_name'])
      .where('r.hearing_id', '=', hearingId)
      .orderBy('r.agency')
      .execute();
  }

  caseRow(caseId: string) {
    return this.db
      .selectFrom('marac_cases')
      .select(['id', 'reference', 'status', 'risk_basis', 'repeat_of', 'referred_at', 'version', 'summary'])
      .where('id', '=', caseId)
      .executeTakeFirst();
  }

  /** The hearings of a case, newest meeting first. */
  hearingsOf(caseId: string) {
    return this.db
      .selectFrom('marac_hearings as h')
      .innerJoin('marac_meetings as m', 'm.id', 'h.meeting_id')
      .select(['h.id', 'h.meeting_id', 'm.starts_at', 'h.heard_at', 'h.discussion'])
      .where('h.case_id', '=', caseId)
      .orderBy('m.starts_at', 'desc')
      .execute();
  }
}
