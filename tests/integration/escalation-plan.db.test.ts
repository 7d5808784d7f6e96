import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { addDays, todayInLondon } from '../../src/modules/early-help/plan/rules.ts';
import { agreeFamilySolutions, hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Escalation about a lead professional's plan (issue 15): a practitioner who can see an Early Help Plan (here a TAF
 * member) raises it from the plan's page; it goes to the lead professional first, then the managers; the report
 * counts it by kind and stage. Bad input: a plan the user cannot see (refused, audited, nothing created), a plan that
 * does not exist, a stage out of order, ten parallel identical submits, NUL in the text.
 */

let t: TestApp;
let teacher: TestClient;
let worker: TestClient;
let fsManager: TestClient;
let police: TestClient;
const MARKUP = '<script>alert(1)</script> & "quotes"';

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const keyOf = (body: string) => /name="submissionKey" value="([^"]+)"/.exec(body)?.[1] ?? '';

/** A Family Solutions family with a plan, its worker leading it, the teacher in its Team Around the Family. */
let serial = 0;
async function planWithTafMember() {
  const fsWorker = await userByEmail(t.services, 'fs.worker@essex.example');
  const actor = { userId: fsWorker.id, label: fsWorker.email };
  const item = await hubWorkItem(t.services, {
    kind: 'family-solutions',
    surname: `Escalate${'abcdefghij'[++serial]}`,
    children: ['Jayden'],
    parent: 'Kerry',
  });
  const { episodeId } = await t.services.earlyHelp.startFromWorkItem(actor, fsWorker, item.id, item.version);
  const planId = await t.services.plans.startPlan(actor, fsWorker, episodeId, {
    startDate: addDays(todayInLondon(), 0),
  });
  await agreeFamilySolutions(t.services, fsWorker, episodeId);
  const teacherUser = await userByEmail(t.services, 'teacher@essex.example');
  await t.database.db
    .insertInto('episode_involvements')
    .values({ id: newId(), episode_id: episodeId, user_id: teacherUser.id, role: 'taf-member', created_by: null })
    .execute();
  return { episodeId, planId, fsWorker };
}

const escalationsAbout = (planId: string) =>
  t.database.db.selectFrom('escalations').selectAll().where('subject_id', '=', planId).execute();
const version = async (id: string) =>
  String(
    (await t.database.db.selectFrom('escalations').select('version').where('id', '=', id).executeTakeFirstOrThrow())
      .version,
  );

beforeAll(async () => {
  t = await createTestApp();
  await t.services.directory.seedDemoServices('essex');
  teacher = await signedIn('teacher@essex.example');
  worker = await signedIn('fs.worker@essex.example');
  fsManager = await signedIn('fs.manager@essex.example');
  police = await signedIn('police@essex.example');
});
afterAll(() => t?.close());

