import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hashPassword } from '../../src/platform/auth/secrets.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Escalation about children's social care's "no further action" (issue 15): the Hub's request page offers it for a
 * decision social care sent back; it is asked first of the social care practitioner who recorded the outcome, who
 * answers there; an escalation manager may ask someone else at that stage (audited). Bad input: a hand-off the user
 * cannot see (refused, audited, nothing created), a decision social care did not send back, the practitioner who
 * recorded it escalating their own outcome, ten parallel identical submits, markup and NUL in the text.
 */

let t: TestApp;
let policeToken: string;
let hub: TestClient;
let manager: TestClient;
let socialCare: TestClient;
let teacher: TestClient;
let otherSocialWorker: string;
const MARKUP = '<script>alert(1)</script> & "quotes"';

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const keyOf = (body: string) => /name="submissionKey" value="([^"]+)"/.exec(body)?.[1] ?? '';
const db = () => t.database.db;

let serial = 0;
/** A police notification decided at level 4 by the Hub manager: the hand-off social care receives. */
async function levelFour() {
  const reference = `NFA/${String(++serial).padStart(5, '0')}/26`;
  const sent = await t.app.inject({
    method: 'POST',
    url: '/api/police-notifications',
    headers: { authorization: `Bearer ${policeToken}`, 'content-type': 'application/json' },
    payload: JSON.stringify({
      notifications: [
        {
          police_reference: reference,
          incident_date: '2026-11-30',
          concern_category: 'abuse-or-neglect',
          summary: 'Children left alone overnight.',
          district: 'basildon',
          officer: { name: 'PC Amy Clarke' },
          children: [{ first_name: 'Theo', last_name: 'Marsh', date_of_birth: '2015-05-01', gender: 'M' }],
        },
      ],
    }),
  });
  expect(sent.statusCode).toBe(202);
  const row = await db()
    .selectFrom('police_notifications')
    .select(['request_id', 'version'])
    .where('police_reference', '=', reference)
    .executeTakeFirstOrThrow();
  const tom = await db()
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'hub.manager@essex.example')
    .executeTakeFirstOrThrow();
  await t.services.police.triage({ userId: tom.id, label: 'Tom Reid' }, row.request_id, row.version, {
    outcome: 'screen',
  });
  const { version } = await db()
    .selectFrom('requests_for_support')
    .select('version')
    .where('id', '=', row.request_id)
    .executeTakeFirstOrThrow();
  await manager.get(`/hub/requests/${row.request_id}`);
  const decided = await manager.post(`/hub/requests/${row.request_id}/decide`, {
    version: String(version),
    reasons: 'Serious neglect; child at risk of significant harm.',
    level: '4',
    pathway: 'social-care',
    socialCareRoute: 'statutory-assessment',
    noFurtherActionReason: '',
    familyConsent: '',
    leadProfessional: '',
  });
  expect(decided.statusCode).toBe(303);
  const handOff = await db()
    .selectFrom('social_care_handoffs')
    .select(['id', 'decision_id', 'version'])
    .where('request_id', '=', row.request_id)
    .executeTakeFirstOrThrow();
  return { requestId: row.request_id, decisionId: handOff.decision_id, handOffId: handOff.id };
}

/** Social care acknowledges the hand-off and sends it back with no further action. */
async function sentBack(requesterEmail?: string) {
  const found = await levelFour();
  if (requesterEmail)
    await db()
      .updateTable('social_care_handoffs')
      .set({ requester_email: requesterEmail })
      .where('id', '=', found.handOffId)
      .execute();
  await socialCare.get(`/social-care/${found.handOffId}`);
  expect((await socialCare.post(`/social-care/${found.handOffId}/acknowledge`, {})).statusCode).toBe(303);
  const { version } = await db()
    .selectFrom('social_care_handoffs')
    .select('version')
    .where('id', '=', found.handOffId)
    .executeTakeFirstOrThrow();
  const done = await socialCare.post(`/social-care/${found.handOffId}/outcome`, {
    outcome: 'no-further-action',
    reason: 'Known to us; the family is working with early help.',
    version: String(version),
  });
  expect(done.statusCode).toBe(303);
  return found;
}

const escalationsAbout = (handOffId: string) =>
  db().selectFrom('escalations').selectAll().where('subject_id', '=', handOffId).execute();
