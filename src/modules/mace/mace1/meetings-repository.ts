import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';

/** Kysely queries of MACE 1's meetings, agendas, agency information and discussions; rules live in meetings.ts. */
export class Mace1MeetingsRepository {
  constructor(readonly db: Kysely<DB>) {}

  meeting(id: string) {
    return this.db
      .selectFrom('mace1_meetings as m')
      .innerJoin('quadrants as q', 'q.id', 'm.quadrant_id')
      .selectAll('m')
      .select('q.name as quadrant_name')
      .where('m.id', '=', id)
      .executeTakeFirst();
  }

  /** Meetings of some quadrants (all when 'all'), soonest first from a day on, then the earlier ones. */
  meetings(quadrants: Set<string> | 'all') {
    if (quadrants !== 'all' && quadrants.size === 0) return Promise.resolve([]);
    let query = this.db
      .selectFrom('mace1_meetings as m')
      .innerJoin('quadrants as q', 'q.id', 'm.quadrant_id')
      .select(['m.id', 'm.starts_at', 'm.place', 'm.online', 'm.chair', 'q.name as quadrant_name']);
    if (quadrants !== 'all') query = query.where('m.quadrant_id', 'in', [...quadrants]);
    return query.orderBy('m.starts_at', 'desc').limit(200).execute();
  }

  /**
   * The agenda: the quadrant's open cases due at the meeting (new ones never discussed, and those whose review date
   * is on or before the meeting's day), the cases the coordinator added and those already discussed at it, less the
   * ones the coordinator took off. Each says why it is there.
   */
  agenda(meeting: { id: string; quadrant_id: string }, day: string) {
    return this.db
      .selectFrom('mace1_cases as c')
      .leftJoin('mace1_agenda_changes as ch', (j) =>
        j.onRef('ch.case_id', '=', 'c.id').on('ch.meeting_id', '=', meeting.id),
      )
      .leftJoin('mace1_discussions as here', (j) =>
        j.onRef('here.case_id', '=', 'c.id').on('here.meeting_id', '=', meeting.id),
      )
      .select([
        'c.id',
        'c.kind',
        'c.child_first_name',
        'c.child_last_name',
        'c.status',
        'c.risk_level',
        'c.review_on',
        'c.version',
        'ch.included',
        'here.outcome as discussed_outcome',
        sql<boolean>`not exists (select 1 from mace1_discussions d where d.case_id = c.id)`.as('is_new'),
      ])
      .where('c.quadrant_id', '=', meeting.quadrant_id)
      .where((eb) =>
        eb.or([
          eb('here.case_id', 'is not', null),
          eb('ch.included', '=', true),
          eb.and([
            eb.or([eb('ch.included', 'is', null), eb('ch.included', '=', true)]),
            eb('c.status', '=', 'open'),
            eb.or([
              eb('c.review_on', '<=', day),
              eb.not(
                eb.exists(
                  eb.selectFrom('mace1_discussions as d').select('d.case_id').whereRef('d.case_id', '=', 'c.id'),
                ),
              ),
            ]),
          ]),
        ]),
      )
      .orderBy('c.child_last_name')
      .orderBy('c.child_first_name')
      .execute();
  }

  /** Open cases of the quadrant not on the agenda, for the coordinator to add. */
  openCases(quadrantId: string) {
    return this.db
      .selectFrom('mace1_cases')
      .select(['id', 'child_first_name', 'child_last_name'])
      .where('quadrant_id', '=', quadrantId)
      .where('status', '=', 'open')
      .orderBy('child_last_name')
      .execute();
  }

  setAgenda(meetingId: string, caseId: string, included: boolean, by: string) {
    return this.db
      .insertInto('mace1_agenda_changes')
      .values({ meeting_id: meetingId, case_id: caseId, included, changed_by: by })
      .onConflict((oc) =>
        oc.columns(['meeting_id', 'case_id']).doUpdateSet({ included, changed_by: by, changed_at: new Date() }),
      )
      .execute();
  }

  information(caseId: string, meetingId: string) {
    return this.db
      .selectFrom('mace1_agency_information as i')
      .innerJoin('users as u', 'u.id', 'i.recorded_by')
      .leftJoin('organisations as o', 'o.id', 'i.organisation_id')
      .select([
        'i.id',
        'i.information',
        'i.recorded_at',
        'u.display_name as recorded_by_name',
        'o.name as organisation_name',
      ])
      .where('i.case_id', '=', caseId)
      .where('i.meeting_id', '=', meetingId)
      .orderBy('i.recorded_at')
      .orderBy('i.id')
      .execute();
  }

  discussion(caseId: string, meetingId: string) {
    return this.db
      .selectFrom('mace1_discussions')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
  }
}
