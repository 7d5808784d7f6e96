import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { schoolYearOf } from '../../src/platform/calendar/school-year.ts';
import type { ListQuery } from '../../src/modules/education-compliance/repository.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The Education Compliance list's total is summed from education_case_counts (migration 0084), which triggers keep in
 * the transaction of every change to education_cases. Whatever changes the cases (the service's reports, assessments
 * and outcomes, bulk SQL, deletes, a truncate, changes made at once), the kept counts equal a recount of the open
 * cases, for every combination and for the list's filters.
 */

let t: TestApp;
let actor: { userId: string; label: string };
const db = () => t.database.db;
const TODAY = '2026-11-20';

/** Every kept count not zero, and the same recounted from the cases: they must be equal. */
async function keptAndRecounted() {
  const kept = await db()
    .selectFrom('education_case_counts')
    .select(['kind', 'district', 'birth_school_year', 'priority', 'open_cases'])
    .where('open_cases', '<>', 0)
    .orderBy(['kind', 'district', 'birth_school_year', 'priority'])
    .execute();
  const { rows: recounted } = await sql<(typeof kept)[number]>`
    select kind, district, birth_school_year, priority, count(*)::int as open_cases from education_cases
    where closed_on is null group by kind, district, birth_school_year, priority
    order by kind, district, birth_school_year, priority`.execute(db());
  return { kept, recounted };
}

async function expectCountsRight() {
  const { kept, recounted } = await keptAndRecounted();
  expect(kept).toEqual(recounted);
  // And through the list's own query, for its filters.
  const { repository } = t.services.educationCompliance;
  const year = schoolYearOf(TODAY);
  const lists: Partial<ListQuery>[] = [
    {},
    { kind: 'cme' },
    { kind: 'ehe' },
    { quadrant: 'south' },
    { quadrant: 'west', kind: 'ehe' },
    { priority: true },
    { birthSchoolYear: year - 5 - 7 },
    { kind: 'ehe', quadrant: 'mid', birthSchoolYear: year - 5 - 9, priority: true },
  ];
  for (const list of lists) {
    const q: ListQuery = {
      kind: 'all',
      quadrant: '',
      birthSchoolYear: null,
      priority: false,
      offset: 0,
      limit: 50,
      ...list,
    };
    const total = Number((await repository.openCasesQueries(q).total.executeTakeFirstOrThrow()).n);
    expect({ list, total }).toEqual({ list, total: await repository.recountOpenCases(q) });
  }
  return recounted.reduce((sum, r) => sum + r.open_cases, 0);
}

let made = 0;
/** A name only of letters (people's names are refused with digits): 1 → b, 26 → bA. */
const lettersOf = (n: number): string =>
  (n >= 26 ? lettersOf(Math.floor(n / 26)) : '') + 'abcdefghijklmnopqrstuvwxyz'[n % 26]!;

const input = (over: Record<string, string> = {}) => ({
  kind: 'cme' as 'cme' | 'ehe',
  firstName: 'Kacper',
  lastName: `Count${lettersOf(++made)}`,
  'dateOfBirth-day': '2014-02-14',
  district: 'basildon',
  source: 'school-deregistration',
  'reportedOn-day': '2026-11-02',
  school: '',
  details: '',
  personId: 'new',
  ...over,
});

async function open(over: Record<string, string> = {}) {
  const made = await t.services.educationCompliance.create(actor, input(over), TODAY);
  if (!('created' in made)) throw new Error('expected a case');
  return made.created;
}
/** The outcome that closes a case: the child left the country. */
const leftCountry = async (id: string, on: string) =>
  t.services.educationCompliance.recordOutcome(actor, id, {
    outcome: 'left-country',
    'on-day': on,
    school: '',
    authority: '',
    'confirmedOn-day': null,
    version: await versionOf(id),
  });
