import type { AuditActor } from '../../../platform/audit/audit.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import { type Principal } from '../../../platform/permissions/policy.ts';
import { EarlyHelpError, FAMILY_RECORD_TYPE } from '../service.ts';
import { PlanActions } from './actions.ts';
import { dueDateProblem } from './rules.ts';
import { type ActionInput, WHO_KIND } from './types.ts';

/**
 * Changing and removing goals and actions (issue 17, item 11). A change to what the family agreed
 * (a goal's words; an action's words, goal, who or when) moves the plan's content version, so their
 * sign-off lapses; saving with nothing changed does not. Removing is for a goal or action added by
 * mistake: one with history (review scores, a TAF meeting's update) is kept and dropped instead.
 */
export class PlanChanges extends PlanActions {
  private async ownAction(planId: string, actionId: string) {
    const action = isUuid(actionId) ? await this.repository.action(actionId) : undefined;
    if (!action || action.plan_id !== planId)
      throw new EarlyHelpError('action', 'There is no such action on this plan');
    return action;
  }

  private async ownGoal(planId: string, goalId: string) {
    const goal = isUuid(goalId) ? (await this.repository.goals(planId)).find((g) => g.id === goalId) : undefined;
    if (!goal) throw new EarlyHelpError('goal', 'There is no such goal on this plan');
    return goal;
  }

  /** The action as it is, for its change form. */
  async actionOf(planId: string, actionId: string) {
    return this.ownAction(planId, actionId);
  }

  /** The action's words, goal, who or when change: the family will need to sign again. */
  async changeAction(
    actor: AuditActor,
    viewer: Principal,
    planId: string,
    actionId: string,
    version: number,
    input: ActionInput,
  ): Promise<{ changed: boolean }> {
    const { plan, episode } = await this.editablePlan(actor, viewer, planId);
    const action = await this.ownAction(plan.id, actionId);
    if (!(await this.repository.goals(plan.id)).some((g) => g.id === input.goalId))
      throw new EarlyHelpError('goalId', 'Select the goal this action helps with');
    const problem = dueDateProblem(input.dueDate, plan.start_date);
    if (problem) throw new EarlyHelpError('dueDate-day', problem);
    const who = await this.whoOf(viewer, episode, input.who);
    const next = {
      goal_id: input.goalId,
      description: input.description.trim(),
      who_kind: WHO_KIND[input.who.kind],
      due_date: input.dueDate,
      ...who,
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => next[k] !== action[k]);
    if (!changed) return { changed };
    await this.db.transaction().execute(async (tx) => {
      await tx.selectFrom('plans').select('id').where('id', '=', plan.id).forUpdate().executeTakeFirst();
      await updateVersioned(
        tx,
        'plan_actions',
        { id: action.id, version, by: actor.userId, what: 'This action' },
        next,
      );
      await this.repository.bumpContent(tx, plan.id, actor.userId);
      await this.audit.record(
        actor,
        {
          action: 'early-help.plan.action-changed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { planId: plan.id, actionId },
        },
        tx,
      );
    });
    return { changed };
  }

  /** Removes an action added by mistake; one a TAF meeting has updated is kept (drop it instead). */
  async removeAction(actor: AuditActor, viewer: Principal, planId: string, actionId: string, version: number) {
    const { plan, episode } = await this.editablePlan(actor, viewer, planId);
    const action = await this.ownAction(plan.id, actionId);
    if (action.version !== version) throw new StaleVersionError('This action');
    await this.db.transaction().execute(async (tx) => {
      await tx.selectFrom('plans').select('id').where('id', '=', plan.id).forUpdate().executeTakeFirst();
      const history = await tx
        .selectFrom('taf_action_updates')
        .select('id')
        .where('action_id', '=', action.id)
        .executeTakeFirst();
      if (history)
        throw new EarlyHelpError(
          'action',
          'A Team Around the Family meeting has updated this action, so it stays on the record: mark it dropped instead',
        );
      const removed = await tx
        .deleteFrom('plan_actions')
        .where('id', '=', action.id)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) !== 1) throw new StaleVersionError('This action');
      await this.repository.bumpContent(tx, plan.id, actor.userId);
      await this.audit.record(
        actor,
        {
          action: 'early-help.plan.action-removed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { planId: plan.id, actionId },
        },
        tx,
      );
    });
  }

  /** A goal's words change (the plan's version guards it): the family will need to sign again. */
  async changeGoal(
    actor: AuditActor,
    viewer: Principal,
    planId: string,
    goalId: string,
    version: number,
    description: string,
  ): Promise<{ changed: boolean }> {
    const { plan, episode } = await this.editablePlan(actor, viewer, planId);
    const goal = await this.ownGoal(plan.id, goalId);
    const words = description.trim();
    if (words === goal.description) return { changed: false };
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'plans', { id: plan.id, version, by: actor.userId, what: 'This plan' }, {});
      await tx.updateTable('plan_goals').set({ description: words }).where('id', '=', goal.id).execute();
      await this.repository.bumpContent(tx, plan.id, actor.userId);
      await this.audit.record(
        actor,
        {
          action: 'early-help.plan.goal-changed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { planId: plan.id, goalId },
        },
        tx,
      );
    });
    return { changed: true };
  }

  /** Removes a goal added by mistake: only one with no actions and no review scores. */
  async removeGoal(actor: AuditActor, viewer: Principal, planId: string, goalId: string, version: number) {
    const { plan, episode } = await this.editablePlan(actor, viewer, planId);
    const goal = await this.ownGoal(plan.id, goalId);
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'plans', { id: plan.id, version, by: actor.userId, what: 'This plan' }, {});
      const [action, score] = await Promise.all([
        tx.selectFrom('plan_actions').select('id').where('goal_id', '=', goal.id).executeTakeFirst(),
        tx.selectFrom('plan_review_scores').select('goal_id').where('goal_id', '=', goal.id).executeTakeFirst(),
      ]);
      if (action) throw new EarlyHelpError('goal', 'Remove or move this goal’s actions first');
      if (score) throw new EarlyHelpError('goal', 'This goal has been scored at a review, so it stays on the record');
      await tx.deleteFrom('plan_goals').where('id', '=', goal.id).execute();
      await this.repository.bumpContent(tx, plan.id, actor.userId);
      await this.audit.record(
        actor,
        {
          action: 'early-help.plan.goal-removed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { planId: plan.id, goalId },
        },
        tx,
      );
    });
  }
}
