import { addDays, format } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * MACE 1 (issue 13): nominations and their decision, a case opened directly (coordinators only, a refusal audited),
 * meetings with agendas built from the cases due, each agency's information, the discussion and the protection plan
 * (optimistic locking on both), exit with a reason, cases as restricted records by quadrant, bad input, repeated
 * submits, and the figures.
 */

let t: TestApp;
let teacher: TestClient;
let coordinator: TestClient;
let member: TestClient;
let police: TestClient;
let signIns = 0;

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `192.0.2.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

const keyOf = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;
const idOf = (location: unknown) => String(location).split('/').pop()!;
const districtId = async (code: string) =>
  (await t.database.db.selectFrom('districts').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const quadrantId = async (code: string) =>
  (await t.database.db.selectFrom('quadrants').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const organisationId = async (code: string) =>
  (await t.database.db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const inDays = (n: number) => format(addDays(new Date(`${todayInLondon()}T12:00:00Z`), n), 'yyyy-MM-dd');
const boxes = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};
const auditActions = async (type: string, id: string) =>
  (await t.services.audit.forSubject(type, id)).map((e) => e.action);

const nomination = async (over: Record<string, string> = {}) => ({
  kind: 'at-risk',
  childFirstName: 'Kayden',
  childLastName: 'Rowe',
  'childDateOfBirth-day': '14',
  'childDateOfBirth-month': '2',
  'childDateOfBirth-year': '2011',
  district: await districtId('harlow'),
  why: 'Seen with older males at Harlow Town station; two missing episodes this month.',
  agencies: 'School, Essex Police, youth service',
  concernId: '',
  ...over,
});

async function nominate(client: TestClient, over: Record<string, string> = {}) {
  const page = await client.get('/mace/nominations/new');
  expect(page.statusCode).toBe(200);
  const sent = await client.post('/mace/nominations', { ...(await nomination(over)), submissionKey: keyOf(page.body) });
  expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
  return idOf(sent.headers.location);
}

async function openDirectly(over: Record<string, string> = {}) {
  const page = await coordinator.get('/mace/cases/new');
  const sent = await coordinator.post('/mace/cases', { ...(await nomination(over)), submissionKey: keyOf(page.body) });
  expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
  return idOf(sent.headers.location);
}

async function schedule(quadrant: string, day: string) {
  const page = await coordinator.get('/mace/meetings/new');
  const sent = await coordinator.post('/mace/meetings', {
    submissionKey: keyOf(page.body),
    quadrant: await quadrantId(quadrant),
    ...boxes('date', day),
    time: '10am',
    where: 'online',
    place: 'Teams link in the invitation',
    chair: 'DI Sarah Cole',
  });
  expect(sent.statusCode, sent.body.slice(0, 800)).toBe(303);
  return idOf(sent.headers.location);
}

beforeAll(async () => {
  t = await createTestApp();
  teacher = await signedIn('teacher@essex.example');
  coordinator = await signedIn('mace.coordinator@essex.example');
  member = await signedIn('mace.member@essex.example');
  police = await signedIn('police@essex.example');
});
afterAll(() => t?.close());

describe('nominations', () => {
  it('a practitioner nominates; the coordinator accepts, opening a case the nominator sees only in outline', async () => {
    const id = await nominate(teacher);
    const row = await t.database.db
      .selectFrom('mace1_nominations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'nominated',
      kind: 'at-risk',
      child_date_of_birth: '2011-02-14',
      quadrant_id: await quadrantId('west'),
    });
    expect((await coordinator.get('/mace')).body).toContain(`/mace/nominations/${id}`);
    const page = await coordinator.get(`/mace/nominations/${id}`);
    const accepted = await coordinator.post(`/mace/nominations/${id}/accept`, { submissionKey: keyOf(page.body) });
    expect(accepted.statusCode).toBe(303);
    const caseId = idOf(accepted.headers.location);
    // Accepting again opens nothing more.
    const again = await coordinator.post(`/mace/nominations/${id}/accept`, {});
    expect(idOf(again.headers.location)).toBe(caseId);
    expect(
      await t.database.db.selectFrom('mace1_cases').select('id').where('nomination_id', '=', id).execute(),
    ).toHaveLength(1);

    const status = await teacher.get(`/mace/nominations/${id}`);
    expect(status.body).toContain('Accepted');
    const outline = await teacher.get(`/mace/cases/${caseId}`);
    expect(outline.statusCode).toBe(200);
    expect(outline.body).toContain('data-qa="outline"');
    expect(outline.body).not.toContain('Seen with older males');
    expect(outline.body).not.toContain('Protection plan');
    expect(await auditActions('mace-case', caseId)).toEqual(
      expect.arrayContaining(['mace1-case.opened', 'mace1-case.viewed']),
    );
    expect(await auditActions('mace1-nomination', id)).toEqual(
      expect.arrayContaining(['mace1-nomination.made', 'mace1-nomination.accepted']),
    );
  });

  it('declines with a reason the nominator sees; a decline without one is refused with the message', async () => {
    const id = await nominate(teacher, { childFirstName: 'Mia', childLastName: 'Stone' });
    const empty = await coordinator.post(`/mace/nominations/${id}/decline`, { reason: '' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Enter why the nomination is declined; the practitioner who nominated the child will see it',
    ]);
    const declined = await coordinator.post(`/mace/nominations/${id}/decline`, {
      reason: 'Support through the Team Around the Family first; renominate if the risk rises.',
    });
    expect(declined.statusCode).toBe(303);
    const page = await teacher.get(`/mace/nominations/${id}`);
    expect(page.body).toContain('Declined');
    expect(page.body).toContain('Support through the Team Around the Family first');
    // A declined nomination cannot be accepted.
    expect((await coordinator.post(`/mace/nominations/${id}/accept`, {})).statusCode).toBe(403);
    // Someone else's nomination is a restricted record.
    const other = await police.get(`/mace/nominations/${id}`);
    expect(other.statusCode).toBe(403);
    expect(other.body).toContain('A restricted record exists');
  });

  it('refuses a case opened directly by anyone but a coordinator, and audits the refusal', async () => {
    const before = await t.database.db.selectFrom('mace1_cases').select('id').execute();
    expect((await member.get('/mace/cases/new')).statusCode).toBe(403);
    const sent = await member.post('/mace/cases', await nomination());
    expect(sent.statusCode).toBe(403);
    expect(await t.database.db.selectFrom('mace1_cases').select('id').execute()).toHaveLength(before.length);
    const memberUser = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'mace.member@essex.example')
      .executeTakeFirstOrThrow();
    const refusals = await t.database.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('action', '=', 'permission.denied')
      .where('actor_user_id', '=', memberUser.id)
      .execute();
    expect(refusals.map((r) => (r.details as { action?: string }).action)).toContain('mace:coordinate');
    // The service refuses too, whatever route calls it.
    const user = await (
      await import('../../src/modules/early-help/test-support.ts')
    ).userByEmail(t.services, 'mace.member@essex.example');
    await expect(
      t.services.mace1.openCase({ userId: user.id, label: user.email }, user, {
        kind: 'at-risk',
        childFirstName: 'A',
        childLastName: 'B',
        'childDateOfBirth-day': null,
        district: await districtId('harlow'),
        why: 'x',
        agencies: '',
        concernId: '',
      }),
    ).rejects.toThrow('Only a MACE coordinator');
  });
});

describe('meetings, agency information, the discussion and the protection plan', () => {
  it('builds the agenda from the cases due, records each agency’s information, the discussion, the plan and an exit', async () => {
    const caseId = await openDirectly({ childFirstName: 'Tyler', childLastName: 'Banks' });
    const south = await openDirectly({
      childFirstName: 'Sophie',
      childLastName: 'Lane',
      district: await districtId('basildon'),
    });
    const meetingId = await schedule('west', inDays(7));
    // A new case not yet discussed is on its quadrant's agenda; another quadrant's is not.
    const agenda = await member.get(`/mace/meetings/${meetingId}`);
    expect(agenda.statusCode).toBe(200);
    expect(agenda.body).toContain('Tyler Banks');
    expect(agenda.body).toContain('New case');
    expect(agenda.body).not.toContain('Sophie Lane');

    // The police member records their agency's information.
    const at = await member.get(`/mace/meetings/${meetingId}/cases/${caseId}`);
    expect(at.statusCode).toBe(200);
    const info = await member.post(`/mace/meetings/${meetingId}/cases/${caseId}/information`, {
      submissionKey: keyOf(at.body),
      information: 'Stopped twice in Harlow with cash and a second phone; linked to a county line.',
    });
    expect(info.statusCode).toBe(303);
    const stored = await t.database.db
      .selectFrom('mace1_agency_information')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(stored.organisation_id).toBe(await organisationId('essex-police'));
    expect((await coordinator.get(`/mace/meetings/${meetingId}/cases/${caseId}`)).body).toContain('Essex Police');
    // A member may not record the discussion.
    expect((await member.post(`/mace/meetings/${meetingId}/cases/${caseId}/discussion`, {})).statusCode).toBe(403);

    // The coordinator records the discussion: high risk, review in 30 days.
    const page = await coordinator.get(`/mace/meetings/${meetingId}/cases/${caseId}`);
    const discussed = await coordinator.post(`/mace/meetings/${meetingId}/cases/${caseId}/discussion`, {
      version: versionOf(page.body),
      summary: 'Agreed disruption of the line and a safety plan with the school.',
      riskLevel: 'high',
      outcome: 'review',
      ...boxes('nextReview', inDays(30)),
      exitReason: '',
    });
    expect(discussed.statusCode, discussed.body.slice(0, 600)).toBe(303);
    expect(
      await t.database.db
        .selectFrom('mace1_cases')
        .select(['risk_level', 'review_on', 'status'])
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      risk_level: 'high',
      review_on: inDays(30),
      status: 'open',
    });

    // A protection plan action, from the meeting.
    const form = await coordinator.get(`/mace/cases/${caseId}/actions/new?meeting=${meetingId}`);
    const added = await coordinator.post(`/mace/cases/${caseId}/actions?meeting=${meetingId}`, {
      submissionKey: keyOf(form.body),
      organisation: await organisationId('essex-police'),
      action: 'Serve a Child Abduction Warning Notice on the older male.',
      owner: 'DC Amir Khan',
      ...boxes('due', inDays(14)),
      status: 'not-started',
    });
    expect(added.statusCode, added.body.slice(0, 600)).toBe(303);
    expect(added.headers.location).toBe(`/mace/meetings/${meetingId}/cases/${caseId}`);
    const action = await t.database.db
      .selectFrom('mace1_plan_actions')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(action).toMatchObject({
      owner: 'DC Amir Khan',
      status: 'not-started',
      due_on: inDays(14),
      meeting_id: meetingId,
    });
    const full = await member.get(`/mace/cases/${caseId}`);
    expect(full.body).toContain('Child Abduction Warning Notice');
    expect(full.body).toContain('Stopped twice in Harlow');

    // Next meeting before the review date: not due, so not on the agenda; the coordinator adds it, then takes it off.
    const next = await schedule('west', inDays(21));
    expect((await member.get(`/mace/meetings/${next}`)).body).not.toContain('Tyler Banks');
    await coordinator.post(`/mace/meetings/${next}/agenda`, { caseId, include: 'yes' });
    expect((await coordinator.get(`/mace/meetings/${next}`)).body).toContain('Added by the coordinator');
    await coordinator.post(`/mace/meetings/${next}/agenda`, { caseId, include: 'no' });
    expect((await member.get(`/mace/meetings/${next}`)).body).not.toContain('Tyler Banks');
    // The meeting after the review date has it as a review.
    const review = await schedule('west', inDays(35));
    expect((await member.get(`/mace/meetings/${review}`)).body).toContain('Review due');
    // …where the child exits with a reason from the tenant's list.
    const reviewPage = await coordinator.get(`/mace/meetings/${review}/cases/${caseId}`);
    const noReason = await coordinator.post(`/mace/meetings/${review}/cases/${caseId}/discussion`, {
      version: versionOf(reviewPage.body),
      summary: 'Risk has reduced; the line is disrupted.',
      riskLevel: 'low',
      outcome: 'exit',
      exitReason: '',
    });
    expect(errorSummary(noReason.body)).toEqual(['Select the reason the child exits MACE 1']);
    const exited = await coordinator.post(`/mace/meetings/${review}/cases/${caseId}/discussion`, {
      version: versionOf(reviewPage.body),
      summary: 'Risk has reduced; the line is disrupted.',
      riskLevel: 'low',
      outcome: 'exit',
      exitReason: 'risk-reduced',
    });
    expect(exited.statusCode).toBe(303);
    expect(
      await t.database.db
        .selectFrom('mace1_cases')
        .select(['status', 'exit_reason', 'exited_on'])
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      status: 'exited',
      exit_reason: 'risk-reduced',
      exited_on: inDays(35),
    });
    expect(await auditActions('mace-case', caseId)).toEqual(
      expect.arrayContaining([
        'mace1-case.information-recorded',
        'mace1-case.reviewed',
        'mace1-plan.action-added',
        'mace1-case.exited',
      ]),
    );
    // The south case never reached the west meetings.
    expect((await coordinator.get(`/mace/meetings/${review}`)).body).not.toContain('Sophie Lane');
    void south;
  });

  it('tells the second of two people editing the plan or the case that someone else changed it, keeping what they typed', async () => {
    const caseId = await openDirectly({ childFirstName: 'Ruby', childLastName: 'Hale' });
    const form = await coordinator.get(`/mace/cases/${caseId}/actions/new`);
    await coordinator.post(`/mace/cases/${caseId}/actions`, {
      submissionKey: keyOf(form.body),
      organisation: await organisationId('essex-police'),
      action: 'Visit the address with the youth worker.',
      owner: 'PC Lee',
      ...boxes('due', inDays(10)),
      status: 'not-started',
    });
    const action = await t.database.db
      .selectFrom('mace1_plan_actions')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    const first = await coordinator.get(`/mace/cases/${caseId}/actions/${action.id}`);
    const second = await member.get(`/mace/cases/${caseId}/actions/${action.id}`);
    const body = (status: string, text: string, version: string) => ({
      version,
      organisation: action.organisation_id,
      action: text,
      owner: 'PC Lee',
      ...boxes('due', inDays(10)),
      status,
    });
    expect(
      (
        await coordinator.post(
          `/mace/cases/${caseId}/actions/${action.id}`,
          body('in-progress', 'Visit the address with the youth worker.', versionOf(first.body)),
        )
      ).statusCode,
    ).toBe(303);
    const stale = await member.post(
      `/mace/cases/${caseId}/actions/${action.id}`,
      body('done', 'Visited: the family agreed a safety plan.', versionOf(second.body)),
    );
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)[0]).toContain('Someone else changed this');
    expect(stale.body).toContain('Visited: the family agreed a safety plan.');
    expect(
      (
        await t.database.db
          .selectFrom('mace1_plan_actions')
          .select('status')
          .where('id', '=', action.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('in-progress');
    // Saving again from the form drawn again replaces it: nothing typed was lost.
    const retry = await member.post(
      `/mace/cases/${caseId}/actions/${action.id}`,
      body('done', 'Visited: the family agreed a safety plan.', versionOf(stale.body)),
    );
    expect(retry.statusCode).toBe(303);
    expect(
      await t.database.db
        .selectFrom('mace1_plan_actions')
        .select(['status', 'done_on'])
        .where('id', '=', action.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'done', done_on: todayInLondon() });

    // The case: two coordinators' tabs recording the discussion.
    const meetingId = await schedule('west', inDays(3));
    const tabA = await coordinator.get(`/mace/meetings/${meetingId}/cases/${caseId}`);
    const tabB = await coordinator.get(`/mace/meetings/${meetingId}/cases/${caseId}`);
    const discussion = (summary: string, version: string) => ({
      version,
      summary,
      riskLevel: 'medium',
      outcome: 'review',
      ...boxes('nextReview', inDays(40)),
      exitReason: '',
    });
    expect(
      (
        await coordinator.post(
          `/mace/meetings/${meetingId}/cases/${caseId}/discussion`,
          discussion('First tab', versionOf(tabA.body)),
        )
      ).statusCode,
    ).toBe(303);
    const staleCase = await coordinator.post(
      `/mace/meetings/${meetingId}/cases/${caseId}/discussion`,
      discussion('Second tab’s notes', versionOf(tabB.body)),
    );
    expect(staleCase.statusCode).toBe(400);
    expect(errorSummary(staleCase.body)[0]).toContain('Someone else changed this');
    expect(staleCase.body).toContain('Second tab’s notes');
  });
});

describe('restricted by quadrant', () => {
  it('refuses a West panel member a South case, and anyone not involved, with the restricted page; audited', async () => {
    const south = await openDirectly({
      childFirstName: 'Leo',
      childLastName: 'Frost',
      district: await districtId('basildon'),
    });
    for (const client of [member, police]) {
      const page = await client.get(`/mace/cases/${south}`);
      expect(page.statusCode).toBe(403);
      expect(page.body).toContain('A restricted record exists. To see it, ask');
      expect(page.body).not.toContain('Leo');
    }
    // The Hub takes part in the response to exploitation (the policy's restricted:view): it learns the child is in
    // MACE 1 and whom to ask, but the agencies' information and the plan stay with the panel.
    const hub = await (await signedIn('hub.practitioner@essex.example')).get(`/mace/cases/${south}`);
    expect(hub.statusCode).toBe(200);
    expect(hub.body).toContain('data-qa="outline"');
    expect(hub.body).not.toContain('Protection plan');
    expect((await member.get(`/mace/cases/${south}/actions/new`)).statusCode).toBe(403);
    const southMeeting = await schedule('south', inDays(5));
    expect((await member.get(`/mace/meetings/${southMeeting}`)).statusCode).toBe(403);
    expect((await member.get('/mace')).body).not.toContain('Leo Frost');
    const events = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', south)
      .where('action', 'in', ['permission.denied', 'record.view-denied', 'record.edit-denied'])
      .execute();
    // Two refused views of the page (the declared access) and one of the plan's form (the service).
    expect(events.length).toBeGreaterThanOrEqual(3);
    // Once on the South panel, the member sees it.
    await coordinator.post(`/mace/panels/${await quadrantId('south')}/members`, { email: 'mace.member@essex.example' });
    expect((await member.get(`/mace/cases/${south}`)).statusCode).toBe(200);
    await coordinator.post(
      `/mace/panels/${await quadrantId('south')}/members/${(await t.database.db.selectFrom('users').select('id').where('email', '=', 'mace.member@essex.example').executeTakeFirstOrThrow()).id}/remove`,
      {},
    );
    expect((await member.get(`/mace/cases/${south}`)).statusCode).toBe(403);
  });

  it('shows the panels: a coordinator adds by email (an unknown email is told), a member sees their own', async () => {
    const unknown = await coordinator.post(`/mace/panels/${await quadrantId('mid')}/members`, {
      email: 'nobody@essex.example',
    });
    expect(unknown.statusCode).toBe(400);
    expect(errorSummary(unknown.body)).toEqual(['There is no active user with that email address']);
    const bad = await coordinator.post(`/mace/panels/${await quadrantId('mid')}/members`, { email: 'not an email' });
    expect(errorSummary(bad.body)).toEqual(['Enter an email address in the correct format, like name@example.com']);
    const mine = await member.get('/mace/panels');
    expect(mine.body).toContain('West');
    expect(mine.body).not.toContain('North East');
    expect(mine.body).not.toContain('Add to the');
    expect(
      (await member.post(`/mace/panels/${await quadrantId('mid')}/members`, { email: 'teacher@essex.example' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('bad input and repeated submits', () => {
  it('lists every problem at once, keeps markup as typed and escapes it, refuses NUL', async () => {
    const page = await teacher.get('/mace/nominations/new');
    const empty = await teacher.post('/mace/nominations', { submissionKey: keyOf(page.body) });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Select why the child is nominated to MACE 1',
      'Enter the child’s first name',
      'Enter the child’s last name',
      'Select the district where the child lives',
      'Enter why the child is nominated',
    ]);
    const id = await nominate(teacher, { why: '<script>alert(1)</script> & <b>bold</b>' });
    const row = await t.database.db
      .selectFrom('mace1_nominations')
      .select('why')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.why).toBe('<script>alert(1)</script> & <b>bold</b>');
    const shown = await teacher.get(`/mace/nominations/${id}`);
    expect(shown.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(shown.body).not.toContain('<script>alert(1)');
    const nul = await teacher.post('/mace/nominations', {
      ...(await nomination({ why: 'a\u0000b' })),
      submissionKey: keyOf(page.body),
    });
    expect(nul.statusCode).toBe(400);
    const long = await teacher.post('/mace/nominations', {
      ...(await nomination({ why: 'x'.repeat(5001) })),
      submissionKey: keyOf((await teacher.get('/mace/nominations/new')).body),
    });
    expect(errorSummary(long.body)).toEqual(['Why the child is nominated must be 5,000 characters or fewer']);
  });

  it('makes one nomination from ten parallel identical submits', async () => {
    const page = await teacher.get('/mace/nominations/new');
    const body = {
      ...(await nomination({ childFirstName: 'Parallel', childLastName: 'Tenfold' })),
      submissionKey: keyOf(page.body),
    };
    const sent = await Promise.all(Array.from({ length: 10 }, () => teacher.post('/mace/nominations', body)));
    expect(sent.every((s) => s.statusCode === 303 || s.statusCode === 409)).toBe(true);
    const rows = await t.database.db
      .selectFrom('mace1_nominations')
      .select('id')
      .where('child_first_name', '=', 'Parallel')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('nominates from an exploitation concern, prefilling the child, only for those who can see it', async () => {
    await teacher.get('/exploitation/concerns/new');
    const [year, month, day] = todayInLondon().split('-') as [string, string, string];
    const sent = await teacher.post('/exploitation/concerns', {
      childFirstName: 'Amber',
      childLastName: 'Cole',
      'childDateOfBirth-day': '3',
      'childDateOfBirth-month': '9',
      'childDateOfBirth-year': '2010',
      kinds: 'criminal',
      settings: 'in-person',
      indicators: 'missing',
      vulnerabilities: '',
      whatSeen: 'Missing twice.',
      district: 'harlow',
      judgement: 'could-be',
      policeReported: 'yes',
      policeReference: '42/1/26',
      'policeReportedOn-day': String(Number(day)),
      'policeReportedOn-month': String(Number(month)),
      'policeReportedOn-year': year,
      policeOfficer: 'PC 1',
      policeNotYetReason: '',
    });
    const concernId = idOf(sent.headers.location);
    expect((await teacher.get(`/exploitation/concerns/${concernId}`)).body).toContain(
      `/mace/nominations/from-concern/${concernId}`,
    );
    const form = await teacher.get(`/mace/nominations/from-concern/${concernId}`);
    expect(form.body).toContain('value="Amber"');
    expect(form.body).toContain(`name="concernId" value="${concernId}"`);
    expect((await police.get(`/mace/nominations/from-concern/${concernId}`)).statusCode).toBe(403);
  });
});

describe('figures', () => {
  it('counts children open, new and exited by quadrant and kind, and plan actions open, done and overdue', async () => {
    const today = todayInLondon();
    const before = await t.services.mace1.figures(today, inDays(60));
    const peer = await openDirectly({
      kind: 'exploiting-peers',
      childFirstName: 'Zach',
      childLastName: 'Mills',
      district: await districtId('colchester'),
    });
    const form = await coordinator.get(`/mace/cases/${peer}/actions/new`);
    await coordinator.post(`/mace/cases/${peer}/actions`, {
      submissionKey: keyOf(form.body),
      organisation: await organisationId('essex-police'),
      action: 'Overdue by the end of the period',
      owner: 'PC Ray',
      ...boxes('due', inDays(1)),
      status: 'in-progress',
    });
    const after = await t.services.mace1.figures(today, inDays(60));
    expect(after.children.new - before.children.new).toBe(1);
    expect(after.children.byKind['exploiting-peers'].new - before.children.byKind['exploiting-peers'].new).toBe(1);
    const ne = (f: typeof after) => f.children.byQuadrant.find((q) => q.quadrantCode === 'north-east')!;
    expect(ne(after).open - ne(before).open).toBe(1);
    expect(after.actions.open - before.actions.open).toBe(1);
    expect(after.actions.overdue - before.actions.overdue).toBe(1);
    // The exits and done actions of the tests above fall in the period.
    expect(after.children.exited).toBeGreaterThanOrEqual(1);
    expect(after.actions.done).toBeGreaterThanOrEqual(1);
    // A period before any case: nothing.
    const empty = await t.services.mace1.figures('2001-01-01', '2001-12-31');
    expect(empty.children).toMatchObject({ open: 0, new: 0, exited: 0 });
  });
});