const versionOf = async (id: string) =>
  (await db().selectFrom('education_cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

beforeAll(async () => {
  t = await createTestApp();
  const officer = await db()
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'education.compliance@essex.example')
    .executeTakeFirstOrThrow();
  actor = { userId: officer.id, label: 'education compliance' };
});
afterAll(() => t?.close());

describe('the open cases kept counted', () => {
  it('equal a recount after reports, an unsuitable assessment, outcomes and the list’s own total', async () => {
    const before = await expectCountsRight();
    const cme = await open({ district: 'harlow' });
    const ehe = await open({ kind: 'ehe', district: 'basildon', 'dateOfBirth-day': '2012-05-05' });
    await open({ kind: 'ehe', district: 'rochford', 'dateOfBirth-day': '2011-01-09' });
    // A priority case: made by the service's rule from a person known to the Hub; here set as the rule sets it.
    const priority = await open({ kind: 'ehe', district: 'chelmsford', 'dateOfBirth-day': '2012-10-10' });
    await db().updateTable('education_cases').set({ priority: true }).where('id', '=', priority).execute();
    expect(await expectCountsRight()).toBe(before + 4);

    // Unsuitable home education: the same case becomes missing education (moves from ehe to cme).
    await t.services.educationCompliance.assess(actor, ehe, {
      result: 'unsuitable',
      'on-day': '2026-11-10',
      notes: 'No evidence of education.',
      version: await versionOf(ehe),
    });
    expect(await expectCountsRight()).toBe(before + 4);
    // An SAO stage changes no count.
    await t.services.educationCompliance.recordSao(actor, cme, {
      stage: 'notice',
      'on-day': '2026-11-03',
      version: await versionOf(cme),
    });
    // Outcomes close cases.
    for (const id of [cme, ehe]) await leftCountry(id, '2026-11-15');
    expect(await expectCountsRight()).toBe(before + 2);

    // The page shows the same total.
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    await client.post('/sign-in', { email: 'education.compliance@essex.example', password: DEMO_PASSWORD });
    const page = await client.get('/education-compliance?kind=ehe');
    const ehes = await t.services.educationCompliance.repository.recountOpenCases({
      kind: 'ehe',
      quadrant: '',
      birthSchoolYear: null,
      priority: false,
      offset: 0,
      limit: 50,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`\\b${ehes} open case`));
  });

  it('equal a recount after bulk SQL: inserts, updates that close, reopen and move cases, deletes, a rollback', async () => {
    await sql`insert into education_cases (id, kind, person_id, first_name, last_name, date_of_birth, birth_school_year,
        district, source, reported_on, cme_from, ehe_from, priority, closed_on, created_by)
      select gen_random_uuid(), case when g % 3 = 0 then 'ehe' else 'cme' end, gen_random_uuid(), 'Bulk', 'Case' || g,
        date '2013-01-01', 2012 - (g % 12), (array['basildon','harlow','maldon','tendring'])[1 + g % 4],
        'school-deregistration', date '2026-01-01',
        case when g % 3 = 0 then null else date '2026-01-01' end, case when g % 3 = 0 then date '2026-01-01' end,
        g % 7 = 0, case when g % 5 = 0 then date '2026-02-01' end, ${actor.userId}
      from generate_series(1, 400) g`.execute(db());
    await expectCountsRight();
    // Close some, reopen some closed, move some to another district and priority, in single statements.
    await sql`update education_cases set closed_on = date '2026-03-01'
      where last_name like 'Case%' and closed_on is null and (last_name like '%1' or last_name like '%2')`.execute(
      db(),
    );
    await sql`update education_cases set closed_on = null where last_name like 'Case%' and last_name like '%0'`.execute(
      db(),
    );
    await sql`update education_cases set district = 'uttlesford', priority = not priority
      where last_name like 'Case%' and last_name like '%3'`.execute(db());
    await sql`update education_cases set details = 'no count changes' where last_name like 'Case%'`.execute(db());
    await expectCountsRight();
    await sql`delete from education_cases where last_name like 'Case%' and last_name like '%4'`.execute(db());
    await expectCountsRight();
    // A change rolled back leaves the counts as they were.
    await db()
      .transaction()
      .execute(async (tx) => {
        await sql`update education_cases set closed_on = date '2026-04-01' where closed_on is null`.execute(tx);
        throw new Error('rolled back');
      })
      .catch((error: unknown) => expect(String(error)).toContain('rolled back'));
    expect(await expectCountsRight()).toBeGreaterThan(0);
  });

  it('equal a recount after many changes at once', async () => {
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        open({ kind: i % 2 ? 'ehe' : 'cme', district: i % 3 ? 'harlow' : 'colchester' }),
      ),
    );
    await Promise.all(
      ids.map(async (id, i) =>
        i % 2
          ? t.services.educationCompliance.assess(actor, id, {
              result: 'unsuitable',
              'on-day': '2026-11-12',
              notes: '',
              version: await versionOf(id),
            })
          : leftCountry(id, '2026-11-12'),
      ),
    );
    await expectCountsRight();
    // Twenty statements at once, each its own transaction (on PostgreSQL, really at once), as the service makes
    // them: each opens a case in one of two combinations; then half close theirs and half move theirs to the other
    // combination, so the two combinations' counts are locked in both directions at the same time.
    const many = Array.from({ length: 20 }, (_, i) => ({ id: crypto.randomUUID(), i }));
    const district = (i: number) => (i % 2 ? 'brentwood' : 'castle-point');
    await Promise.all(
      many.map(({ id, i }) =>
        sql`insert into education_cases (id, kind, person_id, first_name, last_name, date_of_birth,
            birth_school_year, district, source, reported_on, cme_from, created_by)
          values (${id}, 'cme', gen_random_uuid(), 'At', 'Once', date '2015-01-01', 2014, ${district(i)}, 'public',
            date '2026-11-01', date '2026-11-01', ${actor.userId})`.execute(db()),
      ),
    );
    await expectCountsRight();
    await Promise.all(
      many.map(({ id, i }) =>
        (i % 4 < 2
          ? sql`update education_cases set closed_on = date '2026-11-02' where id = ${id}`
          : sql`update education_cases set district = ${district(i + 1)} where id = ${id}`
        ).execute(db()),
      ),
    );
    await expectCountsRight();
  });

  it('refuses a change that would take a count below zero, changing nothing', async () => {
    const id = await open({ district: 'maldon', 'dateOfBirth-day': '2010-10-01' });
    const { birth_school_year: year } = await db()
      .selectFrom('education_cases')
      .select('birth_school_year')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const combination = { kind: 'cme', district: 'maldon', birth_school_year: year, priority: false } as const;
    const setCount = (open_cases: number) =>
      db()
        .updateTable('education_case_counts')
        .set({ open_cases })
        .where((eb) => eb.and(combination))
        .execute();
    const { open_cases: was } = await db()
      .selectFrom('education_case_counts')
      .select('open_cases')
      .where((eb) => eb.and(combination))
      .executeTakeFirstOrThrow();
    await setCount(0);
    // Counts broken by hand: closing the case would leave its combination below zero, so the close is refused.
    await expect(
      sql`update education_cases set closed_on = date '2026-11-30' where id = ${id}`.execute(db()),
    ).rejects.toThrow(/below zero/);
    const row = await db()
      .selectFrom('education_cases')
      .select('closed_on')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.closed_on).toBeNull();
    // Put right, as a recount would.
    await setCount(was);
    await expectCountsRight();
  });

  it('are emptied by a truncate of the cases', async () => {
    await sql`truncate education_case_events, education_cases`.execute(db());
    const { kept, recounted } = await keptAndRecounted();
    expect(kept).toEqual([]);
    expect(recounted).toEqual([]);
    expect(await db().selectFrom('education_case_counts').select('kind').execute()).toEqual([]);
  });
});
