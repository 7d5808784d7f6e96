import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { addDays, todayInLondon } from '../../src/modules/early-help/plan/rules.ts';
import { agreeFamilySolutions, hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** Issue 17, item 11: a plan's goals and actions can be changed or removed; the family signs again only then. */

let t: TestApp;
let worker: TestClient;
const today = todayInLondon();
const parts = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: d!, [`${name}-month`]: m!, [`${name}-year`]: y! };
};

beforeAll(async () => {
  t = await createTestApp();
  worker = new TestClient(t.app);
  await worker.get('/sign-in');
  await worker.post('/sign-in', { email: 'fs.worker@essex.example', password: DEMO_PASSWORD });
});
afterAll(() => t?.close());

async function planWithAction(surname: string) {
  const fsWorker = await userByEmail(t.services, 'fs.worker@essex.example');
  const item = await hubWorkItem(t.services, {
    kind: 'family-solutions',
    surname,
    children: ['Ellie'],
    parent: 'Lauren',
  });
  const actor = { userId: fsWorker.id, label: 'set-up' };
  const { episodeId } = await t.services.earlyHelp.startFromWorkItem(actor, fsWorker, item.id, item.version);
  await agreeFamilySolutions(t.services, fsWorker, episodeId);
  const plans = t.services.plans;
  const planId = await plans.startPlan(actor, fsWorker, episodeId, { startDate: today });
  let plan = (await plans.repository.plan(planId))!;
  const goalId = await plans.addGoal(actor, fsWorker, planId, plan.version, {
    needId: null,
    area: 'education',
    description: 'Ellie gets to school every day',
    startScore: 3,
  });
  const lauren = (
    await t.services.earlyHelp.membersOf((await t.services.earlyHelp.episodeRow(episodeId))!.family_id)
  ).find((m) => m.first_name === 'Lauren')!;
  plan = (await plans.repository.plan(planId))!;
  const actionId = await plans.addAction(actor, fsWorker, planId, plan.version, {
    goalId,
    description: 'Walk Ellie to school',
    who: { kind: 'family-member', memberId: lauren.id },
    dueDate: addDays(today, 14),
  });
  return { planId, goalId, actionId, lauren, episodeId };
}
const plan = async (id: string) => (await t.services.plans.repository.plan(id))!;

describe('changing and removing a plan’s goals and actions', () => {
  it('changes an action’s words, who and when (the family signs again), keeps what was typed on a bad date', async () => {
    const p = await planWithAction('Changing');
    const path = `/early-help/plans/${p.planId}/actions/${p.actionId}/change`;
    const form = await worker.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Walk Ellie to school');
    const before = await plan(p.planId);
    const action = (await t.services.plans.repository.action(p.actionId))!;
    const bad = await worker.post(path, {
      version: String(action.version),
      goalId: p.goalId,
      description: 'Walk Ellie to school on Mondays',
      whoKind: 'family-member',
      memberId: p.lauren.id,
      userId: '',
      serviceWords: '',
      serviceId: '',
      step: 'save',
      ...parts('dueDate', addDays(today, -30)),
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)[0]).toMatch(/on or after the day the plan started/);
    expect(bad.body).toContain('Walk Ellie to school on Mondays');
    const saved = await worker.post(path, {
      version: String(action.version),
      goalId: p.goalId,
      description: 'Walk Ellie to school on Mondays',
      whoKind: 'family-member',
      memberId: p.lauren.id,
      userId: '',
      serviceWords: '',
      serviceId: '',
      step: 'save',
      ...parts('dueDate', addDays(today, 21)),
    });
    expect(saved.statusCode).toBe(303);
    const after = (await t.services.plans.repository.action(p.actionId))!;
    expect([after.description, after.due_date]).toEqual(['Walk Ellie to school on Mondays', addDays(today, 21)]);
    expect((await plan(p.planId)).content_version).toBe(before.content_version + 1);
  });

  it('removes an action and a goal added by mistake, and refuses to remove a goal that still has actions', async () => {
    const p = await planWithAction('Removing');
    const goalPath = `/early-help/plans/${p.planId}/goals/${p.goalId}`;
    expect((await worker.get(`${goalPath}/change`)).statusCode).toBe(200);
    const refused = await worker.post(`${goalPath}/remove`, { version: String((await plan(p.planId)).version) });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual(['Remove or move this goal’s actions first']);

    const changedGoal = await worker.post(`${goalPath}/change`, {
      version: String((await plan(p.planId)).version),
      description: 'Ellie is at school on time every day',
    });
    expect(changedGoal.statusCode).toBe(303);
    expect((await t.services.plans.repository.goals(p.planId))[0]!.description).toBe(
      'Ellie is at school on time every day',
    );
    const empty = await worker.post(`${goalPath}/change`, {
      version: String((await plan(p.planId)).version),
      description: ' ',
    });
    expect(errorSummary(empty.body)).toEqual(['Enter the goal, in the family’s words where you can']);

    const action = (await t.services.plans.repository.action(p.actionId))!;
    const removed = await worker.post(`/early-help/plans/${p.planId}/actions/${p.actionId}/remove`, {
      version: String(action.version),
    });
    expect(removed.statusCode).toBe(303);
    expect(await t.services.plans.repository.action(p.actionId)).toBeUndefined();
    const goalRemoved = await worker.post(`${goalPath}/remove`, { version: String((await plan(p.planId)).version) });
    expect(goalRemoved.statusCode).toBe(303);
    expect(await t.services.plans.repository.goals(p.planId)).toEqual([]);
  });
});
