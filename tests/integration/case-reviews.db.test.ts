import { subDays, format } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { caseReviewIndicators } from '../../src/modules/case-reviews/index.ts';
import { demoUser, expectCountedOnly, expectRecordsAsCounted } from '../helpers/drill-down.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Safeguarding practice reviews and learning (issue 16): the Board manager records a referral, the three statutory
 * partners triage it once each, the Rapid Review, a local review through its stages in order, and learning actions
 * answered by the agency they were set for. Every bad input the brief lists is here, with what was (not) stored.
 */

let t: TestApp;
let manager: TestClient;
let council: TestClient;
let police: TestClient;
let health: TestClient;
let agency: TestClient;
let signIns = 0;

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `203.0.113.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const key = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;
const idOf = (location: unknown) => String(location).split('/').pop()!;
const boxes = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-') as [string, string, string];
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
};
const daysAgo = (n: number) => format(subDays(new Date(), n), 'yyyy-MM-dd');

async function refer(over: Record<string, string | string[]> = {}) {
  const page = await manager.get('/case-reviews/new');
  expect(page.statusCode).toBe(200);
  return manager.post('/case-reviews', {
    submissionKey: key(page.body),
    firstName: 'Tyler',
    lastName: 'Brooks',
    ...boxes('dateOfBirth', '2022-05-04'),
    referrerName: 'Dr Priya Shah',
    ...boxes('referredOn', daysAgo(30)),
    criteria: ['child-seriously-harmed', 'working-together-concerns'],
    summary: 'Admitted with a head injury; the explanation did not fit.',
    ...over,
  });
}
async function triage(client: TestClient, id: string, meets: 'yes' | 'no', reason = 'Meets the criteria.') {
  const page = await client.get(`/case-reviews/${id}`);
  const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(page.body)?.[1] ?? crypto.randomUUID();
  return client.post(`/case-reviews/${id}/triage`, { submissionKey, meetsCriteria: meets, reason });
}
const triageRows = (id: string) =>
  t.database.db.selectFrom('case_review_triage').selectAll().where('referral_id', '=', id).execute();
const statusOf = async (id: string) =>
  (
    await t.database.db
      .selectFrom('case_review_referrals')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).status;

/** A referral triaged by all three and its Rapid Review held, deciding on a local review. */
async function throughRapidReview() {
  const id = idOf((await refer()).headers.location);
  for (const c of [council, police, health]) expect((await triage(c, id, 'yes')).statusCode).toBe(303);
  const page = await manager.get(`/case-reviews/${id}/rapid-review`);
  const sent = await manager.post(`/case-reviews/${id}/rapid-review`, {
    submissionKey: key(page.body),
    ...boxes('heldOn', daysAgo(20)),
    localReview: 'yes',
    panelNotified: 'yes',
    ...boxes('panelNotifiedOn', daysAgo(25)),
    reason: 'Agencies did not share what they knew.',
  });
  expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  manager = await signedIn('board.manager@essex.example');
  council = await signedIn('partner.council@essex.example');
  police = await signedIn('partner.police@essex.example');
  health = await signedIn('partner.health@essex.example');
  agency = await signedIn('agency.lead@essex.example');
});
afterAll(async () => {
  await t?.close();
});

describe('case review referrals', () => {
  it('records a referral with its Rapid Review deadline in working days, and audits each view naming the child', async () => {
    const sent = await refer({ ...boxes('referredOn', '2025-12-19') });
    expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
    const id = idOf(sent.headers.location);
    const row = await t.database.db
      .selectFrom('case_review_referrals')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // 19 December 2025 is a Friday: 15 working days on, less Christmas Day, Boxing Day and New Year's Day.
    expect(row.rapid_review_due_on).toBe('2026-01-14');
    expect(row.reference).toMatch(/^CR-2025-\d{3}$/);
    expect(row.status).toBe('triage');
    const page = await manager.get(`/case-reviews/${id}`);
    expect(page.body).toContain('Tyler Brooks');
    const viewed = await t.database.db
      .selectFrom('audit_events')
      .select(['subject_type', 'details'])
      .where('action', '=', 'record.viewed')
      .where('subject_id', '=', id)
      .execute();
    expect(viewed.length).toBeGreaterThan(0);
    // The list names no child.
    const list = await manager.get('/case-reviews');
    expect(list.body).toContain(row.reference);
    expect(list.body).not.toContain('Tyler');
  });

  it('refuses a referral without its answers, keeping what was typed; markup is kept as typed and shown as text', async () => {
    const empty = await refer({ firstName: '', criteria: [], summary: '' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Enter the child’s first name',
      'Select at least one criterion the case meets',
      'Say briefly what happened',
    ]);
    expect(empty.body).toContain('value="Brooks"');
    const markup = await refer({ firstName: '<script>alert(1)</script>', summary: '<b>bold</b> & "quoted"' });
    expect(markup.statusCode).toBe(303);
    const page = await manager.get(String(markup.headers.location));
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('refuses NUL in any text with a 400 and stores nothing', async () => {
    const before = await t.database.db.selectFrom('case_review_referrals').select('id').execute();
    const nul = await refer({ summary: 'A\u0000B' });
    expect(nul.statusCode).toBe(400);
    expect(await t.database.db.selectFrom('case_review_referrals').select('id').execute()).toHaveLength(before.length);
  });

  it('makes one referral from ten identical parallel submits', async () => {
    const page = await manager.get('/case-reviews/new');
    const submissionKey = key(page.body);
    const before = (await t.database.db.selectFrom('case_review_referrals').select('id').execute()).length;
    const form = {
      submissionKey,
      firstName: 'Parallel',
      lastName: 'Child',
      referrerName: 'Someone',
      ...boxes('referredOn', daysAgo(2)),
      criteria: 'child-died',
      summary: 'Ten at once.',
    };
    const sent = await Promise.all(Array.from({ length: 10 }, () => manager.post('/case-reviews', form)));
    for (const r of sent) expect([303, 409]).toContain(r.statusCode);
    expect((await t.database.db.selectFrom('case_review_referrals').select('id').execute()).length).toBe(before + 1);
  });
});

describe('triage by the three statutory partners', () => {
  it('takes one decision per partner, refuses a second, and moves on once all three have decided', async () => {
    const id = idOf((await refer()).headers.location);
    expect((await triage(council, id, 'yes')).statusCode).toBe(303);
    const again = await triage(council, id, 'no', 'Changed our mind');
    // The form is gone once the partner has decided: a second decision sent anyway is refused with the reason.
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body)).toEqual(['Your partner has already made its triage decision on this referral']);
    expect(await triageRows(id)).toHaveLength(1);
    expect(await statusOf(id)).toBe('triage');
    expect((await triage(police, id, 'no')).statusCode).toBe(303);
    expect(await statusOf(id)).toBe('triage');
    expect((await triage(health, id, 'no')).statusCode).toBe(303);
    // One partner saying it meets the criteria is enough (the tenant's progressWhen: any).
    expect(await statusOf(id)).toBe('rapid-review');
  });

  it('makes one decision from ten parallel submits for one partner, with one key or ten', async () => {
    const id = idOf((await refer()).headers.location);
    const page = await police.get(`/case-reviews/${id}`);
    const same = { submissionKey: key(page.body), meetsCriteria: 'yes', reason: 'Parallel' };
    await Promise.all(Array.from({ length: 10 }, () => police.post(`/case-reviews/${id}/triage`, same)));
    const fresh = await Promise.all(
      Array.from({ length: 10 }, () =>
        health.post(`/case-reviews/${id}/triage`, {
          submissionKey: crypto.randomUUID(),
          meetsCriteria: 'no',
          reason: 'x',
        }),
      ),
    );
    for (const r of fresh) expect([303, 400]).toContain(r.statusCode);
    const rows = await triageRows(id);
    expect(rows.map((r) => r.partner).sort()).toEqual(['health', 'police']);
  });

  it('refuses triage by an agency’s lead, who sees no referral at all', async () => {
    const id = idOf((await refer()).headers.location);
    expect((await agency.get(`/case-reviews/${id}`)).statusCode).toBe(403);
    expect((await agency.get('/case-reviews')).statusCode).toBe(403);
    await agency.get('/case-reviews/learning');
    const sent = await agency.post(`/case-reviews/${id}/triage`, { meetsCriteria: 'yes', reason: 'Not mine' });
    expect(sent.statusCode).toBe(403);
    expect(await triageRows(id)).toHaveLength(0);
  });
});

describe('the Rapid Review and the local review', () => {
  it('refuses a Rapid Review before the partners have all decided', async () => {
    const id = idOf((await refer()).headers.location);
    const page = await manager.get(`/case-reviews/${id}/rapid-review`);
    const sent = await manager.post(`/case-reviews/${id}/rapid-review`, {
      submissionKey: key(page.body),
      ...boxes('heldOn', daysAgo(1)),
      localReview: 'no',
      panelNotified: 'no',
      reason: 'Too early',
    });
    expect(sent.statusCode).toBe(400);
    expect(errorSummary(sent.body)).toEqual(['The three partners have not all triaged this referral yet']);
  });

  it('takes the stages in order only, refusing one out of order or before the last', async () => {
    const id = await throughRapidReview();
    expect(await statusOf(id)).toBe('local-review');
    const start = await manager.get(`/case-reviews/${id}/local-review`);
    const started = await manager.post(`/case-reviews/${id}/local-review`, {
      submissionKey: key(start.body),
      method: 'systems-review',
      reviewer: 'Dr Ellison',
      ...boxes('startedOn', daysAgo(15)),
    });
    expect(started.statusCode, errorSummary(started.body).join('; ')).toBe(303);
    await manager.get(`/case-reviews/${id}/stage`);
    const jump = await manager.post(`/case-reviews/${id}/stage`, {
      stage: 'draft-report',
      ...boxes('reachedOn', daysAgo(5)),
      version: '1',
    });
    expect(jump.statusCode).toBe(400);
    expect(errorSummary(jump.body)).toEqual([
      'The review must reach “Agency information gathered” before “Draft report written”',
    ]);
    const back = await manager.post(`/case-reviews/${id}/stage`, {
      stage: 'agency-information',
      ...boxes('reachedOn', daysAgo(16)),
      version: '1',
    });
    expect(errorSummary(back.body)).toEqual([
      'The date must be the same as or after the date the review reached its last stage',
    ]);
    const next = await manager.post(`/case-reviews/${id}/stage`, {
      stage: 'agency-information',
      ...boxes('reachedOn', daysAgo(5)),
      version: '1',
    });
    expect(next.statusCode).toBe(303);
    const repeat = await manager.post(`/case-reviews/${id}/stage`, {
      stage: 'agency-information',
      ...boxes('reachedOn', daysAgo(4)),
      version: '2',
    });
    expect(errorSummary(repeat.body)).toEqual(['The review has already reached “Agency information gathered”']);
    const stale = await manager.post(`/case-reviews/${id}/stage`, {
      stage: 'practitioner-event',
      ...boxes('reachedOn', daysAgo(4)),
      version: '1',
    });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)[0]).toContain('Someone else changed this');
    const stages = await t.database.db.selectFrom('case_review_stages').select('stage').execute();
    expect(stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['scoping', 'agency-information']));
  });
});

describe('learning actions', () => {
  async function action(organisationCode: string, due: string) {
    const id = await throughRapidReview();
    const org = await t.database.db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', organisationCode)
      .executeTakeFirstOrThrow();
    const page = await manager.get(`/case-reviews/${id}/actions/new`);
    const sent = await manager.post(`/case-reviews/${id}/actions`, {
      submissionKey: key(page.body),
      organisationId: org.id,
      owner: 'Head of service',
      action: 'Audit supervision records for the learning.',
      ...boxes('dueOn', due),
    });
    expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
    const row = await t.database.db
      .selectFrom('case_review_learning_actions')
      .select(['id', 'version'])
      .where('referral_id', '=', id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return { referralId: id, actionId: row.id };
  }

  it('refuses evidence from an agency the action was not set for, and hides the action from it', async () => {
    const { actionId } = await action('essex-police', daysAgo(-30));
    expect((await agency.get(`/case-reviews/learning/${actionId}`)).statusCode).toBe(403);
    await agency.get('/case-reviews/learning');
    const sent = await agency.post(`/case-reviews/learning/${actionId}/evidence`, {
      evidence: 'Not ours',
      version: '1',
    });
    expect(sent.statusCode).toBe(403);
    const row = await t.database.db
      .selectFrom('case_review_learning_actions')
      .selectAll()
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('open');
    expect(row.evidence).toBe('');
    expect((await agency.get('/case-reviews/learning')).body).not.toContain(actionId);
  });

  it('lets the agency’s lead answer with the review’s reference but not the child’s name; the manager accepts it', async () => {
    const { actionId, referralId } = await action('eput', daysAgo(3));
    const list = await agency.get('/case-reviews/learning');
    expect(list.body).toContain(actionId);
    expect(list.body).not.toContain('Tyler');
    const page = await agency.get(`/case-reviews/learning/${actionId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Tyler');
    expect(page.body).not.toContain(`/case-reviews/${referralId}"`);
    const reference = (
      await t.database.db
        .selectFrom('case_review_referrals')
        .select('reference')
        .where('id', '=', referralId)
        .executeTakeFirstOrThrow()
    ).reference;
    expect(page.body).toContain(reference);
    // Overdue: on the sub-committee's list.
    expect((await manager.get('/case-reviews/learning?show=overdue')).body).toContain(actionId);
    const empty = await agency.post(`/case-reviews/learning/${actionId}/evidence`, { evidence: '', version: '1' });
    expect(errorSummary(empty.body)).toEqual(['Describe the evidence that practice has changed']);
    const sent = await agency.post(`/case-reviews/learning/${actionId}/evidence`, {
      evidence: 'Supervision audit: 18 of 20 records show the questions asked.',
      version: '1',
    });
    expect(sent.statusCode).toBe(303);
    await manager.get(`/case-reviews/learning/${actionId}`);
    const returned = await manager.post(`/case-reviews/learning/${actionId}/check`, {
      decision: 'return',
      note: '',
      version: '2',
    });
    expect(errorSummary(returned.body)).toEqual(['Say what more evidence the agency should give']);
    expect(
      (await manager.post(`/case-reviews/learning/${actionId}/check`, { decision: 'accept', note: '', version: '2' }))
        .statusCode,
    ).toBe(303);
    expect((await manager.get('/case-reviews/learning?show=overdue')).body).not.toContain(actionId);
    // The agency cannot change accepted evidence.
    await agency.get(`/case-reviews/learning/${actionId}`);
    const late = await agency.post(`/case-reviews/learning/${actionId}/evidence`, { evidence: 'More', version: '3' });
    expect(errorSummary(late.body)).toEqual(['This action’s evidence is accepted']);
  });
});