const versionOf = async (id: string) =>
  String(
    (await db().selectFrom('escalations').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version,
  );

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://hearth.example' });
  policeToken = (
    await t.services.apiClients.create(
      { userId: null, label: 'test' },
      { name: 'Essex Police', organisationCode: 'essex-police' },
    )
  ).token;
  // A second social care practitioner, for the manager's reassignment.
  const council = (await t.services.reference.organisations()).find((o) => o.code === 'essex-county-council')!;
  otherSocialWorker = newId();
  await db()
    .insertInto('users')
    .values({
      id: otherSocialWorker,
      email: 'social.care.two@essex.example',
      display_name: 'Nadia Rahman',
      organisation_id: council.id,
      password_hash: await hashPassword(DEMO_PASSWORD),
      totp_secret: null,
      totp_last_counter: null,
      two_factor_enrolled_at: null,
      locked_until: null,
      last_signed_in_at: null,
      created_by: null,
      updated_by: null,
    })
    .execute();
  await db()
    .insertInto('user_roles')
    .values({ user_id: otherSocialWorker, role: 'social-care-practitioner' })
    .execute();
  hub = await signedIn('hub.practitioner@essex.example');
  manager = await signedIn('hub.manager@essex.example');
  socialCare = await signedIn('social.care@essex.example');
  teacher = await signedIn('teacher@essex.example');
});
afterAll(() => t?.close());

