import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import type { PersonEntry } from '../../src/modules/front-door/answers.ts';
import { hubWorkItem } from '../../src/modules/early-help/test-support.ts';
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
      decisionForm({ version: await version(id), level: '3', pathway: 'family-solutions', familyConsent: 'yes' }),
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
      decisionForm({ version: await version(id), level: '3', pathway: 'family-solutions', familyConsent: 'yes' }),
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

/** A family's request made through the service (as older requests, made before the one name rule, were). */
async function familyRequest(name: string, children: PersonEntry[]) {
  const sent = await t.services.frontDoor.submitFamilyRequest(actor, newId(), {
    aboutYou: {
      name,
      relationship: 'parent',
      contactBy: 'phone',
      email: '',
      phone: '07700 900 982',
      address: '12 Mill Lane, Harlow',
      postcode: 'CM20 1AA',
      district: 'harlow',
      language: 'Polish',
      interpreterNeeded: true,
      contactNotes: 'Do not leave a voicemail: text first.',
    },
    children,
    worries: [{ area: 'domestic-abuse', details: 'My partner frightens me.' }],
    helped: { strengths: 'We love each other.', tried: 'Nothing yet.' },
    sharing: { agree: true, sharing: true },
  });
  return sent.id;
}

const enteredPeople = (requestId: string) =>
  t.database.db
    .selectFrom('request_people')
    .select(['id', 'role', 'first_name', 'last_name', 'person_id'])
    .where('request_id', '=', requestId)
    .orderBy('position')
    .execute();

describe('one rule for names', () => {
  it('the family’s form and the practitioner’s form refuse what the people module would refuse', async () => {
    const family = new TestClient(t.app);
    await family.get('/get-help/about-you');
    const about = await family.post('/get-help/about-you', {
      name: 'Kate O’Neill-Smith (Mum)',
      relationship: 'parent',
    });
    expect(about.statusCode).toBe(400);
    expect(errorSummary(about.body)).toContain('Your name must only include letters, spaces, hyphens and apostrophes');
    await family.get('/get-help/children/add');
    const kid = await family.post('/get-help/children/add', { firstName: 'Amy 2', lastName: 'Smith' });
    expect(errorSummary(kid.body)).toContain('First name must only include letters, spaces, hyphens and apostrophes');
  });

  it('a name the people module refuses gets a correction form, not a 500; the record is made, then can be unlinked', async () => {
    const id = await familyRequest('Kate O’Neill-Smith (Mum)', [child('Ava', 'Smith', '2016-01-02')]);
    const parent = (await enteredPeople(id)).find((p) => p.role === 'parent-carer')!;
    expect(parent.last_name).toBe('O’Neill-Smith (Mum)');
    const page = await screener.get(`/hub/requests/${id}`);
    expect(page.body).toContain(`/hub/requests/${id}/people/${parent.id}/create`);
    const refused = await screener.post(`/hub/requests/${id}/people/${parent.id}/create`, {});
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual([
      'The last name must only include letters, spaces, hyphens and apostrophes',
    ]);
    expect(refused.body).toContain('value="O’Neill-Smith (Mum)"');

    const stillBad = await screener.post(`/hub/requests/${id}/people/${parent.id}/create`, {
      firstName: 'Kate',
      lastName: 'O’Neill-Smith (Mum)',
    });
    expect(errorSummary(stillBad.body)).toEqual([
      'Last name must only include letters, spaces, hyphens and apostrophes',
    ]);
    const made = await screener.post(`/hub/requests/${id}/people/${parent.id}/create`, {
      firstName: 'Kate',
      lastName: 'O’Neill-Smith',
    });
    expect(made.statusCode).toBe(303);
    const linked = (await enteredPeople(id)).find((p) => p.id === parent.id)!;
    expect(linked.person_id).not.toBeNull();
    expect(linked.last_name).toBe('O’Neill-Smith (Mum)');
    expect(await t.services.people.person(linked.person_id!)).toMatchObject({
      firstName: 'Kate',
      lastName: 'O’Neill-Smith',
    });

    const unlinked = await screener.post(`/hub/requests/${id}/people/${parent.id}/unlink`, {});
    expect(unlinked.statusCode).toBe(303);
    expect((await enteredPeople(id)).find((p) => p.id === parent.id)!.person_id).toBeNull();
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', id)
      .where('action', '=', 'request-for-support.person-unlinked')
      .execute();
    expect(audit).toHaveLength(1);
    const again = await screener.post(`/hub/requests/${id}/people/${parent.id}/unlink`, {});
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body)).toEqual(['This person is not linked to a record']);
  });
});

