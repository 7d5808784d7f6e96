import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import type { SchoolInput } from './settings.ts';

const row = (s: SchoolInput, by: string | null) => ({
  urn: s.urn,
  name: s.name,
  district: s.district,
  phase: s.phase,
  age_from: s.ageFrom,
  age_to: s.ageTo,
  dsl_name: s.dslName,
  dsl_email: s.dslEmail,
  deputy_name: s.deputyName,
  deputy_email: s.deputyEmail,
  updated_by: by,
});

/** The schools table's queries (Kysely only). */
export class SchoolsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Adds the schools the table lacks; a school already there is left as it is (an import may have changed it). */
  async addMissing(schools: SchoolInput[]) {
    if (schools.length === 0) return 0;
    const inserted = await this.db
      .insertInto('schools')
      .values(schools.map((s) => row(s, null)))
      .onConflict((oc) => oc.column('urn').doNothing())
      .returning('urn')
      .execute();
    return inserted.length;
  }

  /** The import: every school in the file as the file says; a school the file leaves out is made inactive. */
  async replaceAll(db: Kysely<DB>, schools: SchoolInput[], by: string) {
    const urns = schools.map((s) => s.urn);
    for (const s of schools) {
      const values = row(s, by);
      await db
        .insertInto('schools')
        .values({ ...values, is_active: true })
        .onConflict((oc) => oc.column('urn').doUpdateSet({ ...values, is_active: true, updated_at: new Date() }))
        .execute();
    }
    const retired = await db
      .updateTable('schools')
      .set({ is_active: false, updated_at: new Date(), updated_by: by })
      .where('is_active', '=', true)
      .where('urn', 'not in', urns)
      .returning('urn')
      .execute();
    return retired.length;
  }

  all(activeOnly = false) {
    let q = this.db
      .selectFrom('schools as s')
      .leftJoin('districts as d', 'd.code', 's.district')
      .selectAll('s')
      .select('d.name as district_name');
    if (activeOnly) q = q.where('s.is_active', '=', true);
    return q.orderBy('s.name').execute();
  }

  /**
   * Active schools whose name, URN or district matches every word of `text` (case-insensitive; a word is found
   * anywhere in the name or district, a URN whole), by name: a page of `limit` and how many match in all.
   */
  async search(text: string, limit: number) {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
    const like = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const base = this.db
      .selectFrom('schools as s')
      .leftJoin('districts as d', 'd.code', 's.district')
      .where('s.is_active', '=', true)
      .where((eb) =>
        eb.and(
          words.map((word) =>
            eb.or([
              eb(sql<string>`lower(s.name)`, 'like', like(word)),
              eb('s.urn', '=', word),
              eb(sql<string>`lower(coalesce(d.name, s.district))`, 'like', like(word)),
            ]),
          ),
        ),
      );
    const [rows, total] = await Promise.all([
      base.selectAll('s').select('d.name as district_name').orderBy('s.name').orderBy('s.urn').limit(limit).execute(),
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  /** Active schools whose name is this text (case and spacing aside): to recognise a school a form named. */
  byName(name: string) {
    return this.db
      .selectFrom('schools')
      .select(['urn', 'name'])
      .where('is_active', '=', true)
      .where(
        sql<string>`lower(regexp_replace(trim(name), ${'\\s+'}, ' ', 'g'))`,
        '=',
        name.trim().replace(/\s+/g, ' ').toLowerCase(),
      )
      .limit(2)
      .execute();
  }

  byUrn(urn: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('schools').selectAll().where('urn', '=', urn).executeTakeFirst();
  }

  /** The schools whose designated safeguarding lead or deputy has this email. */
  async urnsLedBy(email: string) {
    const lower = email.toLowerCase();
    const rows = await this.db
      .selectFrom('schools')
      .select('urn')
      .where('is_active', '=', true)
      .where((eb) =>
        eb.or([eb(sql<string>`lower(dsl_email)`, '=', lower), eb(sql<string>`lower(deputy_email)`, '=', lower)]),
      )
      .execute();
    return rows.map((r) => r.urn);
  }
}
