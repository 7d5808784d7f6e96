import { afterAll, beforeAll } from 'vitest';
import type { CurrentUser } from '../../../platform/http/types.ts';
import { createTestApp, type TestApp } from '../../../../tests/helpers/test-app.ts';
import { addDays, todayInLondon } from './rules.ts';
import { type PlanService } from './service.ts';
import { agreeFamilySolutions, hubWorkItem, userByEmail } from '../test-support.ts';

/** The Early Help Plan against the real early help and directory services, on PGlite and PostgreSQL. */

export let t: TestApp;
export let plans: PlanService;
export let worker: CurrentUser;
export let manager: CurrentUser;
export let police: CurrentUser;
export const actorFor = (u: CurrentUser) => ({ userId: u.id, label: u.email });
export const today = todayInLondon();

export function usePlanFixture() {
  beforeAll(async () => {
    t = await createTestApp();
    plans = t.services.plans;
    worker = await userByEmail(t.services, 'fs.worker@essex.example');
    manager = await userByEmail(t.services, 'fs.manager@essex.example');
    police = await userByEmail(t.services, 'police@essex.example');
    await t.services.directory.seedDemoServices('essex');
  });
  afterAll(() => t?.close());
}

/** A Family Solutions family the worker has taken on, with a plan; `daysAgo` backdates the episode and the plan's start. */
export async function familyWithPlan(surname: string, daysAgo = 0) {
  const item = await hubWorkItem(t.services, {
    kind: 'family-solutions',
    surname,
    children: ['Jayden'],
    parent: 'Kerry',
  });
  const { familyId, episodeId } = await t.services.earlyHelp.startFromWorkItem(
    actorFor(worker),
    worker,
    item.id,
    item.version,
  );
  if (daysAgo)
    await t.database.db
      .updateTable('episodes')
      .set({ opened_at: new Date(Date.now() - (daysAgo + 1) * 86_400_000) })
      .where('id', '=', episodeId)
      .execute();
  const planId = await plans.startPlan(actorFor(worker), worker, episodeId, { startDate: addDays(today, -daysAgo) });
  await agreeFamilySolutions(t.services, worker, episodeId);
  const record = (await plans.forEpisode(worker, episodeId))!;
  return { familyId, episodeId, planId, record };
}
export const planRow = async (id: string) => (await plans.repository.plan(id))!;
/** The plan page's record, with its plan. */
export async function viewOf(planId: string) {
  const view = await plans.forPlan(worker, planId);
  if (!view || !('goals' in view)) throw new Error('No plan');
  return view;
}
