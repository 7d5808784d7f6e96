/** Signing the Early Help Plan (each adult against the content version they saw), reviews and closure (fixture: plan.test-support.ts). */
import { describe, expect, it } from 'vitest';
import { addDays } from './rules.ts';
import { PlanChangedError } from './service.ts';
import { ClosureRefused, EarlyHelpError } from '../service.ts';
import {
  t,
  plans,
  worker,
  manager,
  police,
  actorFor,
  today,
  familyWithPlan,
  planRow,
  viewOf,
  usePlanFixture,
} from './plan.test-support.ts';

usePlanFixture();

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
