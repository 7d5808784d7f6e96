import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { demoUser, expectRecordsAsCounted, listedFor } from '../helpers/drill-down.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The level 4 hand-off and escalation (issue 15): a Hub manager decides level 4 → children's social care gets a
 * hand-off in the same transaction; acknowledged once (in Hearth, through the API), the outcome recorded and told,
 * no further action back on the Hub's queue with its reason; escalations about a decision one can or cannot see.
 */

let t: TestApp;
let policeToken: string;
let socialCareToken: string;
let manager: TestClient;
let socialCare: TestClient;
let teacher: TestClient;
const actor = { userId: null, label: 'social care test' };
const MARKUP = '<script>alert(1)</script> & "quotes"';

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

let serial = 0;
async function levelFour(): Promise<{ requestId: string; decisionId: string; handOffId: string }> {
  const reference = `SC/${String(++serial).padStart(5, '0')}/26`;
  const sent = await t.app.inject({
    method: 'POST',
    url: '/api/police-notifications',
    headers: { authorization: `Bearer ${policeToken}`, 'content-type': 'application/json' },
    payload: JSON.stringify({
      notifications: [
        {
          police_reference: reference,
          incident_date: '2026-11-30',
          concern_category: 'domestic-abuse',
          summary: 'Child present at a serious incident.',
          district: 'chelmsford',
          officer: { name: 'PC Amy Clarke' },
          children: [{ first_name: 'Rosa', last_name: 'Mills', date_of_birth: '2014-02-01', gender: 'F' }],
        },
      ],
    }),
  });
  expect(sent.statusCode).toBe(202);
  const db = t.database.db;
  const row = await db
    .selectFrom('police_notifications')
    .select(['request_id', 'version'])
    .where('police_reference', '=', reference)
    .executeTakeFirstOrThrow();
  const tom = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'hub.manager@essex.example')
    .executeTakeFirstOrThrow();
  await t.services.police.triage({ userId: tom.id, label: 'Tom Reid' }, row.request_id, row.version, {
    outcome: 'screen',
  });
  const version = (
    await db
      .selectFrom('requests_for_support')
      .select('version')
      .where('id', '=', row.request_id)
      .executeTakeFirstOrThrow()
  ).version;
  await manager.get(`/hub/requests/${row.request_id}`);
  const decided = await manager.post(`/hub/requests/${row.request_id}/decide`, {
    version: String(version),
    reasons: 'Serious incident; child at risk of significant harm.',
    level: '4',
    pathway: 'social-care',
    socialCareRoute: 'strategy-discussion',
    noFurtherActionReason: '',
    familyConsent: '',
    leadProfessional: '',
  });
  expect(decided.statusCode).toBe(303);
  const handOff = await db
    .selectFrom('social_care_handoffs')
    .select(['id', 'decision_id'])
    .where('request_id', '=', row.request_id)
    .executeTakeFirstOrThrow();
  return { requestId: row.request_id, decisionId: handOff.decision_id, handOffId: handOff.id };
}

const handOff = (id: string) =>
  t.database.db.selectFrom('social_care_handoffs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const keyOf = (body: string) => /name="submissionKey" value="([^"]+)"/.exec(body)?.[1] ?? '';
const api = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    ...(payload ? { payload: JSON.stringify(payload) } : {}),
  });

beforeAll(async () => {
  t = await createTestApp();
  policeToken = (await t.services.apiClients.create(actor, { name: 'Essex Police', organisationCode: 'essex-police' }))
    .token;
  socialCareToken = (
    await t.services.apiClients.create(actor, { name: 'Mosaic', organisationCode: 'essex-county-council' })
  ).token;
  manager = await signedIn('hub.manager@essex.example');
  socialCare = await signedIn('social.care@essex.example');
  teacher = await signedIn('teacher@essex.example');
});
afterAll(() => t?.close());

