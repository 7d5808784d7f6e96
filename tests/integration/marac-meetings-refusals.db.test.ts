import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { insertMaracCase } from '../helpers/marac-case.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The bad input the meetings' brief names (issue 15), beyond marac-meetings.db.test.ts: an agency's research recorded
 * twice (a new form, another person, the service itself), a new action with no owner or a due date in the past at
 * the service as well as the form, markup and NUL in the free text, and another agency's case id in the meeting's
 * URLs: refused, saying only that a restricted record exists and whom to ask, with nothing recorded.
 */

let t: TestApp;
let coordinator: TestClient;
let idva: TestClient;
let coordinatorId: string;
let signIns = 0;
const ASK = 'the MARAC coordinators (Essex Police)';

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `198.51.100.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const key = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;
const principal = async (email: string) => (await t.services.earlyHelp.activeUserByEmail(email))!;

async function listed() {
  const { id, reference } = await insertMaracCase(t.database.db, {
    referredBy: coordinatorId,
    referredAt: new Date(Date.now() - 3 * 86_400_000),
  });
  const meetingId = await t.services.maracMeetings.listOnNextMeeting(t.database.db, id, new Date(), coordinatorId);
  return { caseId: id, meetingId, reference };
}
const researchRows = async (caseId: string) =>
  t.database.db
    .selectFrom('marac_research as r')
    .innerJoin('marac_hearings as h', 'h.id', 'r.hearing_id')
    .selectAll('r')
    .where('h.case_id', '=', caseId)
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await signedIn('marac.coordinator@essex.example');
  idva = await signedIn('marac.idva@essex.example');
  coordinatorId = (await principal('marac.coordinator@essex.example')).id;
});
afterAll(() => t?.close());

describe('research for an agency twice', () => {
  it('is refused with a new form, from the coordinator too, and at the service, keeping the first', async () => {
    const { caseId, meetingId } = await listed();
    const url = `/marac/meetings/${meetingId}/cases/${caseId}`;
    const first = await idva.get(url);
    const body = { agency: 'idva', known: 'yes', information: 'Known since 2024.' };
    expect((await idva.post(`${url}/research`, { submissionKey: key(first.body), ...body })).statusCode).toBe(303);
    // The form is gone; the same form kept open in another tab (a new key) is refused, keeping what was typed.
    expect((await idva.get(url)).body).not.toContain('data-qa="research-form"');
    const again = await idva.post(`${url}/research`, { submissionKey: newId(), ...body, information: 'Second try' });
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body).join()).toContain('This agency’s research for the case is already recorded');
    expect(again.body).toContain('Second try');
    const page = await coordinator.get(url);
    const byCoordinator = await coordinator.post(`${url}/research`, {
      submissionKey: key(page.body),
      ...body,
      information: 'The coordinator for the IDVA',
    });
    expect(byCoordinator.statusCode).toBe(400);
    expect(errorSummary(byCoordinator.body).join()).toContain('already recorded');
    expect(byCoordinator.body).toContain('The coordinator for the IDVA');
    const user = await principal('marac.idva@essex.example');
    await expect(
      t.services.maracMeetings.recordResearch({ userId: user.id, label: 'test' }, user, meetingId, caseId, {
        agency: 'idva',
        known: 'no',
        information: '',
        version: undefined,
      }),
    ).rejects.toThrow('already recorded');
    const rows = await researchRows(caseId);
    expect(rows.map((r) => r.information)).toEqual(['Known since 2024.']);
  });
});

describe('a new action', () => {
  it('with no owner or a due date in the past is refused at the service too; markup and NUL are refused or kept as typed', async () => {
    const { caseId } = await listed();
    const user = await principal('marac.coordinator@essex.example');
    const actor = { userId: user.id, label: 'test' };
    const base = {
      agency: 'idva',
      description: 'Safety planning',
      ownerEmail: '',
      ownerName: 'Sam',
      forChildren: 'no' as const,
    };
    const yesterday = new Date(Date.parse(`${todayInLondon()}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await expect(
      t.services.maracPlans.addAction(actor, user, caseId, null, { ...base, 'due-day': yesterday }),
    ).rejects.toThrow('today or in the future');
    const plan = await coordinator.get(`/marac/cases/${caseId}/plan`);
    const [year, month, day] = todayInLondon().split('-');
    const form = {
      agency: 'idva',
      ownerEmail: '',
      ownerName: '<b>Sam</b>',
      'due-day': day!,
      'due-month': month!,
      'due-year': String(Number(year) + 1),
    };
    const nul = await coordinator.post(`/marac/cases/${caseId}/actions`, {
      submissionKey: key(plan.body),
      ...form,
      description: 'Safety\u0000planning',
    });
    expect(nul.statusCode).toBe(400);
    expect(
      await t.database.db.selectFrom('marac_actions').select('id').where('case_id', '=', caseId).execute(),
    ).toEqual([]);
    const again = await coordinator.get(`/marac/cases/${caseId}/plan`);
    const markup = await coordinator.post(`/marac/cases/${caseId}/actions`, {
      submissionKey: key(again.body),
      ...form,
      description: '<script>alert(1)</script> plan',
    });
    expect(markup.statusCode).toBe(303);
    const shown = await coordinator.get(`/marac/cases/${caseId}/plan`);
    expect(shown.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; plan');
    expect(shown.body).not.toContain('<script>alert(1)');
    const rows = await t.database.db.selectFrom('marac_actions').selectAll().where('case_id', '=', caseId).execute();
    expect(rows.map((r) => [r.description, r.owner_name])).toEqual([['<script>alert(1)</script> plan', '<b>Sam</b>']]);
  });
});

