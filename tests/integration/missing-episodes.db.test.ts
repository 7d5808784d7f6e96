import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Missing children (issue 13, first slice): a police notification of category missing opens or updates one missing
 * episode (report, update, return stay one episode, even sent at once), a return before the report is refused,
 * the child open to a worker goes to their home page and the rest to the Hub's list, and who may see an episode.
 */

let t: TestApp;
let token: string;
let policeOrg: string;
let hub: TestClient;
let fsWorker: TestClient;
let teacher: TestClient;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

let serial = 0;
const nextRef = () => `MP/${String(++serial).padStart(5, '0')}/26`;
/** A report of a missing child; `missing` overrides the episode's fields. */
const notification = (missing: Record<string, unknown> = {}, over: Record<string, unknown> = {}) => ({
  police_reference: nextRef(),
  incident_date: '2026-11-30',
  concern_category: 'missing',
  summary: 'Did not come home from school; phone switched off.',
  district: 'chelmsford',
  officer: { name: 'PC Amy Clarke' },
  children: [{ first_name: 'Maisie', last_name: 'Okafor', date_of_birth: '2012-12-01', gender: 'F' }],
  missing: {
    event: 'report',
    missing_from: 'home',
    reported_at: '2026-11-30T19:30',
    reported_by: 'Mother, by phone',
    risk_grading: 'medium',
    ...missing,
  },
  ...over,
});

const send = (...notifications: unknown[]) =>
  t.app.inject({
    method: 'POST',
    url: '/api/police-notifications',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ notifications }),
  });

const episodesNamed = (reference: string) =>
  t.database.db.selectFrom('missing_episodes').selectAll().where('episode_reference', '=', reference).execute();
const notificationsOf = (episodeId: string) =>
  t.database.db.selectFrom('missing_episode_notifications').selectAll().where('episode_id', '=', episodeId).execute();

beforeAll(async () => {
  t = await createTestApp();
  policeOrg = (
    await t.database.db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'essex-police')
      .executeTakeFirstOrThrow()
  ).id;
  token = (
    await t.services.apiClients.create(
      { userId: null, label: 'test' },
      { name: 'Essex Police', organisationCode: 'essex-police' },
    )
  ).token;
  hub = await signedIn('hub.practitioner@essex.example');
  fsWorker = await signedIn('fs.worker@essex.example');
  teacher = await signedIn('teacher@essex.example');
});
afterAll(() => t?.close());

