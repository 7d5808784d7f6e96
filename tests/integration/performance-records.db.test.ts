import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { makers } from '../../src/modules/front-door/indicators/indicators.test-support.ts';
import type { Period } from '../../src/platform/indicators/computed.ts';
import { TestClient } from '../helpers/http-client.ts';
import { ctx, episodeOf, report, useMissingApp } from '../helpers/missing-scrutiny.ts';

/**
 * The drill-down from a count to its records (issue 14): "Drill-down goes to counts and breakdowns, never to names; a
 * user who may see records may follow a count to the list of records they are allowed to see." Requests for Support
 * and missing episodes in last month, seen by the Hub manager (every request), by a teacher who also sits on a board
 * (only the episode she works), by the analyst and a board member (no link, no list), with bad links refused plainly.
 */

useMissingApp();

/** Last month (a finished period the indicator page shows), 'YYYY-MM', and the period it is. */
const month = (offset: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
};
const MONTH = month(-1).slice(0, 7);
const LAST_MONTH: Period = { from: month(-1), to: month(0) };
const RECEIVED = '/performance/indicators/hub.requests-received';
const EPISODES = '/performance/indicators/missing.episodes';
const requests: string[] = [];
const references: string[] = [];
const episodes: { id: string; reference: string }[] = [];
let hubManager: TestClient;
let teacher: TestClient;
let analyst: TestClient;
let boardMember: TestClient;
let signIns = 0;

