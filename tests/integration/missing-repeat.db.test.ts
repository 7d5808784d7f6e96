import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Repeat missing (issue 13): a child with 3 or more episodes reported within 90 days (Essex's setting) is marked
 * "Repeat missing" on the Hub's list, the episode, the Hub queue, the worker's home and the family page, linking to
 * every episode of the child; counted at the boundary (exactly 3 in the window, and 2 with one just outside), by
 * person or, unmatched, by force, name and date of birth. And the figures for a period.
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
const nextRef = () => `RP/${String(++serial).padStart(5, '0')}/26`;
const report = (child: Record<string, string>, missing: Record<string, unknown> = {}, district = 'chelmsford') => ({
  police_reference: nextRef(),
  incident_date: '2026-11-30',
  concern_category: 'missing',
  summary: 'Did not come home.',
  district,
  officer: { name: 'PC Amy Clarke' },
  children: [{ gender: 'F', ...child }],
  missing: {
    event: 'report',
    missing_from: 'home',
    reported_at: '2026-11-30T19:30',
    reported_by: 'Mother, by phone',
    risk_grading: 'medium',
    ...missing,
  },
});

async function episode(n: ReturnType<typeof report>, daysAgo?: number) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/police-notifications',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ notifications: [n] }),
  });
  expect(response.json()).toMatchObject({ created: 1 });
  const row = await t.database.db
    .selectFrom('missing_episodes')
    .selectAll()
    .where('episode_reference', '=', n.police_reference)
    .executeTakeFirstOrThrow();
  // Reported so many days before now: the window is counted back from now.
  if (daysAgo !== undefined)
    await t.database.db
      .updateTable('missing_episodes')
      .set({ reported_at: sql`now() - make_interval(days => ${daysAgo})` })
      .where('id', '=', row.id)
      .execute();
  return row;
}

const requestOf = async (episodeId: string) =>
  (
    await t.database.db
      .selectFrom('missing_episode_notifications')
      .select('request_id')
      .where('episode_id', '=', episodeId)
      .executeTakeFirstOrThrow()
  ).request_id;

/** The row of a table (by a link in it) holds the repeat tag. */
const rowWith = (body: string, href: string) => {
  const at = body.indexOf(href);
  expect(at).toBeGreaterThan(-1);
  const start = body.lastIndexOf('<tr', at);
  return body.slice(start, body.indexOf('</tr>', at));
};

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