describe('a police notification of category missing', () => {
  it('opens a missing episode for the Hub: the child, age at the time, where from, when, by whom, the grading', async () => {
    const n = notification();
    const response = await send(n);
    expect(response.json()).toMatchObject({ created: 1 });
    const [episode] = await episodesNamed(n.police_reference);
    expect(episode).toMatchObject({
      organisation_id: policeOrg,
      first_name: 'Maisie',
      last_name: 'Okafor',
      age_at_missing: 13,
      missing_from: 'home',
      reported_by: 'Mother, by phone',
      risk_grading: 'medium',
      returned_at: null,
      district: 'chelmsford',
      worker_id: null,
    });
    // 19:30 in England on 30 November is 19:30 UTC (no summer time).
    expect(episode!.reported_at.toISOString()).toBe('2026-11-30T19:30:00.000Z');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', episode!.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['missing-episode.opened']);
    // It still joins the Hub's police queue, tagged by its category.
    const list = await hub.get('/hub/police');
    expect(list.body).toContain(n.police_reference);
  });

  it('keeps the report, an update, a second report and the return as one episode, and shows the return', async () => {
    const report = notification({ risk_grading: 'low' });
    const episodeRef = report.police_reference;
    await send(report);
    await send(notification({ event: 'update', episode_reference: episodeRef, risk_grading: 'high' }));
    // A second "missing" notification for an episode already open (the police sent the report twice, as two messages).
    await send(notification({ episode_reference: episodeRef, risk_grading: 'high' }));
    const ret = notification({
      event: 'return',
      episode_reference: episodeRef,
      risk_grading: 'high',
      returned_at: '2026-12-01T08:15',
      returned_where: 'A friend’s flat in Chelmsford',
      returned_how: 'Found by officers',
    });
    expect((await send(ret)).json()).toMatchObject({ created: 1 });
    const episodes = await episodesNamed(episodeRef);
    expect(episodes).toHaveLength(1);
    const episode = episodes[0]!;
    expect(episode).toMatchObject({ risk_grading: 'high', returned_where: 'A friend’s flat in Chelmsford' });
    expect(episode.returned_at!.toISOString()).toBe('2026-12-01T08:15:00.000Z');
    expect((await notificationsOf(episode.id)).map((n) => n.event).sort()).toEqual([
      'report',
      'report',
      'return',
      'update',
    ]);
    const page = await hub.get(`/missing/${episode.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('A friend’s flat in Chelmsford');
    expect(page.body).toContain('Found by officers');
    // Returned: no longer on the Hub's list of open episodes.
    expect((await hub.get('/missing')).body).not.toContain(`/missing/${episode.id}`);
  });

  it('makes one episode of ten identical notifications sent at once, and of different ones about it at once', async () => {
    const n = notification();
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(n)));
    expect(answers.every((a) => a.statusCode === 202)).toBe(true);
    const [episode, ...more] = await episodesNamed(n.police_reference);
    expect(more).toHaveLength(0);
    expect(await notificationsOf(episode!.id)).toHaveLength(1);

    const first = notification();
    const ref = first.police_reference;
    await Promise.all([
      send(first),
      ...Array.from({ length: 5 }, () => send(notification({ event: 'update', episode_reference: ref }))),
    ]);
    const episodes = await episodesNamed(ref);
    expect(episodes).toHaveLength(1);
    expect(await notificationsOf(episodes[0]!.id)).toHaveLength(6);
  });

  it('refuses a return before the report with a clear message, and saves nothing', async () => {
    const n = notification({
      event: 'return',
      reported_at: '2026-12-01T10:00',
      returned_at: '2026-12-01T09:00',
      returned_where: 'Home',
    });
    const body = (await send(n)).json();
    expect(body).toMatchObject({ created: 0, rejected: 1 });
    expect(body.results[0].errors).toEqual([
      {
        field: 'missing.returned_at',
        message: 'Returned at must be after the child was reported missing (reported_at): check both times',
      },
    ]);
    expect(await episodesNamed(n.police_reference)).toHaveLength(0);
  });

  it('names each missing or wrong field of the episode', async () => {
    const { missing: _, ...withoutEpisode } = notification();
    const twoChildren = notification({}, { children: [notification().children[0], notification().children[0]] });
    const body = (
      await send(
        withoutEpisode,
        notification({ event: 'gone', missing_from: 'moon', reported_at: '2026-02-30T10:00', risk_grading: '' }),
        notification({ event: 'return', reported_by: '' }),
        notification({ returned_at: '2026-12-01T08:00' }),
        twoChildren,
        notification({}, { concern_category: 'domestic-abuse' }),
        notification({ reported_at: '2099-01-01T10:00', colour: 'red' }),
        // Reported missing the evening before the child was born (a slipped year): refused, never a 500.
        notification({ reported_at: '2012-11-30T19:30' }),
      )
    ).json();
    const errors = (i: number) =>
      Object.fromEntries(body.results[i].errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(errors(0)).toEqual({ missing: 'Give the missing episode (missing) for a notification of category missing' });
    expect(errors(1)).toEqual({
      'missing.event': 'Missing event must be one of: report, update, return',
      'missing.missing_from': 'Missing from must be one of: home, care-placement, school, other',
      'missing.reported_at': 'Reported at must be a real date and time, like 2026-12-06T14:30',
      'missing.risk_grading': 'Risk grading must be one of: no-apparent-risk, low, medium, high',
    });
    expect(errors(2)).toEqual({
      'missing.reported_by': 'Enter who reported the child missing',
      'missing.returned_at': 'Enter when the child returned or was found',
      'missing.returned_where': 'Enter where the child was found',
    });
    expect(errors(3)).toEqual({
      'missing.event':
        'Missing event must be return when the return (returned_at, returned_where, returned_how) is given',
    });
    expect(errors(4)).toEqual({
      children: 'Give one child for a notification of category missing: send one notification for each child',
    });
    expect(errors(5)).toEqual({
      missing: 'Give the missing episode (missing) only for a notification of category missing',
    });
    expect(errors(6)).toEqual({
      'missing.reported_at': 'Reported at must be now or in the past',
      'missing.colour': 'colour is not a field Hearth knows: check its spelling',
    });
    expect(errors(7)).toEqual({
      'missing.reported_at': "Reported at must be on or after the child's date of birth (2012-12-01): check both",
    });
    expect(body).toMatchObject({ created: 0, rejected: 8 });
  });

  it('keeps markup as text (shown escaped) and refuses a NUL', async () => {
    const n = notification({ reported_by: '<script>alert(1)</script> carer', returned_how: undefined });
    await send(n);
    const [episode] = await episodesNamed(n.police_reference);
    expect(episode!.reported_by).toBe('<script>alert(1)</script> carer');
    const page = await hub.get(`/missing/${episode!.id}`);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; carer');
    expect(page.body).not.toContain('<script>alert(1)');
    const nul = notification({ reported_by: 'Mother\u0000' });
    const body = (await send(nul)).json();
    expect(body.results[0]).toMatchObject({ status: 'rejected' });
    expect(body.results[0].errors[0].message).toMatch(/NUL/);
    expect(await episodesNamed(nul.police_reference)).toHaveLength(0);
  });

  it('checks the missing columns of a pasted CSV row by row, naming the columns', async () => {
    const header =
      'police_reference,incident_date,concern_category,summary,district,officer_name,child_1_first_name,child_1_last_name,child_1_date_of_birth,missing_event,missing_from,missing_reported_at,missing_reported_by,missing_risk_grading,missing_returned_at,missing_returned_where';
    const csv = [
      header,
      'MP/C1/26,30/11/2026,missing,Did not come home,chelmsford,PC Clarke,Ava,Reid,01/02/2013,report,care-placement,30/11/2026 21:00,Residential home staff,high,,',
      'MP/C2/26,30/11/2026,missing,Did not come home,chelmsford,PC Clarke,Ava,Reid,01/02/2013,return,home,30/11/2026 21:00,Staff,high,30/11/2026 20:00,Home',
      'MP/C3/26,30/11/2026,missing,Did not come home,chelmsford,PC Clarke,Ava,Reid,01/02/2013,,,,,,,',
    ].join('\n');
    const report = await t.services.police.checkCsv(policeOrg, csv);
    expect(report.rows.map((r) => r.status)).toEqual(['ready', 'problem', 'problem']);
    expect(report.rows[1]!.problems).toEqual([
      {
        row: 3,
        column: 'missing_returned_at',
        message: 'Returned at must be after the child was reported missing (reported_at): check both times',
      },
    ]);
    expect(report.rows[2]!.problems).toEqual([
      {
        row: 4,
        column: 'missing_event',
        message: 'Give the missing episode (missing) for a notification of category missing',
      },
    ]);
    expect(report.good[0]!.missing).toMatchObject({ missing_from: 'care-placement', risk_grading: 'high' });
  });
});

describe('where a missing episode goes, and who sees it', () => {
  it('sends a child open to a worker to their home page; the Hub sees it too; another worker is refused', async () => {
    const worker = await userByEmail(t.services, 'fs.worker@essex.example');
    const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Adeyemi', children: ['Tobi'] });
    const { familyId } = await t.services.earlyHelp.startFromWorkItem(
      { userId: worker.id, label: 'set-up' },
      worker,
      item.id,
      item.version,
    );
    const n = notification(
      {},
      {
        district: 'harlow',
        children: [{ first_name: 'Tobi', last_name: 'Adeyemi', date_of_birth: '2014-03-10', postcode: 'CM20 1AA' }],
      },
    );
    await send(n);
    const [episode] = await episodesNamed(n.police_reference);
    expect(episode).toMatchObject({ worker_id: worker.id, family_id: familyId, age_at_missing: 12 });

    const home = await fsWorker.get('/early-help');
    expect(home.body).toContain(`/missing/${episode!.id}`);
    expect((await fsWorker.get(`/missing/${episode!.id}`)).statusCode).toBe(200);
    expect((await hub.get('/missing')).body).toContain(`/missing/${episode!.id}`);
    // The Hub's list is the Hub's; a worker not involved with the child is refused the episode.
    expect((await fsWorker.get('/missing')).statusCode).toBe(403);
    expect((await teacher.get(`/missing/${episode!.id}`)).statusCode).toBe(403);
    const viewed = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', episode!.id)
      .where('action', '=', 'missing-episode.viewed')
      .execute();
    expect(viewed).toHaveLength(1);
  });

  it('answers 404 for an episode that does not exist or a malformed id', async () => {
    expect((await hub.get('/missing/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await hub.get('/missing/not-an-id')).statusCode).toBe(404);
    expect((await hub.get('/missing?page=99999999')).statusCode).toBe(200);
  });
});
