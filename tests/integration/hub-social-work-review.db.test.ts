import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { REVIEWED_MEANWHILE } from '../../src/modules/front-door/hub/routes.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The Hub social worker's review (issue 13; seed 002 "Responding to missing children": "If a tier 3 or 4 response is
 * required, the Children and Families Hub will have a Social Worker review the information"). A decision on a police
 * notification of a missing child at level 3 or 4 waits for a Hub social worker; then for a manager if one must
 * approve it too. Agreeing, asking for changes, who may review, two reviewers at once, markup and NUL, the figures.
 */

let t: TestApp;
let token: string;
let screener: TestClient;
let socialWorker: TestClient;
let manager: TestClient;
const actor = { userId: null, label: 'social work review test' };

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

let serial = 0;
/** A police notification, triaged for screening; returns the request's id. */
async function notified(category: 'missing' | 'domestic-abuse', firstName: string): Promise<string> {
  const reference = `SW/${String(++serial).padStart(5, '0')}/26`;
  const sent = await t.app.inject({
    method: 'POST',
    url: '/api/police-notifications',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({
      notifications: [
        {
          police_reference: reference,
          incident_date: '2026-11-30',
          concern_category: category,
          summary: 'Did not come home from school; phone switched off.',
          district: 'chelmsford',
          officer: { name: 'PC Amy Clarke' },
          children: [{ first_name: firstName, last_name: 'Okafor', date_of_birth: '2012-12-01', gender: 'F' }],
          ...(category === 'missing'
            ? {
                missing: {
                  event: 'report',
                  missing_from: 'home',
                  reported_at: '2026-11-30T19:30',
                  reported_by: 'Mother, by phone',
                  risk_grading: 'medium',
                },
              }
            : {}),
        },
      ],
    }),
  });
  expect(sent.statusCode).toBe(202);
  const row = await t.database.db
    .selectFrom('police_notifications')
    .select(['request_id', 'version'])
    .where('police_reference', '=', reference)
    .executeTakeFirstOrThrow();
  const priya = await t.database.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'hub.practitioner@essex.example')
    .executeTakeFirstOrThrow();
  await t.services.police.triage({ userId: priya.id, label: 'Priya Shah' }, row.request_id, row.version, {
    outcome: 'screen',
  });
  return row.request_id;
}

const requestVersion = async (id: string) =>
  String(
    (
      await t.database.db
        .selectFrom('requests_for_support')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).version,
  );

const LEVEL_3 = { level: '3', pathway: 'family-solutions', familyConsent: 'yes' };
const LEVEL_4 = { level: '4', pathway: 'social-care', socialCareRoute: 'strategy-discussion' };
const LEVEL_2 = { level: '2', pathway: 'advice-signposting' };

async function decide(client: TestClient, id: string, choice: Record<string, string>) {
  await client.get(`/hub/requests/${id}`);
  const response = await client.post(`/hub/requests/${id}/decide`, {
    version: await requestVersion(id),
    reasons: 'Missing overnight; <b>third</b> time this term.',
    socialCareRoute: '',
    noFurtherActionReason: '',
    familyConsent: '',
    leadProfessional: '',
    ...choice,
  });
  expect(response.statusCode).toBe(303);
}

const decisionOf = (requestId: string) =>
  t.database.db
    .selectFrom('hub_decisions')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('decided_at', 'desc')
    .executeTakeFirstOrThrow();

const reviewsOf = (decisionId: string) =>
  t.database.db.selectFrom('hub_social_work_reviews').selectAll().where('decision_id', '=', decisionId).execute();

const statusOf = async (id: string) =>
  (
    await t.database.db
      .selectFrom('requests_for_support')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).status;

/** The social worker's review form for a decision, as the request page draws it. */
async function reviewForm(client: TestClient, requestId: string) {
  const page = await client.get(`/hub/requests/${requestId}`);
  expect(page.statusCode).toBe(200);
  return {
    body: page.body,
    submissionKey: /name="submissionKey" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
  };
}

const workItemsOf = (requestId: string) =>
  t.database.db.selectFrom('hub_work_items').select('kind').where('request_id', '=', requestId).execute();

