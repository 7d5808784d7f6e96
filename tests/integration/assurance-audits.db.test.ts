import { addDays, format } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { closedEarlyHelpEpisodes, seedDemoAudits } from '../../src/demo/seed-audits.ts';
import { assuranceAuditIndicators } from '../../src/modules/assurance-audits/index.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The partnership's audits (issue 16, "Audits"): Section 11 and Section 175 cycles (invitations, returns, reminders,
 * the summary by standard) and multi-agency case audits (sampling, auditors who see only the sampled families while
 * the audit is open, findings with a grade per case, the meeting, themes and the plan), with every bad input the
 * brief lists and what was (not) stored.
 */
let t: TestApp;
let manager: TestClient;
let agency: TestClient;
let school: TestClient;
let signIns = 0;

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `192.0.2.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const key = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;
const idOf = (location: unknown) => String(location).split('/').pop()!;
const boxes = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};
const today = todayInLondon();
const inDays = (n: number) => format(addDays(new Date(`${today}T12:00:00Z`), n), 'yyyy-MM-dd');
const orgId = async (code: string) =>
  (await t.database.db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const count = async (
  table: 'assurance_returns' | 'assurance_return_answers' | 'case_audit_findings' | 'case_audit_grades',
) =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function newCycle(kind: 'section-11' | 'section-175', title: string) {
  const page = await manager.get('/audits/cycles/new');
  expect(page.statusCode).toBe(200);
  const sent = await manager.post('/audits/cycles', {
    submissionKey: key(page.body),
    kind,
    title,
    ...boxes('opensOn', inDays(-1)),
    ...boxes('dueOn', inDays(7)),
  });
  expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
  return idOf(sent.headers.location);
}
async function answers(evidence = 'Annual policy review') {
  const standards = (await t.services.assuranceAudits.standards()).standards['section-11'];
  return Object.fromEntries(
    standards.flatMap((s) => [
      [`rating-${s.code}`, s.code === 's11-escalation' ? 'not-met' : 'met'],
      [`evidence-${s.code}`, evidence],
      [`actions-${s.code}`, ''],
    ]),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  manager = await signedIn('board.manager@essex.example');
  agency = await signedIn('agency.lead@essex.example');
  school = await signedIn('school.dsl@essex.example');
});
afterAll(() => t?.close());

describe('Section 11 and Section 175 cycles', () => {
  it('the standards come from the tenant file, marked for Essex to confirm', async () => {
    const file = await t.services.assuranceAudits.standards();
    expect(file.toConfirm).toMatch(/confirm/i);
    expect(file.standards['section-11']).toHaveLength(11);
    expect(file.standards['section-175'].length).toBeGreaterThan(5);
  });

  it('an invited agency makes its return once; the summary counts it per standard; markup is kept as typed', async () => {
    const id = await newCycle('section-11', 'Section 11 audit (test)');
    expect(
      (await manager.post(`/audits/cycles/${id}/invitations`, { organisationId: await orgId('eput') })).statusCode,
    ).toBe(303);
    const form = await agency.get(`/audits/cycles/${id}/return`);
    expect(form.statusCode).toBe(200);
    const evidence = '<script>alert(1)</script> & "quotes"';
    const sent = await agency.post(`/audits/cycles/${id}/return`, {
      submissionKey: key(form.body),
      ...(await answers(evidence)),
    });
    expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
    const again = await agency.get(`/audits/cycles/${id}/return`);
    expect(again.headers.location).toBe(sent.headers.location);
    const mine = await agency.get(String(sent.headers.location));
    expect(mine.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mine.body).not.toContain('<script>alert(1)');
    const stored = await t.database.db
      .selectFrom('assurance_return_answers')
      .select('evidence')
      .executeTakeFirstOrThrow();
    expect(stored.evidence).toBe(evidence);
    const page = await manager.get(`/audits/cycles/${id}`);
    expect(page.body).toMatch(/Escalation<\/th>\s*<td[^>]*>0<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>1<\/td>/);
    expect(page.body).toContain('Essex Partnership University NHS Foundation Trust (EPUT) (not met)');
  });

  it('refuses a return from an agency not invited (audited), saving nothing', async () => {
    const id = await newCycle('section-11', 'Section 11: schools not invited');
    const before = await count('assurance_returns');
    expect((await school.get(`/audits/cycles/${id}/return`)).statusCode).toBe(403);
    const sent = await school.post(`/audits/cycles/${id}/return`, {
      submissionKey: crypto.randomUUID(),
      ...(await answers()),
    });
    expect(sent.statusCode).toBe(403);
    expect(sent.body).toContain('not invited');
    expect(await count('assurance_returns')).toBe(before);
    const denied = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'permission.denied')
      .where('subject_id', '=', id)
      .execute();
    expect(denied.length).toBeGreaterThan(0);
    expect((await school.get(`/audits/cycles/${id}`)).statusCode).toBe(404);
  });

  it('refuses a return after the cycle closed, and a rating outside the scale, saving nothing', async () => {
    const id = await newCycle('section-11', 'Section 11: closes early');
    await manager.post(`/audits/cycles/${id}/invitations`, { organisationId: await orgId('eput') });
    const form = await agency.get(`/audits/cycles/${id}/return`);
    const wrong = await agency.post(`/audits/cycles/${id}/return`, {
      submissionKey: key(form.body),
      ...(await answers()),
      'rating-s11-leadership': 'excellent',
    });
    expect(wrong.statusCode).toBe(400);
    expect(errorSummary(wrong.body).join(' ')).toContain('Select how far “Senior board-level leadership” is met');
    const cycle = await t.services.assuranceAudits.cycles.cycle(id);
    expect((await manager.post(`/audits/cycles/${id}/close`, { version: String(cycle!.version) })).statusCode).toBe(
      303,
    );
    const before = await count('assurance_return_answers');
    const late = await agency.post(`/audits/cycles/${id}/return`, {
      submissionKey: key(form.body),
      ...(await answers()),
    });
    expect(late.statusCode).toBe(400);
    expect(errorSummary(late.body).join(' ')).toContain('This audit has closed');
    expect(await count('assurance_return_answers')).toBe(before);
  });

  it('refuses NUL in the evidence at the edge', async () => {
    const id = await newCycle('section-11', 'Section 11: NUL');
    await manager.post(`/audits/cycles/${id}/invitations`, { organisationId: await orgId('eput') });
    const form = await agency.get(`/audits/cycles/${id}/return`);
    const before = await count('assurance_returns');
    const sent = await agency.post(`/audits/cycles/${id}/return`, {
      submissionKey: key(form.body),
      ...(await answers('a\u0000b')),
    });
    expect(sent.statusCode).toBe(400);
    expect(await count('assurance_returns')).toBe(before);
  });

  it('ten parallel identical submits make one return', async () => {
    const id = await newCycle('section-11', 'Section 11: ten at once');
    await manager.post(`/audits/cycles/${id}/invitations`, { organisationId: await orgId('eput') });
    const form = await agency.get(`/audits/cycles/${id}/return`);
    const body = { submissionKey: key(form.body), ...(await answers()) };
    const sent = await Promise.all(Array.from({ length: 10 }, () => agency.post(`/audits/cycles/${id}/return`, body)));
    expect(sent.filter((r) => r.statusCode === 303).length).toBeGreaterThanOrEqual(1);
    expect(sent.every((r) => r.statusCode < 500)).toBe(true);
    const returns = await t.database.db
      .selectFrom('assurance_returns')
      .select('id')
      .where('cycle_id', '=', id)
      .execute();
    expect(returns).toHaveLength(1);
    // A second form (another tab) is refused by the one return an invitation.
    const again = await agency.post(`/audits/cycles/${id}/return`, { ...body, submissionKey: crypto.randomUUID() });
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body).join(' ')).toContain('already made its return');
  });

  it('reminds agencies yet to answer once a day, and counts returns on time', async () => {
    const id = await newCycle('section-175', 'Section 175 audit (test)');
    await manager.post(`/audits/cycles/${id}/invitations`, { organisationId: await orgId('essex-schools') });
    const outbox = () =>
      t.database.db
        .selectFrom('notify_outbox')
        .select(['recipient', 'body'])
        .where('template', '=', 'assurance-return-reminder')
        .execute();
    const before = (await outbox()).length;
    const sent = await t.services.assuranceAudits.cycles.sendReminders(inDays(0)); // due in 7 days: a reminder day
    expect(sent).toBeGreaterThanOrEqual(1);
    const mails = (await outbox()).slice(before);
    expect(mails.map((m) => m.recipient)).toContain('school.dsl@essex.example');
    expect(mails.find((m) => m.recipient === 'school.dsl@essex.example')!.body).toContain(
      `/audits/cycles/${id}/return`,
    );
    expect(await t.services.assuranceAudits.cycles.sendReminders(inDays(0))).toBe(0);
    expect((await outbox()).length).toBe(before + mails.length);

    const [, onTime] = assuranceAuditIndicators;
    const figure = await onTime!.compute(t.database.db, { from: inDays(0), to: inDays(10) });
    expect(figure.total.denominator).toBeGreaterThan(0);
    expect(figure.total.numerator).toBeGreaterThan(0);
  });
});

describe('multi-agency case audits', () => {
  let auditId: string;
  let sampledFamily: string;
  let otherFamily: string;

  it('samples closed early help episodes by criteria and grants the auditors the sampled families only', async () => {
    await closedEarlyHelpEpisodes(t.services, ['Audit-one', 'Audit-two', 'Audit-three']);
    const page = await manager.get('/audits/case-audits/new');
    const sent = await manager.post('/audits/case-audits', {
      submissionKey: key(page.body),
      kind: 'thematic',
      theme: 'Working with parental and adult mental health',
      ...boxes('closedFrom', inDays(-30)),
      ...boxes('closedTo', today),
      level: '2',
      sampleSize: '2',
    });
    expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
    auditId = idOf(sent.headers.location);
    const cases = await t.services.assuranceAudits.caseAudits.cases(auditId);
    expect(cases).toHaveLength(2);
    sampledFamily = cases[0]!.family_id;
    const all = await t.services.earlyHelp.closedEpisodes({ closedFrom: inDays(-30), closedTo: today, limit: 50 });
    otherFamily = all.find((e) => !cases.some((k) => k.family_id === e.familyId))!.familyId;

    expect((await agency.get(`/families/${sampledFamily}`)).statusCode).toBe(403);
    const added = await manager.post(`/audits/case-audits/${auditId}/auditors`, { email: 'agency.lead@essex.example' });
    expect(added.statusCode, errorSummary(added.body).join('; ')).toBe(303);
    const notResponder = await manager.post(`/audits/case-audits/${auditId}/auditors`, {
      email: 'teacher@essex.example',
    });
    expect(notResponder.statusCode).toBe(400);
    expect((await agency.get(`/families/${sampledFamily}`)).statusCode).toBe(200);
    expect((await agency.get(`/families/${otherFamily}`)).statusCode).toBe(403);
    expect((await school.get(`/audits/case-audits/${auditId}`)).statusCode).toBe(403);
  });

  it('refuses a grade outside the scale and markup is kept as typed; one findings report per agency', async () => {
    const form = await agency.get(`/audits/case-audits/${auditId}/findings`);
    expect(form.statusCode).toBe(200);
    const cases = await t.services.assuranceAudits.caseAudits.cases(auditId);
    const grades = (g: string[]) => Object.fromEntries(cases.map((k, i) => [`grade-${k.id}`, g[i]!]));
    const before = await count('case_audit_grades');
    const bad = await agency.post(`/audits/case-audits/${auditId}/findings`, {
      submissionKey: key(form.body),
      summary: 'Good information sharing',
      ...grades(['good', 'excellent']),
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body).join(' ')).toContain('Select a grade for case 2');
    expect(await count('case_audit_grades')).toBe(before);
    const body = {
      submissionKey: key(form.body),
      summary: '<b>Think Family</b> was missing',
      ...grades(['good', 'inadequate']),
    };
    const sent = await Promise.all(
      Array.from({ length: 10 }, () => agency.post(`/audits/case-audits/${auditId}/findings`, body)),
    );
    expect(sent.every((r) => r.statusCode < 500)).toBe(true);
    expect(await t.services.assuranceAudits.caseAudits.findings(auditId)).toHaveLength(1);
    const page = await manager.get(`/audits/case-audits/${auditId}`);
    expect(page.body).toContain('&lt;b&gt;Think Family&lt;/b&gt;');
    expect(page.body).toContain('50% of 2 grades good or outstanding');

    const [quality] = assuranceAuditIndicators;
    const figure = await quality!.compute(t.database.db, { from: inDays(-1), to: inDays(1) });
    expect(figure.total).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
  });

  it('records the meeting, themes and the plan; closing the audit ends the auditors’ access', async () => {
    const att = await manager.post(`/audits/case-audits/${auditId}/attendance`, {
      ...boxes('meetingOn', today),
      organisationId: await orgId('eput'),
      attendees: '4',
    });
    expect(att.statusCode, errorSummary(att.body).join('; ')).toBe(303);
    const page = await manager.get(`/audits/case-audits/${auditId}`);
    const theme = await manager.post(`/audits/case-audits/${auditId}/themes`, {
      submissionKey: key(page.body),
      title: 'Think Family',
      detail: '',
    });
    expect(theme.statusCode).toBe(303);
    const page2 = await manager.get(`/audits/case-audits/${auditId}`);
    const action = await manager.post(`/audits/case-audits/${auditId}/actions`, {
      submissionKey: key(page2.body),
      action: 'Joint supervision with adult mental health',
      owner: 'EPUT named nurse',
      ...boxes('dueOn', inDays(30)),
    });
    expect(action.statusCode, errorSummary(action.body).join('; ')).toBe(303);
    const [row] = await t.services.assuranceAudits.caseAudits.plan.actions(auditId);
    const status = await manager.post(`/audits/case-audits/${auditId}/actions/${row!.id}`, {
      status: 'in-progress',
      version: '1',
    });
    expect(status.statusCode).toBe(303);
    const stale = await manager.post(`/audits/case-audits/${auditId}/actions/${row!.id}`, {
      status: 'done',
      version: '1',
    });
    expect(stale.statusCode).toBe(400);

    const audit = await t.services.assuranceAudits.caseAudits.get(auditId);
    expect(
      (await manager.post(`/audits/case-audits/${auditId}/close`, { version: String(audit!.version) })).statusCode,
    ).toBe(303);
    expect((await agency.get(`/families/${sampledFamily}`)).statusCode).toBe(403);
    const late = await agency.get(`/audits/case-audits/${auditId}`);
    expect(late.statusCode).toBe(200);
    expect(late.body).not.toContain(`/families/${sampledFamily}`);
  });

  it('the demo seeds an open Section 11 audit and a thematic audit of neglect, once', async () => {
    expect(await seedDemoAudits(t.services)).toBe(0); // cycles exist already: the demo adds nothing
    await t.database.db.deleteFrom('assurance_return_answers').execute();
    await t.database.db.deleteFrom('assurance_returns').execute();
    await t.database.db.deleteFrom('assurance_reminders').execute();
    await t.database.db.deleteFrom('assurance_invitations').execute();
    await t.database.db.deleteFrom('assurance_cycles').execute();
    expect(await seedDemoAudits(t.services)).toBe(3);
    const list = await agency.get('/audits');
    expect(list.body).toContain('Section 11 audit');
    expect(list.body).toContain('Neglect');
  });
});