async function signedIn(email: string) {
  const client = new TestClient(ctx.t.app, { remoteAddress: `198.51.100.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const userId = async (email: string) =>
  (await ctx.t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const indicator = (key: string) => ctx.t.services.computedIndicators.find((i) => i.key === key)!;
const listed = (body: string) =>
  [...body.matchAll(/<th scope="row" class="govuk-table__header">(?:<a[^>]*>)?([^<]+)</g)].map((m) => m[1]);
const listedAudits = () =>
  ctx.t.database.db
    .selectFrom('audit_events')
    .select(['actor_label', 'details'])
    .where('action', '=', 'performance.records.listed')
    .orderBy('seq')
    .execute();

beforeAll(async () => {
  const { db } = ctx.t.database;
  const make = await makers(ctx.t.services, db);
  for (const [i, district] of ['harlow', 'harlow', 'harlow', 'harlow', 'harlow', 'basildon', 'basildon'].entries())
    requests.push(
      await make.request({
        district,
        surname: `Drill${i}`,
        children: { Sam: '2016-02-02' },
        receivedAt: `${MONTH}-${String(10 + i).padStart(2, '0')}T10:00:00Z`,
      }),
    );
  await make.decide(requests[0]!, 2, 'advice-signposting', `${MONTH}-12T10:00:00Z`);
  for (const r of await db.selectFrom('requests_for_support').select(['id', 'reference']).execute())
    if (requests.includes(r.id)) references.push(`${r.reference.slice(0, 4)} ${r.reference.slice(4)}`);
  for (const first of ['Ava', 'Ben']) {
    const n = report(first, '2012-01-01', { reported_at: `${MONTH}-05T19:30` });
    const episode = await episodeOf({ ...n, incident_date: `${MONTH}-05` });
    episodes.push({ id: episode.id, reference: episode.episode_reference });
  }
  // The teacher works with Ava: the episode was sent to her (as the Hub routes an episode to the child's worker).
  await db
    .updateTable('missing_episodes')
    .set({ worker_id: await userId('teacher@essex.example') })
    .where('id', '=', episodes[0]!.id)
    .execute();
  // The teacher made one of the requests (her own request's page shows it to her); a colleague at the police the rest.
  await db
    .updateTable('requests_for_support')
    .set({ requester_user_id: await userId('police@essex.example') })
    .where('id', 'in', requests)
    .execute();
  await db
    .updateTable('requests_for_support')
    .set({ requester_user_id: await userId('teacher@essex.example') })
    .where('id', '=', requests[1]!)
    .execute();
  // A partner practitioner who also sits on a Locality Children's Partnership board sees the figures too.
  await db
    .insertInto('user_roles')
    .values({ user_id: await userId('teacher@essex.example'), role: 'board-member' })
    .execute();
  hubManager = await signedIn('hub.manager@essex.example');
  teacher = await signedIn('teacher@essex.example');
  analyst = await signedIn('analyst@essex.example');
  boardMember = await signedIn('board.member@essex.example');
});

describe('the records behind a count are the records counted', () => {
  it('lists as many requests, decisions and episodes as the indicators count, in each group', async () => {
    const { db } = ctx.t.database;
    for (const key of ['hub.requests-received', 'hub.decisions-by-level', 'missing.episodes']) {
      const counted = await indicator(key).compute(db, LAST_MONTH, 'district');
      expect((await indicator(key).records!(db, LAST_MONTH)).length).toBe(counted.total.value);
      for (const g of counted.groups ?? [])
        expect((await indicator(key).records!(db, LAST_MONTH, { breakdown: 'district', key: g.key })).length).toBe(
          g.figure.value,
        );
    }
    expect((await indicator('hub.requests-received').records!(db, LAST_MONTH)).length).toBe(7);
    expect(
      await indicator('hub.decisions-by-level').records!(db, LAST_MONTH, { breakdown: 'level', key: '2' }),
    ).toEqual([{ type: 'request', id: requests[0], subjectId: requests[0], date: `${MONTH}-10` }]);
  });
});

describe('which figures have records behind them', () => {
  /** Figures that count no one's casework: training, the directory, surveys, audits, the imported register. */
  const NOT_CASEWORK =
    /^(training|voice|audits|directory|corporate-parenting)\.|^early-help\.taf-workshops-events$|^case-reviews\.learning-actions-overdue$/;
  const RESTRICTED = /^(exploitation|mace|marac|case-reviews)\./;

  it('lists the records of every figure of casework, counts restricted ones only, and none of the rest', () => {
    const { computedIndicators, performanceRecords } = ctx.t.services;
    const hub = { id: 'h', roles: ['hub-manager'] as const, organisationId: 'o', teamIds: [] };
    for (const i of computedIndicators) {
      expect(!!i.records, i.key).toBe(!NOT_CASEWORK.test(i.key));
      if (i.records) expect(i.recordsAre, i.key).toMatch(/\.$/);
      if (i.records && i.unit === 'percentage') expect(i.recordsAre, i.key).toMatch(/numerator/);
      if (RESTRICTED.test(i.key)) expect(performanceRecords.canFollow(hub, i), i.key).toBe(false);
    }
    expect(computedIndicators.filter((i) => i.records && !RESTRICTED.test(i.key))).toHaveLength(28);
    expect(computedIndicators.filter((i) => i.records && RESTRICTED.test(i.key))).toHaveLength(16);
  });
});

describe('following a count', () => {
  it('shows a Hub manager every request received, linked to the Hub, and audits the list', async () => {
    const page = await hubManager.get(RECEIVED);
    expect(page.body).toContain(`href="${RECEIVED}/records?period=${MONTH}"`);
    const list = await hubManager.get(`${RECEIVED}/records?period=${MONTH}`);
    expect(list.statusCode).toBe(200);
    expect(listed(list.body).sort()).toEqual([...references].sort());
    expect(list.body).toContain(`href="/hub/requests/${requests[0]}"`);
    expect(list.body).not.toContain('Drill0');
    const audit = (await listedAudits()).at(-1)!;
    expect(audit.actor_label).toBe('hub.manager@essex.example');
    expect(audit.details).toMatchObject({
      code: 'hub.requests-received',
      period: `${MONTH}`,
      area: 'all',
      shown: 7,
      hidden: 0,
    });
  });

  it('narrows the list to a district or a quadrant', async () => {
    const harlow = await hubManager.get(`${RECEIVED}/records?period=${MONTH}&area=harlow`);
    expect(listed(harlow.body)).toHaveLength(5);
    const page = await hubManager.get(RECEIVED);
    expect(page.body).toContain(`${RECEIVED}/records?period=${MONTH}&amp;area=harlow`);
    expect(page.body).toContain(`${RECEIVED}/records?period=${MONTH}&amp;area=west`);
    // Basildon's two are "fewer than 5" on the page: a suppressed figure is never a link.
    expect(page.body).not.toContain(`${RECEIVED}/records?period=${MONTH}&amp;area=basildon`);
    const basildon = await hubManager.get(`${RECEIVED}/records?period=${MONTH}&area=BASILDON`);
    expect(listed(basildon.body)).toHaveLength(2);
    expect((await listedAudits()).at(-1)!.details).toMatchObject({ area: 'district:basildon', shown: 2 });
  });

  it('shows a partner practitioner only the records she made or works with, and counts the rest', async () => {
    const requestsList = await teacher.get(`${RECEIVED}/records?period=${MONTH}`);
    expect(requestsList.statusCode).toBe(200);
    // Her own request, linked to her own request's page (never the Hub's), and nobody else's.
    const mine = await ctx.t.database.db
      .selectFrom('requests_for_support')
      .select('reference')
      .where('id', '=', requests[1]!)
      .executeTakeFirstOrThrow();
    expect(listed(requestsList.body)).toEqual([`${mine.reference.slice(0, 4)} ${mine.reference.slice(4)}`]);
    expect(requestsList.body).toContain(`href="/requests/sent/${requests[1]}"`);
    expect(requestsList.body).not.toContain('/hub/requests/');
    expect(requestsList.body).toMatch(
      /Records you cannot see\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*6\s*</,
    );
    expect((await teacher.get(`/requests/sent/${requests[1]}`)).statusCode).toBe(200);
    const episodesList = await teacher.get(`${EPISODES}/records?period=${MONTH}`);
    expect(listed(episodesList.body)).toEqual([episodes[0]!.reference]);
    expect(episodesList.body).not.toContain(episodes[1]!.reference);
    expect(episodesList.body).not.toContain('Scrutiny');
    expect(episodesList.body).toContain('Fewer than 5');
    expect((await listedAudits()).at(-1)!.details).toMatchObject({ code: 'missing.episodes', shown: 1, hidden: 1 });
  });

  it('gives the analyst and a board member no link and no list, whatever the address says', async () => {
    for (const client of [analyst, boardMember]) {
      const page = await client.get(RECEIVED);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('/records?');
      for (const url of [
        `${RECEIVED}/records?period=${MONTH}`,
        `${EPISODES}/records?period=${MONTH}&area=harlow`,
        `${RECEIVED}/records?period=nonsense&page=-1`,
      ]) {
        const list = await client.get(url);
        expect(list.statusCode).toBe(403);
        expect(list.body).toContain('the figures, not the records');
        for (const reference of [...references, ...episodes.map((e) => e.reference)])
          expect(list.body).not.toContain(reference);
      }
    }
  });

  it('never lists restricted records: exploitation concerns offer no drill-down', async () => {
    const page = await hubManager.get('/performance/indicators/exploitation.concerns');
    expect(page.body).not.toContain('/records?');
    expect(
      (await hubManager.get(`/performance/indicators/exploitation.concerns/records?period=${MONTH}`)).statusCode,
    ).toBe(403);
  });
});

describe('bad links', () => {
  it.each([
    ['no period', '', 'must name a period'],
    ['a period of another frequency', 'period=2026-27%20Q1', 'is not a period of this indicator'],
    ['month 13', 'period=2026-13', 'is not a period of this indicator'],
    ['an area that is not the council’s', `period=${MONTH}&area=narnia`, 'not a quadrant or district'],
    ['a page that is not a number', `period=${MONTH}&page=two`, 'Page must be a whole number'],
    ['page zero', `period=${MONTH}&page=0`, 'Page must be a whole number'],
    ['a page past the end', `period=${MONTH}&page=3`, 'there is no page 3'],
    ['a period repeated', `period=${MONTH}&period=2026-09`, 'The link'],
  ])('refuses %s with a plain message, never a 500', async (_what, query, message) => {
    const response = await hubManager.get(`${RECEIVED}/records?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(message);
  });

  it('refuses an area for records that have none (escalations are by stage only), with a plain message', async () => {
    const response = await hubManager.get(
      `/performance/indicators/escalation.raised/records?period=${MONTH}&area=harlow`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('These records cannot be listed for that area');
    // Without the area the Hub manager, an escalation manager, may follow the count.
    expect((await hubManager.get(`/performance/indicators/escalation.raised/records?period=${MONTH}`)).statusCode).toBe(
      200,
    );
  });

  it('refuses an indicator with no records to list, or none at all', async () => {
    expect((await hubManager.get(`/performance/indicators/training.places/records?period=${MONTH}`)).statusCode).toBe(
      404,
    );
    expect((await hubManager.get(`/performance/indicators/no.such-thing/records?period=${MONTH}`)).statusCode).toBe(
      404,
    );
  });

  it('shows another role’s records only as the policy decides, whatever ids the address carries', async () => {
    // Ids in the address are not how the list is chosen: the teacher still sees only Ava's episode.
    const list = await teacher.get(
      `${EPISODES}/records?period=${MONTH}&id=${episodes[1]!.id}&subjectId=${episodes[1]!.id}`,
    );
    expect(list.statusCode).toBe(200);
    expect(listed(list.body)).toEqual([episodes[0]!.reference]);
    // And the record's own page still refuses her the other episode.
    expect((await teacher.get(`/missing/${episodes[1]!.id}`)).statusCode).toBe(403);
  });
});