describe('escalation about social care’s no further action', () => {
  it('offered on the Hub’s page; asked of the practitioner who recorded it, who answers; reassigned by a manager', async () => {
    const { requestId, decisionId, handOffId } = await sentBack();
    const page = await hub.get(`/hub/requests/${requestId}`);
    const link = `/escalations/new?decision=${decisionId}&amp;about=social-care`;
    expect(page.body).toContain(link);
    // The requester is offered it in the email social care's outcome sends (here the Hub's own email, none held back).
    const form = await hub.get(`/escalations/new?decision=${decisionId}&about=social-care`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Marcus Bell, who recorded it');
    expect(form.body).toContain('Known to us; the family is working with early help.');
    const empty = await hub.post('/escalations/new', {
      submissionKey: keyOf(form.body),
      decision: decisionId,
      about: 'social-care',
      stage: 'practitioners',
      asked: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual(['Enter what you disagree with and what you are asking for']);
    const skipped = await hub.post('/escalations/new', {
      submissionKey: keyOf(form.body),
      decision: decisionId,
      about: 'social-care',
      stage: 'managers',
      asked: 'Straight to managers',
    });
    expect(skipped.statusCode).toBe(400);
    expect(errorSummary(skipped.body)[0]).toContain('starts with the practitioner who recorded it');
    const raised = await hub.post('/escalations/new', {
      submissionKey: keyOf(form.body),
      decision: decisionId,
      about: 'social-care',
      stage: 'practitioners',
      asked: `Three call-outs this month: please look again. ${MARKUP}`,
    });
    expect(raised.statusCode).toBe(303);
    const id = raised.headers.location!.split('/').at(-1)!;
    const [row] = await escalationsAbout(handOffId);
    expect(row).toMatchObject({ subject_type: 'social-care-handoff', request_id: requestId, stage: 'practitioners' });
    const marcus = await db()
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'social.care@essex.example')
      .executeTakeFirstOrThrow();
    expect(row!.addressed_to).toBe(marcus.id);

    // Asked of Marcus: on his list, and he answers the first stage; the raiser does not.
    const mine = await hub.get(`/escalations/${id}`);
    expect(mine.body).toContain('Children’s social care’s no further action on request');
    expect(mine.body).toContain('&lt;script&gt;');
    expect(mine.body).not.toContain('data-qa="respond-form"');
    expect((await socialCare.get('/escalations')).body).toContain('Asked of you');
    // A manager sees who is asked and may ask someone else before anyone answers.
    const managed = await manager.get(`/escalations/${id}`);
    expect(managed.body).toContain('data-qa="reassign-form"');
    expect(managed.body).toContain('Nadia Rahman');
    const wrong = await manager.post(`/escalations/${id}/reassign`, {
      submissionKey: keyOf(managed.body),
      addressedTo: newId(),
      version: await versionOf(id),
    });
    expect(wrong.statusCode).toBe(400);
    expect(errorSummary(wrong.body)).toEqual(['Select who is to answer from the list']);
    const notUuid = await manager.post(`/escalations/${id}/reassign`, {
      submissionKey: keyOf(managed.body),
      addressedTo: '<b>x</b>',
      version: await versionOf(id),
    });
    expect(errorSummary(notUuid.body)).toEqual(['Select who is to answer']);
    const again = await manager.get(`/escalations/${id}`);
    const moved = await manager.post(`/escalations/${id}/reassign`, {
      submissionKey: keyOf(again.body),
      addressedTo: otherSocialWorker,
      version: await versionOf(id),
    });
    expect(moved.statusCode).toBe(303);
    const after = await db().selectFrom('escalations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(after.addressed_to).toBe(otherSocialWorker);
    const audited = await db()
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'escalation.reassigned')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(audited.details).toMatchObject({ from: marcus.id, to: otherSocialWorker });
    // Marcus is no longer asked; Nadia answers.
    expect((await socialCare.get(`/escalations/${id}`)).statusCode).toBe(404);
    const nadia = await signedIn('social.care.two@essex.example');
    const hers = await nadia.get(`/escalations/${id}`);
    expect(hers.body).toContain('data-qa="respond-form"');
    const answered = await nadia.post(`/escalations/${id}/respond`, {
      submissionKey: keyOf(hers.body),
      response: 'We will look again with the police information.',
      version: await versionOf(id),
    });
    expect(answered.statusCode).toBe(303);
    // Answered: no more reassignment.
    expect((await manager.get(`/escalations/${id}`)).body).not.toContain('data-qa="reassign-form"');
    const report = await manager.get('/escalations/report');
    expect(report.body).toContain('Children’s social care’s no further action');
  });

  it('a hand-off the user cannot see: refused, audited, says whom to ask, nothing created', async () => {
    const { decisionId, handOffId } = await sentBack();
    const page = await teacher.get(`/escalations/new?decision=${decisionId}&about=social-care`);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Ask the Children and Families Hub’s manager');
    expect(page.body).not.toContain('Known to us');
    const post = await teacher.post('/escalations/new', {
      decision: decisionId,
      about: 'social-care',
      stage: 'practitioners',
      asked: 'x',
    });
    expect(post.statusCode).toBe(403);
    const refused = await db()
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'escalation.refused')
      .where('subject_id', '=', decisionId)
      .execute();
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(await escalationsAbout(handOffId)).toEqual([]);
    // Not a UUID, or no such decision: refused the same way.
    expect((await hub.get('/escalations/new?decision=%3Cb%3E&about=social-care')).statusCode).toBe(403);
  });

  it('not offered before social care sends it back, nor to the practitioner who recorded it', async () => {
    const { requestId, decisionId } = await levelFour();
    expect((await hub.get(`/hub/requests/${requestId}`)).body).not.toContain('about=social-care');
    const early = await hub.get(`/escalations/new?decision=${decisionId}&about=social-care`);
    expect(early.statusCode).toBe(403);
    expect(early.body).toContain('has not sent this request back with no further action');
    const back = await sentBack();
    const own = await socialCare.get(`/escalations/new?decision=${back.decisionId}&about=social-care`);
    const refused = await socialCare.post('/escalations/new', {
      submissionKey: keyOf(own.body),
      decision: back.decisionId,
      about: 'social-care',
      stage: 'practitioners',
      asked: 'My own outcome',
    });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual(['You recorded this outcome: talk to your manager instead.']);
    expect(await escalationsAbout(back.handOffId)).toEqual([]);
  });

  it('ten parallel identical submits make one escalation; NUL in the text is refused', async () => {
    const { decisionId, handOffId } = await sentBack();
    const form = await hub.get(`/escalations/new?decision=${decisionId}&about=social-care`);
    const nul = await hub.post('/escalations/new', {
      submissionKey: keyOf(form.body),
      decision: decisionId,
      about: 'social-care',
      stage: 'practitioners',
      asked: 'bad\u0000byte',
    });
    expect(nul.statusCode).toBe(400);
    expect(await escalationsAbout(handOffId)).toEqual([]);
    const key = keyOf((await hub.get(`/escalations/new?decision=${decisionId}&about=social-care`)).body);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        hub.post('/escalations/new', {
          submissionKey: key,
          decision: decisionId,
          about: 'social-care',
          stage: 'practitioners',
          asked: 'Once',
        }),
      ),
    );
    expect(answers.every((a) => a.statusCode === 303 || a.statusCode === 409)).toBe(true);
    expect(await escalationsAbout(handOffId)).toHaveLength(1);
  });

  it('the requester’s email offers it', async () => {
    const { decisionId } = await sentBack('requester@essex.example');
    const email = await db()
      .selectFrom('notify_outbox')
      .select('body')
      .where('template', '=', 'social-care-outcome-requester')
      .where('recipient', '=', 'requester@essex.example')
      .executeTakeFirstOrThrow();
    expect(email.body).toContain(`https://hearth.example/escalations/new?decision=${decisionId}&about=social-care`);
  });
});
