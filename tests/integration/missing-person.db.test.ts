import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Who a missing child is, when the police notification could not say (issue 13): the Hub sees who may be the child
 * and links one (or a new person); the choice stands against later notifications, sends the episode to the worker the
 * child is open to, and is audited. Only the Hub's screeners choose; two at once, the second is told.
 */

let t: TestApp;
let token: string;
let hub: TestClient;
let teacher: TestClient;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

let serial = 0;
const send = (child: Record<string, unknown>, missing: Record<string, unknown> = {}, reference?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/police-notifications',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({
      notifications: [
        {
          police_reference: reference ?? `MP/P${String(++serial).padStart(4, '0')}/26`,
          incident_date: '2026-11-30',
          concern_category: 'missing',
          summary: 'Not home after school.',
          district: 'harlow',
          officer: { name: 'PC Amy Clarke' },
          children: [child],
          missing: {
            event: 'report',
            missing_from: 'home',
            reported_at: '2026-11-30T19:30',
            reported_by: 'Father, by phone',
            risk_grading: 'medium',
            ...missing,
          },
        },
      ],
    }),
  });

const episodeOf = (reference: string) =>
  t.database.db
    .selectFrom('missing_episodes')
    .selectAll()
    .where('episode_reference', '=', reference)
    .executeTakeFirstOrThrow();

/** Two records the matching cannot choose between (a duplicate), and an episode about the child. */
async function unmatchedEpisode(surname: string) {
  const actor = { userId: null, label: 'set-up' };
  const one = await t.services.people.createPerson(actor, {
    firstName: 'Tyler',
    lastName: surname,
    dateOfBirth: '2012-05-04',
  });
  const two = await t.services.people.createPerson(actor, {
    firstName: 'Tyler',
    lastName: surname,
    dateOfBirth: '2012-05-04',
  });
  const reference = `MP/U${String(++serial).padStart(4, '0')}/26`;
  expect(
    (await send({ first_name: 'Tyler', last_name: surname, date_of_birth: '2012-05-04' }, {}, reference)).statusCode,
  ).toBe(202);
  const episode = await episodeOf(reference);
  expect(episode.person_id).toBeNull();
  return { episode, one, two, reference };
}

/** Draws the form (for its one-time key), then sends it, as a person would. */
async function submit(client: TestClient, url: string, form: Record<string, string>) {
  const page = await client.get(url);
  const key = /name="submissionKey" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return client.post(url, { submissionKey: key, ...form });
}

beforeAll(async () => {
  t = await createTestApp();
  token = (
    await t.services.apiClients.create(
      { userId: null, label: 'test' },
      { name: 'Essex Police', organisationCode: 'essex-police' },
    )
  ).token;
  hub = await signedIn('hub.practitioner@essex.example');
  teacher = await signedIn('teacher@essex.example');
});
afterAll(() => t?.close());

