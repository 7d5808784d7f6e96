import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { seedDemoEducation } from '../../src/demo/seed-education.ts';
import { EducationComplianceService } from '../../src/modules/education-compliance/index.ts';
import { demoUser, expectRecordsAsCounted, listedFor } from '../helpers/drill-down.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Children missing education and elective home education (issue 15): a report matched to Hearth's people, the
 * School Attendance Order's stages in order, outcomes, home education's priority and assessment, the list and the
 * figures; and every bad input the issue names refused with a clear message and nothing lost.
 */

let t: TestApp;
let officer: TestClient;
let teacher: TestClient;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

/** Draws the form (for its one-time key), then sends it, as a person would. */
async function submit(client: TestClient, url: string, form: Record<string, string | string[]>, drawFrom = url) {
  const page = await client.get(drawFrom);
  const key = /name="submissionKey" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return client.post(url, { submissionKey: key, ...form });
}

const child = (over: Record<string, string | string[]> = {}) => ({
  kind: 'cme',
  firstName: 'Kacper',
  lastName: 'Nowicki',
  'dateOfBirth-day': '14',
  'dateOfBirth-month': '2',
  'dateOfBirth-year': '2015',
  district: 'basildon',
  source: 'school-deregistration',
  'reportedOn-day': '2',
  'reportedOn-month': '11',
  'reportedOn-year': '2026',
  school: 'Basildon Academy',
  details: '',
  ...over,
});

