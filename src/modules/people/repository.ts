import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, PeopleTable } from '../../platform/db/schema/index.ts';
import { storedKeys, type BlockingPlan, type CandidateSource, type MatchRecord } from './matching.ts';
import type { Commonness } from './matching/commonness.ts';
import { CountCache } from './count-cache.ts';

export type PersonRow = Selectable<PeopleTable>;
export type NewPersonRow = Insertable<PeopleTable> & { id: string };

/** Rows per statement when loading in bulk: 16 arrays of this many values, well within any limit. */
const BULK_BATCH = 5_000;
/** At most this many rows from each block of the candidate search, so a very common name stays fast. */
const BLOCK_LIMIT = 200;
const DATE_BLOCK_LIMIT = 500;

const MATCH_COLUMNS = sql.raw(
  'id, first_name, middle_names, last_name, date_of_birth, expected_date, gender, address, postcode, nhs_number, upn',
);

const toMatchRecord = (
  row: Pick<
    PersonRow,
    | 'id'
    | 'first_name'
    | 'middle_names'
    | 'last_name'
    | 'date_of_birth'
    | 'expected_date'
    | 'gender'
    | 'address'
    | 'postcode'
    | 'nhs_number'
    | 'upn'
  >,
): MatchRecord => ({
  id: row.id,
  firstName: row.first_name,
  middleNames: row.middle_names,
  lastName: row.last_name,
  dateOfBirth: row.date_of_birth,
  expectedDate: row.expected_date,
  gender: row.gender,
  address: row.address,
  postcode: row.postcode,
  nhsNumber: row.nhs_number,
  upn: row.upn,
});

/** Kysely queries for people. Candidate search is one statement of indexed blocks (see matching.ts). */
export class PeopleRepository implements CandidateSource {
  /** Name and birthday counts change slowly: cached for a few minutes (count-cache.ts). */
  private readonly counts = new CountCache();

  constructor(private readonly db: Kysely<DB>) {}

