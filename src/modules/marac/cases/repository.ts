import { sql, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type SqlBool } from 'kysely';
import type { DB, MaracCasePeopleTable, MaracCasesTable } from '../../../platform/db/schema/index.ts';

export type CaseFilter = (eb: ExpressionBuilder<DB, 'marac_cases'>) => Expression<SqlBool>;
export interface ListFilters {
  status: '' | 'open' | 'referred' | 'listed' | 'heard' | 'closed';
  repeat: '' | 'yes' | 'no';
}

/** MARAC cases and their people: the marac module's own tables only. */
export class MaracCaseRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(tx: Kysely<DB>, row: Insertable<MaracCasesTable>, people: Insertable<MaracCasePeopleTable>[]) {
    await tx.insertInto('marac_cases').values(row).execute();
    if (people.length) await tx.insertInto('marac_case_people').values(people).execute();
  }

  caseRow(id: string) {
    return this.db.selectFrom('marac_cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  people(caseId: string) {
    return this.db
      .selectFrom('marac_case_people')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy(sql`case role when 'victim' then 0 when 'child' then 1 else 2 end`)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  reference(id: string) {
    return this.db.selectFrom('marac_cases').select(['id', 'reference']).where('id', '=', id).executeTakeFirst();
  }

  /**
   * The latest case about the same victim in the `months` before `at`: the same matched person, or the same name and date
   * of birth (case and spacing aside).
   */
  async earlierCase(
    db: Kysely<DB>,
    victim: { personId: string | null; firstName: string; lastName: string; dateOfBirth: string | null },
    months: number,
    at: Date,
  ) {
    const row = await db
      .selectFrom('marac_case_people as p')
      .innerJoin('marac_cases as c', 'c.id', 'p.case_id')
      .select(['c.id', 'c.reference', 'c.referred_at'])
      .where('p.role', '=', 'victim')
      .where('c.referred_at', '>=', sql<Date>`${at}::timestamptz - make_interval(months => ${months})`)
      .where('c.referred_at', '<', at)
      .where((eb) => {
        const byName =
          victim.dateOfBirth === null
            ? null
            : eb.and([
                eb(sql`lower(p.last_name)`, '=', victim.lastName.toLowerCase()),
                eb(sql`lower(p.first_name)`, '=', victim.firstName.toLowerCase()),
                eb('p.date_of_birth', '=', victim.dateOfBirth),
              ]);
        const byPerson = victim.personId === null ? null : eb('p.person_id', '=', victim.personId);
        const either = [byName, byPerson].filter((e) => e !== null);
        return either.length ? eb.or(either) : sql<SqlBool>`false`;
      })
      .orderBy('c.referred_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row;
  }

  private listQuery(visible: CaseFilter, filters: ListFilters) {
    let query = this.db.selectFrom('marac_cases').where(visible);
    if (filters.status === 'open') query = query.where('marac_cases.status', '<>', 'closed');
    else if (filters.status) query = query.where('marac_cases.status', '=', filters.status);
    if (filters.repeat === 'yes') query = query.where('marac_cases.repeat_of', 'is not', null);
    if (filters.repeat === 'no') query = query.where('marac_cases.repeat_of', 'is', null);
    return query;
  }

  /** A page of the cases this filter lets the user see, newest first, with the victim's name and the children. */
  async list(visible: CaseFilter, filters: ListFilters, limit: number, offset: number) {
    const [rows, total] = await Promise.all([
      this.listQuery(visible, filters)
        .leftJoin('marac_case_people as v', (join) =>
          join.onRef('v.case_id', '=', 'marac_cases.id').on('v.role', '=', 'victim'),
        )
        .select([
          'marac_cases.id',
          'marac_cases.reference',
          'marac_cases.referred_at',
          'marac_cases.status',
          'marac_cases.repeat_of',
          'marac_cases.risk_basis',
          'marac_cases.district_code',
          'v.first_name as victim_first_name',
          'v.last_name as victim_last_name',
        ])
        .select((eb) =>
          eb
            .selectFrom('marac_case_people as c')
            .select(sql<number>`count(*)::int`.as('n'))
            .whereRef('c.case_id', '=', 'marac_cases.id')
            .where('c.role', '=', 'child')
            .as('children'),
        )
        .orderBy('marac_cases.referred_at', 'desc')
        .orderBy('marac_cases.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
      this.listQuery(visible, filters)
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => r.n),
    ]);
    return { rows, total };
  }

  /** Open cases naming any of these people as the victim or a child (restricted markers). */
  casesAbout(personIds: readonly string[]) {
    return this.db
      .selectFrom('marac_case_people as p')
      .innerJoin('marac_cases as c', 'c.id', 'p.case_id')
      .select(['c.id', 'p.person_id'])
      .where('p.person_id', 'in', personIds)
      .where('p.role', 'in', ['victim', 'child'])
      .where('c.status', '<>', 'closed')
      .orderBy('c.referred_at')
      .execute();
  }
}