describe('repeat missing', () => {
  it('marks a child with exactly 3 episodes in 90 days, not one with 2 and one just outside; unmatched by name and birth', async () => {
    const ruby = { first_name: 'Ruby', last_name: 'Boundary', date_of_birth: '2013-05-05' };
    const sam = { first_name: 'Sam', last_name: 'Boundary', date_of_birth: '2013-05-05' };
    const rubyEpisodes = [
      await episode(report(ruby), 89),
      await episode(report(ruby), 30),
      await episode(report(ruby), 1),
    ];
    const samEpisodes = [await episode(report(sam), 91), await episode(report(sam), 30), await episode(report(sam), 1)];
    // Another Ruby Boundary, born a day later: another child.
    const otherRuby = await episode(report({ ...ruby, date_of_birth: '2013-05-06' }), 2);
    expect(rubyEpisodes.every((e) => e.person_id === null)).toBe(true);

    const list = (await hub.get('/missing')).body;
    expect(rowWith(list, `/missing/${rubyEpisodes[2]!.id}"`)).toContain('data-qa="tag-repeat"');
    expect(rowWith(list, `/missing/${samEpisodes[2]!.id}"`)).not.toContain('data-qa="tag-repeat"');
    expect(rowWith(list, `/missing/${otherRuby.id}"`)).not.toContain('data-qa="tag-repeat"');
    expect((await hub.get(`/missing/${rubyEpisodes[0]!.id}`)).body).toContain('Repeat missing');
    expect((await hub.get(`/missing/${samEpisodes[2]!.id}`)).body).not.toContain('Repeat missing');

    // The child's episodes: all three of Ruby's, not the other Ruby's; audited.
    const child = await hub.get(`/missing/${rubyEpisodes[2]!.id}/child`);
    expect(child.statusCode).toBe(200);
    for (const e of rubyEpisodes) expect(child.body).toContain(`/missing/${e.id}"`);
    expect(child.body).not.toContain(`/missing/${otherRuby.id}"`);
    const viewed = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('subject_id', '=', rubyEpisodes[2]!.id)
      .where('action', '=', 'missing-episode.list-viewed')
      .execute();
    expect(viewed[0]!.details).toMatchObject({ list: 'child', total: 3 });
    // A practitioner with no part in the child's episodes is refused them.
    expect((await teacher.get(`/missing/${rubyEpisodes[2]!.id}/child`)).statusCode).toBe(403);

    // One more of Sam's inside the window makes Sam repeat missing.
    const samFourth = await episode(report(sam), 5);
    expect(rowWith((await hub.get('/missing')).body, `/missing/${samFourth.id}"`)).toContain('data-qa="tag-repeat"');

    // The Hub queue's police rows say so too, linking to the child's episodes.
    const queue = (await hub.get('/hub?source=police')).body;
    const rubyRequest = await requestOf(rubyEpisodes[1]!.id);
    expect(rowWith(queue, `/hub/requests/${rubyRequest}"`)).toContain('/child" data-qa="tag-repeat"');
    const otherRequest = await requestOf(otherRuby.id);
    expect(rowWith(queue, `/hub/requests/${otherRequest}"`)).not.toContain('data-qa="tag-repeat"');
  });

  it('marks a matched child on their worker’s home page and their family’s page', async () => {
    const worker = await userByEmail(t.services, 'fs.worker@essex.example');
    const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Repeatson', children: ['Kai'] });
    const { familyId } = await t.services.earlyHelp.startFromWorkItem(
      { userId: worker.id, label: 'set-up' },
      worker,
      item.id,
      item.version,
    );
    const kai = { first_name: 'Kai', last_name: 'Repeatson', date_of_birth: '2014-03-10', postcode: 'CM20 1AA' };
    const first = await episode(report(kai, {}, 'harlow'), 60);
    expect(first.person_id).not.toBeNull();
    const fsWorker = await signedIn('fs.worker@essex.example');
    expect((await fsWorker.get(`/families/${familyId}`)).body).not.toContain('data-qa="tag-repeat"');
    await episode(report(kai, {}, 'harlow'), 20);
    const last = await episode(report(kai, {}, 'harlow'), 1);
    const home = (await fsWorker.get('/early-help')).body;
    expect(home).toContain(`/missing/${last.id}/child" data-qa="tag-repeat"`);
    const family = await fsWorker.get(`/families/${familyId}`);
    expect(family.body).toContain('/child" data-qa="tag-repeat"');
    // The worker sees the child's episodes (each went to them).
    const child = await fsWorker.get(`/missing/${last.id}/child`);
    expect(child.statusCode).toBe(200);
    expect(child.body).toContain(`/missing/${first.id}"`);
  });
});

describe('figures', () => {
  it('counts a period’s episodes and children by district and quadrant, from care, repeat, under-10s scrutinised', async () => {
    const penny = { first_name: 'Penny', last_name: 'Figures', date_of_birth: '2018-06-01' };
    const quinn = { first_name: 'Quinn', last_name: 'Figures', date_of_birth: '2010-01-01' };
    const inJanuary = (day: string) => ({ missing_from: 'care-placement', reported_at: `2025-01-${day}T10:00` });
    const pennys = [
      await episode(report(penny, inJanuary('10'))),
      await episode(report(penny, inJanuary('15'))),
      await episode(report(penny, inJanuary('20'))),
    ];
    await episode(report(quinn, { reported_at: '2025-01-12T10:00' }, 'harlow'));
    // Outside the period.
    await episode(report(quinn, { reported_at: '2025-02-01T10:00' }, 'harlow'));
    const coordinator = await userByEmail(t.services, 'missing.coordinator@essex.example');
    await t.services.missingScrutiny.record({ userId: coordinator.id, label: 'test' }, coordinator, pennys[0]!.id, {
      findings: 'Reviewed',
      actions: [{ what: 'Visit', who: 'Co-ordinator', byWhen: '2030-01-01' }],
      referralNeeded: false,
    });

    const f = await t.services.missingScrutiny.figures(new Date('2025-01-01T00:00Z'), new Date('2025-02-01T00:00Z'));
    expect(f).toMatchObject({
      episodes: 4,
      children: 2,
      fromCarePlacement: 3,
      notFromCarePlacement: 1,
      repeatMissingChildren: 1,
      underScrutinyAge: 3,
      scrutinised: 1,
    });
    const district = (code: string) => f.byDistrict.find((d) => d.code === code);
    expect(district('chelmsford')).toMatchObject({ episodes: 3, children: 1, underScrutinyAge: 3, scrutinised: 1 });
    expect(district('harlow')).toMatchObject({ episodes: 1, children: 1, fromCarePlacement: 0 });
    expect(f.byQuadrant.map((q) => [q.code, q.episodes, q.children]).sort()).toEqual([
      ['mid', 3, 1],
      ['west', 1, 1],
    ]);
  });
});