const caseRow = (id: string) =>
  t.database.db.selectFrom('education_cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const idFrom = (location: unknown) => String(location).split('/').pop()!;

beforeAll(async () => {
  t = await createTestApp();
  officer = await signedIn('education.compliance@essex.example');
  teacher = await signedIn('teacher@essex.example');
});
afterAll(() => t?.close());

describe('children missing education', () => {
  it('reports a child, records an enquiry, takes the School Attendance Order stages in order, and closes on a roll', async () => {
    const made = await submit(officer, '/education-compliance/new', child({ lastName: 'Zabłocki' }));
    expect(made.statusCode).toBe(303);
    const id = idFrom(made.headers.location);
    const row = await caseRow(id);
    expect(row).toMatchObject({ kind: 'cme', cme_from: '2026-11-02', birth_school_year: 2014, priority: false });
    const page = await officer.get(`/education-compliance/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Year 7');
    // The view is audited against the case (the route's access) and against the child's person record.
    const views = await t.database.db
      .selectFrom('audit_events')
      .select(['subject_type', 'subject_id', 'details'])
      .where('action', '=', 'record.viewed')
      .where((eb) => eb.or([eb('subject_id', '=', id), eb('subject_id', '=', row.person_id)]))
      .execute();
    expect(views.map((v) => v.subject_type).sort()).toEqual(['education-case', 'person']);
    expect(views.find((v) => v.subject_type === 'person')).toMatchObject({
      subject_id: row.person_id,
      details: { via: 'education-case', caseId: id },
    });

    const enquiry = await submit(officer, `/education-compliance/${id}/event`, {
      source: 'home-visit',
      'on-day': '3',
      'on-month': '11',
      'on-year': '2026',
      details: 'Family still at the address.',
    });
    expect(enquiry.statusCode).toBe(303);

    const step = (stage: string, day: string, version: number) =>
      submit(officer, `/education-compliance/${id}/sao`, {
        stage,
        'on-day': day,
        'on-month': '11',
        'on-year': '2026',
        version: String(version),
      });
    const outOfOrder = await step('order', '4', 1);
    expect(outOfOrder.statusCode).toBe(400);
    expect(outOfOrder.body).toContain('School Attendance Order stages go in order');
    expect((await caseRow(id)).sao_stage).toBeNull();
    // Nothing lost: the stage chosen and the date typed are shown again to put right.
    expect(outOfOrder.body).toMatch(/name="stage" type="radio" value="order" checked/);
    expect(outOfOrder.body).toMatch(/name="on-day" type="text" value="4"/);
    expect(outOfOrder.body).toMatch(/name="on-year" type="text" value="2026"/);
    expect((await step('notice', '4', 1)).statusCode).toBe(303);
    const early = await step('order', '3', 2);
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('must be the same as or after 2026-11-04');
    expect((await step('order', '20', 2)).statusCode).toBe(303);
    expect((await step('prosecution-referral', '21', 3)).statusCode).toBe(303);
    expect((await step('prosecution-referral', '22', 4)).body).toContain('Every School Attendance Order stage');

    const closed = await submit(officer, `/education-compliance/${id}/outcome`, {
      outcome: 'on-roll',
      'on-day': '25',
      'on-month': '11',
      'on-year': '2026',
      school: 'Basildon Academy',
      version: '4',
    });
    expect(closed.statusCode).toBe(303);
    expect(await caseRow(id)).toMatchObject({
      outcome: 'on-roll',
      closed_on: '2026-11-25',
      sao_order_on: '2026-11-20',
    });
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_type', '=', 'education-case')
      .where('subject_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['education-case.cme-opened', 'record.viewed', 'education-case.sao-stage-recorded']),
    );
  });

  it('refuses a school leaver, a child below Reception, and a child matched to two people', async () => {
    const leaver = await submit(officer, '/education-compliance/new', child({ 'dateOfBirth-year': '2009' }));
    expect(leaver.statusCode).toBe(400);
    expect(leaver.body).toContain('a school leaver cannot be recorded as missing education');
    expect(leaver.body).toContain('value="Kacper"');
    const young = await submit(officer, '/education-compliance/new', child({ 'dateOfBirth-year': '2023' }));
    expect(young.body).toContain('below compulsory school age');
    const a = await t.services.people.createPerson(
      { userId: null, label: 't' },
      { firstName: 'Ola', lastName: 'Twin', dateOfBirth: '2016-01-01' },
    );
    const b = await t.services.people.createPerson(
      { userId: null, label: 't' },
      { firstName: 'Ola', lastName: 'Twin', dateOfBirth: '2016-01-01' },
    );
    const details = child({
      firstName: 'Ola',
      lastName: 'Twin',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '1',
      'dateOfBirth-year': '2016',
    });
    const offered = await submit(officer, '/education-compliance/new', details);
    expect(offered.statusCode).toBe(200);
    expect(offered.body).toContain(`value="${a}"`);
    expect(offered.body).toContain(`value="${b}"`);
    const both = await submit(officer, '/education-compliance/new', { ...details, personId: [a, b] });
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('Choose one record');
    expect(both.body).toContain('value="Ola"');
    expect(both.body).toContain('value="Basildon Academy"');
    const chosen = await submit(officer, '/education-compliance/new', { ...details, personId: b });
    expect(chosen.statusCode).toBe(303);
    expect((await caseRow(idFrom(chosen.headers.location))).person_id).toBe(b);
    // A second report about the same child goes on the open case.
    const again = await submit(officer, '/education-compliance/new', { ...details, personId: b });
    expect(again.body).toContain('already has an open Education Compliance case');
  });

  it('does not count a child past Year 11 as missing education, even while their case stays open', async () => {
    const figure = t.services.computedIndicators.find((i) => i.key === 'education.children-missing-education')!;
    const db = t.database.db;
    // Year 11 in the school year 2026/27; Year 12, a school leaver, from 1 September 2027.
    const nov2026 = { from: '2026-11-01', to: '2026-12-01' };
    const sep2027 = { from: '2027-09-01', to: '2027-10-01' };
    const uttlesford = async (period: { from: string; to: string }) =>
      (await figure.compute(db, period, 'district')).groups?.find((g) => g.key === 'uttlesford')?.figure.value ?? 0;
    const before = { nov2026: await uttlesford(nov2026), sep2027: await uttlesford(sep2027) };
    const made = await submit(
      officer,
      '/education-compliance/new',
      child({
        firstName: 'Maja',
        lastName: 'Leaver',
        'dateOfBirth-year': '2011',
        'dateOfBirth-month': '3',
        district: 'uttlesford',
      }),
    );
    expect(made.statusCode).toBe(303);
    const id = idFrom(made.headers.location);
    expect((await caseRow(id)).closed_on).toBeNull();
    expect(await uttlesford(nov2026)).toBe(before.nov2026 + 1);
    expect(await uttlesford(sep2027)).toBe(before.sep2027);
    const leavers = await figure.compute(db, sep2027, 'year-group');
    expect(leavers.groups?.map((g) => g.label) ?? []).not.toContain('Year 12');
  });

  it('closes a case open past Year 11 as reached school-leaving age, and refuses that outcome for a younger child', async () => {
    const made = await submit(
      officer,
      '/education-compliance/new',
      child({ firstName: 'Olek', lastName: 'Leaving', 'dateOfBirth-year': '2011', 'dateOfBirth-month': '3' }),
    );
    expect(made.statusCode).toBe(303);
    const id = idFrom(made.headers.location);
    const outcome = (day: string, month: string, year: string, version = '1') =>
      submit(officer, `/education-compliance/${id}/outcome`, {
        outcome: 'school-leaving-age',
        'on-day': day,
        'on-month': month,
        'on-year': year,
        version,
      });
    // In Year 11 now (2026/27): not yet of school-leaving age; nothing changes and the choice is kept.
    const early = await outcome('30', '11', '2026');
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('this child was in Year 11: they reach school-leaving age after Year 11');
    expect(early.body).toMatch(/value="school-leaving-age"[^>]*checked/);
    expect((await caseRow(id)).closed_on).toBeNull();
    // A year on, the case still open: the child (as the record now says) was born a year earlier, so past Year 11.
    await t.database.db
      .updateTable('education_cases')
      .set({ date_of_birth: '2010-03-14', birth_school_year: 2009 })
      .where('id', '=', id)
      .execute();
    const closed = await outcome('30', '11', '2026');
    expect(closed.statusCode).toBe(303);
    expect(await caseRow(id)).toMatchObject({ outcome: 'school-leaving-age', closed_on: '2026-11-30' });
    const page = await officer.get(`/education-compliance/${id}`);
    expect(page.body).toContain('Reached school-leaving age (past Year 11)');
  });

  it('keeps markup as text and refuses NUL', async () => {
    const markup = '<script>alert(1)</script><b>bold</b>';
    const made = await submit(
      officer,
      '/education-compliance/new',
      child({ firstName: 'Mark', lastName: 'Up', details: markup }),
    );
    expect(made.statusCode).toBe(303);
    const page = await officer.get(String(made.headers.location));
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;script&gt;');
    const nul = await submit(officer, '/education-compliance/new', child({ details: 'a\u0000b' }));
    expect(nul.statusCode).toBe(400);
  });

  it('makes one case from ten identical submits at once', async () => {
    const page = await officer.get('/education-compliance/new');
    const key = /name="submissionKey" value="([^"]+)"/.exec(page.body)![1]!;
    const form = { submissionKey: key, ...child({ firstName: 'Once', lastName: 'Only' }) };
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => officer.post('/education-compliance/new', form)),
    );
    expect(replies.every((r) => r.statusCode === 303 || r.statusCode === 409)).toBe(true);
    const rows = await t.database.db
      .selectFrom('education_cases')
      .select('id')
      .where('last_name', '=', 'Only')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('tells the second of two people editing one case that it changed (409), keeping what they typed', async () => {
    const made = await submit(officer, '/education-compliance/new', child({ firstName: 'Two', lastName: 'Editors' }));
    const id = idFrom(made.headers.location);
    const form = { stage: 'notice', 'on-day': '5', 'on-month': '11', 'on-year': '2026', version: '1' };
    expect((await submit(officer, `/education-compliance/${id}/sao`, form)).statusCode).toBe(303);
    const second = await submit(officer, `/education-compliance/${id}/outcome`, {
      outcome: 'left-country',
      'on-day': '6',
      'on-month': '11',
      'on-year': '2026',
      version: '1',
    });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else changed this case');
    expect((await caseRow(id)).outcome).toBeNull();
  });

  it('is only for the Education Compliance team', async () => {
    expect((await teacher.get('/education-compliance')).statusCode).toBe(403);
    const row = await t.database.db.selectFrom('education_cases').select('id').executeTakeFirstOrThrow();
    expect((await teacher.get(`/education-compliance/${row.id}`)).statusCode).toBe(403);
  });
});

describe('elective home education', () => {
  it('flags a child known to social care or early help as a priority, and unsuitable education starts the School Attendance Order', async () => {
    const known = new Set<string>();
    const service = new EducationComplianceService(t.database.db, t.services.audit, {
      people: t.services.people,
      reference: t.services.reference,
      breakGlass: t.services.breakGlass,
      knownTo: { socialCare: async (id) => known.has(id), earlyHelp: async () => false },
    });
    const actor = {
      userId: (
        await t.database.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'education.compliance@essex.example')
          .executeTakeFirstOrThrow()
      ).id,
      label: 't',
    };
    const personId = await t.services.people.createPerson(actor, {
      firstName: 'Priya',
      lastName: 'Known',
      dateOfBirth: '2013-03-03',
    });
    known.add(personId);
    const made = await service.create(actor, {
      kind: 'ehe',
      firstName: 'Priya',
      lastName: 'Known',
      'dateOfBirth-day': '2013-03-03',
      district: 'harlow',
      source: 'school-deregistration',
      'reportedOn-day': '2026-10-01',
      school: 'Harlow Academy',
      details: '',
      personId,
    });
    const id = 'created' in made ? made.created : '';
    expect(await caseRow(id)).toMatchObject({ kind: 'ehe', priority: true, priority_reasons: ['social-care'] });
    const list = await officer.get('/education-compliance?priority=yes&kind=ehe');
    expect(list.body).toContain('Priya Known');

    const assessed = await submit(officer, `/education-compliance/${id}/assessment`, {
      result: 'unsuitable',
      'on-day': '10',
      'on-month': '11',
      'on-year': '2026',
      notes: 'No evidence of education.',
      version: '1',
    });
    expect(assessed.statusCode).toBe(303);
    expect(await caseRow(id)).toMatchObject({
      kind: 'cme',
      ehe_to: '2026-11-10',
      cme_from: '2026-11-10',
      sao_stage: 'notice',
    });

    const figures = (key: string) => t.services.computedIndicators.find((i) => i.key === key)!;
    const nov = { from: '2026-11-01', to: '2026-12-01' };
    const oct = { from: '2026-10-01', to: '2026-11-01' };
    const db = t.database.db;
    const ehe = await figures('education.home-educated').compute(db, oct, 'year-group');
    expect(ehe.total.value).toBeGreaterThanOrEqual(1);
    expect(ehe.groups?.some((g) => g.label === 'Year 9')).toBe(true);
    const cme = await figures('education.children-missing-education').compute(db, nov, 'quadrant');
    expect(cme.total.value).toBeGreaterThanOrEqual(2);
    const outcomes = await figures('education.cme-outcomes').compute(db, nov, 'outcome');
    expect(outcomes.groups?.find((g) => g.key === 'on-roll')?.figure.value).toBeGreaterThanOrEqual(1);
  });

  it('adds the demo cases once', async () => {
    const before = await t.database.db.selectFrom('education_cases').select('id').execute();
    expect(await seedDemoEducation(t.services)).toBe(before.length > 0 ? 0 : 4);
  });
});

describe('the records behind the figures (the drill-down, issue 14)', () => {
  const NOV = { from: '2026-11-01', to: '2026-12-01' };
  const OCT = { from: '2026-10-01', to: '2026-11-01' };
  const FIGURES = [
    ['education.children-missing-education', NOV, ['quadrant', 'district', 'year-group', 'sao-stage']],
    ['education.home-educated', OCT, ['quadrant', 'district', 'year-group']],
    ['education.cme-outcomes', NOV, ['district', 'outcome']],
  ] as const;

  it('lists as many cases as each figure counts, whole and in each group', async () => {
    for (const [key, period, by] of FIGURES)
      expect(await expectRecordsAsCounted(t.services, t.database.db, key, period, by), key).toBeGreaterThan(0);
  });

  it('shows the cases to the Education Compliance team only, each a reference and a link, never a name', async () => {
    const [team, hub] = await Promise.all([
      demoUser(t.services, 'education.compliance@essex.example'),
      demoUser(t.services, 'hub.manager@essex.example'),
    ]);
    for (const [key, period] of FIGURES) {
      const seen = await listedFor(t.services, team, key, period);
      expect([seen.visible, seen.hidden], key).toEqual([seen.total, 0]);
      expect(JSON.stringify(seen.rows)).not.toMatch(/Kacper|Nowicki|Priya|Known/);
      for (const row of seen.rows) {
        expect(row.reference).toMatch(/^Case [0-9A-F]{8}$/);
        expect(row.href).toMatch(/^\/education-compliance\/[0-9a-f-]{36}$/);
      }
      const other = await listedFor(t.services, hub, key, period);
      expect([other.visible, other.hidden, other.rows], key).toEqual([0, seen.total, []]);
    }
    const closed = await listedFor(t.services, team, 'education.cme-outcomes', NOV);
    expect(closed.rows.map((r) => r.about)).toContain('Child missing education, On a school roll');
  });

  it('lets the team follow the figure from its indicator page to the cases, through the pages', async () => {
    const code = 'education.children-missing-education';
    const page = await officer.get(`/performance/indicators/${code}`);
    expect(page.statusCode).toBe(200);
    const link = new RegExp(`href="(/performance/indicators/${code.replace(/\./g, '\\.')}/records\\?[^"]+)"`).exec(
      page.body,
    );
    expect(link, 'a link from a count to its records').not.toBeNull();
    const list = await officer.get(link![1]!.replaceAll('&amp;', '&'));
    expect(list.statusCode).toBe(200);
    expect(list.body).toMatch(/href="\/education-compliance\/[0-9a-f-]{36}"/);
  });
});