describe('the figures', () => {
  it('counts referrals, Rapid Reviews in time, local reviews started and overdue actions', async () => {
    const period = { from: daysAgo(400), to: daysAgo(-400) };
    const figure = async (k: string) =>
      (await caseReviewIndicators.find((i) => i.key === k)!.compute(t.database.db, period)).total;
    const referrals = await t.database.db.selectFrom('case_review_referrals').select('id').execute();
    expect((await figure('case-reviews.referrals')).value).toBe(referrals.length);
    const rapid = await figure('case-reviews.rapid-reviews-in-time');
    expect(rapid.denominator).toBeGreaterThan(0);
    expect((await figure('case-reviews.csprs-started')).value).toBe(1);
    const byCriterion = await caseReviewIndicators[0]!.compute(t.database.db, period, 'criterion');
    expect(byCriterion.groups?.find((g) => g.key === 'child-seriously-harmed')?.figure.value).toBeGreaterThan(0);
  });
});

describe('the records behind the figures (the drill-down, issue 14)', () => {
  const FIGURES = {
    'case-reviews.referrals': ['status'],
    'case-reviews.rapid-reviews-in-time': [],
    'case-reviews.csprs-started': ['method'],
    'case-reviews.csprs-published': ['delayed'],
  };

  it('has as many case reviews behind each figure as it counts (a percentage its numerator), in each group too', async () => {
    const period = { from: daysAgo(400), to: daysAgo(-400) };
    const counted = Object.fromEntries(
      await Promise.all(
        Object.entries(FIGURES).map(
          async ([k, by]) => [k, await expectRecordsAsCounted(t.services, t.database.db, k, period, by)] as const,
        ),
      ),
    );
    expect(counted['case-reviews.referrals']).toBeGreaterThan(1);
    expect(counted['case-reviews.csprs-started']).toBe(1);
  });

  it('never lists them, not even to the Board manager: they are restricted records, only counted', async () => {
    const period = { from: daysAgo(400), to: daysAgo(-400) };
    const [boardManager, partner] = await Promise.all([
      demoUser(t.services, 'board.manager@essex.example'),
      demoUser(t.services, 'partner.council@essex.example'),
    ]);
    for (const k of Object.keys(FIGURES))
      for (const viewer of [boardManager, partner]) await expectCountedOnly(t.services, viewer, k, period);
  });

  it('gives the learning actions, the agencies’ and not a child’s, no drill-down', () => {
    const overdue = t.services.computedIndicators.find((i) => i.key === 'case-reviews.learning-actions-overdue')!;
    expect(overdue.records).toBeUndefined();
  });
});
