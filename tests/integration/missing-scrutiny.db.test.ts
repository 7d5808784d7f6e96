import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Responding to missing children (issue 13): closing an episode after the return, the Missing Co-ordinator's
 * scrutiny of every under-10's episode (and its refusal for a child of 10 or over, or of unknown age), closing
 * refused until the scrutiny is recorded, optimistic locking, parallel submits, markup and NUL, and the audit trail.
 * Repeat missing and the figures are in missing-repeat.db.test.ts.
 */

let t: TestApp;
let token: string;
let hub: TestClient;
let coordinator: TestClient;
let teacher: TestClient;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

let serial = 0;
const nextRef = () => `SC/${String(++serial).padStart(5, '0')}/26`;
/** A report about a child born on `dob` (undefined: not known), missing from home on 30 November 2026. */
const report = (first: string, dob: string | undefined, missing: Record<string, unknown> = {}) => ({
  police_reference: nextRef(),
  incident_date: '2026-11-30',
  concern_category: 'missing',
  summary: 'Did not come home from school.',
  district: 'chelmsford',
  officer: { name: 'PC Amy Clarke' },
  children: [{ first_name: first, last_name: 'Scrutiny', ...(dob ? { date_of_birth: dob } : {}), gender: 'F' }],
  missing: {
    event: 'report',
    missing_from: 'home',
    reported_at: '2026-11-30T19:30',
    reported_by: 'Mother, by phone',
    risk_grading: 'medium',
    ...missing,
  },
});

const send = (...notifications: unknown[]) =>
  t.app.inject({
    method: 'POST',
    url: '/api/police-notifications',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ notifications }),
  });

/** Sends the report and returns its episode. */
async function episodeOf(n: ReturnType<typeof report>) {
  expect((await send(n)).json()).toMatchObject({ created: 1 });
  return t.database.db
    .selectFrom('missing_episodes')
    .selectAll()
    .where('episode_reference', '=', n.police_reference)
    .executeTakeFirstOrThrow();
}

/** The police send the child's return on the same episode. */
const returned = (n: ReturnType<typeof report>) =>
  send({
    ...n,
    police_reference: nextRef(),
    missing: {
      ...n.missing,
      event: 'return',
      episode_reference: n.police_reference,
      returned_at: '2026-12-01T08:15',
      returned_where: 'Home',
    },
  });

const eventsFor = (id: string) =>
  t.database.db
    .selectFrom('audit_events')
    .select(['action', 'details'])
    .where('subject_id', '=', id)
    .orderBy('seq')
    .execute();

const keyOf = (body: string) => /name="submissionKey" value="([^"]+)"/.exec(body)![1]!;
const versionOf = (body: string) => /name="version" value="([^"]+)"/.exec(body)![1]!;

/** A good scrutiny, with the key of the form just fetched. */
const goodScrutiny = (key: string, over: Record<string, string> = {}) => ({
  submissionKey: key,
  findings: 'Went to a friend’s house after school; the friend’s parent brought her home.',
  action1What: 'Talk to the school about the friendship',
  action1Who: 'Missing Co-ordinator',
  'action1By-day': '1',
  'action1By-month': '3',
  'action1By-year': '2030',
  action2What: 'Safety plan with the family',
  action2Who: 'Hub social worker',
  'action2By-day': '15',
  'action2By-month': '3',
  'action2By-year': '2030',
  referralNeeded: 'no',
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  token = (
    await t.services.apiClients.create(
      { userId: null, label: 'test' },
      { name: 'Essex Police', organisationCode: 'essex-police' },
    )
  ).token;
  hub = await signedIn('hub.practitioner@essex.example');
  coordinator = await signedIn('missing.coordinator@essex.example');
  teacher = await signedIn('teacher@essex.example');
});
afterAll(() => t?.close());