  /**
   * How common each record's name is (commonness.ts): live people whose first name and surname sound
   * alike (one probe of people_names_idx for each pair), born on the same day (people_dob_idx), and
   * live people in all. Counted in the table, never taken from a list of names; cached.
   */
  async commonness(records: MatchRecord[]): Promise<Map<string, Commonness>> {
    const pairs = new Map(
      records.map((r) => {
        const keys = storedKeys(r);
        return [r.id, `${keys.last_phon} ${keys.first_phon}`];
      }),
    );
    const dates = records.flatMap((r) => (r.dateOfBirth ? [r.dateOfBirth] : []));
    const districts = new Map(records.map((r) => [r.id, storedKeys(r).postcode_outward]));
    const [namesakes, born, people, inDistrict] = await Promise.all([
      this.counts.get('names', [...pairs.values()], async (missing) => {
        const last = missing.map((k) => k.split(' ')[0]!);
        const first = missing.map((k) => k.split(' ')[1] ?? '');
        const { rows } = await sql<{ key: string; n: number }>`
          select k.last_phon || ' ' || k.first_phon as key,
            (select count(*)::int from people p where p.merged_into is null
              and p.last_phon = k.last_phon and p.first_phon = k.first_phon) as n
          from unnest(${sql.val(last)}::text[], ${sql.val(first)}::text[]) as k(last_phon, first_phon)`.execute(
          this.db,
        );
        return rows;
      }),
      this.counts.get('born', dates, async (missing) => {
        const { rows } = await sql<{ key: string; n: number }>`
          select to_char(date_of_birth, 'YYYY-MM-DD') as key, count(*)::int as n from people
          where merged_into is null and date_of_birth = any(${sql.val(missing)}::date[]) group by 1`.execute(this.db);
        return rows;
      }),
      this.counts.get('people', ['all'], async () => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from people where merged_into is null`.execute(this.db);
        return [{ key: 'all', n: rows[0]?.n ?? 0 }];
      }),
      // A range of people_postcode_idx for each district (CM4: from CM4 to CM5, CM45 left out).
      this.counts.get('district', [...new Set([...districts.values()].flatMap((d) => (d ? [d] : [])))], (missing) =>
        Promise.all(
          missing.map(async (outward) => {
            const next = outward.slice(0, -1) + String.fromCharCode(outward.charCodeAt(outward.length - 1) + 1);
            const { rows } = await sql<{ n: number }>`
              select count(*)::int as n from people where merged_into is null
              and postcode_key >= ${outward} and postcode_key < ${next} and postcode_outward = ${outward}`.execute(
              this.db,
            );
            return { key: outward, n: rows[0]?.n ?? 0 };
          }),
        ),
      ),
    ]);
    return new Map(
      records.map((r) => [
        r.id,
        {
          namesakes: namesakes.get(pairs.get(r.id)!) ?? 0,
          bornThatDay: r.dateOfBirth ? (born.get(r.dateOfBirth) ?? 0) : 0,
          inDistrict: districts.get(r.id) ? (inDistrict.get(districts.get(r.id)!) ?? 0) : 0,
          people: people.get('all') ?? 0,
        },
      ]),
    );
  }

  async insert(tx: Kysely<DB>, row: NewPersonRow): Promise<void> {
    await tx.insertInto('people').values(row).execute();
  }

  /** Loads many people quickly (one statement per 5,000 rows, column arrays unnested): for imports and benchmarks. */
  async insertMany(rows: NewPersonRow[], db: Kysely<DB> = this.db): Promise<void> {
    for (let start = 0; start < rows.length; start += BULK_BATCH) {
      const batch = rows.slice(start, start + BULK_BATCH);
      const column = <K extends keyof NewPersonRow>(key: K) => sql.val(batch.map((r) => r[key] ?? null));
      await sql`
        insert into people (id, first_name, middle_names, last_name, date_of_birth, expected_date, gender, address, postcode,
                            first_key, last_key, first_phon, last_phon, postcode_key, postcode_outward, nhs_number, upn, created_by, updated_by)
        select * from unnest(
          ${column('id')}::uuid[], ${column('first_name')}::text[], ${column('middle_names')}::text[], ${column('last_name')}::text[],
          ${column('date_of_birth')}::date[], ${column('expected_date')}::date[], ${column('gender')}::text[], ${column('address')}::text[],
          ${column('postcode')}::text[], ${column('first_key')}::text[], ${column('last_key')}::text[], ${column('first_phon')}::text[],
          ${column('last_phon')}::text[], ${column('postcode_key')}::text[], ${column('postcode_outward')}::text[],
          ${column('nhs_number')}::text[], ${column('upn')}::text[],
          ${column('created_by')}::uuid[], ${column('updated_by')}::uuid[])`.execute(db);
    }
  }

  /**
   * Loads people into an EMPTY table much faster than `insertMany` alone: the candidate-search indexes
   * are dropped, the rows inserted, and the indexes built again from their own definitions (building
   * an index once is far quicker than keeping it sorted through a million inserts). For a scratch
   * database (the match command, benchmarks), never for one that people are using.
   */
  async bulkLoad(batches: AsyncIterable<NewPersonRow[]> | Iterable<NewPersonRow[]>): Promise<number> {
    const existing = await this.db.selectFrom('people').select('id').limit(1).executeTakeFirst();
    if (existing) throw new Error('bulkLoad is for an empty people table');
    const { rows: indexes } = await sql<{ name: string; definition: string }>`
      select indexname as name, indexdef as definition from pg_indexes
      where schemaname = current_schema() and tablename = 'people' and indexname <> 'people_pkey'`.execute(this.db);
    for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(this.db);
    let loaded = 0;
    try {
      for await (const batch of batches) {
        await this.insertMany(batch);
        loaded += batch.length;
      }
    } finally {
      for (const index of indexes) await sql.raw(index.definition).execute(this.db);
      await sql`analyze people`.execute(this.db);
    }
    return loaded;
  }

  /** The columns PeopleService.summaries shows, for these ids. */
  summaries(ids: string[], db: Kysely<DB> = this.db) {
    return db
      .selectFrom('people')
      .select(['id', 'first_name', 'last_name', 'date_of_birth', 'expected_date', 'gender', 'address', 'postcode'])
      .where('id', 'in', ids)
      .execute();
  }

  find(id: string, db: Kysely<DB> = this.db): Promise<PersonRow | undefined> {
    return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Everyone in any block of the plan, merged records left out. Each block is one index probe (see
   * the indexes in 0007_people.sql) and is capped, so the whole search reads a few hundred rows at most.
   */
  async candidateRows(plan: BlockingPlan): Promise<MatchRecord[]> {
    const live = sql`merged_into is null`;
    const blocks = [];
    const phonetics = sql`${sql.val(plan.phonetics)}::text[]`;
    if (plan.dates.length) {
      blocks.push(
        sql`select ${MATCH_COLUMNS} from people where ${live} and date_of_birth = any(${sql.val(plan.dates)}::date[]) limit ${DATE_BLOCK_LIMIT}`,
      );
    }
    if (plan.nearDates.length && plan.phonetics.length) {
      const near = sql`${sql.val(plan.nearDates)}::date[]`;
      blocks.push(
        sql`select ${MATCH_COLUMNS} from people where ${live} and last_phon = any(${phonetics}) and date_of_birth = any(${near}) limit ${BLOCK_LIMIT}`,
      );
      blocks.push(
        sql`select ${MATCH_COLUMNS} from people where ${live} and first_phon = any(${phonetics}) and date_of_birth = any(${near}) limit ${BLOCK_LIMIT}`,
      );
    }
    if (plan.phonetics.length) {
      blocks.push(
        sql`select ${MATCH_COLUMNS} from people where ${live} and last_phon = any(${phonetics}) and first_phon = any(${phonetics}) limit ${BLOCK_LIMIT}`,
      );
    }
    // The surname sounds alike and the first name only starts with the same sound (a typo in it):
    // one range probe of people_names_idx for each initial; only the undated when the query has a date.
    const undated = plan.dates.length ? sql`and date_of_birth is null` : sql``;
    for (const initial of plan.initials) {
      const to = String.fromCharCode(initial.charCodeAt(0) + 1);
      blocks.push(
        sql`select ${MATCH_COLUMNS} from people where ${live} and last_phon = any(${phonetics}) and first_phon >= ${initial}::text and first_phon < ${to}::text ${undated} limit ${BLOCK_LIMIT}`,
      );
    }
    // The first name sounds alike and the surname only starts with the same sound, on a record with no
    // date of birth (people_first_dob_idx): a misspelt surname that the date blocks cannot make up for.
    if (plan.nameInitials.length && plan.phonetics.length) {
      blocks.push(
        sql`select ${MATCH_COLUMNS} from people where ${live} and first_phon = any(${phonetics}) and date_of_birth is null and substr(last_phon, 1, 1) = any(${sql.val(plan.nameInitials)}::text[]) limit ${BLOCK_LIMIT}`,
      );
    }
    if (plan.postcode) {
      blocks.push(
        sql`select ${MATCH_COLUMNS} from people where ${live} and postcode_key = ${plan.postcode} limit ${BLOCK_LIMIT}`,
      );
    }
    if (plan.expected) {
      blocks.push(sql`select ${MATCH_COLUMNS} from people where ${live} and expected_date is not null
        and expected_date between ${plan.expected.from}::date and ${plan.expected.to}::date limit ${BLOCK_LIMIT}`);
    }
    if (plan.bornBetween && plan.phonetics.length) {
      blocks.push(sql`select ${MATCH_COLUMNS} from people where ${live} and last_phon = any(${phonetics})
        and date_of_birth between ${plan.bornBetween.from}::date and ${plan.bornBetween.to}::date limit ${BLOCK_LIMIT}`);
    }
    if (plan.nhsNumber) {
      blocks.push(
        sql`select ${MATCH_COLUMNS} from people where ${live} and nhs_number = ${plan.nhsNumber} limit ${BLOCK_LIMIT}`,
      );
    }
    if (plan.upn) {
      blocks.push(sql`select ${MATCH_COLUMNS} from people where ${live} and upn = ${plan.upn} limit ${BLOCK_LIMIT}`);
    }
    if (!blocks.length) return [];
    const query = sql.join(
      blocks.map((block) => sql`(${block})`),
      sql` union all `,
    );
    const { rows } = await sql<PersonRow>`${query}`.execute(this.db);
    return rows.map(toMatchRecord);
  }

  /** The exact-match baseline: same first name, surname, date of birth and postcode (normalised). */
  async exactMatches(keys: {
    first_key: string;
    last_key: string;
    date_of_birth: string | null;
    postcode_key: string | null;
  }): Promise<string[]> {
    if (!keys.date_of_birth || !keys.postcode_key) return [];
    const rows = await this.db
      .selectFrom('people')
      .select('id')
      .where('merged_into', 'is', null)
      .where('date_of_birth', '=', keys.date_of_birth)
      .where('first_key', '=', keys.first_key)
      .where('last_key', '=', keys.last_key)
      .where('postcode_key', '=', keys.postcode_key)
      .limit(5)
      .execute();
    return rows.map((r) => r.id);
  }
}
