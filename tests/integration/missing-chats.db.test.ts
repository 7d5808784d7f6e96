import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Missing Chats (issue 13): a police return makes a child of 10 to 18 (or of unknown age) due a Missing Chat and
 * their parents a Parental Missing Chat; the Involvement Service's due list orders them by time left with RAG;
 * recording the offer, the answer and the chat; the refusals (age, no return, markup, NUL, repeats, someone else's
 * change); an exploitation concern raised from a chat; who sees what; the audit trail; the figures.
 */

let t: TestApp;
let token: string;
let worker: TestClient;
let hub: TestClient;
let teacher: TestClient;
let fsWorker: TestClient;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

let serial = 0;
const nextRef = () => `MC/${String(++serial).padStart(5, '0')}/26`;

/** A report and then the return of one child, as the force's system sends them. Returns the episode id. */
async function reportAndReturn(
  child: { first_name: string; last_name: string; date_of_birth?: string },
  times: { reported: string; returned?: string } = { reported: '2026-11-30T19:30', returned: '2026-12-01T08:15' },
) {
  const episodeReference = nextRef();
  const base = {
    incident_date: times.reported.slice(0, 10),
    concern_category: 'missing',
    summary: 'Did not come home after school.',
    district: 'chelmsford',
    officer: { name: 'PC Amy Clarke' },
    children: [{ ...child, gender: 'F' }],
  };
  const missing = {
    episode_reference: episodeReference,
    missing_from: 'home',
    reported_at: times.reported,
    reported_by: 'Mother, by phone',
    risk_grading: 'medium',
  };
  await send({ ...base, police_reference: nextRef(), missing: { ...missing, event: 'report' } });
  if (times.returned)
    await send({
      ...base,
      police_reference: nextRef(),
      missing: {
        ...missing,
        event: 'return',
        returned_at: times.returned,
        returned_where: 'A friend’s flat',
        returned_how: 'Came home on her own',
      },
    });
  const episode = await t.database.db
    .selectFrom('missing_episodes')
    .select('id')
    .where('episode_reference', '=', episodeReference)
    .executeTakeFirstOrThrow();
  return episode.id;
}

async function send(notification: unknown) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/police-notifications',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ notifications: [notification] }),
  });
  expect(response.json(), response.body).toMatchObject({ created: 1 });
}

const chatsOf = (episodeId: string) =>
  t.database.db.selectFrom('missing_chats').selectAll().where('episode_id', '=', episodeId).orderBy('kind').execute();
const auditOf = (subjectId: string) =>
  t.database.db
    .selectFrom('audit_events')
    .select(['action', 'details'])
    .where('subject_id', '=', subjectId)
    .orderBy('seq')
    .execute();

/** The chat form, filled in as the worker would: the offer, and what else is given. */
const chatForm = (version: number, more: Record<string, string | string[]> = {}) => ({
  version: String(version),
  'offeredOn-day': '1',
  'offeredOn-month': '12',
  'offeredOn-year': '2026',
  offeredTime: '2pm',
  offeredHow: 'phone',
  ...more,
});

beforeAll(async () => {
  t = await createTestApp();
  token = (
    await t.services.apiClients.create(
      { userId: null, label: 'test' },
      { name: 'Essex Police', organisationCode: 'essex-police' },
    )
  ).token;
  worker = await signedIn('involvement.worker@essex.example');
  hub = await signedIn('hub.practitioner@essex.example');
  teacher = await signedIn('teacher@essex.example');
  fsWorker = await signedIn('fs.worker@essex.example');
});
afterAll(() => t?.close());

