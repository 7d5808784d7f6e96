import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { addDays, todayInLondon } from '../../src/modules/early-help/plan/rules.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { childEntry } from '../helpers/person-entry.ts';

/** Issue 17, item 9: the Hub's contact log on a request, and "waiting for information" saying what, from whom, by when. */

let t: TestApp;
let screener: TestClient;
const setUp = { userId: null, label: 'test set-up' };
const parts = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return { 'dueOn-day': d!, 'dueOn-month': m!, 'dueOn-year': y! };
};

async function request(): Promise<string> {
  const teacher = await t.database.db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'display_name'])
    .where('email', '=', 'teacher@essex.example')
    .executeTakeFirstOrThrow();
  const { frontDoor } = t.services;
  const draftId = await frontDoor.startDraft(setUp, teacher.id);
  await frontDoor.saveDraft(teacher.id, draftId, 1, () => ({
    people: [childEntry({ firstName: 'Tomasz', lastName: 'Contact', dateOfBirth: '2015-04-02', language: 'Polish' })],
    district: 'harlow',
    worries: [{ area: 'education', details: 'Missing school most Mondays.' }],
    strengths: 'Loving family.',
    tried: { text: 'School nurse has met mum twice.', earlyHelpPlan: false, taf: false },
    level: { level: 2, reasons: 'Needs are growing.' },
    consent: { request: true, sharing: true, reason: '' },
  }));
  const sent = await frontDoor.submitPractitionerRequest(
    setUp,
    { userId: teacher.id, organisationId: teacher.organisation_id, name: teacher.display_name },
    draftId,
  );
  return sent!.id;
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

beforeAll(async () => {
  t = await createTestApp();
  screener = new TestClient(t.app);
  await screener.get('/sign-in');
  await screener.post('/sign-in', { email: 'hub.practitioner@essex.example', password: DEMO_PASSWORD });
});
afterAll(() => t?.close());

describe('the contact log on a Hub request', () => {
  it('logs a call, shown on the request, and refuses an empty entry with every problem at once', async () => {
    const id = await request();
    const form = await screener.get(`/hub/requests/${id}/contacts/new`);
    expect(form.statusCode).toBe(200);
    const key = /name="submissionKey" value="([^"]+)"/.exec(form.body)![1]!;
    const empty = await screener.post(`/hub/requests/${id}/contacts/new`, { submissionKey: key });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Select what kind of contact this was',
      'Enter who it was with',
      'Enter what was said or found',
    ]);
    const call = await screener.post(`/hub/requests/${id}/contacts/new`, {
      submissionKey: key,
      kind: 'call',
      withWhom: 'Mrs Kowalska (mother)',
      details: 'Spoke to mum: she agrees to a Team Around the Family. Do not leave voicemail.',
    });
    expect(call.statusCode).toBe(303);
    await screener.get(`/hub/requests/${id}/contacts/new`);
    const page = await screener.get(`/hub/requests/${id}`);
    expect(page.body).toContain('Mrs Kowalska (mother)');
    expect(page.body).toContain('Do not leave voicemail.');
  });

  it('asks what is awaited, from whom and by when before a request waits for information, and logs it', async () => {
    const id = await request();
    await screener.post(`/hub/requests/${id}/assign`, { version: await version(id), to: 'me' });
    expect((await screener.get(`/hub/requests/${id}/awaiting`)).statusCode).toBe(200);
    const empty = await screener.post(`/hub/requests/${id}/awaiting`, { version: await version(id), awaiting: 'yes' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Enter who the information is coming from',
      'Enter what information you are waiting for',
      'Enter the date it is expected by',
    ]);
    const past = await screener.post(`/hub/requests/${id}/awaiting`, {
      version: await version(id),
      awaiting: 'yes',
      withWhom: 'Harlow Primary',
      details: 'Attendance figures for this term',
      ...parts(addDays(todayInLondon(), -1)),
    });
    expect(errorSummary(past.body)).toEqual(['The date it is expected by must be today or in the future']);
    expect(past.body).toContain('Attendance figures for this term');
    const saved = await screener.post(`/hub/requests/${id}/awaiting`, {
      version: await version(id),
      awaiting: 'yes',
      withWhom: 'Harlow Primary',
      details: 'Attendance figures for this term',
      ...parts(addDays(todayInLondon(), 3)),
    });
    expect(saved.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('requests_for_support')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('awaiting-information');
    const [logged] = await t.services.hub.contacts.list(id);
    expect(logged).toMatchObject({
      kind: 'awaiting',
      with_whom: 'Harlow Primary',
      details: 'Attendance figures for this term',
      due_on: addDays(todayInLondon(), 3),
    });
    const back = await screener.post(`/hub/requests/${id}/awaiting`, { version: await version(id), awaiting: 'no' });
    expect(back.statusCode).toBe(303);
  });
});
