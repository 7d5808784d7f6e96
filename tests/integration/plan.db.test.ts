import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { addDays, todayInLondon } from '../../src/modules/early-help/plan/rules.ts';
import { agreeFamilySolutions, hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** Early Help Plan pages over HTTP: every bad input answered with a message on the form, never a 500. */

let t: TestApp;
let worker: TestClient;
const today = todayInLondon();
const parts = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: d!, [`${name}-month`]: m!, [`${name}-year`]: y! };
};

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

/** A family the worker has taken on, with a plan started today and one goal (start score 3). */
async function planWithGoal(surname: string) {
  const fsWorker = await userByEmail(t.services, 'fs.worker@essex.example');
  const item = await hubWorkItem(t.services, {
    kind: 'family-solutions',
    surname,
    children: ['Ellie'],
    parent: 'Lauren',
  });
  const { episodeId, familyId } = await t.services.earlyHelp.startFromWorkItem(
    { userId: fsWorker.id, label: 'set-up' },
    fsWorker,
    item.id,
    item.version,
  );
  await agreeFamilySolutions(t.services, fsWorker, episodeId);
  const planPage = `/early-help/episodes/${episodeId}/plan`;
  expect((await worker.get(planPage)).body).toContain('Start the plan');
  const started = await worker.post(planPage, parts('startDate', today));
  expect(started.statusCode).toBe(303);
  const plan = (await t.services.plans.repository.planOfEpisode(episodeId))!;
  await worker.get(`/early-help/plans/${plan.id}/goals/new`);
  const goal = await worker.post(`/early-help/plans/${plan.id}/goals/new`, {
    version: String(plan.version),
    source: 'typed',
    area: 'education',
    description: 'Ellie gets to school every day',
    startScore: '3',
  });
  expect(goal.statusCode).toBe(303);
  const goalId = (await t.services.plans.repository.goals(plan.id))[0]!.id;
  return { episodeId, familyId, planId: plan.id, goalId, planPage };
}
const planVersion = async (id: string) => (await t.services.plans.repository.plan(id))!;

beforeAll(async () => {
  t = await createTestApp();
  worker = await signedIn('fs.worker@essex.example');
});
afterAll(() => t?.close());

describe('who gets in', () => {
  it('shows the plan to the family’s workers only, and 404s unknown plans', async () => {
    const { planPage, planId } = await planWithGoal('Access');
    expect((await worker.get(planPage)).statusCode).toBe(200);
    const police = await signedIn('police@essex.example');
    expect((await police.get(planPage)).statusCode).toBe(403);
    expect((await police.get(`/early-help/plans/${planId}/print`)).statusCode).toBe(403);
    expect((await police.get(`/early-help/plans/${planId}/goals/new`)).statusCode).toBe(403);
    expect((await worker.get(`/early-help/plans/${newId()}/print`)).statusCode).toBe(404);
    expect((await worker.get('/early-help/plans/nope/sign')).statusCode).toBe(404);
    const analyst = await signedIn('analyst@essex.example');
    expect((await analyst.get('/early-help/reviews')).statusCode).toBe(403);
  });
});