describe('a child back from missing', () => {
  it('is due a Missing Chat and a Parental Missing Chat, on the Involvement Service’s due list', async () => {
    const episodeId = await reportAndReturn({ first_name: 'Maisie', last_name: 'Okafor', date_of_birth: '2012-12-01' });
    const chats = await chatsOf(episodeId);
    expect(chats.map((c) => [c.kind, c.status, c.age_at_return])).toEqual([
      ['child', 'due', 14],
      ['parent', 'due', 14],
    ]);
    expect((await auditOf(chats[0]!.id)).map((a) => a.action)).toEqual(['missing-chat.due']);

    const list = await worker.get('/missing-chats');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/missing-chats/${chats[0]!.id}`);
    expect(list.body).toContain('Maisie Okafor');
    expect(list.body).toContain('Aged 14');
    expect(list.body).toContain('Chelmsford');
    expect(list.body).toContain('Medium risk');
    const parental = await worker.get('/missing-chats?kind=parent');
    expect(parental.body).toContain(`/missing-chats/${chats[1]!.id}`);
    expect(parental.body).not.toContain(`/missing-chats/${chats[0]!.id}`);
    const viewed = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'missing-chat.list-viewed')
      .execute();
    expect(viewed.length).toBeGreaterThanOrEqual(2);
    expect((viewed[0]!.details as { chatIds: string[] }).chatIds).toContain(chats[0]!.id);

    // The Missing Chats item in the service navigation, and the home page's entry.
    expect((await worker.get('/')).body).toContain('href="/missing-chats"');
    // The episode page shows its chats to the Involvement Service and the Hub.
    const episode = await worker.get(`/missing/${episodeId}`);
    expect(episode.statusCode).toBe(200);
    expect(episode.body).toContain(`/missing-chats/${chats[0]!.id}`);
    expect(episode.body).toContain('Not yet offered');
    expect((await hub.get(`/missing/${episodeId}`)).body).toContain(`/missing-chats/${chats[1]!.id}`);
  });

  it('lets the Hub read the list and a chat but not record it; refuses everyone else', async () => {
    const episodeId = await reportAndReturn({ first_name: 'Ava', last_name: 'Reid', date_of_birth: '2011-02-01' });
    const [chat] = await chatsOf(episodeId);
    expect((await hub.get('/missing-chats')).statusCode).toBe(200);
    const page = await hub.get(`/missing-chats/${chat!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('data-qa="chat-form"');
    expect(page.body).toContain('The chat has not been offered yet.');
    expect((await hub.post(`/missing-chats/${chat!.id}`, chatForm(chat!.version))).statusCode).toBe(403);
    expect((await teacher.get('/missing-chats')).statusCode).toBe(403);
    expect((await teacher.get(`/missing-chats/${chat!.id}`)).statusCode).toBe(403);
    expect((await fsWorker.get('/missing-chats')).statusCode).toBe(403);
    // A caseworker not involved is offered break-glass (an emergency, with a reason, alerting a manager), as on
    // every child's record.
    const caseworker = await fsWorker.get(`/missing-chats/${chat!.id}`);
    expect(caseworker.statusCode).toBe(303);
    expect(caseworker.headers.location).toMatch(/^\/break-glass/);
    expect((await worker.get('/missing-chats/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await worker.get('/missing-chats/not-an-id')).statusCode).toBe(404);
    expect((await worker.get('/missing-chats?page=99999999&kind=nonsense')).statusCode).toBe(200);
  });

  it('flags a child whose age is not known for the worker to check, and still makes the chats due', async () => {
    const episodeId = await reportAndReturn({ first_name: 'Kai', last_name: 'Nowak' });
    const chats = await chatsOf(episodeId);
    expect(chats.map((c) => c.age_at_return)).toEqual([null, null]);
    expect((await worker.get('/missing-chats')).body).toContain('Age not known');
    const page = await worker.get(`/missing-chats/${chats[0]!.id}`);
    expect(page.body).toContain('Age not known: the police did not give a date of birth');
  });
});

describe('the clock from the return', () => {
  it('orders the due list by time left and colours it red, amber and green (72 hours, amber at 75%)', async () => {
    const a = await reportAndReturn(
      { first_name: 'Red', last_name: 'Clock', date_of_birth: '2010-01-01' },
      { reported: '2026-06-01T08:00', returned: '2026-06-01T10:00' },
    );
    const b = await reportAndReturn(
      { first_name: 'Amber', last_name: 'Clock', date_of_birth: '2010-01-01' },
      { reported: '2026-06-02T08:00', returned: '2026-06-02T12:00' },
    );
    const c = await reportAndReturn(
      { first_name: 'Green', last_name: 'Clock', date_of_birth: '2010-01-01' },
      { reported: '2026-06-04T08:00', returned: '2026-06-04T09:00' },
    );
    // A fixed clock, 4 June 2026 at 20:00 in England (BST): Red returned 82 hours before (10 hours overdue), Amber 56
    // hours before (78% of 72 hours: amber at 75%), Green 11 hours before.
    const now = new Date('2026-06-04T19:00:00Z');
    const { due } = await t.services.missingChats.dueList({ userId: null, label: 'test' }, 'child', 1, 500, now);
    const ours = due.rows.filter((r) => [a, b, c].includes(r.episode_id));
    expect(ours.map((r) => r.first_name)).toEqual(['Red', 'Amber', 'Green']);
    expect(ours.map((r) => r.rag.status)).toEqual(['red', 'amber', 'green']);
    expect(ours[0]!.rag.words).toBe('10 hours overdue (continuous clock)');
    expect(ours[2]!.rag.words).toBe('due in 61 hours (continuous clock)');
    // On the page (the real clock: all long overdue) the earliest return comes first too.
    const body = (await worker.get('/missing-chats')).body;
    expect(body.indexOf('Red Clock')).toBeLessThan(body.indexOf('Amber Clock'));
    expect(body.indexOf('Amber Clock')).toBeLessThan(body.indexOf('Green Clock'));
  });
});

describe('refusals', () => {
  it('makes no chat for a child under 10 or over 18, and refuses to start one, saying why', async () => {
    const young = await reportAndReturn({ first_name: 'Lily', last_name: 'Young', date_of_birth: '2017-05-01' });
    const old = await reportAndReturn({ first_name: 'Sam', last_name: 'Older', date_of_birth: '2007-01-01' });
    expect(await chatsOf(young)).toEqual([]);
    expect(await chatsOf(old)).toEqual([]);
    await worker.get(`/missing/${young}`);
    const under = await worker.post(`/missing/${young}/chats`, { kind: 'child' });
    expect(under.statusCode).toBe(403);
    expect(under.body).toContain(
      'Lily was 9 when they returned. Missing Chats are for children aged 10 to 18: the Missing Co-ordinator scrutinises every missing episode of a child under 10.',
    );
    const over = await worker.post(`/missing/${old}/chats`, { kind: 'parent' });
    expect(over.statusCode).toBe(403);
    expect(over.body).toContain('Sam was 19 when they returned. Missing Chats are for children aged 10 to 18.');
    expect(await chatsOf(young)).toEqual([]);
    // The episode page says so too.
    expect((await worker.get(`/missing/${young}`)).body).toContain('the Missing Co-ordinator scrutinises');
    const denied = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'permission.denied')
      .where('subject_type', '=', 'missing-chat')
      .execute();
    expect(denied.map((d) => (d.details as { reason: string }).reason)).toEqual(expect.arrayContaining(['age']));
  });

  it('refuses a chat for an episode with no return yet', async () => {
    const open = await reportAndReturn(
      { first_name: 'Noor', last_name: 'Still', date_of_birth: '2012-01-01' },
      { reported: '2026-12-01T19:00' },
    );
    expect(await chatsOf(open)).toEqual([]);
    const response = await hub.post(`/missing/${open}/chats`, { kind: 'child' });
    expect(response.statusCode).toBe(403);
    await worker.get('/missing-chats');
    const refused = await worker.post(`/missing/${open}/chats`, { kind: 'child' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Noor has not returned yet. A Missing Chat is offered once the police tell us');
    expect(await chatsOf(open)).toEqual([]);
  });

  it('makes one chat of ten identical starts sent at once, for an episode returned before chats were kept', async () => {
    const episodeId = newId();
    const police = await t.database.db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'essex-police')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('missing_episodes')
      .values({
        id: episodeId,
        organisation_id: police.id,
        episode_reference: 'MC/OLD/26',
        first_name: 'Olu',
        last_name: 'Before',
        date_of_birth: '2013-03-03',
        age_at_missing: 13,
        missing_from: 'home',
        reported_at: new Date('2026-10-01T10:00:00Z'),
        reported_by: 'Father',
        risk_grading: 'low',
        returned_at: new Date('2026-10-02T10:00:00Z'),
        returned_where: 'Home',
        district: 'harlow',
      })
      .execute();
    const page = await worker.get(`/missing/${episodeId}`);
    expect(page.body).toContain('Start the Missing Chat');
    const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(page.body)![1]!;
    const sent = await Promise.all(
      Array.from({ length: 10 }, () => worker.post(`/missing/${episodeId}/chats`, { kind: 'child', submissionKey })),
    );
    expect(sent.every((r) => [303, 409].includes(r.statusCode))).toBe(true);
    const chats = await chatsOf(episodeId);
    expect(chats).toHaveLength(1);
    expect(chats[0]).toMatchObject({ kind: 'child', age_at_return: 13, status: 'due' });
    expect(sent.find((r) => r.statusCode === 303)!.headers.location).toBe(`/missing-chats/${chats[0]!.id}`);
    expect((await auditOf(chats[0]!.id)).map((a) => a.action)).toContain('missing-chat.started');
  });
});

describe('recording a chat', () => {
  it('records the offer, the answer and the chat in the child’s words; a held chat leaves the due list', async () => {
    const episodeId = await reportAndReturn({ first_name: 'Zara', last_name: 'Held', date_of_birth: '2011-07-07' });
    const [chat] = await chatsOf(episodeId);
    await worker.get(`/missing-chats/${chat!.id}`);
    const saved = await worker.post(
      `/missing-chats/${chat!.id}`,
      chatForm(chat!.version, {
        choice: 'accepted',
        'heldOn-day': '2',
        'heldOn-month': '12',
        'heldOn-year': '2026',
        heldHow: 'face-to-face',
        said: 'I went because <b>everyone</b> was shouting at home',
        pushFactors: ['conflict-at-home', 'school'],
        pullFactors: 'friends',
        factorsOther: 'Misses her nan',
        risks: 'Older boys at the flat',
        actions: 'Talk to school; family mediation',
        sharedWith: ['school', 'essex-police'],
        sharedWithOther: 'Her youth worker',
      }),
    );
    expect(saved.statusCode).toBe(303);
    const [row] = await chatsOf(episodeId);
    expect(row).toMatchObject({
      status: 'held',
      offered_how: 'phone',
      held_on: '2026-12-02',
      held_how: 'face-to-face',
      said: 'I went because <b>everyone</b> was shouting at home',
      push_factors: ['conflict-at-home', 'school'],
      pull_factors: ['friends'],
      shared_with: ['school', 'essex-police'],
      version: 2,
    });
    // 14:00 in England on 1 December is 14:00 UTC.
    expect(row!.offered_at!.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    const list = await worker.get('/missing-chats');
    expect(list.body).not.toContain(`/missing-chats/${chat!.id}"`);
    // Markup is kept as typed and shown escaped, to the worker and the Hub.
    const page = await hub.get(`/missing-chats/${chat!.id}`);
    expect(page.body).toContain('I went because &lt;b&gt;everyone&lt;/b&gt; was shouting');
    expect(page.body).not.toContain('<b>everyone</b>');
    expect(page.body).toContain('The child’s school, Essex Police (Missing Person Liaison Officer), Her youth worker');
    expect((await worker.get(`/missing/${episodeId}`)).body).toContain('Held');
    expect((await auditOf(chat!.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['missing-chat.due', 'missing-chat.viewed', 'missing-chat.saved']),
    );
  });

  it('keeps a chat the child said “not now” to open, with the day to offer again', async () => {
    const episodeId = await reportAndReturn({ first_name: 'Mo', last_name: 'Later', date_of_birth: '2011-07-07' });
    const [chat] = await chatsOf(episodeId);
    await worker.get(`/missing-chats/${chat!.id}`);
    const saved = await worker.post(
      `/missing-chats/${chat!.id}`,
      chatForm(chat!.version, {
        choice: 'not-now',
        'offerAgainOn-day': '1',
        'offerAgainOn-month': '1',
        'offerAgainOn-year': '2099',
      }),
    );
    expect(saved.statusCode).toBe(303);
    const [row] = await chatsOf(episodeId);
    expect(row).toMatchObject({ status: 'not-now', offer_again_on: '2099-01-01' });
    const list = await worker.get('/missing-chats');
    expect(list.body).toContain('Offer again on 1 January 2099');
  });

  it('names every problem with the form at once, keeps what was typed, and saves nothing', async () => {
    const episodeId = await reportAndReturn({ first_name: 'Eve', last_name: 'Form', date_of_birth: '2011-07-07' });
    const [child, parent] = await chatsOf(episodeId);
    await worker.get(`/missing-chats/${child!.id}`);
    const empty = await worker.post(`/missing-chats/${child!.id}`, {
      version: String(child!.version),
      said: 'She told me about the park',
      'heldOn-day': '40',
      'heldOn-month': '1',
      'heldOn-year': '2026',
    });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Enter the date the chat was offered',
      'Enter the time the chat was offered',
      'Select how the chat was offered',
      'Select accepted to record the chat: a chat is held only when they choose to have it',
      'The date the chat was held must be a real date, like 27 3 2026',
    ]);
    expect(empty.body).toContain('She told me about the park');
    const notNow = await worker.post(`/missing-chats/${child!.id}`, chatForm(child!.version, { choice: 'not-now' }));
    expect(errorSummary(notNow.body)).toEqual(['Enter the day to offer it again']);
    const beforeReturn = await worker.post(
      `/missing-chats/${child!.id}`,
      chatForm(child!.version, { 'offeredOn-day': '30', 'offeredOn-month': '11' }),
    );
    expect(beforeReturn.statusCode).toBe(400);
    expect(errorSummary(beforeReturn.body)).toEqual([
      'The chat must have been offered after the child returned: check the date and time',
    ]);
    await worker.get(`/missing-chats/${parent!.id}`);
    const noOne = await worker.post(`/missing-chats/${parent!.id}`, chatForm(parent!.version));
    expect(errorSummary(noOne.body)).toEqual(['Enter the parent or carer the chat was offered to']);
    const tooLong = await worker.post(
      `/missing-chats/${child!.id}`,
      chatForm(child!.version, { risks: 'x'.repeat(4001) }),
    );
    expect(errorSummary(tooLong.body)).toEqual(['Risks found must be 4,000 characters or fewer']);
    const unknown = await worker.post(
      `/missing-chats/${child!.id}`,
      chatForm(child!.version, { pushFactors: 'not-a-factor' }),
    );
    expect(errorSummary(unknown.body)).toEqual(['Select the push factors from the list']);
    const nul = await worker.post(`/missing-chats/${child!.id}`, chatForm(child!.version, { said: 'Hello\u0000' }));
    expect(nul.statusCode).toBe(400);
    expect((await chatsOf(episodeId)).map((c) => c.status)).toEqual(['due', 'due']);
  });

  it('tells the second of two people editing one chat, and keeps what they typed', async () => {
    const episodeId = await reportAndReturn({ first_name: 'Tom', last_name: 'Twice', date_of_birth: '2011-07-07' });
    const [, parent] = await chatsOf(episodeId);
    const second = await signedIn('involvement.worker@essex.example');
    await worker.get(`/missing-chats/${parent!.id}`);
    await second.get(`/missing-chats/${parent!.id}`);
    const first = await worker.post(
      `/missing-chats/${parent!.id}`,
      chatForm(parent!.version, { offeredTo: 'Mother, Grace Twice', choice: 'declined' }),
    );
    expect(first.statusCode).toBe(303);
    const late = await second.post(
      `/missing-chats/${parent!.id}`,
      chatForm(parent!.version, { offeredTo: 'Father, Dan Twice', choice: 'accepted', actions: 'Dad’s own words' }),
    );
    expect(late.statusCode).toBe(400);
    expect(errorSummary(late.body)).toEqual([
      'Someone else changed this chat while you were looking at it. Nothing has been saved: what you typed is still here, check it against the chat as it is now and save again.',
    ]);
    expect(late.body).toContain('Father, Dan Twice');
    expect(late.body).toContain('Dad’s own words');
    expect(late.body).toContain('name="version" id="version" value="2"');
    const [, row] = await chatsOf(episodeId);
    expect(row).toMatchObject({ status: 'declined', offered_to: 'Mother, Grace Twice', version: 2 });
  });
});

describe('an exploitation concern raised from a chat', () => {
  it('starts the concern form with the child, and records the concern on the chat', async () => {
    const episodeId = await reportAndReturn({ first_name: 'Jade', last_name: 'Concern', date_of_birth: '2011-04-09' });
    const [chat] = await chatsOf(episodeId);
    const page = await worker.get(`/missing-chats/${chat!.id}`);
    expect(page.body).toContain(`/exploitation/concerns/new?fromChat=${chat!.id}`);
    const form = await worker.get(`/exploitation/concerns/new?fromChat=${chat!.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Jade"');
    expect(form.body).toContain('value="Concern"');
    expect(form.body).toContain(`name="fromChat" value="${chat!.id}"`);
    expect(form.body).toMatch(/id="childDateOfBirth-year"[^>]*value="2011"/);
    // Someone who may not see the chat gets an empty form.
    const hubForm = await teacher.get(`/exploitation/concerns/new?fromChat=${chat!.id}`);
    expect(hubForm.body).not.toContain('value="Jade"');
    const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(form.body)![1]!;
    const raised = await worker.post('/exploitation/concerns', {
      submissionKey,
      fromChat: chat!.id,
      childFirstName: 'Jade',
      childLastName: 'Concern',
      'childDateOfBirth-day': '9',
      'childDateOfBirth-month': '4',
      'childDateOfBirth-year': '2011',
      kinds: 'criminal',
      settings: 'in-person',
      indicators: 'missing',
      whatSeen: 'In the chat she said older boys give her money to carry bags.',
      district: 'chelmsford',
      judgement: 'could-be',
      policeReported: 'yes',
      policeReference: '42/12345/26',
      'policeReportedOn-day': '2',
      'policeReportedOn-month': '12',
      'policeReportedOn-year': '2026',
      policeOfficer: 'PC Clarke',
    });
    expect(raised.statusCode).toBe(303);
    const concernId = raised.headers.location!.split('/').pop()!;
    const [row] = await chatsOf(episodeId);
    expect(row!.concern_id).toBe(concernId);
    const after = await worker.get(`/missing-chats/${chat!.id}`);
    expect(after.body).toContain(`/exploitation/concerns/${concernId}`);
    expect((await worker.get(`/exploitation/concerns/${concernId}`)).statusCode).toBe(200);
    expect((await auditOf(chat!.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['missing-chat.concern-started', 'missing-chat.concern-raised']),
    );
  });
});

describe('figures', () => {
  it('counts chats due, offered within the timescale and late, the answers, chats held by how, and parental chats', async () => {
    const times = (day: string) => ({ reported: `2026-03-${day}T08:00`, returned: `2026-03-${day}T10:00` });
    const ids = await Promise.all(
      ['02', '03', '04', '05'].map((d, i) =>
        reportAndReturn(
          { first_name: ['Ann', 'Bea', 'Cat', 'Dee'][i]!, last_name: 'Figures', date_of_birth: '2012-01-01' },
          times(d),
        ),
      ),
    );
    const chats = await Promise.all(ids.map(chatsOf));
    const save = async (
      chat: { id: string; version: number },
      day: string,
      more: Record<string, string | string[]> = {},
    ) => {
      await worker.get(`/missing-chats/${chat.id}`);
      const response = await worker.post(
        `/missing-chats/${chat.id}`,
        chatForm(chat.version, { 'offeredOn-day': day, 'offeredOn-month': '3', ...more }),
      );
      expect(response.statusCode, errorSummary(response.body).join()).toBe(303);
    };
    const held = (day: string, how: string) => ({
      choice: 'accepted',
      'heldOn-day': day,
      'heldOn-month': '3',
      'heldOn-year': '2026',
      heldHow: how,
    });
    // Returned 2 March 10:00: offered 3 March (within 72 hours), held face to face.
    await save(chats[0]![0]!, '3', held('4', 'face-to-face'));
    // Returned 3 March: offered 10 March (late), declined.
    await save(chats[1]![0]!, '10', { choice: 'declined' });
    // Returned 4 March: offered 5 March, not now.
    await save(chats[2]![0]!, '5', {
      choice: 'not-now',
      'offerAgainOn-day': '1',
      'offerAgainOn-month': '1',
      'offerAgainOn-year': '2099',
    });
    // Returned 5 March: not yet offered. Parental chats: one offered and held by phone, one offered and accepted.
    await save(chats[0]![1]!, '3', { offeredTo: 'Mum', ...held('3', 'phone') });
    await save(chats[1]![1]!, '4', { offeredTo: 'Dad', choice: 'accepted' });

    const figures = await t.services.missingChats.figures(
      new Date('2026-03-01T00:00:00Z'),
      new Date('2026-04-01T00:00:00Z'),
    );
    expect(figures).toEqual({
      chats: {
        due: 4,
        notYetOffered: 1,
        offeredWithinTimescale: 2,
        offeredLate: 1,
        accepted: 1,
        declined: 1,
        notNow: 1,
        held: 1,
        heldBy: { 'face-to-face': 1, phone: 0, video: 0, message: 0 },
      },
      parentalChats: { due: 4, offered: 2, accepted: 2, held: 1 },
    });
  });
});
