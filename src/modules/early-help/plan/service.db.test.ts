import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../../platform/http/types.ts';
import { createTestApp, type TestApp } from '../../../../tests/helpers/test-app.ts';
import { addDays, todayInLondon } from './rules.ts';
import { PlanChangedError, type PlanService } from './service.ts';
import { ClosureRefused, EarlyHelpDenied, EarlyHelpError } from '../service.ts';
import { agreeFamilySolutions, hubWorkItem, userByEmail } from '../test-support.ts';

/** The Early Help Plan against the real early help and directory services, on PGlite and PostgreSQL. */

let t: TestApp;
let plans: PlanService;
let worker: CurrentUser;
let manager: CurrentUser;
let police: CurrentUser;
const actorFor = (u: CurrentUser) => ({ userId: u.id, label: u.email });
const today = todayInLondon();

beforeAll(async () => {
  t = await createTestApp();
  plans = t.services.plans;
  worker = await userByEmail(t.services, 'fs.worker@essex.example');
  manager = await userByEmail(t.services, 'fs.manager@essex.example');
  police = await userByEmail(t.services, 'police@essex.example');
  await t.services.directory.seedDemoServices('essex');
});
afterAll(() => t?.close());

/** A Family Solutions family the worker has taken on, with a plan; `daysAgo` backdates the episode and the plan's start. */
async function familyWithPlan(surname: string, daysAgo = 0) {
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
const planRow = async (id: string) => (await plans.repository.plan(id))!;
/** The plan page's record, with its plan. */
async function viewOf(planId: string) {
  const view = await plans.forPlan(worker, planId);
  if (!view || !('goals' in view)) throw new Error('No plan');
  return view;
}

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

describe('sign-off', () => {
  it('records each adult against the content version shown, refuses a plan that changed since, and a child unless appropriate', async () => {
    const { planId, record } = await familyWithPlan('Signing');
    let plan = await planRow(planId);
    await plans.addGoal(actorFor(worker), worker, planId, plan.version, {
      needId: null,
      area: 'education',
      description: 'School every day',
      startScore: 3,
    });
    plan = await planRow(planId);
    const kerry = record.currentMembers.find((m) => m.first_name === 'Kerry')!;
    const jayden = record.currentMembers.find((m) => m.first_name === 'Jayden')!;
    const shown = plan.content_version;

    await plans.signOff(actorFor(worker), worker, planId, {
      contentVersion: shown,
      memberId: kerry.id,
      childAppropriate: false,
      typedName: 'Kerry Signing',
      signedOn: today,
    });
    await expect(
      plans.signOff(actorFor(worker), worker, planId, {
        contentVersion: shown,
        memberId: kerry.id,
        childAppropriate: false,
        typedName: 'Kerry Signing',
        signedOn: today,
      }),
    ).rejects.toThrow('Kerry Signing has already signed this version of the plan');
    await expect(
      plans.signOff(actorFor(worker), worker, planId, {
        contentVersion: shown,
        memberId: jayden.id,
        childAppropriate: false,
        typedName: 'jayden  SIGNING ',
        signedOn: today,
      }),
    ).rejects.toThrow('Confirm that it is appropriate for Jayden to sign the plan, or choose an adult');
    await expect(
      plans.signOff(actorFor(worker), worker, planId, {
        contentVersion: shown,
        memberId: kerry.id,
        childAppropriate: false,
        typedName: 'Kerry Signing',
        signedOn: addDays(today, 1),
      }),
    ).rejects.toBeInstanceOf(EarlyHelpError);

    // The plan changes: a sign-off for what was shown before is refused, and nothing is saved.
    await plans.addGoal(actorFor(worker), worker, planId, plan.version, {
      needId: null,
      area: 'housing',
      description: 'Rent paid',
      startScore: 2,
    });
    const refused = plans.signOff(actorFor(worker), worker, planId, {
      contentVersion: shown,
      memberId: jayden.id,
      childAppropriate: true,
      typedName: 'jayden  SIGNING ',
      signedOn: today,
    });
    await expect(refused).rejects.toBeInstanceOf(PlanChangedError);
    await expect(refused).rejects.toThrow(/The plan has changed since it was shown to the family/);
    expect((await plans.repository.signOffs(planId)).map((s) => [s.family_member_id, s.content_version])).toEqual([
      [kerry.id, shown],
    ]);

    const view = await viewOf(planId);
    expect(view.signers.find((s) => s.id === kerry.id)!.status.state).toBe('earlier');
    expect(view.agreedByAllAdults).toBe(false);
    await plans.signOff(actorFor(worker), worker, planId, {
      contentVersion: shown + 1,
      memberId: kerry.id,
      childAppropriate: false,
      typedName: 'Kerry Signing',
      signedOn: today,
    });
    await plans.signOff(actorFor(worker), worker, planId, {
      contentVersion: shown + 1,
      memberId: jayden.id,
      childAppropriate: true,
      typedName: 'jayden  SIGNING ',
      signedOn: today,
    });
    expect((await viewOf(planId)).agreedByAllAdults).toBe(true);
  });
});

describe('reviews and closure', () => {
  it('records a review with a score per goal, and lists overdue reviews for the worker and their manager only', async () => {
    const overdue = await familyWithPlan('Overdue', 70);
    const onTime = await familyWithPlan('OnTime', 7);
    let plan = await planRow(overdue.planId);
    expect(plan.next_review_date).toBe(addDays(today, -28));
    await plans.addGoal(actorFor(worker), worker, overdue.planId, plan.version, {
      needId: null,
      area: 'education',
      description: 'School every day',
      startScore: 3,
    });

    const mine = await plans.overdueReviews(actorFor(worker), worker);
    expect(mine.mine.map((r) => r.id)).toContain(overdue.planId);
    expect(mine.mine.map((r) => r.id)).not.toContain(onTime.planId);
    expect(mine.mine.find((r) => r.id === overdue.planId)!.daysOverdue).toBe(28);
    const team = await plans.overdueReviews(actorFor(manager), manager);
    expect(team.managesTeam).toBe(true);
    expect(team.team.map((r) => r.id)).toContain(overdue.planId);
    const other = await plans.overdueReviews(actorFor(police), police);
    expect([...other.mine, ...other.team]).toEqual([]);

    plan = await planRow(overdue.planId);
    const goal = (await plans.repository.goals(overdue.planId))[0]!;
    await expect(
      plans.recordReview(actorFor(worker), worker, overdue.planId, plan.version, {
        reviewDate: today,
        scores: { [goal.id]: 12 },
        whatChanged: 'Better',
        nextReviewDate: addDays(today, 42),
      }),
    ).rejects.toThrow('The score for goal 1 must be a whole number from 0 to 10');
    await expect(
      plans.recordReview(actorFor(worker), worker, overdue.planId, plan.version, {
        reviewDate: today,
        scores: { [goal.id]: 6 },
        whatChanged: 'Better',
        nextReviewDate: today,
      }),
    ).rejects.toThrow('The next review must be after this one');
    await plans.recordReview(actorFor(worker), worker, overdue.planId, plan.version, {
      reviewDate: today,
      scores: { [goal.id]: 6 },
      whatChanged: 'Jayden has been in school every day for three weeks.',
      nextReviewDate: addDays(today, 42),
    });
    expect((await planRow(overdue.planId)).next_review_date).toBe(addDays(today, 42));
    expect((await plans.overdueReviews(actorFor(worker), worker)).mine.map((r) => r.id)).not.toContain(overdue.planId);
    const view = await viewOf(overdue.planId);
    expect(view.chart.lines[0]!.values).toEqual([3, 6]);
  });

  it('refuses to close an episode with open actions, naming them, and closes once they are done or dropped', async () => {
    const { planId, episodeId, record } = await familyWithPlan('Closing');
    let plan = await planRow(planId);
    const goalId = await plans.addGoal(actorFor(worker), worker, planId, plan.version, {
      needId: null,
      area: 'education',
      description: 'School every day',
      startScore: 3,
    });
    plan = await planRow(planId);
    const actionId = await plans.addAction(actorFor(worker), worker, planId, plan.version, {
      goalId,
      description: 'Walk Jayden to school',
      who: { kind: 'practitioner', userId: worker.id },
      dueDate: addDays(today, 7),
    });
    const outcomes = Object.fromEntries(record.episode.needs.map((n) => [n.id, 'achieved']));
    const episodeVersion = (await t.services.earlyHelp.episodeRow(episodeId))!.version;

    const refused = t.services.earlyHelp.close(actorFor(worker), worker, episodeId, episodeVersion, {
      reason: 'needs-met',
      outcomes,
    });
    await expect(refused).rejects.toBeInstanceOf(ClosureRefused);
    await expect(refused).rejects.toThrow(
      /“Walk Jayden to school” \(Jo Carter \(Essex County Council\), by .*\) is still to do: mark it done or dropped on the plan before closing/,
    );
    expect((await t.services.earlyHelp.episodeRow(episodeId))!.status).toBe('open');
    expect((await plans.repository.action(actionId))!.status).toBe('open');

    await plans.setActionStatus(actorFor(worker), worker, planId, actionId, 1, 'dropped');
    await t.services.earlyHelp.close(actorFor(worker), worker, episodeId, episodeVersion, {
      reason: 'needs-met',
      outcomes,
    });
    expect((await t.services.earlyHelp.episodeRow(episodeId))!.status).toBe('closed');
    expect((await plans.repository.action(actionId))!.status).toBe('dropped');
    await expect(
      plans.addGoal(actorFor(worker), worker, planId, (await planRow(planId)).version, {
        needId: null,
        area: 'education',
        description: 'x',
        startScore: 1,
      }),
    ).rejects.toThrow('This episode has been closed: its plan can no longer change');
  });
});

describe('sign-off lapses only when what the family agreed changes (issue 17, item 11)', () => {
  it('keeps a sign-off when an action is done, refuses a typed name that is not the person chosen', async () => {
    const { planId, record } = await familyWithPlan('Kept');
    let plan = await planRow(planId);
    const goalId = await plans.addGoal(actorFor(worker), worker, planId, plan.version, {
      needId: null,
      area: 'education',
      description: 'School every day',
      startScore: 3,
    });
    plan = await planRow(planId);
    const kerry = record.currentMembers.find((m) => m.first_name === 'Kerry')!;
    const actionId = await plans.addAction(actorFor(worker), worker, planId, plan.version, {
      goalId,
      description: 'Walk to school',
      who: { kind: 'family-member', memberId: kerry.id },
      dueDate: addDays(today, 7),
    });
    plan = await planRow(planId);
    const sign = (typedName: string) =>
      plans.signOff(actorFor(worker), worker, planId, {
        contentVersion: plan.content_version,
        memberId: kerry.id,
        childAppropriate: false,
        typedName,
        signedOn: today,
      });
    await expect(sign('Jayden Kept')).rejects.toThrow('The name they sign with must be Kerry Kept');
    await expect(sign('Kerry')).rejects.toThrow('The name they sign with must be Kerry Kept');
    await sign('  kerry   KEPT ');
    const action = (await plans.repository.action(actionId))!;
    await plans.setActionStatus(actorFor(worker), worker, planId, actionId, action.version, 'done');
    const view = await viewOf(planId);
    expect(view.signers.find((s) => s.id === kerry.id)!.status.state).toBe('signed');
  });
});
