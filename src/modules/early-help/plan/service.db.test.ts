import { describe, expect, it } from 'vitest';
import { addDays } from './rules.ts';
import { EarlyHelpDenied } from '../service.ts';
import { agreeFamilySolutions, hubWorkItem } from '../test-support.ts';
import {
  t,
  plans,
  worker,
  police,
  actorFor,
  today,
  familyWithPlan,
  planRow,
  viewOf,
  usePlanFixture,
} from './plan.test-support.ts';

usePlanFixture();
describe('a plan and its versions', () => {
  it('starts with the review a cadence later; adding goals or actions moves the content version, progress does not', async () => {
    const { planId, record } = await familyWithPlan('Versions');
    let plan = await planRow(planId);
    expect(plan).toMatchObject({ start_date: today, next_review_date: addDays(today, 42), content_version: 1 });
    const need = record.episode.needs[0]!;

    const goalId = await plans.addGoal(actorFor(worker), worker, planId, plan.version, {
      needId: need.id,
      area: '',
      description: 'Jayden gets to school every day',
      startScore: 3,
    });
    plan = await planRow(planId);
    expect(plan.content_version).toBe(2);
    const kerry = record.currentMembers.find((m) => m.name === 'Kerry Smith' || m.first_name === 'Kerry')!;
    const actionId = await plans.addAction(actorFor(worker), worker, planId, plan.version, {
      goalId,
      description: 'Walk Jayden to school',
      who: { kind: 'family-member', memberId: kerry.id },
      dueDate: addDays(today, 14),
    });
    plan = await planRow(planId);
    expect(plan.content_version).toBe(3);

    const action = (await plans.repository.action(actionId))!;
    expect(action).toMatchObject({ who_kind: 'family-member', who_name: 'Kerry Versions', status: 'open' });
    await plans.setActionStatus(actorFor(worker), worker, planId, actionId, action.version, 'done');
    // Done is progress, not a change to what the family agreed: the content version (and a sign-off) stands.
    expect((await planRow(planId)).content_version).toBe(3);
    expect((await planRow(planId)).version).toBe(plan.version + 1);
    // A stale edit: the action was at version 1 when the worker opened it.
    await expect(
      plans.setActionStatus(actorFor(worker), worker, planId, actionId, action.version, 'dropped'),
    ).rejects.toThrow('This action was changed by someone else');
    // A goal from a need takes the need's outcome area.
    const view = await viewOf(planId);
    expect(view.goals.map((g) => [g.description, g.outcome_area])).toEqual([
      ['Jayden gets to school every day', need.outcome_area],
    ]);
    const events = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'like', 'early-help.plan.%')
      .execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'early-help.plan.started',
        'early-help.plan.goal-added',
        'early-help.plan.action-added',
        'early-help.plan.action-status',
      ]),
    );
  });

  it('refuses an action due before the plan started, a score outside 0-10, a second plan, and an uninvolved editor', async () => {
    const { planId, episodeId, record } = await familyWithPlan('Refusals');
    const plan = await planRow(planId);
    await expect(
      plans.addGoal(actorFor(worker), worker, planId, plan.version, {
        needId: null,
        area: 'housing',
        description: 'A safe home',
        startScore: 11,
      }),
    ).rejects.toThrow('The score must be a whole number from 0 to 10');
    const goalId = await plans.addGoal(actorFor(worker), worker, planId, plan.version, {
      needId: null,
      area: 'housing',
      description: 'A safe home',
      startScore: 2,
    });
    const current = await planRow(planId);
    await expect(
      plans.addAction(actorFor(worker), worker, planId, current.version, {
        goalId,
        description: 'Call the landlord',
        who: { kind: 'practitioner', userId: worker.id },
        dueDate: addDays(today, -1),
      }),
    ).rejects.toThrow(/on or after the day the plan started/);
    await expect(
      plans.addAction(actorFor(worker), worker, planId, plan.version, {
        goalId,
        description: 'Call the landlord',
        who: { kind: 'practitioner', userId: worker.id },
        dueDate: today,
      }),
    ).rejects.toThrow('This plan was changed by someone else');
    await expect(
      plans.addAction(actorFor(worker), worker, planId, current.version, {
        goalId,
        description: 'Call the landlord',
        who: { kind: 'practitioner', userId: police.id },
        dueDate: today,
      }),
    ).rejects.toThrow('Select a practitioner working with the family');
    await expect(plans.startPlan(actorFor(worker), worker, episodeId, { startDate: today })).rejects.toThrow(
      'This family’s plan has already been started',
    );
    await expect(
      plans.addGoal(actorFor(police), police, planId, current.version, {
        needId: null,
        area: 'housing',
        description: 'x',
        startScore: 1,
      }),
    ).rejects.toBeInstanceOf(EarlyHelpDenied);
    expect(record.episode.id).toBe(episodeId);
    expect((await plans.repository.goals(planId)).length).toBe(1);
  });

  it('takes a service from the Directory of Services as who will do an action', async () => {
    const { planId } = await familyWithPlan('Directory');
    let plan = await planRow(planId);
    const goalId = await plans.addGoal(actorFor(worker), worker, planId, plan.version, {
      needId: null,
      area: 'education',
      description: 'Calmer mornings',
      startScore: 4,
    });
    const found = (await t.services.directory.search({ words: 'parenting', pageSize: 1 }, worker)).services[0];
    expect(found).toBeDefined();
    plan = await planRow(planId);
    const actionId = await plans.addAction(actorFor(worker), worker, planId, plan.version, {
      goalId,
      description: 'Go to a parenting course',
      who: { kind: 'service', serviceId: found!.id },
      dueDate: addDays(today, 30),
    });
    expect(await plans.repository.action(actionId)).toMatchObject({
      who_kind: 'service',
      directory_service_id: found!.id,
      who_name: `${found!.name} (${found!.organisationName})`,
    });
  });
});

describe('the Family Solutions family agreement', () => {
  it('comes before any work: goals and actions are refused until it is recorded', async () => {
    const item = await hubWorkItem(t.services, {
      kind: 'family-solutions',
      surname: 'Agreeless',
      children: ['Mo'],
      parent: 'Sam',
    });
    const { episodeId } = await t.services.earlyHelp.startFromWorkItem(actorFor(worker), worker, item.id, item.version);
    const planId = await plans.startPlan(actorFor(worker), worker, episodeId, { startDate: today });
    const plan = await planRow(planId);
    const goal = { needId: null, area: 'education', description: 'Mo gets to school', startScore: 2 };
    await expect(plans.addGoal(actorFor(worker), worker, planId, plan.version, goal)).rejects.toThrow(
      'Record the family agreement before starting work with this family',
    );
    expect(await plans.repository.goals(planId)).toEqual([]);
    await agreeFamilySolutions(t.services, worker, episodeId);
    await plans.addGoal(actorFor(worker), worker, planId, plan.version, goal);
    expect(await plans.repository.goals(planId)).toHaveLength(1);
  });
});
