import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, Mace1CasesTable, Mace1NominationsTable } from '../../../platform/db/schema/index.ts';

/** Kysely queries of MACE 1's nominations, cases and protection plans; the rules and the audit live in service.ts. */
export class Mace1Repository {
  constructor(readonly db: Kysely<DB>) {}

  /** The district's quadrant (reference data), for a nomination's panel. */
  district(id: string) {
    return this.db
      .selectFrom('districts as d')
      .innerJoin('quadrants as q', 'q.id', 'd.quadrant_id')
      .select(['d.id', 'd.name', 'q.id as quadrant_id', 'q.name as quadrant_name'])
      .where('d.id', '=', id)
      .executeTakeFirst();
  }

  userByEmail(email: string) {
    return this.db
      .selectFrom('users')
      .select(['id', 'display_name', 'email'])
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .where('is_active', '=', true)
      .executeTakeFirst();
  }

  insertNomination(row: Insertable<Mace1NominationsTable>) {
    return this.db.insertInto('mace1_nominations').values(row).execute();
  }

  nomination(id: string) {
    return this.db
      .selectFrom('mace1_nominations as n')
      .innerJoin('users as u', 'u.id', 'n.nominated_by')
      .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
      .innerJoin('districts as d', 'd.id', 'n.district_id')
      .innerJoin('quadrants as q', 'q.id', 'n.quadrant_id')
      .leftJoin('mace1_cases as c', 'c.nomination_id', 'n.id')
      .selectAll('n')
      .select([
        'u.display_name as nominated_by_name',
        'o.name as nominated_by_organisation',
        'd.name as district_name',
        'q.name as quadrant_name',
        'c.id as case_id',
      ])
      .where('n.id', '=', id)
      .executeTakeFirst();
  }

  /** Nominations newest first: those awaiting a decision (a coordinator's list), or one user's. */
  nominations(filter: { status?: 'nominated'; nominatedBy?: string }) {
    let query = this.db
      .selectFrom('mace1_nominations as n')
      .innerJoin('quadrants as q', 'q.id', 'n.quadrant_id')
      .innerJoin('users as u', 'u.id', 'n.nominated_by')
      .leftJoin('mace1_cases as c', 'c.nomination_id', 'n.id')
      .select([
        'n.id',
        'n.kind',
        'n.child_first_name',
        'n.child_last_name',
        'n.status',
        'n.created_at',
        'q.name as quadrant_name',
        'u.display_name as nominated_by_name',
        'c.id as case_id',
      ]);
    if (filter.status) query = query.where('n.status', '=', filter.status);
    if (filter.nominatedBy) query = query.where('n.nominated_by', '=', filter.nominatedBy);
    return query.orderBy('n.created_at', 'desc').orderBy('n.id').limit(200).execute();
  }

  /** Decides a nomination still awaiting a decision; false when someone decided it first. */
  async decide(tx: Kysely<DB>, id: string, by: string, status: 'accepted' | 'declined', reason: string | null) {
    const result = await tx
      .updateTable('mace1_nominations')
      .set((eb) => ({
        status,
        decline_reason: reason,
        decided_by: by,
        decided_at: new Date(),
        updated_by: by,
        updated_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('status', '=', 'nominated')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  insertCase(tx: Kysely<DB>, row: Insertable<Mace1CasesTable>) {
    return tx.insertInto('mace1_cases').values(row).execute();
  }

  caseRow(id: string) {
    return this.db
      .selectFrom('mace1_cases as c')
      .innerJoin('districts as d', 'd.id', 'c.district_id')
      .innerJoin('quadrants as q', 'q.id', 'c.quadrant_id')
      .selectAll('c')
      .select(['d.name as district_name', 'q.name as quadrant_name'])
      .where('c.id', '=', id)
      .executeTakeFirst();
  }

  /** Cases in some quadrants (all when 'all'), open first, then by child. */
  cases(quadrants: Set<string> | 'all') {
    if (quadrants !== 'all' && quadrants.size === 0) return Promise.resolve([]);
    let query = this.db
      .selectFrom('mace1_cases as c')
      .innerJoin('quadrants as q', 'q.id', 'c.quadrant_id')
      .select([
        'c.id',
        'c.kind',
        'c.child_first_name',
        'c.child_last_name',
        'c.status',
        'c.risk_level',
        'c.review_on',
        'c.opened_on',
        'q.name as quadrant_name',
      ]);
    if (quadrants !== 'all') query = query.where('c.quadrant_id', 'in', [...quadrants]);
    return query
      .orderBy(sql`c.status = 'open'`, 'desc')
      .orderBy('c.child_last_name')
      .orderBy('c.child_first_name')
      .limit(500)
      .execute();
  }

  planActions(caseId: string) {
    return this.db
      .selectFrom('mace1_plan_actions as a')
      .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
      .selectAll('a')
      .select('o.name as organisation_name')
      .where('a.case_id', '=', caseId)
      .orderBy('a.due_on')
      .orderBy('a.created_at')
      .execute();
  }

  planAction(caseId: string, id: string) {
    return this.db
      .selectFrom('mace1_plan_actions')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Each meeting's agency information and discussion of a case, oldest meeting first. */
  history(caseId: string) {
    return Promise.all([
      this.db
        .selectFrom('mace1_agency_information as i')
        .innerJoin('users as u', 'u.id', 'i.recorded_by')
        .leftJoin('organisations as o', 'o.id', 'i.organisation_id')
        .select([
          'i.id',
          'i.meeting_id',
          'i.information',
          'i.recorded_at',
          'u.display_name as recorded_by_name',
          'o.name as organisation_name',
        ])
        .where('i.case_id', '=', caseId)
        .orderBy('i.recorded_at')
        .execute(),
      this.db
        .selectFrom('mace1_discussions as d')
        .innerJoin('mace1_meetings as m', 'm.id', 'd.meeting_id')
        .selectAll('d')
        .select('m.starts_at')
        .where('d.case_id', '=', caseId)
        .orderBy('m.starts_at')
        .execute(),
    ]);
  }
}
