import type { Insertable, Kysely } from 'kysely';
import type { DB, EducationCaseEventsTable, EducationCasesTable } from '../../platform/db/schema/index.ts';

export interface ListQuery {
  kind: 'all' | 'cme' | 'ehe';
  quadrant: string;
  /** The school year of birth the chosen year group stands for this school year; null for every year group. */
  birthSchoolYear: number | null;
  priority: boolean;
  offset: number;
  limit: number;
}

/** Education Compliance's queries (Kysely only): its two tables, and the districts' names beside them. */
export class EducationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  caseById(id: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('education_cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  openCaseOf(personId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('education_cases')
      .select('id')
      .where('person_id', '=', personId)
      .where('closed_on', 'is', null)
      .executeTakeFirst();
  }

  insertCase(db: Kysely<DB>, row: Insertable<EducationCasesTable>) {
    return db.insertInto('education_cases').values(row).execute();
  }

  insertEvent(db: Kysely<DB>, row: Insertable<EducationCaseEventsTable>) {
    return db.insertInto('education_case_events').values(row).execute();
  }

  events(caseId: string) {
    return this.db
      .selectFrom('education_case_events as e')
      .leftJoin('users as u', 'u.id', 'e.created_by')
      .select(['e.id', 'e.kind', 'e.source', 'e.on_date', 'e.details', 'e.created_at', 'u.display_name as by_name'])
      .where('e.case_id', '=', caseId)
      .orderBy('e.on_date', 'desc')
      .orderBy('e.created_at', 'desc')
      .execute();
  }

  /**
   * The list's two queries, unexecuted: a page of open cases (newest report first) and how many there are in all,
   * with the filters (scripts/explain-protect-education.ts explains them as built here).
   */
  openCasesQueries(q: ListQuery) {
    let base = this.db.selectFrom('education_cases as c').where('c.closed_on', 'is', null);
    if (q.kind !== 'all') base = base.where('c.kind', '=', q.kind);
    if (q.priority) base = base.where('c.priority', '=', true);
    if (q.birthSchoolYear !== null) base = base.where('c.birth_school_year', '=', q.birthSchoolYear);
    if (q.quadrant)
      base = base.where('c.district', 'in', (eb) =>
        eb
          .selectFrom('districts as d')
          .innerJoin('quadrants as q', 'q.id', 'd.quadrant_id')
          .select('d.code')
          .where('q.code', '=', q.quadrant),
      );
    return {
      rows: base
        .leftJoin('districts as d', 'd.code', 'c.district')
        .select([
          'c.id',
          'c.kind',
          'c.first_name',
          'c.last_name',
          'c.birth_school_year',
          'c.reported_on',
          'c.priority',
          'c.sao_stage',
          'c.ehe_from',
          'd.name as district_name',
        ])
        .orderBy('c.reported_on', 'desc')
        .orderBy('c.id')
        .offset(q.offset)
        .limit(q.limit),
      total: base.select((eb) => eb.fn.countAll<string>().as('n')),
    };
  }

  /** Open cases, newest report first, with the filters; and how many there are in all. */
  async openCases(q: ListQuery) {
    const queries = this.openCasesQueries(q);
    const [rows, total] = await Promise.all([queries.rows.execute(), queries.total.executeTakeFirstOrThrow()]);
    return { rows, total: Number(total.n) };
  }
}