describe('the Missing Co-ordinator’s scrutiny of under-10s', () => {
  it('lists every under-10’s episode not yet scrutinised, oldest report first; never a 10-year-old’s or an unknown age’s', async () => {
    const seven = await episodeOf(report('Seven', '2019-06-01', { reported_at: '2026-11-30T19:30' }));
    const nine = await episodeOf(report('Nine', '2017-03-01', { reported_at: '2026-11-28T10:00' }));
    const ten = await episodeOf(report('Ten', '2016-01-01'));
    const unknown = await episodeOf(report('Unknown', undefined));
    expect([seven.age_at_missing, nine.age_at_missing, ten.age_at_missing, unknown.age_at_missing]).toEqual([
      7,
      9,
      10,
      null,
    ]);
    const list = await coordinator.get('/missing/scrutiny');
    expect(list.statusCode).toBe(200);
    const at = (id: string) => list.body.indexOf(`/missing/${id}"`);
    expect(at(nine.id)).toBeGreaterThan(-1);
    expect(at(seven.id)).toBeGreaterThan(at(nine.id));
    expect(at(ten.id)).toBe(-1);
    expect(at(unknown.id)).toBe(-1);
    // The Co-ordinator sees an under-10's episode (the missing-response involvement), not a 10-year-old's.
    const page = await coordinator.get(`/missing/${seven.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Waiting for scrutiny');
    expect((await coordinator.get(`/missing/${ten.id}`)).statusCode).toBe(403);
    // The Hub does not scrutinise; the list is the Co-ordinator's.
    expect((await hub.get('/missing/scrutiny')).statusCode).toBe(403);
    // The page says an unknown age is not treated as under 10.
    expect((await hub.get(`/missing/${unknown.id}`)).body).toContain(
      'The child’s age is not known, so this episode is not treated as one of a child under 10',
    );
  });

  it('refuses scrutiny of a child of 10 or over, or of unknown age, with the reason, and audits it', async () => {
    const ten = await episodeOf(report('Tenner', '2016-01-01'));
    const refused = await coordinator.get(`/missing/${ten.id}/scrutiny`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(
      'The Missing Co-ordinator scrutinises the episodes of children under 10: this child was 10 when reported missing.',
    );
    const unknown = await episodeOf(report('Nodob', undefined));
    expect((await coordinator.get(`/missing/${unknown.id}/scrutiny`)).body).toContain(
      'this child’s age is not known, so the episode is not treated as under 10',
    );
    expect((await eventsFor(ten.id)).map((e) => e.action)).toContain('permission.denied');
    // Nobody else scrutinises.
    const seven = await episodeOf(report('Sevenish', '2019-06-01'));
    expect((await hub.get(`/missing/${seven.id}/scrutiny`)).statusCode).toBe(403);
  });

  it('shows every problem with the scrutiny at once, keeping what was typed', async () => {
    const seven = await episodeOf(report('Problems', '2019-06-01'));
    const form = await coordinator.get(`/missing/${seven.id}/scrutiny`);
    expect(form.statusCode).toBe(200);
    const empty = await coordinator.post(`/missing/${seven.id}/scrutiny`, { submissionKey: keyOf(form.body) });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the findings of the scrutiny');
    expect(empty.body).toContain('Enter at least one action: what is to be done, who will do it and by when');
    expect(empty.body).toContain('Select whether a referral is needed');
    const partial = await coordinator.post(`/missing/${seven.id}/scrutiny`, {
      submissionKey: keyOf(empty.body),
      findings: 'Typed findings stay',
      action1What: 'Only the what',
      'action2By-day': '31',
      'action2By-month': '2',
      'action2By-year': '2030',
      referralNeeded: 'maybe',
    });
    expect(partial.statusCode).toBe(400);
    for (const message of [
      'Enter who will do action 1',
      'Enter the date action 1 is to be done by',
      'Enter what action 2 is',
      'Enter who will do action 2',
      'The date for action 2 must be a real date',
      'Select whether a referral is needed',
    ])
      expect(partial.body).toContain(message);
    expect(partial.body).toContain('Typed findings stay');
    expect(partial.body).toContain('value="Only the what"');
    expect(await t.database.db.selectFrom('missing_scrutinies').where('episode_id', '=', seven.id).execute()).toEqual(
      [],
    );
  });

  it('records the review once however many times it is sent at once, audited, and moves it to done', async () => {
    const seven = await episodeOf(report('Parallel', '2019-06-01'));
    const form = await coordinator.get(`/missing/${seven.id}/scrutiny`);
    const key = keyOf(form.body);
    const sent = await Promise.all(
      Array.from({ length: 10 }, () => coordinator.post(`/missing/${seven.id}/scrutiny`, goodScrutiny(key))),
    );
    expect(sent.every((r) => r.statusCode === 303)).toBe(true);
    const rows = await t.database.db
      .selectFrom('missing_scrutinies')
      .selectAll()
      .where('episode_id', '=', seven.id)
      .execute();
    expect(rows).toHaveLength(1);
    const coordinatorUser = await userByEmail(t.services, 'missing.coordinator@essex.example');
    expect(rows[0]).toMatchObject({ referral_needed: false, reviewed_by: coordinatorUser.id });
    const actions = await t.database.db
      .selectFrom('missing_scrutiny_actions')
      .select(['position', 'what', 'who', 'by_when'])
      .where('scrutiny_id', '=', rows[0]!.id)
      .orderBy('position')
      .execute();
    expect(actions).toEqual([
      {
        position: 1,
        what: 'Talk to the school about the friendship',
        who: 'Missing Co-ordinator',
        by_when: '2030-03-01',
      },
      { position: 2, what: 'Safety plan with the family', who: 'Hub social worker', by_when: '2030-03-15' },
    ]);
    expect((await eventsFor(seven.id)).filter((e) => e.action === 'missing-episode.scrutinised')).toHaveLength(1);
    expect((await coordinator.get('/missing/scrutiny')).body).not.toContain(`/missing/${seven.id}"`);
    expect((await coordinator.get('/missing/scrutiny?show=done')).body).toContain(`/missing/${seven.id}"`);
    const page = await hub.get(`/missing/${seven.id}`);
    expect(page.body).toContain('Talk to the school about the friendship: Missing Co-ordinator, by 1 March 2030');
    // The form is not offered again.
    const again = await coordinator.get(`/missing/${seven.id}/scrutiny`);
    expect(again.statusCode).toBe(303);
  });

  it('starts a Request for Support through the front door when a referral is needed, once', async () => {
    const seven = await episodeOf(report('Referral', '2019-06-01'));
    const form = await coordinator.get(`/missing/${seven.id}/scrutiny`);
    await coordinator.post(`/missing/${seven.id}/scrutiny`, goodScrutiny(keyOf(form.body), { referralNeeded: 'yes' }));
    const page = await coordinator.get(`/missing/${seven.id}`);
    expect(page.body).toContain('Start a Request for Support');
    const started = await coordinator.post(`/missing/${seven.id}/scrutiny/request`, {
      submissionKey: keyOf(page.body),
    });
    expect(started.statusCode).toBe(303);
    const draftId = /\/requests\/drafts\/([0-9a-f-]+)/.exec(started.headers.location as string)![1]!;
    const draft = await t.database.db
      .selectFrom('request_drafts')
      .select('data')
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(draft.data)).toContain('Referral');
    const again = await coordinator.get(`/missing/${seven.id}`);
    const second = await coordinator.post(`/missing/${seven.id}/scrutiny/request`, {
      submissionKey: keyOf(again.body),
    });
    expect(second.headers.location).toBe(started.headers.location);
  });
});