describe('the hand-off', () => {
  it('a level 4 decision makes one hand-off, on the queue, with the request and the Hub’s decision', async () => {
    const { handOffId } = await levelFour();
    const queue = await socialCare.get('/social-care');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`/social-care/${handOffId}`);
    const page = await socialCare.get(`/social-care/${handOffId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Serious incident; child at risk of significant harm.');
    expect(page.body).toContain('Strategy discussion');
    // The record view is audited.
    const viewed = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', handOffId)
      .where('action', '=', 'record.viewed')
      .execute();
    expect(viewed.length).toBeGreaterThan(0);
  });

  it('another role cannot open it or act on it (ids in the URL)', async () => {
    const { handOffId } = await levelFour();
    expect((await teacher.get(`/social-care/${handOffId}`)).statusCode).toBe(403);
    expect((await teacher.get('/social-care')).statusCode).toBe(403);
    expect((await teacher.post(`/social-care/${handOffId}/acknowledge`, {})).statusCode).toBe(403);
    expect((await handOff(handOffId)).acknowledged_at).toBeNull();
    expect((await socialCare.get('/social-care/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('acknowledged twice in Hearth: the second is refused and says by whom and when', async () => {
    const { handOffId } = await levelFour();
    const page = await socialCare.get(`/social-care/${handOffId}`);
    const first = await socialCare.post(`/social-care/${handOffId}/acknowledge`, { submissionKey: keyOf(page.body) });
    expect(first.statusCode).toBe(303);
    const acknowledged = await handOff(handOffId);
    const second = await socialCare.post(`/social-care/${handOffId}/acknowledge`, {});
    expect(second.statusCode).toBe(400);
    expect(errorSummary(second.body)[0]).toMatch(/^This hand-off was already acknowledged by Marcus Bell at /);
    // Through the API after Hearth: refused too (409), naming who.
    const viaApi = await api('POST', `/api/social-care/handoffs/${handOffId}/acknowledgement`, socialCareToken, {});
    expect(viaApi.statusCode).toBe(409);
    expect(viaApi.json().detail).toContain('Marcus Bell');
    // Nothing lost nor changed: the first acknowledgement stands as it was, audited once.
    const after = await handOff(handOffId);
    expect(after).toMatchObject({
      acknowledged_at: acknowledged.acknowledged_at,
      acknowledged_by_name: 'Marcus Bell',
      acknowledged_via: 'hearth',
      version: acknowledged.version,
    });
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'social-care.handoff.acknowledged')
      .where('subject_id', '=', handOffId)
      .execute();
    expect(audited).toHaveLength(1);
  });

  it('ten parallel identical acknowledgements make one', async () => {
    const { handOffId } = await levelFour();
    const page = await socialCare.get(`/social-care/${handOffId}`);
    const key = keyOf(page.body);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        socialCare.post(`/social-care/${handOffId}/acknowledge`, { submissionKey: key }),
      ),
    );
    expect(answers.every((a) => a.statusCode === 303 || a.statusCode === 409)).toBe(true);
    const events = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('subject_id', '=', handOffId)
      .where('action', '=', 'social-care.handoff.acknowledged')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('the API lists after a cursor and an acknowledgement twice is one; a police client is refused', async () => {
    const { handOffId } = await levelFour();
    expect((await api('GET', '/api/social-care/handoffs', policeToken)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/social-care/handoffs' })).statusCode).toBe(401);
    let after = '';
    let seen: string[] = [];
    for (;;) {
      const page = await api('GET', `/api/social-care/handoffs${after ? `?after=${after}` : ''}`, socialCareToken);
      expect(page.statusCode).toBe(200);
      const body = page.json() as { handoffs: { id: string }[]; next: string };
      if (!body.handoffs.length) break;
      seen = [...seen, ...body.handoffs.map((h) => h.id)];
      after = body.next;
    }
    expect(seen).toContain(handOffId);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await api('GET', '/api/social-care/handoffs?after=nonsense', socialCareToken)).statusCode).toBe(400);
    const first = await api('POST', `/api/social-care/handoffs/${handOffId}/acknowledgement`, socialCareToken, {
      external_reference: 'MOS-1',
    });
    expect(first.statusCode).toBe(201);
    const again = await api('POST', `/api/social-care/handoffs/${handOffId}/acknowledgement`, socialCareToken, {
      external_reference: 'MOS-1',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().repeated).toBe(true);
    expect((await handOff(handOffId)).external_reference).toBe('MOS-1');
    // In Hearth after the API: refused with who.
    const inHearth = await socialCare.post(`/social-care/${handOffId}/acknowledge`, {});
    expect(errorSummary(inHearth.body)[0]).toContain('already acknowledged by Mosaic');
    // The CSV lists only those not acknowledged.
    const csv = await socialCare.get('/social-care/unacknowledged.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain(handOffId);
    const openapi = await t.app.inject({ method: 'GET', url: '/api/social-care/openapi.json' });
    expect(openapi.json().paths['/api/social-care/handoffs']).toBeDefined();
  });

  it('no further action goes back to the Hub’s queue with its reason; Hub and requester told', async () => {
    const { requestId, handOffId } = await levelFour();
    await socialCare.post(`/social-care/${handOffId}/acknowledge`, {});
    const noReason = await socialCare.post(`/social-care/${handOffId}/outcome`, {
      outcome: 'no-further-action',
      reason: '',
      version: String((await handOff(handOffId)).version),
    });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummary(noReason.body)).toEqual(['Enter why there is no further action at level 4']);
    const reason = `Known to us; no new risk. ${MARKUP}`;
    const done = await socialCare.post(`/social-care/${handOffId}/outcome`, {
      outcome: 'no-further-action',
      reason,
      version: String((await handOff(handOffId)).version),
    });
    expect(done.statusCode).toBe(303);
    const request = await t.database.db
      .selectFrom('requests_for_support')
      .select('status')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(request.status).toBe('in-screening');
    const hubPage = await manager.get(`/hub/requests/${requestId}`);
    expect(hubPage.body).toContain('Known to us; no new risk.');
    expect(hubPage.body).not.toContain('<script>alert(1)</script>');
    const told = await t.database.db
      .selectFrom('notify_outbox')
      .select(['template'])
      .where('template', '=', 'social-care-outcome-hub')
      .execute();
    expect(told.length).toBeGreaterThan(0);
    // Recorded once: a second outcome is refused.
    const again = await socialCare.post(`/social-care/${handOffId}/outcome`, {
      outcome: 'assessment',
      reason: '',
      version: String((await handOff(handOffId)).version),
    });
    expect(again.statusCode).toBe(400);
  });
});

describe('escalation', () => {
  it('about a decision the user cannot see: refused, audited, says whom to ask', async () => {
    const { decisionId } = await levelFour();
    const page = await teacher.get(`/escalations/new?decision=${decisionId}`);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Ask the Children and Families Hub’s manager');
    expect(page.body).not.toContain('Serious incident');
    const post = await teacher.post('/escalations/new', { decision: decisionId, stage: 'practitioners', asked: 'x' });
    expect(post.statusCode).toBe(403);
    const refused = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'escalation.refused')
      .where('subject_id', '=', decisionId)
      .execute();
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(
      await t.database.db.selectFrom('escalations').select('id').where('subject_id', '=', decisionId).execute(),
    ).toEqual([]);
  });

  it('raised by social care, moved up keeping history, answered by a manager, resolved; the report counts it', async () => {
    const { decisionId } = await levelFour();
    const form = await socialCare.get(`/escalations/new?decision=${decisionId}`);
    expect(form.statusCode).toBe(200);
    const empty = await socialCare.post('/escalations/new', {
      decision: decisionId,
      stage: 'practitioners',
      asked: '',
    });
    expect(errorSummary(empty.body)).toEqual(['Enter what you disagree with and what you are asking for']);
    const raised = await socialCare.post('/escalations/new', {
      submissionKey: keyOf(form.body),
      decision: decisionId,
      stage: 'practitioners',
      asked: `Level 3 would do. ${MARKUP}`,
    });
    expect(raised.statusCode).toBe(303);
    const id = raised.headers.location!.split('/').at(-1)!;
    const version = async () =>
      String(
        (await t.database.db.selectFrom('escalations').select('version').where('id', '=', id).executeTakeFirstOrThrow())
          .version,
      );
    // Another user's escalation id in the URL: not found.
    expect((await teacher.get(`/escalations/${id}`)).statusCode).toBe(404);
    expect(
      (await socialCare.post(`/escalations/${id}/move-up`, { asked: 'Please look again', version: await version() }))
        .statusCode,
    ).toBe(303);
    const mine = await socialCare.get(`/escalations/${id}`);
    expect(mine.body).toContain('Practitioner to practitioner');
    expect(mine.body).toContain('Level 3 would do. &lt;script&gt;');
    expect(
      (await manager.post(`/escalations/${id}/respond`, { response: 'We keep level 4', version: await version() }))
        .statusCode,
    ).toBe(303);
    expect(
      (
        await manager.post(`/escalations/${id}/resolve`, {
          resolution: 'Agreed after discussion',
          version: await version(),
        })
      ).statusCode,
    ).toBe(303);
    const report = await manager.get('/escalations/report');
    expect(report.statusCode).toBe(200);
    expect((await socialCare.get('/escalations/report')).statusCode).toBe(403);
    const figures = await t.services.performance.indicator('escalation.raised');
    expect(figures).not.toBeNull();
  });
});

describe('the records behind the figures (the drill-down, issue 14)', () => {
  /** This month in England: the hand-offs and escalations above were made today. */
  const now = () => {
    const [y, m] = todayInLondon().split('-').map(Number) as [number, number];
    const to = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    return { from: `${y}-${String(m).padStart(2, '0')}-01`, to };
  };

  it('lists as many hand-offs and escalations as each figure counts, whole and in each group (a mean every row)', async () => {
    const period = now();
    expect(
      await expectRecordsAsCounted(t.services, t.database.db, 'social-care.handoffs', period, [
        'quadrant',
        'district',
        'acknowledged',
        'outcome',
      ]),
    ).toBeGreaterThan(1);
    for (const key of ['escalation.raised', 'escalation.days-to-resolve'])
      expect(await expectRecordsAsCounted(t.services, t.database.db, key, period, ['stage']), key).toBe(1);
  });

  it('shows hand-offs to social care’s intake and escalations to whoever raised them and the managers', async () => {
    const period = now();
    const [social, hub, teacher] = await Promise.all(
      ['social.care', 'hub.manager', 'teacher'].map((u) => demoUser(t.services, `${u}@essex.example`)),
    );
    const handOffs = await listedFor(t.services, social!, 'social-care.handoffs', period);
    expect([handOffs.visible, handOffs.hidden]).toEqual([handOffs.total, 0]);
    expect(handOffs.rows[0]!.href).toMatch(/^\/social-care\/[0-9a-f-]{36}$/);
    expect(JSON.stringify(handOffs.rows)).not.toMatch(/Rosa|Mills/);
    for (const viewer of [hub!, teacher!])
      expect(await listedFor(t.services, viewer, 'social-care.handoffs', period)).toMatchObject({
        visible: 0,
        hidden: handOffs.total,
        rows: [],
      });
    for (const key of ['escalation.raised', 'escalation.days-to-resolve']) {
      for (const viewer of [social!, hub!])
        expect(await listedFor(t.services, viewer, key, period), key).toMatchObject({
          visible: 1,
          hidden: 0,
          rows: [expect.objectContaining({ about: 'Resolved', href: expect.stringMatching(/^\/escalations\//) })],
        });
      expect(await listedFor(t.services, teacher!, key, period)).toMatchObject({ visible: 0, hidden: 1, rows: [] });
    }
  });

  it('lets social care’s intake reach the hand-offs behind this month’s figure through the pages', async () => {
    const month = now().from.slice(0, 7);
    const page = await socialCare.get('/performance/indicators/social-care.handoffs');
    expect(page.statusCode).toBe(200); // performance:view: the figures their work makes
    const list = await socialCare.get(`/performance/indicators/social-care.handoffs/records?period=${month}`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toMatch(/href="\/social-care\/[0-9a-f-]{36}"/);
  });
});
