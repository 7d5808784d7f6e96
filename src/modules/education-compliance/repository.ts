import { sql, type Expression, type Insertable, type Kysely, type SqlBool } from 'kysely';
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

/**
 * The list's filters as conditions on a table aliased `c` that has the filtered columns: the cases themselves, or the
 * kept counts of open cases (education_case_counts), so the page and its count cannot filter differently.
 */
function openCaseFilters(q: ListQuery): Expression<SqlBool>[] {
  return [
    ...(q.kind !== 'all' ? [sql<SqlBool>`c.kind = ${q.kind}`] : []),
    ...(q.priority ? [sql<SqlBool>`c.priority`] : []),
    ...(q.birthSchoolYear !== null ? [sql<SqlBool>`c.birth_school_year = ${q.birthSchoolYear}`] : []),
    ...(q.quadrant
      ? [
          sql<SqlBool>`c.district in (select d.code from districts d join quadrants q on q.id = d.quadrant_id
            where q.code = ${q.quadrant})`,
        ]
      : []),
  ];
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
   * The list's two queries, unexecuted: a page of open cases (newest report first), and how many there are in all,
   * summed from education_case_counts (the open cases counted per kind, district, school year of birth and priority,
   * kept by migration 0084's triggers in the transaction of every change), with the same filters on both
   * (scripts/explain-protect-education.ts explains them as built here).
   */
  openCasesQueries(q: ListQuery) {
    const filters = openCaseFilters(q);
    return {
      rows: this.db
        .selectFrom('education_cases as c')
        .leftJoin('districts as d', 'd.code', 'c.district')
        .where('c.closed_on', 'is', null)
        .where((eb) => eb.and(filters))
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
      total: this.db
        .selectFrom('education_case_counts as c')
        .where((eb) => eb.and(filters))
        .select(sql<string>`coalesce(sum(c.open_cases), 0)`.as('n')),
    };
  }

  /** The same count made from the cases themselves (for the tests that hold the kept counts to it). */
  recountOpenCases(q: ListQuery) {
    return this.db
      .selectFrom('education_cases as c')
      .where('c.closed_on', 'is', null)
      .where((eb) => eb.and(openCaseFilters(q)))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  /** Open cases, newest report first, with the filters; and how many there are in all. */
  async openCases(q: ListQuery) {
    const queries = this.openCasesQueries(q);
    const [rows, total] = await Promise.all([queries.rows.execute(), queries.total.executeTakeFirstOrThrow()]);
    return { rows, total: Number(total.n) };
  }
}
