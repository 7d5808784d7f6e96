import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import type { PersonEntry } from '../../src/modules/front-door/answers.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** What trying the Hub as a new user broke (issue 17, safety and correctness), each refused or shown now. */

let t: TestApp;
let screener: TestClient;
let manager: TestClient;
const actor = { userId: null, label: 'hub safety test' };

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

const user = (email: string) =>
  t.database.db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'display_name'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();

export const child = (firstName: string, lastName: string, dateOfBirth: string): PersonEntry => ({
  id: newId(),
  role: 'child',
  relationship: 'son',
  firstName,
  lastName,
  dateOfBirth,
  isExpected: false,
  gender: 'male',
  address: '12 Mill Lane, Harlow',
  postcode: 'CM20 1AA',
  school: 'Harlow Primary',
  gp: 'Church Langley Medical Practice',
  language: 'Polish',
  interpreterNeeded: true,
  hasSend: true,
  sendDetails: 'Autism; EHCP',
});

/** A teacher's request, made through the front door's own service. Returns its id. */
async function practitionerRequest(people: PersonEntry[], level: number): Promise<string> {
  const teacher = await user('teacher@essex.example');
  const { frontDoor } = t.services;
  const draftId = await frontDoor.startDraft(actor, teacher.id);
  await frontDoor.saveDraft(teacher.id, draftId, 1, () => ({
    support: { kind: 'new' },
    people,
    district: 'harlow',
    worries: [{ area: 'education', details: 'Missing school most Mondays.' }],
    strengths: 'Loving family.',
    tried: { text: 'School nurse.', earlyHelpPlan: false, taf: false },
    level: { level, reasons: 'Needs are growing.' },
    consent: { request: true, sharing: true, reason: '' },
  }));
  const submitted = await frontDoor.submitPractitionerRequest(
    actor,
    { userId: teacher.id, organisationId: teacher.organisation_id, name: teacher.display_name },
    draftId,
  );
  return submitted!.id;
}

const version = async (id: string) =>
  String(
    (
      await t.database.db
        .selectFrom('requests_for_support')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).version,
  );
const decisionForm = (over: Record<string, string | string[]>) => ({
  level: '2',
  reasons: 'Attendance worries; family want help.',
  pathway: 'taf',
  socialCareRoute: '',
  noFurtherActionReason: '',
  familyConsent: '',
  leadProfessional: '',
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  screener = await signedIn('hub.practitioner@essex.example');
  manager = await signedIn('hub.manager@essex.example');
});
afterAll(() => t?.close());

describe('a decision waiting for a manager', () => {
  it('takes the Decide button away, says so, and a second decision posted anyway is told, not a 500', async () => {
    const id = await practitionerRequest([child('Leo', 'White', '2012-07-07')], 2);
    await screener.get(`/hub/requests/${id}`);
    await screener.post(`/hub/requests/${id}/assign`, { version: await version(id), to: 'me' });
    await screener.get(`/hub/requests/${id}/decide`);
    const first = await screener.post(
      `/hub/requests/${id}/decide`,
      decisionForm({ version: await version(id), level: '3', leadProfessional: 'Class teacher' }),
    );
    expect(first.statusCode).toBe(303);

    const page = await screener.get(`/hub/requests/${id}`);
    expect(page.body).toContain('data-qa="decision-pending"');
    expect(page.body).not.toContain('data-qa="decide"');
    const decide = await screener.get(`/hub/requests/${id}/decide`);
    expect(decide.body).toContain('waiting for a Hub manager to approve it');
    expect(decide.body).not.toContain('data-qa="record-decision"');

    const second = await screener.post(
      `/hub/requests/${id}/decide`,
      decisionForm({
        version: await version(id),
        level: '2',
        pathway: 'no-further-action',
        noFurtherActionReason: 'x',
      }),
    );
    expect(second.statusCode).toBe(400);
    expect(errorSummary(second.body)).toEqual([
      'A decision on this request is waiting for a Hub manager to approve it. You can decide again only if the manager returns it to screening.',
    ]);
    const decisions = await t.database.db
      .selectFrom('hub_decisions')
      .select('state')
      .where('request_id', '=', id)
      .execute();
    expect(decisions).toEqual([{ state: 'awaiting-approval' }]);
  });

  it('a manager’s empty or unexplained review shows the GOV.UK error summary, not a green banner', async () => {
    const id = await practitionerRequest([child('Mia', 'Black', '2013-03-03')], 2);
    await screener.get(`/hub/requests/${id}/decide`);
    await screener.post(
      `/hub/requests/${id}/decide`,
      decisionForm({ version: await version(id), level: '3', leadProfessional: 'Class teacher' }),
    );
    const decisionId = (
      await t.database.db
        .selectFrom('hub_decisions')
        .select('id')
        .where('request_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    await manager.get(`/hub/requests/${id}`);
    const empty = await manager.post(`/hub/decisions/${decisionId}/review`, { note: '' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual(['Select approve or return to screening']);
    expect(empty.body).not.toContain('govuk-notification-banner--success');

    const unexplained = await manager.post(`/hub/decisions/${decisionId}/review`, { outcome: 'return', note: ' ' });
    expect(errorSummary(unexplained.body)).toEqual([
      'Say why you are returning the decision, so the screener knows what to look at',
    ]);
    expect(unexplained.body).toMatch(/value="return" checked/);

    const approved = await manager.post(`/hub/decisions/${decisionId}/review`, { outcome: 'approve', note: '' });
    expect(approved.statusCode).toBe(303);
    const again = await manager.post(`/hub/decisions/${decisionId}/review`, { outcome: 'approve', note: '' });
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body)).toEqual([
      'This decision has already been approved or returned by someone else: nothing was saved',
    ]);
    expect((await manager.post(`/hub/decisions/${newId()}/review`, { outcome: 'approve' })).statusCode).toBe(404);
  });
});