describe('escalation about an Early Help Plan', () => {
  it('goes to the lead professional first, then the managers, and the report counts it by kind and stage', async () => {
    const { episodeId, planId, fsWorker } = await planWithTafMember();
    const planPage = await teacher.get(`/early-help/episodes/${episodeId}/plan`);
    expect(planPage.statusCode).toBe(200);
    expect(planPage.body).toContain(`/escalations/new?plan=${planId}`);
    // The lead professional does not escalate their own plan.
    expect((await worker.get(`/early-help/episodes/${episodeId}/plan`)).body).not.toContain('/escalations/new?plan=');

    const form = await teacher.get(`/escalations/new?plan=${planId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Jo Carter, the lead professional');
    const raised = await teacher.post('/escalations/new', {
      submissionKey: keyOf(form.body),
      plan: planId,
      stage: 'practitioners',
      asked: `School support is missing from the plan. ${MARKUP}`,
    });
    expect(raised.statusCode).toBe(303);
    const id = raised.headers.location!.split('/').at(-1)!;
    const [row] = await escalationsAbout(planId);
    expect(row).toMatchObject({
      subject_type: 'early-help-plan',
      episode_id: episodeId,
      request_id: null,
      addressed_to: fsWorker.id,
      stage: 'practitioners',
    });

    // The lead professional sees it asked of them and answers the first stage; the raiser cannot answer it.
    const list = await worker.get('/escalations');
    expect(list.body).toContain(`/escalations/${id}`);
    expect(list.body).toContain('Asked of you');
    const asLead = await worker.get(`/escalations/${id}`);
    expect(asLead.body).toContain('School support is missing from the plan. &lt;script&gt;');
    expect(asLead.body).toContain('data-qa="respond-form"');
    expect(asLead.body).not.toContain('data-qa="move-up-form"');
    expect((await teacher.get(`/escalations/${id}`)).body).not.toContain('data-qa="respond-form"');
    // A manager cannot answer the practitioners' stage for the lead professional.
    expect((await fsManager.get(`/escalations/${id}`)).body).not.toContain('data-qa="respond-form"');
    const early = await fsManager.post(`/escalations/${id}/respond`, { response: 'No', version: await version(id) });
    expect(early.statusCode).toBe(400);
    expect(errorSummary(early.body)).toEqual(['This stage is not yours to answer: it was asked of someone else.']);
    expect(
      (
        await t.database.db.selectFrom('escalation_stages').select('response').where('escalation_id', '=', id).execute()
      )[0]?.response,
    ).toBeNull();
    expect(
      (
        await worker.post(`/escalations/${id}/respond`, {
          response: 'The plan has a school action.',
          version: await version(id),
        })
      ).statusCode,
    ).toBe(303);

    expect(
      (await teacher.post(`/escalations/${id}/move-up`, { asked: 'Please look again', version: await version(id) }))
        .statusCode,
    ).toBe(303);
    expect(
      (
        await fsManager.post(`/escalations/${id}/respond`, {
          response: 'Add a school action.',
          version: await version(id),
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (await teacher.post(`/escalations/${id}/resolve`, { resolution: 'Action added', version: await version(id) }))
        .statusCode,
    ).toBe(303);
    const stages = await t.database.db
      .selectFrom('escalation_stages')
      .select(['stage', 'responded_by'])
      .where('escalation_id', '=', id)
      .orderBy('asked_at')
      .execute();
    expect(stages.map((s) => s.stage)).toEqual(['practitioners', 'managers']);
    expect(stages[0]!.responded_by).toBe(fsWorker.id);

    const report = await fsManager.get('/escalations/report');
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Early Help Plans');
    const plansTable = /data-qa="report-early-help-plan"[\s\S]*?<\/table>/.exec(report.body)![0];
    expect(plansTable).toMatch(/Practitioner to practitioner<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>1<\/td>/);
    expect(plansTable).toMatch(/Managers<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>1<\/td>/);
    expect(report.body).toMatch(/data-qa="kind-early-help-plan">\d+ raised, \d+ resolved/);
  });

  it('about a plan the user cannot see: refused with whom to ask, audited, nothing created', async () => {
    const { planId } = await planWithTafMember();
    const page = await police.get(`/escalations/new?plan=${planId}`);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Ask the family’s lead professional');
    const post = await police.post('/escalations/new', { plan: planId, stage: 'practitioners', asked: 'x' });
    expect(post.statusCode).toBe(403);
    const refused = await t.database.db
      .selectFrom('audit_events')
      .select(['subject_type', 'outcome'])
      .where('action', '=', 'escalation.refused')
      .where('subject_id', '=', planId)
      .execute();
    expect(refused).toEqual([
      { subject_type: 'early-help-plan', outcome: 'denied' },
      { subject_type: 'early-help-plan', outcome: 'denied' },
    ]);
    expect(await escalationsAbout(planId)).toEqual([]);
  });

  it('about a plan that does not exist: not found, audited, nothing created', async () => {
    const missing = newId();
    expect((await teacher.get(`/escalations/new?plan=${missing}`)).statusCode).toBe(404);
    expect((await teacher.get('/escalations/new?plan=not-a-plan')).statusCode).toBe(404);
    const post = await teacher.post('/escalations/new', { plan: missing, stage: 'practitioners', asked: 'x' });
    expect(post.statusCode).toBe(404);
    const refused = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'escalation.refused')
      .where('subject_id', '=', missing)
      .execute();
    expect(refused.length).toBe(2);
    expect(refused[0]!.details).toMatchObject({ reason: 'no such plan' });
    expect(await escalationsAbout(missing)).toEqual([]);
  });

  it('a stage out of order is refused: a plan starts with its lead professional', async () => {
    const { planId } = await planWithTafMember();
    const form = await teacher.get(`/escalations/new?plan=${planId}`);
    const skipped = await teacher.post('/escalations/new', {
      submissionKey: keyOf(form.body),
      plan: planId,
      stage: 'managers',
      asked: 'Straight to the managers',
    });
    expect(skipped.statusCode).toBe(400);
    expect(errorSummary(skipped.body)).toEqual([
      'An escalation about a plan starts with its lead professional: Practitioner to practitioner',
    ]);
    expect(skipped.body).toContain('Straight to the managers');
    expect(await escalationsAbout(planId)).toEqual([]);
  });

  it('ten parallel identical submits make one escalation; NUL in the text is refused', async () => {
    const { planId } = await planWithTafMember();
    const form = await teacher.get(`/escalations/new?plan=${planId}`);
    const nul = await teacher.post('/escalations/new', {
      submissionKey: keyOf(form.body),
      plan: planId,
      stage: 'practitioners',
      asked: 'bad\u0000byte',
    });
    expect(nul.statusCode).toBe(400);
    expect(await escalationsAbout(planId)).toEqual([]);
    const again = await teacher.get(`/escalations/new?plan=${planId}`);
    const key = keyOf(again.body);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        teacher.post('/escalations/new', { submissionKey: key, plan: planId, stage: 'practitioners', asked: 'Once' }),
      ),
    );
    expect(answers.every((a) => a.statusCode === 303 || a.statusCode === 409)).toBe(true);
    expect(await escalationsAbout(planId)).toHaveLength(1);
  });
});