describe('closing a missing episode', () => {
  it('is refused before the return, and for an under-10 until the scrutiny is recorded; then the Hub closes it', async () => {
    const n = report('Closing', '2019-06-01');
    const seven = await episodeOf(n);
    const early = await hub.get(`/missing/${seven.id}/close`);
    expect(early.body).toContain('The child has not returned yet');
    const notYet = await hub.post(`/missing/${seven.id}/close`, {
      version: versionOf(early.body),
      closingNote: 'Too soon',
    });
    expect(notYet.statusCode).toBe(400);
    expect(notYet.body).toContain('an episode is closed only after the child’s return');

    await returned(n);
    const form = await hub.get(`/missing/${seven.id}/close`);
    const refused = await hub.post(`/missing/${seven.id}/close`, {
      version: versionOf(form.body),
      closingNote: 'Home safe',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      'This child was under 10 when reported missing: the episode can be closed only once the Missing Co-ordinator has recorded their scrutiny.',
    );
    expect(refused.body).toContain('Home safe');
    expect((await eventsFor(seven.id)).map((e) => e.action)).toContain('missing-episode.close-refused');

    const scrutiny = await coordinator.get(`/missing/${seven.id}/scrutiny`);
    await coordinator.post(`/missing/${seven.id}/scrutiny`, goodScrutiny(keyOf(scrutiny.body)));
    // The Co-ordinator scrutinises but does not close; nor does a practitioner with no part in it.
    expect((await coordinator.post(`/missing/${seven.id}/close`, { version: '1', closingNote: 'x' })).statusCode).toBe(
      403,
    );
    expect((await teacher.post(`/missing/${seven.id}/close`, { version: '1', closingNote: 'x' })).statusCode).toBe(403);

    const ready = await hub.get(`/missing/${seven.id}/close`);
    const closed = await hub.post(`/missing/${seven.id}/close`, {
      version: versionOf(ready.body),
      closingNote: 'Home safe; <b>actions</b> agreed',
    });
    expect(closed.statusCode).toBe(303);
    const hubUser = await userByEmail(t.services, 'hub.practitioner@essex.example');
    const row = await t.database.db
      .selectFrom('missing_episodes')
      .selectAll()
      .where('id', '=', seven.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ closed_by: hubUser.id, closing_note: 'Home safe; <b>actions</b> agreed' });
    expect(row.closed_at).not.toBeNull();
    expect((await eventsFor(seven.id)).map((e) => e.action)).toContain('missing-episode.closed');
    const page = await hub.get(`/missing/${seven.id}`);
    expect(page.body).toContain('data-qa="tag-closed"');
    expect(page.body).toContain('Home safe; &lt;b&gt;actions&lt;/b&gt; agreed');
    // Closed: off the Hub's list of returned episodes, and not closed twice.
    expect((await hub.get('/missing?show=returned')).body).not.toContain(`/missing/${seven.id}"`);
    const twice = await hub.post(`/missing/${seven.id}/close`, { version: String(row.version), closingNote: 'Again' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('This episode is already closed.');
  });

  it('closes a returned 12-year-old’s episode without scrutiny; a stale version is told and keeps the note', async () => {
    const n = report('Twelve', '2014-01-01');
    const twelve = await episodeOf(n);
    await returned(n);
    expect((await hub.get('/missing?show=returned')).body).toContain(`/missing/${twelve.id}"`);
    const form = await hub.get(`/missing/${twelve.id}/close`);
    const seen = versionOf(form.body);
    // The police send an update meanwhile.
    await send({
      ...n,
      police_reference: nextRef(),
      missing: { ...n.missing, event: 'update', episode_reference: n.police_reference },
    });
    const stale = await hub.post(`/missing/${twelve.id}/close`, { version: seen, closingNote: 'What I typed' });
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('Someone else changed this episode while you were looking at it');
    expect(stale.body).toContain('What I typed');
    expect(versionOf(stale.body)).not.toBe(seen);
    const again = await hub.post(`/missing/${twelve.id}/close`, {
      version: versionOf(stale.body),
      closingNote: 'What I typed',
    });
    expect(again.statusCode).toBe(303);
  });

  it('checks the closing note: required, not over 2,000 characters; a NUL is refused and nothing saved', async () => {
    const n = report('Notes', '2014-01-01');
    const e = await episodeOf(n);
    await returned(n);
    const form = await hub.get(`/missing/${e.id}/close`);
    const version = versionOf(form.body);
    expect((await hub.post(`/missing/${e.id}/close`, { version, closingNote: ' ' })).body).toContain(
      'Enter a closing note',
    );
    expect((await hub.post(`/missing/${e.id}/close`, { version, closingNote: 'x'.repeat(2001) })).body).toContain(
      'The closing note must be 2,000 characters or fewer',
    );
    const nul = await hub.post(`/missing/${e.id}/close`, { version, closingNote: 'Bad\u0000' });
    expect(nul.statusCode).toBe(400);
    const row = await t.database.db
      .selectFrom('missing_episodes')
      .select('closed_at')
      .where('id', '=', e.id)
      .executeTakeFirstOrThrow();
    expect(row.closed_at).toBeNull();
  });

  it('keeps markup in the findings as typed and shows it escaped', async () => {
    const seven = await episodeOf(report('Markup', '2019-06-01'));
    const form = await coordinator.get(`/missing/${seven.id}/scrutiny`);
    await coordinator.post(
      `/missing/${seven.id}/scrutiny`,
      goodScrutiny(keyOf(form.body), { findings: '<script>alert(1)</script> seen', action1Who: '<i>Co-ordinator</i>' }),
    );
    const row = await t.database.db
      .selectFrom('missing_scrutinies')
      .select('findings')
      .where('episode_id', '=', seven.id)
      .executeTakeFirstOrThrow();
    expect(row.findings).toBe('<script>alert(1)</script> seen');
    const page = await hub.get(`/missing/${seven.id}`);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; seen');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;i&gt;Co-ordinator&lt;/i&gt;');
    const other = await episodeOf(report('Nul', '2019-06-01'));
    const again = await coordinator.get(`/missing/${other.id}/scrutiny`);
    const nul = await coordinator.post(
      `/missing/${other.id}/scrutiny`,
      goodScrutiny(keyOf(again.body), { findings: 'A\u0000' }),
    );
    expect(nul.statusCode).toBe(400);
    expect(await t.database.db.selectFrom('missing_scrutinies').where('episode_id', '=', other.id).execute()).toEqual(
      [],
    );
  });
});
