import type { AuditActor } from '../../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../../platform/db/errors.ts';
import { newId } from '../../../platform/db/ids.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import { type Principal } from '../../../platform/permissions/policy.ts';
import { addDays, dueDateProblem, formatDate, londonDateOf, nextReviewAfter, todayInLondon } from './rules.ts';
import { EarlyHelpError, FAMILY_RECORD_TYPE } from '../service.ts';
import { type ActionWho, type GoalInput, type ActionInput, WHO_KIND } from './types.ts';
import { PlanReads } from './reads.ts';

/** Starting a plan, and its goals and actions. */
export class PlanGoals extends PlanReads {
  /** Starts the episode's plan on a date no earlier than the episode opened; the first review is a cadence later. */
  async startPlan(actor: AuditActor, viewer: Principal, episodeId: string, input: { startDate: string }) {
    const episode = await this.editable(actor, viewer, episodeId);
    const opened = londonDateOf(episode.opened_at);
    if (input.startDate < opened)
      throw new EarlyHelpError(
        'startDate-day',
        `The plan cannot start before early help opened on ${formatDate(opened)}`,
      );
    if (input.startDate > addDays(todayInLondon(), 366))
      throw new EarlyHelpError('startDate-day', 'The plan must start within the next year');
    const id = newId();
    const nextReview = nextReviewAfter(input.startDate, await this.reviewWeeks());
    try {
      await this.db.transaction().execute(async (tx) => {
        await this.repository.insertPlan(tx, {
          id,
          episode_id: episodeId,
          start_date: input.startDate,
          next_review_date: nextReview,
          created_by: actor.userId,
          updated_by: actor.userId,
        });
        await this.audit.record(
          actor,
          {
            action: 'early-help.plan.started',
            outcome: 'success',
            subjectType: FAMILY_RECORD_TYPE,
            subjectId: episode.family_id,
            details: { episodeId, planId: id },
          },
          tx,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new EarlyHelpError('startDate-day', 'This family’s plan has already been started');
      throw error;
    }
    return id;
  }

  /** A goal from one of the episode's needs (its outcome area comes with it) or typed, with its starting score. */
  async addGoal(actor: AuditActor, viewer: Principal, planId: string, version: number, input: GoalInput) {
    const { plan, episode } = await this.editablePlan(actor, viewer, planId);
    let area = input.area;
    if (input.needId) {
      const need = (await this.deps.earlyHelp.needsOf([episode.id])).find((n) => n.id === input.needId);
      if (!need)
        throw new EarlyHelpError('source', 'Select one of the family’s needs, or that this is a goal of its own');
      area = need.outcome_area;
    } else if (!(await this.deps.reference.outcomeAreas()).some((a) => a.code === area)) {
      throw new EarlyHelpError('area', 'Select the outcome area');
    }
    if (!Number.isInteger(input.startScore) || input.startScore < 0 || input.startScore > 10)
      throw new EarlyHelpError('startScore', 'The score must be a whole number from 0 to 10');
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await this.deps.earlyHelp.checkWorkAllowed(tx, episode.id, 'source');
      await updateVersioned(tx, 'plans', { id: plan.id, version, by: actor.userId, what: 'This plan' }, {});
      await this.repository.bumpContent(tx, plan.id, actor.userId);
      await tx
        .insertInto('plan_goals')
        .values({
          id,
          plan_id: plan.id,
          need_id: input.needId,
          outcome_area: area,
          description: input.description.trim(),
          start_score: input.startScore,
          created_by: actor.userId,
        })
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'early-help.plan.goal-added',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { planId: plan.id, goalId: id, needId: input.needId },
        },
        tx,
      );
    });
    return id;
  }

  /**
   * An action for one goal: what, who (a current member of the family, a practitioner involved now,
   * or a live Directory service), and by when (not before the plan started).
   */
  async addAction(actor: AuditActor, viewer: Principal, planId: string, version: number, input: ActionInput) {
    const { plan, episode } = await this.editablePlan(actor, viewer, planId);
    const goals = await this.repository.goals(plan.id);
    if (!goals.some((g) => g.id === input.goalId))
      throw new EarlyHelpError('goalId', 'Select the goal this action helps with');
    const problem = dueDateProblem(input.dueDate, plan.start_date);
    if (problem) throw new EarlyHelpError('dueDate-day', problem);
    const who = await this.whoOf(viewer, episode, input.who);
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await this.deps.earlyHelp.checkWorkAllowed(tx, episode.id, 'description');
      await updateVersioned(tx, 'plans', { id: plan.id, version, by: actor.userId, what: 'This plan' }, {});
      await this.repository.bumpContent(tx, plan.id, actor.userId);
      await this.repository.insertAction(tx, {
        id,
        plan_id: plan.id,
        goal_id: input.goalId,
        description: input.description.trim(),
        who_kind: WHO_KIND[input.who.kind],
        due_date: input.dueDate,
        created_by: actor.userId,
        updated_by: actor.userId,
        ...who,
      });
      await this.audit.record(
        actor,
        {
          action: 'early-help.plan.action-added',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { planId: plan.id, actionId: id, whoKind: input.who.kind },
        },
        tx,
      );
    });
    return id;
  }

  protected async whoOf(viewer: Principal, episode: { id: string; family_id: string }, who: ActionWho) {
    const none = { family_member_id: null, user_id: null, directory_service_id: null };
    if (who.kind === 'family-member') {
      const member = (await this.deps.earlyHelp.membersOf(episode.family_id)).find(
        (m) => m.id === who.memberId && m.to_date === null,
      );
      if (!member) throw new EarlyHelpError('memberId', 'Select who in the family will do it');
      return { ...none, family_member_id: member.id, who_name: `${member.first_name} ${member.last_name}` };
    }
    if (who.kind === 'practitioner') {
      const involved = (await this.deps.earlyHelp.involvementsOfEpisodes([episode.id])).find(
        (i) => i.user_id === who.userId && i.to_at === null,
      );
      if (!involved) throw new EarlyHelpError('userId', 'Select a practitioner working with the family');
      return {
        ...none,
        user_id: involved.user_id,
        who_name: `${involved.display_name} (${involved.organisation_name})`,
      };
    }
    const service = await this.deps.directory.publicService(who.serviceId, viewer);
    if (!service)
      throw new EarlyHelpError('serviceWords', 'Search for a service and select one from the Directory of Services');
    return {
      ...none,
      directory_service_id: service.id,
      who_name: `${service.content.name} (${service.organisationName})`.slice(0, 300),
    };
  }
}
