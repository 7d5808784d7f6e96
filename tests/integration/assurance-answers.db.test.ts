import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { closedEarlyHelpEpisodes } from '../../src/demo/seed-audits.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * An agency's answers on their own pages (issue 16): the manager reads every agency's return and its changes, the
 * agency reads and corrects its own until the cycle closes, another agency is refused by the policy, and bad input
 * (a stale form, NUL, markup, two identical submits at once) never makes a 500 or a second correction.
 */
let t: TestApp;
let manager: TestClient;
let agency: TestClient;
let school: TestClient;
let signIns = 0;
let cycleId: string;
let returnId: string;
let page: string;

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `198.51.100.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const key = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;
async function form(overrides: Record<string, string> = {}, version = '1') {
  const standards = (await t.services.assuranceAudits.standards()).standards['section-11'];
  return {
    version,
    ...Object.fromEntries(
      standards.flatMap((s) => [
        [`rating-${s.code}`, 'met'],
        [`evidence-${s.code}`, 'Annual review'],
        [`actions-${s.code}`, ''],
      ]),
    ),
    ...overrides,
  };
}
const changeCount = async () =>
  (await t.database.db.selectFrom('assurance_return_changes').select('id').where('return_id', '=', returnId).execute())
    .length;

beforeAll(async () => {
  t = await createTestApp();
  [manager, agency, school] = await Promise.all([
    signedIn('board.manager@essex.example'),
    signedIn('agency.lead@essex.example'),
    signedIn('school.dsl@essex.example'),
  ]);
  const audits = t.services.assuranceAudits;
  const boss = (await t.services.auth.loadCurrentUser(
    (await t.services.users.search('board.manager@essex.example', 1)).rows[0]!.id,
  ))!;
  const lead = (await t.services.auth.loadCurrentUser(
    (await t.services.users.search('agency.lead@essex.example', 1)).rows[0]!.id,
  ))!;
  const actor = { userId: boss.id, label: boss.email };
  cycleId = await audits.cycles.create(actor, boss, {
    kind: 'section-11',
    title: 'Section 11 (answers)',
    opensOn: todayInLondon(),
    dueOn: todayInLondon(),
  });
  await audits.cycles.invite(actor, boss, cycleId, lead.organisationId);
  const form0 = await agency.get(`/audits/cycles/${cycleId}/return`);
  const sent = await agency.post(`/audits/cycles/${cycleId}/return`, {
    submissionKey: key(form0.body),
    ...(await form()),
  });
  expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
  page = String(sent.headers.location);
  returnId = page.split('/').pop()!;
  expect(page).toBe(`/audits/cycles/${cycleId}/returns/${returnId}`);
});
afterAll(() => t?.close());

describe('an agency’s return on its own page', () => {
  it('is linked from the manager’s cycle page and shows the manager and the agency every answer', async () => {
    expect((await manager.get(`/audits/cycles/${cycleId}`)).body).toContain(page);
    for (const client of [manager, agency]) {
      const shown = await client.get(page);
      expect(shown.statusCode).toBe(200);
      expect(shown.body).toContain('Annual review');
      expect(shown.body).toContain('No corrections: this is as first sent.');
    }
    expect((await manager.get(page)).body).not.toContain('data-qa="correct-return"');
    expect((await agency.get(page)).body).toContain('data-qa="correct-return"');
  });

  it('refuses another agency (audited) and the manager’s correction; 404 for an id in another cycle', async () => {
    expect((await school.get(page)).statusCode).toBe(403);
    expect((await school.get(`${page}/correct`)).statusCode).toBe(403);
    expect((await manager.get(`${page}/correct`)).statusCode).toBe(403);
    await school.get('/audits'); // a page with the CSRF token, so the refusal is the policy's
    expect((await school.post(`${page}/correct`, await form({ 'evidence-s11-voice': 'mine' }))).statusCode).toBe(403);
    const denied = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'permission.denied')
      .where('subject_id', '=', returnId)
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(3);
    const otherCycle = crypto.randomUUID();
    expect((await manager.get(`/audits/cycles/${otherCycle}/returns/${returnId}`)).statusCode).toBe(404);
    expect((await manager.get(`/audits/cycles/${cycleId}/returns/not-a-uuid`)).statusCode).toBe(404);
    expect(await changeCount()).toBe(0);
  });

  it('takes the agency’s correction, keeps markup as typed and shows the change to the manager', async () => {
    const drawn = await agency.get(`${page}/correct`);
    expect(drawn.statusCode).toBe(200);
    expect(drawn.body).toContain('name="version" value="1"');
    const markup = '<b>Board</b> minutes "March"';
    const sent = await agency.post(`${page}/correct`, await form({ 'evidence-s11-voice': markup }));
    expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
    expect(sent.headers.location).toBe(page);
    const shown = await manager.get(page);
    expect(shown.body).toContain('Corrected on');
    expect(shown.body).toContain('Paul Ndlovu');
    expect(shown.body).toContain('&lt;b&gt;Board&lt;/b&gt; minutes');
    expect(shown.body).not.toContain('<b>Board</b>');
    expect(await changeCount()).toBe(1);
  });

  it('refuses a stale form with the return drawn again as it is, and NUL or a missing rating with a 400', async () => {
    await agency.get(`${page}/correct`);
    const _csrf = agency.csrfToken()!;
    const stale = await agency.post(`${page}/correct`, {
      _csrf,
      ...(await form({ 'evidence-s11-voice': 'Other words' }, '1')),
    });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body).join(' ')).toContain('changed by someone else after you opened this form');
    expect(stale.body).toContain('name="version" value="2"');
    const nul = await agency.post(`${page}/correct`, {
      _csrf,
      ...(await form({ 'evidence-s11-voice': 'a\u0000b' }, '2')),
    });
    expect(nul.statusCode).toBe(400);
    const missing = await form({}, '2');
    delete (missing as Record<string, string>)['rating-s11-voice'];
    const noRating = await agency.post(`${page}/correct`, { _csrf, ...missing });
    expect(noRating.statusCode).toBe(400);
    expect(errorSummary(noRating.body).join(' ')).toContain('is met');
    const noVersion = await agency.post(`${page}/correct`, { _csrf, ...(await form()), version: '' });
    expect(noVersion.statusCode).toBe(400);
    expect(await changeCount()).toBe(1);
  });

  it('two identical corrections at once make one', async () => {
    await agency.get(`${page}/correct`);
    const body = { _csrf: agency.csrfToken()!, ...(await form({ 'rating-s11-escalation': 'not-met' }, '2')) };
    const sent = await Promise.all([agency.post(`${page}/correct`, body), agency.post(`${page}/correct`, body)]);
    expect(sent.map((r) => r.statusCode)).toEqual([303, 303]);
    // One correction: the escalation's rating, and the voice evidence back to the form's words (two fields).
    expect(await changeCount()).toBe(3);
    expect((await manager.get(`/audits/cycles/${cycleId}`)).body).toMatch(
      /Escalation<\/th>\s*<td[^>]*>0<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>1<\/td>/,
    );
  });

  it('refuses corrections once the manager closed the cycle', async () => {
    const cycle = await t.services.assuranceAudits.cycles.cycle(cycleId);
    expect(
      (await manager.post(`/audits/cycles/${cycleId}/close`, { version: String(cycle!.version) })).statusCode,
    ).toBe(303);
    await agency.get(page);
    const drawn = await agency.get(`${page}/correct`);
    expect(drawn.statusCode).toBe(303);
    expect(drawn.headers.location).toBe(page);
    await agency.get(page);
    const late = await agency.post(`${page}/correct`, await form({ 'evidence-s11-voice': 'Too late' }, '3'));
    expect(late.statusCode).toBe(400);
    expect(errorSummary(late.body).join(' ')).toContain('This audit has closed');
    expect((await agency.get(page)).body).not.toContain('data-qa="correct-return"');
    expect(await changeCount()).toBe(3);
  });
});

describe('an agency’s findings report on its own page', () => {
  it('shows the manager and the agency, links it from the audit, takes a correction and refuses another agency', async () => {
    const audits = t.services.assuranceAudits;
    const load = async (email: string) =>
      (await t.services.auth.loadCurrentUser((await t.services.users.search(email, 1)).rows[0]!.id))!;
    const [boss, lead] = await Promise.all([load('board.manager@essex.example'), load('agency.lead@essex.example')]);
    await closedEarlyHelpEpisodes(t.services, ['Findings-one']);
    const today = todayInLondon();
    const auditId = await audits.caseAudits.create({ userId: boss.id, label: boss.email }, boss, {
      kind: 'single',
      theme: 'Neglect (findings page)',
      closedFrom: '2020-01-01',
      closedTo: today,
      level: null,
      sampleSize: 1,
    });
    await audits.caseAudits.addAuditor({ userId: boss.id, label: boss.email }, boss, auditId, lead.email);
    const [k] = await audits.caseAudits.cases(auditId);
    const findingsId = (await audits.caseAudits.submitFindings({ userId: lead.id, label: lead.email }, lead, auditId, {
      summary: 'First view',
      grades: { [k!.id]: 'good' },
    }))!;
    const url = `/audits/case-audits/${auditId}/findings/${findingsId}`;
    expect((await manager.get(`/audits/case-audits/${auditId}`)).body).toContain(url);
    expect((await agency.get(`/audits/case-audits/${auditId}/findings`)).headers.location).toBe(url);
    expect((await school.get(url)).statusCode).toBe(403);
    expect((await school.get(`${url}/correct`)).statusCode).toBe(403);
    expect((await manager.get(`${url}/correct`)).statusCode).toBe(403);
    const drawn = await agency.get(`${url}/correct`);
    expect(drawn.statusCode).toBe(200);
    const sent = await agency.post(`${url}/correct`, {
      version: '1',
      summary: 'Second view <i>x</i>',
      [`grade-${k!.id}`]: 'inadequate',
    });
    expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
    const shown = await manager.get(url);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Case 1: Inadequate');
    expect(shown.body).toContain('Was: Good');
    expect(shown.body).toContain('Second view &lt;i&gt;x&lt;/i&gt;');
    await agency.get(`${url}/correct`);
    const stale = await agency.post(`${url}/correct`, { version: '1', summary: 'Third', [`grade-${k!.id}`]: 'good' });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body).join(' ')).toContain('changed by someone else');
  });
});