beforeAll(async () => {
  t = await createTestApp();
  token = (await t.services.apiClients.create(actor, { name: 'Essex Police', organisationCode: 'essex-police' })).token;
  screener = await signedIn('hub.practitioner@essex.example');
  socialWorker = await signedIn('hub.socialworker@essex.example');
  manager = await signedIn('hub.manager@essex.example');
});
afterAll(() => t?.close());

describe('which decisions wait for a Hub social worker', () => {
  it('a missing child decided at level 3 waits; the request page and the list say so', async () => {
    const id = await notified('missing', 'Maisie');
    await decide(screener, id, LEVEL_3);
    const decision = await decisionOf(id);
    expect(decision.state).toBe('awaiting-social-work-review');
    expect(await statusOf(id)).not.toBe('decided');
    expect(await workItemsOf(id)).toEqual([]);
    const page = await screener.get(`/hub/requests/${id}`);
    expect(page.body).toContain('is waiting for a Hub social worker to review it');
    expect(page.body).not.toContain('data-qa="social-work-review-form"');
    // The screener cannot decide again meanwhile.
    const again = await screener.post(`/hub/requests/${id}/decide`, {
      version: await requestVersion(id),
      reasons: 'Again',
      socialCareRoute: '',
      noFurtherActionReason: '',
      leadProfessional: '',
      ...LEVEL_3,
    });
    expect(errorSummary(again.body)).toEqual([
      'A decision on this request is waiting for a Hub social worker to review it. You can decide again only if the social worker returns it to screening.',
    ]);
    const list = await socialWorker.get('/hub/social-work-reviews');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/hub/requests/${id}#decision-${decision.id}`);
    expect(list.body).toContain('Maisie Okafor');
    expect(list.body).toContain('Level 3: Family Solutions');
  });

  it('a missing child at level 2 does not wait, nor a police notification of another kind at level 3', async () => {
    const two = await notified('missing', 'Ava');
    await decide(screener, two, LEVEL_2);
    expect((await decisionOf(two)).state).toBe('final');
    const other = await notified('domestic-abuse', 'Ruby');
    await decide(screener, other, LEVEL_3);
    expect((await decisionOf(other)).state).toBe('final');
    expect(await reviewsOf((await decisionOf(other)).id)).toEqual([]);
  });

  it('a social worker deciding it themselves has reviewed it: recorded as theirs, agreed', async () => {
    const id = await notified('missing', 'Nell');
    await decide(socialWorker, id, LEVEL_3);
    const decision = await decisionOf(id);
    expect(decision.state).toBe('final');
    const omar = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'hub.socialworker@essex.example')
      .executeTakeFirstOrThrow();
    expect(await reviewsOf(decision.id)).toEqual([
      expect.objectContaining({ reviewer_id: omar.id, outcome: 'agreed', reasons: null }),
    ]);
  });
});