describe('another agency’s case id in the URL', () => {
  it('says only that a restricted record exists and whom to ask, records nothing, and is audited', async () => {
    const { caseId, meetingId, reference } = await listed();
    const { db } = t.database;
    const standing = (await t.services.reference.maracSettings()).agencies.flatMap((a) => a.organisations);
    const other = await db
      .selectFrom('organisations')
      .select('id')
      .where('code', 'not in', standing)
      .executeTakeFirstOrThrow();
    const template = await db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'marac.idva@essex.example')
      .executeTakeFirstOrThrow();
    const id = newId();
    await db
      .insertInto('users')
      .values({
        id,
        email: 'marac.outsider@essex.example',
        display_name: 'Olu Outsider',
        organisation_id: other.id,
        password_hash: template.password_hash,
      })
      .execute();
    await db.insertInto('user_roles').values({ user_id: id, role: 'marac-representative' }).execute();
    const outsider = await signedIn('marac.outsider@essex.example');
    const url = `/marac/meetings/${meetingId}/cases/${caseId}`;
    const refused = await outsider.get(url);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('A restricted record exists');
    expect(refused.body).toContain(ASK);
    for (const never of [reference, 'Dana', 'Refuge Lane', 'Ross', 'Repeated threats'])
      expect(refused.body).not.toContain(never);
    // The list of the meeting does not show it to them either.
    const list = await outsider.get(`/marac/meetings/${meetingId}`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(reference);
    const posted = await outsider.post(`${url}/research`, {
      submissionKey: newId(),
      agency: 'housing',
      known: 'yes',
      information: 'Sneaked in',
    });
    expect(posted.statusCode).toBe(403);
    expect(posted.body).toContain('A restricted record exists');
    const action = await outsider.post(`/marac/cases/${caseId}/actions`, { submissionKey: newId(), agency: 'idva' });
    expect(action.statusCode).toBe(403);
    expect(await researchRows(caseId)).toEqual([]);
    const denied = (await t.services.audit.forSubject('marac-case', caseId)).filter(
      (e) => e.action === 'record.view-denied',
    );
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });

  it('answers "not found" for a case that is not on that meeting’s list', async () => {
    const a = await listed();
    const stranger = newId();
    expect((await coordinator.get(`/marac/meetings/${a.meetingId}/cases/${stranger}`)).statusCode).toBe(404);
    expect((await idva.get(`/marac/meetings/${newId()}/cases/${a.caseId}`)).statusCode).toBe(404);
  });
});
