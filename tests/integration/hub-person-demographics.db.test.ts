import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import type { PersonEntry } from '../../src/modules/front-door/answers.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { childEntry } from '../helpers/person-entry.ts';

/**
 * Issue 14: a child's ethnicity and SEND as the request said them reach the person record the Hub creates, fill only
 * what an existing record leaves empty when linked, and are changed on the Hub's person page (version checked, once,
 * audited old → new).
 */

let t: TestApp;
let screener: TestClient;
const actor = { userId: null, label: 'demographics test' };

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

const child = (firstName: string, said: { ethnicity?: string; send?: string }) =>
  childEntry({ firstName, lastName: 'Demography', dateOfBirth: '2016-05-04', ...said });

/** A teacher's request about one child, through the front door's service. Returns the request and its person. */
async function requestAbout(person: PersonEntry) {
  const teacher = await t.database.db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'display_name'])
    .where('email', '=', 'teacher@essex.example')
    .executeTakeFirstOrThrow();
  const { frontDoor } = t.services;
  const draftId = await frontDoor.startDraft(actor, teacher.id);
  await frontDoor.saveDraft(teacher.id, draftId, 1, () => ({
    people: [person],
    district: 'harlow',
    worries: [{ area: 'education', details: 'Missing school most Mondays.' }],
    strengths: 'Loving family.',
    tried: { text: 'School nurse.', earlyHelpPlan: false, taf: false },
    level: { level: 2, reasons: 'Needs are growing.' },
    consent: { request: true, sharing: true, reason: '' },
  }));
  const submitted = await frontDoor.submitPractitionerRequest(
    actor,
    { userId: teacher.id, organisationId: teacher.organisation_id, name: teacher.display_name },
    draftId,
  );
  const requestId = submitted!.id;
  const entered = await t.database.db
    .selectFrom('request_people')
    .select('id')
    .where('request_id', '=', requestId)
    .executeTakeFirstOrThrow();
  return { requestId, enteredId: entered.id };
}

const personRow = (id: string) =>
  t.database.db
    .selectFrom('people')
    .select(['ethnicity', 'send', 'version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const changes = (id: string) =>
  t.database.db
    .selectFrom('audit_events')
    .select('details')
    .where('subject_id', '=', id)
    .where('action', '=', 'person.demographics-changed')
    .execute();
const formOf = (html: string) => ({
  version: /name="version" value="(\d+)"/.exec(html)![1]!,
  submissionKey: /action="\/hub\/people\/[^"]+\/details"[\s\S]*?name="submissionKey" value="([^"]+)"/.exec(html)![1]!,
});

beforeAll(async () => {
  t = await createTestApp();
  screener = await signedIn('hub.practitioner@essex.example');
}, 120_000);
afterAll(() => t?.close());

describe('ethnicity and SEND from a request to the person record', () => {
  it('a person created from the request gets what the request said', async () => {
    const { requestId, enteredId } = await requestAbout(child('Olu', { ethnicity: 'black-african', send: 'ehc-plan' }));
    await screener.get(`/hub/requests/${requestId}`);
    expect((await screener.post(`/hub/requests/${requestId}/people/${enteredId}/create`, {})).statusCode).toBe(303);
    const { person_id } = await t.database.db
      .selectFrom('request_people')
      .select('person_id')
      .where('id', '=', enteredId)
      .executeTakeFirstOrThrow();
    expect(await personRow(person_id!)).toMatchObject({ ethnicity: 'black-african', send: 'ehc-plan' });
    const page = await screener.get(`/hub/people/${person_id}`);
    expect(page.body).toContain('Black, Black British, Black Welsh, Caribbean or African: African');
    expect(page.body).toContain('Education, health and care (EHC) plan');
  });

  it('a request linked to an existing record fills only what the record leaves empty', async () => {
    const existing = await t.services.people.createPerson(
      actor,
      { firstName: 'Ravi', lastName: 'Demography', dateOfBirth: '2016-05-04', postcode: 'CM20 1AA' },
      { ethnicity: 'asian-indian' },
    );
    const { requestId, enteredId } = await requestAbout(
      child('Ravi', { ethnicity: 'white-other', send: 'sen-support' }),
    );
    await screener.get(`/hub/requests/${requestId}`);
    const linked = await screener.post(`/hub/requests/${requestId}/people/${enteredId}/link`, {
      candidateId: existing,
    });
    expect(linked.statusCode).toBe(303);
    expect(await personRow(existing)).toMatchObject({ ethnicity: 'asian-indian', send: 'sen-support', version: 2 });
    expect((await changes(existing)).map((c) => c.details)).toEqual([
      expect.objectContaining({ send: { from: null, to: 'sen-support' }, reason: 'from-request' }),
    ]);
  });
});

describe('changing them on the Hub’s person page', () => {
  it('saves with the page’s version, once, audited old → new; refuses bad codes and a stale page', async () => {
    const id = await t.services.people.createPerson(actor, { firstName: 'Mae', lastName: 'Demography' });
    const page = await screener.get(`/hub/people/${id}`);
    expect(page.body).toContain('Ethnicity and special educational needs');
    const form = formOf(page.body);

    const unknown = await screener.post(`/hub/people/${id}/details`, { ...form, ethnicity: 'martian', send: 'none' });
    expect(unknown.statusCode).toBe(400);
    expect(errorSummary(unknown.body)).toEqual(['Select their ethnicity from the list']);
    const markup = await screener.post(`/hub/people/${id}/details`, {
      ...formOf(unknown.body),
      ethnicity: 'white-irish',
      send: '<script>x</script>',
    });
    expect(errorSummary(markup.body)).toEqual(['Select the support they get from the list']);
    expect(markup.body).not.toContain('<script>x</script>');
    expect(await personRow(id)).toMatchObject({ ethnicity: null, send: null, version: 1 });

    const good = { ...formOf(markup.body), ethnicity: 'white-irish', send: 'sen-support' };
    const saved = await screener.post(`/hub/people/${id}/details`, good);
    expect(saved.statusCode).toBe(303);
    // The same submission again (a double click) saves nothing more.
    expect((await screener.post(`/hub/people/${id}/details`, good)).statusCode).not.toBe(500);
    expect(await personRow(id)).toMatchObject({ ethnicity: 'white-irish', send: 'sen-support', version: 2 });
    expect((await changes(id)).map((c) => c.details)).toEqual([
      expect.objectContaining({
        ethnicity: { from: null, to: 'white-irish' },
        send: { from: null, to: 'sen-support' },
        reason: 'edited',
      }),
    ]);

    // A page opened before that save is told, and saves nothing.
    const stale = await screener.post(`/hub/people/${id}/details`, {
      version: '1',
      submissionKey: newId(),
      ethnicity: 'white-british',
      send: 'none',
    });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)[0]).toMatch(/Someone else has changed this record/);
    expect(await personRow(id)).toMatchObject({ ethnicity: 'white-irish', version: 2 });
    // The page shows the record as it is now, with its new version.
    expect(formOf(stale.body).version).toBe('2');

    const teacher = await signedIn('teacher@essex.example');
    expect((await teacher.post(`/hub/people/${id}/details`, { ...good, version: '2' })).statusCode).toBe(403);
  });
});