describe('reaching the family safely', () => {
  it('a family may choose phone or "only through the person helping me" instead of email, and is then never emailed', async () => {
    const family = new TestClient(t.app);
    await family.get('/get-help/about-you');
    const base = {
      name: 'Kate O’Neill-Smith',
      relationship: 'parent',
      address: '12 Mill Lane',
      postcode: 'CM20 1AA',
      district: 'harlow',
      language: 'Polish',
      interpreterNeeded: 'yes',
      contactNotes: 'Do not leave a voicemail.',
    };
    const none = await family.post('/get-help/about-you', { ...base });
    expect(errorSummary(none.body)).toEqual(['Select how we should contact you']);
    const noPhone = await family.post('/get-help/about-you', { ...base, contactBy: 'phone' });
    expect(errorSummary(noPhone.body)).toEqual([
      'Enter your phone number, or choose another way for us to contact you',
    ]);
    const noHelper = await family.post('/get-help/about-you', { ...base, contactBy: 'through-helper' });
    expect(errorSummary(noHelper.body)).toEqual(['Tell us who is helping you and how we can reach them']);
    const noEmail = await family.post('/get-help/about-you', { ...base, contactBy: 'email' });
    expect(errorSummary(noEmail.body)).toEqual([
      'Enter your email address, or choose another way for us to contact you',
    ]);
    const ok = await family.post('/get-help/about-you', { ...base, contactBy: 'phone', phone: '07700 900 982' });
    expect(ok.statusCode).toBe(303);

    // Sent by phone: no acknowledgement email, and the Hub's outcome sends none either.
    const id = await familyRequest('Kate O’Neill-Smith', [child('Ava', 'Smith', '2016-01-02')]);
    const row = await t.database.db
      .selectFrom('requests_for_support')
      .select(['requester_contact_by', 'requester_email', 'requester_phone'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ requester_contact_by: 'phone', requester_email: null, requester_phone: '07700 900 982' });
    const before = await t.database.db.selectFrom('notify_outbox').select('id').execute();
    await screener.get(`/hub/requests/${id}/decide`);
    const decided = await screener.post(
      `/hub/requests/${id}/decide`,
      decisionForm({
        version: await version(id),
        level: '1',
        pathway: 'no-further-action',
        noFurtherActionReason: 'Advice given on the phone.',
      }),
    );
    expect(decided.statusCode).toBe(303);
    expect(await t.database.db.selectFrom('notify_outbox').select('id').execute()).toHaveLength(before.length);
  });

  it('the Hub’s request and decide pages show the phone, the safe-contact note, language and GP', async () => {
    const id = await familyRequest('Kate Smith', [child('Ava', 'Smith', '2016-01-02')]);
    for (const url of [`/hub/requests/${id}`, `/hub/requests/${id}/decide`]) {
      const page = await screener.get(url);
      expect(page.body).toContain('How to contact the family safely');
      expect(page.body).toContain('Before contacting Kate Smith: Do not leave a voicemail: text first.');
      expect(page.body).toContain('Kate Smith asked to be contacted by phone, not email.');
      expect(page.body).toContain('<a class="govuk-link" href="tel:07700900982">07700 900 982</a>');
      expect(page.body).toContain('Polish: needs an interpreter');
    }
    const practitioner = await practitionerRequest(
      [
        child('Leo', 'Green', '2014-04-04'),
        {
          ...child('Anna', 'Green', '1990-01-01'),
          role: 'parent-carer',
          relationship: 'mother',
          phone: '01632 960 001',
          contactNotes: 'Works nights: call after 2pm.',
        },
      ],
      2,
    );
    const page = await screener.get(`/hub/requests/${practitioner}`);
    expect(page.body).toContain('Before contacting Anna Green: Works nights: call after 2pm.');
    expect(page.body).toContain('href="tel:01632960001"');
    expect(page.body).toContain('Church Langley Medical Practice');
    expect(page.body).toContain('Polish (needs an interpreter)');
  });
});