describe('linking a missing episode to the child’s record', () => {
  it('shows the Hub who may be the child and links the one chosen; a later notification does not undo it; audited', async () => {
    const { episode, one, two, reference } = await unmatchedEpisode('Brooks');
    const page = await hub.get(`/missing/${episode.id}`);
    expect(page.body).toContain('Not linked: Hearth could not tell who the child is');
    const choose = await hub.get(`/missing/${episode.id}/person`);
    expect(choose.statusCode).toBe(200);
    expect(choose.body).toContain(`value="${one}"`);
    expect(choose.body).toContain(`value="${two}"`);

    const linked = await submit(hub, `/missing/${episode.id}/person`, {
      personId: two,
      version: String(episode.version),
    });
    expect(linked.statusCode).toBe(303);
    expect(linked.headers.location).toBe(`/missing/${episode.id}`);
    const after = await episodeOf(reference);
    expect(after.person_id).toBe(two);
    expect(after.matched_by).not.toBeNull();
    expect((await hub.get(`/missing/${episode.id}`)).body).toContain('Linked by the Hub');

    // The return arrives and matches nobody (or somebody else): the Hub's choice stands.
    await send(
      { first_name: 'Tyler', last_name: 'Brooks', date_of_birth: '2012-05-04' },
      {
        event: 'return',
        episode_reference: reference,
        returned_at: '2026-12-01T08:00',
        returned_where: 'A friend’s house',
      },
    );
    const returned = await episodeOf(reference);
    expect(returned.returned_at).not.toBeNull();
    expect(returned.person_id).toBe(two);

    const audit = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'missing-episode.person-linked')
      .where('subject_id', '=', episode.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ personId: two, previousPersonId: null, newPerson: false });
  });

  it('sends the episode to the worker the chosen child is open to', async () => {
    const worker = await userByEmail(t.services, 'fs.worker@essex.example');
    const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Quill', children: ['Remy'] });
    await t.services.earlyHelp.startFromWorkItem({ userId: worker.id, label: 'set-up' }, worker, item.id, item.version);
    const reference = `MP/W${String(++serial).padStart(4, '0')}/26`;
    // The police spelt the name differently and gave no date of birth: no match on arrival.
    await send({ first_name: 'Remmy', last_name: 'Quil' }, {}, reference);
    const episode = await episodeOf(reference);
    expect(episode.worker_id).toBeNull();
    // Not offered under the police's spelling: the Hub searches under another.
    expect((await hub.get(`/missing/${episode.id}/person`)).body).not.toContain('>\n        Remy Quill');
    const choose = await hub.get(`/missing/${episode.id}/person?firstName=Remy&lastName=Quill`);
    expect(choose.body).toContain('Remy Quill');
    const remy = /name="personId" type="radio" value="([0-9a-f-]{36})"/.exec(choose.body)?.[1];
    expect(remy).toBeDefined();
    await hub.post(`/missing/${episode.id}/person`, {
      submissionKey: /name="submissionKey" value="([^"]+)"/.exec(choose.body)![1]!,
      personId: remy!,
      version: String(episode.version),
    });
    expect(await episodeOf(reference)).toMatchObject({ person_id: remy, worker_id: worker.id });
  });

  it('refuses anyone outside the Hub, no such person, a bad choice and a stale page, each with a message', async () => {
    const { episode, reference } = await unmatchedEpisode('Hollis');
    expect((await teacher.get(`/missing/${episode.id}/person`)).statusCode).toBe(403);
    const stranger = '01a24da1-0000-7000-8000-000000000000'; // no such person
    const notOffered = await submit(hub, `/missing/${episode.id}/person`, {
      personId: stranger,
      version: String(episode.version),
    });
    expect(notOffered.statusCode).toBe(400);
    expect(notOffered.body).toContain('Choose one of the records shown, or record a new person');
    const nothing = await submit(hub, `/missing/${episode.id}/person`, {
      personId: '',
      version: String(episode.version),
    });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.body).toContain('Choose the record that is this child, or record a new person');
    const markup = await submit(hub, `/missing/${episode.id}/person`, {
      personId: '<b>x</b>',
      version: String(episode.version),
    });
    expect(markup.statusCode).toBe(400);
    expect(markup.body).not.toContain('<b>x</b>');
    const stale = await submit(hub, `/missing/${episode.id}/person`, {
      personId: 'new',
      version: String(episode.version - 1 || 99),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this episode after you opened it');
    expect((await episodeOf(reference)).person_id).toBeNull();
  });

  it('records one new person from ten identical submits at once', async () => {
    const { episode, reference } = await unmatchedEpisode('Marsh');
    const form = await hub.get(`/missing/${episode.id}/person`);
    const key = /name="submissionKey" value="([^"]+)"/.exec(form.body)![1]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const before = await t.database.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        hub.post(`/missing/${episode.id}/person`, {
          _csrf: csrf,
          submissionKey: key,
          personId: 'new',
          version: String(episode.version),
        }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 303).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.statusCode < 500)).toBe(true);
    const after = await t.database.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(1);
    expect((await episodeOf(reference)).person_id).not.toBeNull();
  });
});