describe('bad input', () => {
  it('refuses a plan start date that is not a date or is before early help opened', async () => {
    const fsWorker = await userByEmail(t.services, 'fs.worker@essex.example');
    const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Early', children: ['Ava'] });
    const { episodeId } = await t.services.earlyHelp.startFromWorkItem(
      { userId: fsWorker.id, label: 'set-up' },
      fsWorker,
      item.id,
      item.version,
    );
    const page = `/early-help/episodes/${episodeId}/plan`;
    await worker.get(page);
    const notDate = await worker.post(page, {
      'startDate-day': '31',
      'startDate-month': '2',
      'startDate-year': '2026',
    });
    expect(notDate.statusCode).toBe(400);
    expect(errorSummary(notDate.body)).toEqual(['The date the plan starts must be a real date, like 27 3 2026']);
    const before = await worker.post(page, parts('startDate', addDays(today, -3)));
    expect(before.statusCode).toBe(400);
    expect(errorSummary(before.body)[0]).toMatch(/^The plan cannot start before early help opened on /);
  });

  it('refuses an action due before the plan started, keeping what was typed', async () => {
    const { planId, goalId } = await planWithGoal('Due');
    const plan = await planVersion(planId);
    await worker.get(`/early-help/plans/${planId}/actions/new`);
    const fsWorker = await userByEmail(t.services, 'fs.worker@essex.example');
    const response = await worker.post(`/early-help/plans/${planId}/actions/new`, {
      version: String(plan.version),
      goalId,
      description: 'Call the school every Monday',
      whoKind: 'practitioner',
      userId: fsWorker.id,
      memberId: '',
      serviceWords: '',
      serviceId: '',
      step: 'save',
      ...parts('dueDate', addDays(today, -1)),
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)[0]).toMatch(
      /^The date the action is due must be on or after the day the plan started/,
    );
    expect(response.body).toContain('Call the school every Monday');
    const missing = await worker.post(`/early-help/plans/${planId}/actions/new`, {
      version: String(plan.version),
      goalId,
      description: '',
      whoKind: '',
      step: 'save',
    });
    expect(errorSummary(missing.body)).toEqual([
      'Enter what will be done',
      'Select who will do it',
      'Enter the date the action is due',
    ]);
    const noService = await worker.post(`/early-help/plans/${planId}/actions/new`, {
      version: String(plan.version),
      goalId,
      description: 'Course',
      whoKind: 'service',
      serviceId: newId(),
      step: 'save',
      ...parts('dueDate', today),
    });
    expect(errorSummary(noService.body)).toEqual([
      'Search for a service and select one from the Directory of Services',
    ]);
    const noWords = await worker.post(`/early-help/plans/${planId}/actions/new`, {
      version: String(plan.version),
      step: 'find',
      serviceWords: '',
    });
    expect(errorSummary(noWords.body)).toEqual(['Enter words to search the Directory of Services for, like parenting']);
    expect((await t.services.plans.repository.actions(planId)).length).toBe(0);
  });

  it('refuses a score outside 0-10 for a goal and at a review', async () => {
    const { planId, goalId } = await planWithGoal('Scores');
    let plan = await planVersion(planId);
    await worker.get(`/early-help/plans/${planId}/goals/new`);
    for (const score of ['11', '-2', '4.5', 'ten']) {
      const response = await worker.post(`/early-help/plans/${planId}/goals/new`, {
        version: String(plan.version),
        source: 'typed',
        area: 'housing',
        description: 'Rent paid on time',
        startScore: score,
      });
      expect(response.statusCode).toBe(400);
      expect(errorSummary(response.body)).toEqual([
        'The score for where the family are now must be a whole number from 0 to 10',
      ]);
    }
    plan = await planVersion(planId);
    await worker.get(`/early-help/plans/${planId}/reviews/new`);
    const review = await worker.post(`/early-help/plans/${planId}/reviews/new`, {
      version: String(plan.version),
      ...parts('reviewDate', today),
      ...parts('nextReviewDate', addDays(today, 42)),
      whatChanged: 'Better mornings.',
      [`score-${goalId}`]: '15',
    });
    expect(review.statusCode).toBe(400);
    expect(errorSummary(review.body)).toEqual(['The score for goal 1 must be a whole number from 0 to 10']);
    expect(review.body).toContain('Better mornings.');
    const future = await worker.post(`/early-help/plans/${planId}/reviews/new`, {
      version: String(plan.version),
      ...parts('reviewDate', addDays(today, 2)),
      ...parts('nextReviewDate', addDays(today, 42)),
      whatChanged: 'Better.',
      [`score-${goalId}`]: '5',
    });
    expect(errorSummary(future.body)).toEqual(['The date of the review must be today or in the past']);
    expect((await t.services.plans.repository.reviews(planId)).length).toBe(0);
  });

  it('refuses signing a plan that changed since it was shown, and shows the plan as it is now', async () => {
    const { planId, episodeId } = await planWithGoal('Stale');
    const record = (await t.services.plans.forEpisode(
      await userByEmail(t.services, 'fs.worker@essex.example'),
      episodeId,
    ))!;
    const lauren = record.currentMembers.find((m) => m.first_name === 'Lauren')!;
    const signPage = await worker.get(`/early-help/plans/${planId}/sign`);
    const shown = /name="contentVersion" value="(\d+)"/.exec(signPage.body)![1]!;
    // Meanwhile someone adds a goal.
    const plan = await planVersion(planId);
    const other = await signedIn('fs.worker@essex.example');
    await other.get(`/early-help/plans/${planId}/goals/new`);
    expect(
      (
        await other.post(`/early-help/plans/${planId}/goals/new`, {
          version: String(plan.version),
          source: 'typed',
          area: 'housing',
          description: 'Rent paid on time',
          startScore: '2',
        })
      ).statusCode,
    ).toBe(303);

    const stale = await worker.post(`/early-help/plans/${planId}/sign`, {
      contentVersion: shown,
      memberId: lauren.id,
      typedName: 'Lauren Stale',
      ...parts('signedOn', today),
    });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)).toEqual([
      'The plan has changed since it was shown to the family. Nothing has been saved: go through the plan as it is now with them, then ask them to sign it again',
    ]);
    expect(stale.body).toContain('Rent paid on time');
    expect(stale.body).toContain(`name="contentVersion" value="${Number(shown) + 1}"`);
    expect((await t.services.plans.repository.signOffs(planId)).length).toBe(0);

    const child = record.currentMembers.find((m) => m.first_name === 'Ellie')!;
    const childRefused = await worker.post(`/early-help/plans/${planId}/sign`, {
      contentVersion: String(Number(shown) + 1),
      memberId: child.id,
      typedName: 'Ellie Stale',
      ...parts('signedOn', today),
    });
    expect(errorSummary(childRefused.body)).toEqual([
      'Confirm that it is appropriate for Ellie to sign the plan, or choose an adult',
    ]);
    const signed = await worker.post(`/early-help/plans/${planId}/sign`, {
      contentVersion: String(Number(shown) + 1),
      memberId: lauren.id,
      typedName: 'Lauren Stale',
      ...parts('signedOn', today),
    });
    expect(signed.statusCode).toBe(303);
    expect((await worker.get(`/early-help/episodes/${episodeId}/plan`)).body).toContain(
      'Signed this version as “Lauren Stale”',
    );
  });

  it('refuses to close an episode with open actions, listing them, and loses nothing', async () => {
    const { planId, goalId, episodeId, familyId } = await planWithGoal('Close');
    const fsWorker = await userByEmail(t.services, 'fs.worker@essex.example');
    const plan = await planVersion(planId);
    await worker.get(`/early-help/plans/${planId}/actions/new`);
    expect(
      (
        await worker.post(`/early-help/plans/${planId}/actions/new`, {
          version: String(plan.version),
          goalId,
          description: 'Walk Ellie to school',
          whoKind: 'practitioner',
          userId: fsWorker.id,
          step: 'save',
          ...parts('dueDate', addDays(today, 7)),
        })
      ).statusCode,
    ).toBe(303);
    const episode = (await t.services.earlyHelp.episodeRow(episodeId))!;
    const needs = await t.services.earlyHelp.needsOf([episodeId]);
    await worker.get(`/early-help/episodes/${episodeId}/close`);
    const closing = await worker.post(`/early-help/episodes/${episodeId}/close`, {
      version: String(episode.version),
      reason: 'needs-met',
      ...Object.fromEntries(needs.map((n) => [`outcome-${n.id}`, 'achieved'])),
    });
    expect(closing.statusCode).toBe(400);
    expect(errorSummary(closing.body)[0]).toMatch(
      /^The plan’s action “Walk Ellie to school” \(Jo Carter \(Essex County Council\), by .+\) is still to do: mark it done or dropped on the plan before closing$/,
    );
    expect((await t.services.earlyHelp.episodeRow(episodeId))!.status).toBe('open');

    // Mark it done from the plan page, then closing works.
    const action = (await t.services.plans.repository.actions(planId))[0]!;
    await worker.get(`/early-help/episodes/${episodeId}/plan`);
    const badStatus = await worker.post(`/early-help/plans/${planId}/actions/${action.id}/status`, {
      version: String(action.version),
      status: 'finished',
    });
    expect(badStatus.statusCode).toBe(400);
    expect(errorSummary(badStatus.body)).toEqual(['Select the action’s status']);
    expect(
      (
        await worker.post(`/early-help/plans/${planId}/actions/${action.id}/status`, {
          version: String(action.version),
          status: 'done',
        })
      ).statusCode,
    ).toBe(303);
    const stale = await worker.post(`/early-help/plans/${planId}/actions/${action.id}/status`, {
      version: String(action.version),
      status: 'dropped',
    });
    expect(errorSummary(stale.body)).toEqual([
      'Someone else changed this plan while you were looking at it. Nothing has been saved: check the plan as it is now.',
    ]);
    await worker.get(`/early-help/episodes/${episodeId}/close`);
    expect(
      (
        await worker.post(`/early-help/episodes/${episodeId}/close`, {
          version: String(episode.version),
          reason: 'needs-met',
          ...Object.fromEntries(needs.map((n) => [`outcome-${n.id}`, 'achieved'])),
        })
      ).statusCode,
    ).toBe(303);
    expect((await worker.get(`/families/${familyId}`)).body).toContain('no early help open');
    expect((await worker.get(`/early-help/plans/${planId}/goals/new`)).statusCode).toBe(403);
  });
});

describe('overdue reviews', () => {
  it('lists a worker’s overdue review for them and for the team’s manager', async () => {
    const { planId, episodeId } = await planWithGoal('Late');
    await t.database.db
      .updateTable('plans')
      .set({ start_date: addDays(today, -52), next_review_date: addDays(today, -10) })
      .where('id', '=', planId)
      .execute();
    const mine = await worker.get('/early-help/reviews');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(`/early-help/episodes/${episodeId}/plan`);
    expect(mine.body).toContain('10 days');
    const manager = await signedIn('fs.manager@essex.example');
    const team = await manager.get('/early-help/reviews');
    expect(team.body).toMatch(/Your team’s families[\s\S]*The Late family[\s\S]*Jo Carter/);
    const teacher = await signedIn('teacher@essex.example');
    expect((await teacher.get('/early-help/reviews')).body).not.toContain('The Late family');
  });
});