describe('casework sees how to reach the family', () => {
  it('the family page shows the phone, the safe-contact note, each person’s language and SEND', async () => {
    const worker = await signedIn('fs.worker@essex.example');
    const item = await hubWorkItem(t.services, {
      kind: 'family-solutions',
      surname: 'Nowak',
      children: ['Zofia'],
      parent: 'Ewa',
    });
    await t.database.db
      .updateTable('request_people')
      .set({
        phone: '07700 900 123',
        contact_notes: 'Only call on Tuesdays: her partner is out.',
        language: 'Polish',
        interpreter_needed: true,
      })
      .where('request_id', '=', item.request_id)
      .where('first_name', '=', 'Ewa')
      .execute();
    await t.database.db
      .updateTable('request_people')
      .set({ has_send: true, send_details: 'Hearing impairment' })
      .where('request_id', '=', item.request_id)
      .where('first_name', '=', 'Zofia')
      .execute();
    await worker.get('/early-help/work');
    const accepted = await worker.post(`/early-help/work/${item.id}/accept`, { version: String(item.version) });
    expect(accepted.statusCode).toBe(303);
    const page = await worker.get(String(accepted.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('How to contact the family safely');
    expect(page.body).toContain('Before contacting Ewa Nowak: Only call on Tuesdays: her partner is out.');
    expect(page.body).toContain('href="tel:07700900123"');
    expect(page.body).toContain('Language: Polish (needs an interpreter)');
    expect(page.body).toContain('SEND: Hearing impairment');
  });
});

describe('two requests about one child', () => {
  it('warns on the queue and the request, links the second to the first, and holds back a sensitive email', async () => {
    const first = await familyRequest('Dee Archer', [child('Rory', 'Archer', '2015-05-05')]);
    const second = await practitionerRequest([child('rory', 'ARCHER', '2015-05-05')], 2);
    const queue = await screener.get('/hub');
    expect(queue.body).toContain('data-qa="other-request"');
    const page = await screener.get(`/hub/requests/${second}`);
    expect(page.body).toContain('The Hub has another open request about the same child');
    expect(page.body).toContain(`/hub/requests/${first}`);

    // Linking needs a request from the list.
    await screener.get(`/hub/requests/${second}/decide`);
    const none = await screener.post(
      `/hub/requests/${second}/decide`,
      decisionForm({ version: await version(second), pathway: 'linked-request', linkedRequestId: newId() }),
    );
    expect(errorSummary(none.body)).toEqual([
      'Select the other request about the same child that this one is linked to',
    ]);
    const linked = await screener.post(
      `/hub/requests/${second}/decide`,
      decisionForm({ version: await version(second), pathway: 'linked-request', linkedRequestId: first }),
    );
    expect(linked.statusCode).toBe(303);
    const decision = await t.database.db
      .selectFrom('hub_decisions')
      .select(['pathway', 'linked_request_id'])
      .where('request_id', '=', second)
      .executeTakeFirstOrThrow();
    expect(decision).toEqual({ pathway: 'linked-request', linked_request_id: first });
    expect((await screener.get(`/hub/requests/${second}`)).body).toContain('Linked to');

    // The family's own request: "no further action" with the email held back for a reason, recorded.
    const sentBefore = (await t.database.db.selectFrom('notify_outbox').select('id').execute()).length;
    await t.database.db
      .updateTable('requests_for_support')
      .set({ requester_contact_by: 'email', requester_email: 'dee@example.com' })
      .where('id', '=', first)
      .execute();
    await screener.get(`/hub/requests/${first}/decide`);
    const noReason = await screener.post(
      `/hub/requests/${first}/decide`,
      decisionForm({
        version: await version(first),
        level: '1',
        pathway: 'no-further-action',
        noFurtherActionReason: 'TAF being arranged on the other request.',
        withholdEmail: 'yes',
      }),
    );
    expect(errorSummary(noReason.body)).toEqual([
      'Say why the outcome email is held back, for example that email is not safe for the family',
    ]);
    const held = await screener.post(
      `/hub/requests/${first}/decide`,
      decisionForm({
        version: await version(first),
        level: '1',
        pathway: 'no-further-action',
        noFurtherActionReason: 'TAF being arranged on the other request.',
        withholdEmail: 'yes',
        emailWithheldReason: 'Domestic abuse: her partner reads her email.',
      }),
    );
    expect(held.statusCode).toBe(303);
    expect((await t.database.db.selectFrom('notify_outbox').select('id').execute()).length).toBe(sentBefore);
    expect(
      (
        await t.database.db
          .selectFrom('hub_decisions')
          .select('email_withheld_reason')
          .where('request_id', '=', first)
          .executeTakeFirstOrThrow()
      ).email_withheld_reason,
    ).toBe('Domestic abuse: her partner reads her email.');
  });
});