describe('the review', () => {
  it('a screener cannot review: 403, audited', async () => {
    const id = await notified('missing', 'Isla');
    await decide(screener, id, LEVEL_3);
    const decision = await decisionOf(id);
    expect((await screener.get('/hub/social-work-reviews')).statusCode).toBe(403);
    const refused = await screener.post(`/hub/decisions/${decision.id}/social-work-review`, {
      version: String(decision.version),
      reviewOutcome: 'agreed',
      reviewReasons: '',
    });
    expect(refused.statusCode).toBe(403);
    expect((await decisionOf(id)).state).toBe('awaiting-social-work-review');
    const denied = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'permission.denied')
      .execute();
    expect(denied.map((d) => (d.details as { path?: string }).path)).toContain('/hub/decisions/:id/social-work-review');
  });

  it('agreeing makes the decision final: the work is handed on and the review audited', async () => {
    const id = await notified('missing', 'Amara');
    await decide(screener, id, LEVEL_3);
    const decision = await decisionOf(id);
    const form = await reviewForm(socialWorker, id);
    expect(form.body).toContain('data-qa="social-work-review-form"');
    const agreed = await socialWorker.post(`/hub/decisions/${decision.id}/social-work-review`, {
      submissionKey: form.submissionKey,
      version: String(decision.version),
      reviewOutcome: 'agreed',
      reviewReasons: '',
    });
    expect(agreed.statusCode).toBe(303);
    expect((await decisionOf(id)).state).toBe('final');
    expect(await statusOf(id)).toBe('decided');
    expect(await workItemsOf(id)).toEqual([{ kind: 'family-solutions' }]);
    expect(await reviewsOf(decision.id)).toEqual([expect.objectContaining({ outcome: 'agreed' })]);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', id)
      .where('action', 'like', 'hub.decision.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['hub.decision.made', 'hub.decision.social-work-agreed']),
    );
    const page = await screener.get(`/hub/requests/${id}`);
    expect(page.body).toContain('Omar Farouk');
    expect(page.body).toContain(': agreed');
  });

  it('asking for changes returns it to screening with the reasons shown to the screener, escaped', async () => {
    const id = await notified('missing', 'Zara');
    await decide(screener, id, LEVEL_3);
    const decision = await decisionOf(id);
    const form = await reviewForm(socialWorker, id);
    const noReasons = await socialWorker.post(`/hub/decisions/${decision.id}/social-work-review`, {
      submissionKey: form.submissionKey,
      version: String(decision.version),
      reviewOutcome: 'changes-asked',
      reviewReasons: '',
    });
    expect(noReasons.statusCode).toBe(400);
    expect(errorSummary(noReasons.body)).toEqual(['Say what should change, so the screener knows what to look at']);
    const nul = await socialWorker.post(`/hub/decisions/${decision.id}/social-work-review`, {
      submissionKey: form.submissionKey,
      version: String(decision.version),
      reviewOutcome: 'changes-asked',
      reviewReasons: 'Check\u0000',
    });
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('What you sent contains characters Hearth cannot accept');
    await reviewForm(socialWorker, id);
    const tooLong = await socialWorker.post(`/hub/decisions/${decision.id}/social-work-review`, {
      submissionKey: form.submissionKey,
      version: String(decision.version),
      reviewOutcome: 'changes-asked',
      reviewReasons: 'x'.repeat(2001),
    });
    expect(errorSummary(tooLong.body)).toEqual(['The reasons must be 2,000 characters or fewer']);
    expect(await reviewsOf(decision.id)).toEqual([]);
    const asked = await socialWorker.post(`/hub/decisions/${decision.id}/social-work-review`, {
      submissionKey: form.submissionKey,
      version: String(decision.version),
      reviewOutcome: 'changes-asked',
      reviewReasons: 'Strategy discussion needed: <script>alert(1)</script>',
    });
    expect(asked.statusCode).toBe(303);
    expect((await decisionOf(id)).state).toBe('returned');
    expect(await statusOf(id)).toBe('in-screening');
    expect(await workItemsOf(id)).toEqual([]);
    expect(await reviewsOf(decision.id)).toEqual([
      expect.objectContaining({
        outcome: 'changes-asked',
        reasons: 'Strategy discussion needed: <script>alert(1)</script>',
      }),
    ]);
    const page = await screener.get(`/hub/requests/${id}`);
    expect(page.body).toContain('Changes asked for');
    expect(page.body).toContain('Strategy discussion needed: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    // The screener can decide again.
    await decide(screener, id, LEVEL_4);
    expect((await decisionOf(id)).state).toBe('awaiting-social-work-review');
  });

  it('level 4 needing a manager too: the social worker first, then the manager', async () => {
    const id = await notified('missing', 'Leah');
    await decide(screener, id, LEVEL_4);
    const decision = await decisionOf(id);
    expect(decision.state).toBe('awaiting-social-work-review');
    expect((await manager.get('/hub/approvals')).body).not.toContain(`/hub/requests/${id}"`);
    const form = await reviewForm(socialWorker, id);
    const agreed = await socialWorker.post(`/hub/decisions/${decision.id}/social-work-review`, {
      submissionKey: form.submissionKey,
      version: String(decision.version),
      reviewOutcome: 'agreed',
      reviewReasons: '',
    });
    expect(agreed.statusCode).toBe(303);
    expect((await socialWorker.follow(agreed)).body).toContain(
      'Agreed. The decision now waits for a Hub manager to approve it.',
    );
    expect((await decisionOf(id)).state).toBe('awaiting-approval');
    expect(await workItemsOf(id)).toEqual([]);
    expect((await manager.get('/hub/approvals')).body).toContain(`/hub/requests/${id}"`);
    await manager.get(`/hub/requests/${id}`);
    const approved = await manager.post(`/hub/decisions/${decision.id}/review`, { outcome: 'approve', note: '' });
    expect(approved.statusCode).toBe(303);
    expect((await decisionOf(id)).state).toBe('final');
    expect(await workItemsOf(id)).toEqual([{ kind: 'social-care' }]);
  });

  it('a manager deciding level 4 has approved it: it waits only for the social worker', async () => {
    const id = await notified('missing', 'Orla');
    await decide(manager, id, LEVEL_4);
    const decision = await decisionOf(id);
    expect(decision.state).toBe('awaiting-social-work-review');
    expect(decision.reviewed_by).not.toBeNull();
    const form = await reviewForm(socialWorker, id);
    await socialWorker.post(`/hub/decisions/${decision.id}/social-work-review`, {
      submissionKey: form.submissionKey,
      version: String(decision.version),
      reviewOutcome: 'agreed',
      reviewReasons: '',
    });
    expect((await decisionOf(id)).state).toBe('final');
    expect((await decisionOf(id)).reviewed_by).toBe(decision.reviewed_by);
    expect(await workItemsOf(id)).toEqual([{ kind: 'social-care' }]);
  });

  it('parallel submits make one review; a stale version is refused with the message', async () => {
    const id = await notified('missing', 'Poppy');
    await decide(screener, id, LEVEL_3);
    const decision = await decisionOf(id);
    const form = await reviewForm(socialWorker, id);
    const body = {
      submissionKey: form.submissionKey,
      version: String(decision.version),
      reviewOutcome: 'agreed',
      reviewReasons: '',
    };
    await Promise.all(
      Array.from({ length: 10 }, () => socialWorker.post(`/hub/decisions/${decision.id}/social-work-review`, body)),
    );
    expect(await reviewsOf(decision.id)).toHaveLength(1);

    const other = await notified('missing', 'Freya');
    await decide(screener, other, LEVEL_3);
    const waiting = await decisionOf(other);
    const second = await signedIn('hub.socialworker@essex.example');
    const first = await reviewForm(socialWorker, other);
    const late = await reviewForm(second, other);
    expect(
      (
        await socialWorker.post(`/hub/decisions/${waiting.id}/social-work-review`, {
          submissionKey: first.submissionKey,
          version: String(waiting.version),
          reviewOutcome: 'agreed',
          reviewReasons: '',
        })
      ).statusCode,
    ).toBe(303);
    const stale = await second.post(`/hub/decisions/${waiting.id}/social-work-review`, {
      submissionKey: late.submissionKey,
      version: String(waiting.version),
      reviewOutcome: 'changes-asked',
      reviewReasons: 'My reasons',
    });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)).toEqual([REVIEWED_MEANWHILE]);
    expect(await reviewsOf(waiting.id)).toEqual([expect.objectContaining({ outcome: 'agreed' })]);
    // A version the page never showed is refused the same way, before anything is saved.
    const id3 = await notified('missing', 'Evie');
    await decide(screener, id3, LEVEL_3);
    const d3 = await decisionOf(id3);
    const f3 = await reviewForm(socialWorker, id3);
    const wrong = await socialWorker.post(`/hub/decisions/${d3.id}/social-work-review`, {
      submissionKey: f3.submissionKey,
      version: String(d3.version + 1),
      reviewOutcome: 'agreed',
      reviewReasons: '',
    });
    expect(errorSummary(wrong.body)).toEqual([REVIEWED_MEANWHILE]);
    expect((await decisionOf(id3)).state).toBe('awaiting-social-work-review');
  });
});

describe('the figures', () => {
  it('count the social work reviews, agreed and changes asked', async () => {
    const figures = await t.services.hub.figures(new Date(Date.now() - 86_400_000), new Date(Date.now() + 86_400_000));
    // Agreed: Nell (deciding), Amara, Leah, Orla, Poppy, Freya; changes asked: Zara.
    expect(figures.socialWorkReviews).toEqual({ agreed: 6, changesAsked: 1 });
  });
});
