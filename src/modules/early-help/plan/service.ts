import { differenceInCalendarDays } from 'date-fns';
import type { RecordLocator } from '../../../platform/http/route-access.ts';
import { familyLocator } from '../records.ts';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { isUniqueViolation, StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { DB, PlanActionStatus, PlanWhoKind } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { DirectoryService } from '../../directory/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { PlanRepository } from './repository.ts';
import {
  addDays,
  distanceChart,
  dueDateProblem,
  formatDate,
  isChildMember,
  londonDateOf,
  nextReviewAfter,
  signOffStatus,
  signOffVersionProblem,
  todayInLondon,
} from './rules.ts';
import { EarlyHelpDenied, EarlyHelpError, FAMILY_RECORD_TYPE, type EarlyHelpService } from '../service.ts';

/** The sign-off was for a plan that has changed since it was shown: nothing is saved, the current plan is shown. */
export class PlanChangedError extends Error {
  constructor(readonly currentVersion: number) {
    super(signOffVersionProblem(0, currentVersion)!);
  }
}

export type ActionWho =
  | { kind: 'family-member'; memberId: string }
  | { kind: 'practitioner'; userId: string }
  | { kind: 'service'; serviceId: string };

export interface GoalInput {
  /** A need of the episode, or null for a goal typed on its own (then `area` is its outcome area). */
  needId: string | null;
  area: string;
  description: string;
  startScore: number;
}

export interface ActionInput {
  goalId: string;
  description: string;
  who: ActionWho;
  dueDate: string;
}

export interface SignOffInput {
  contentVersion: number;
  memberId: string;
  childAppropriate: boolean;
  typedName: string;
  signedOn: string;
}

export interface ReviewInput {
  reviewDate: string;
  /** Goal id → score 0-10, for every goal of the plan. */
  scores: Record<string, number>;
  whatChanged: string;
  nextReviewDate: string;
}

const WHO_KIND: Record<ActionWho['kind'], PlanWhoKind> = {
  'family-member': 'family-member',
  practitioner: 'practitioner',
  service: 'service',
};

/**
 * The Early Help Plan (issue 7): one per episode, with goals from the assessment's needs (or typed),
 * actions (who does what by when), a 0-10 score per goal at the start and at each review, the
 * family's sign-off against the plan's content version, and reviews on the tenant's cadence
 * (`earlyHelp.reviewWeeks`). Access is the family's: EarlyHelpService loads the family for the viewer
 * through the policy, and changes need `record:edit`. Every change is one transaction with its audit
 * event (ids only). An episode cannot close while its plan has open actions.
 */
export class PlanService {
  readonly repository: PlanRepository;
  /** How plan routes find the family they are about: by the plan's id. */
  readonly families: { byPlan: RecordLocator };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: { earlyHelp: EarlyHelpService; directory: DirectoryService; reference: ReferenceService },
  ) {
    this.repository = new PlanRepository(db);
    this.families = {
      byPlan: familyLocator(deps.earlyHelp.involvementsIn.bind(deps.earlyHelp), async (id) => {
        const plan = await this.repository.plan(id);
        return plan ? (await deps.earlyHelp.episodeRow(plan.episode_id))?.family_id : null;
      }),
    };
    deps.earlyHelp.addClosureCheck(async (tx, episodeId) => {
      const open = await this.repository.openActionsOfEpisode(tx, episodeId);
      return open.map((a) => ({
        field: 'version',
        text: `The plan’s action “${a.description}” (${a.who_name}, by ${formatDate(a.due_date)}) is still to do: mark it done or dropped on the plan before closing`,
      }));
    });
  }

  /** How often plans are reviewed, from the tenant file. */
  async reviewWeeks() {
    return (await this.deps.reference.earlyHelpSettings()).reviewWeeks;
  }

  // ---- Reading ----

  /**
   * The episode's family and plan as the plan pages show them, if the policy lets the viewer see the
   * family (EarlyHelpService.episode asks it; the route's declared record access audits the view first).
   */
  async forEpisode(viewer: Principal, episodeId: string) {
    const record = await this.deps.earlyHelp.episode(viewer, episodeId);
    if (!record) return null;
    const plan = await this.repository.planOfEpisode(episodeId);
    const currentMembers = record.members.filter((m) => m.current);
    const practitioners = record.episode.involved
      .filter((i) => !i.to_at)
      .filter((i, n, all) => all.findIndex((j) => j.user_id === i.user_id) === n);
    const base = { ...record, currentMembers, practitioners, reviewWeeks: await this.reviewWeeks() };
    if (!plan) return { ...base, plan: null };
    const [goals, actions, reviews, scores, signOffs] = await Promise.all([
      this.repository.goals(plan.id),
      this.repository.actions(plan.id),
      this.repository.reviews(plan.id),
      this.repository.scores(plan.id),
      this.repository.signOffs(plan.id),
    ]);
    const labelled = goals.map((g, i) => ({
      ...g,
      label: `Goal ${i + 1}`,
      actions: actions.filter((a) => a.goal_id === g.id),
    }));
    const chart = distanceChart(
      labelled.map((g) => ({ id: g.id, label: g.label, startScore: g.start_score })),
      reviews.map((r) => ({ id: r.id, date: r.review_date })),
      scores,
    );
    const signers = currentMembers.map((m) => ({
      ...m,
      child: isChildMember(m.relationship),
      status: signOffStatus(m.id, signOffs, plan.content_version),
    }));
    const adults = signers.filter((s) => !s.child);
    return {
      ...base,
      plan: { ...plan, overdue: plan.next_review_date < todayInLondon() && record.episode.status === 'open' },
      goals: labelled,
      openActions: actions.filter((a) => a.status === 'open').length,
      reviews: reviews.map((r, i) => ({
        ...r,
        label: `Review ${i + 1}`,
        scores: labelled.map((g) => scores.find((s) => s.review_id === r.id && s.goal_id === g.id)?.score ?? null),
      })),
      chart,
      signers,
      agreedByAllAdults: adults.length > 0 && adults.every((s) => s.status.state === 'signed'),
    };
  }

  /** The same, from the plan's id (the plan's own pages). */
  async forPlan(viewer: Principal, planId: string) {
    const plan = isUuid(planId) ? await this.repository.plan(planId) : undefined;
    return plan ? this.forEpisode(viewer, plan.episode_id) : null;
  }

  /**
   * Overdue reviews the viewer should see: plans of open episodes they lead or are allocated to, and,
   * for a manager of the allocated team, their team's. Each family is checked with the policy
   * (`record:view` with the viewer's involvements) before it is listed; the list view is audited.
   */
  async overdueReviews(actor: AuditActor, viewer: Principal) {
    const today = todayInLondon();
    const rows = await this.repository.overdue(today, viewer.id, viewer.teamIds);
    const involvements = new Map<string, Awaited<ReturnType<EarlyHelpService['involvementsIn']>>>();
    for (const [familyId, found] of await this.deps.earlyHelp.involvementsInFamilies(
      rows.map((r) => r.family_id),
      viewer,
    ))
      involvements.set(familyId, found);
    const visible = rows
      .filter(
        (r) =>
          can(viewer, 'record:view', {
            type: 'record',
            id: r.family_id,
            involvements: involvements.get(r.family_id) ?? [],
          }).allowed,
      )
      .map((r) => ({
        ...r,
        daysOverdue: differenceInCalendarDays(today, r.next_review_date),
      }));
    const mine = visible.filter((r) => r.is_mine);
    const team = visible.filter((r) => !r.is_mine && involvements.get(r.family_id)?.includes('team-manager'));
    await this.audit.record(actor, {
      action: 'early-help.reviews.overdue-viewed',
      outcome: 'success',
      details: { planIds: [...mine, ...team].map((r) => r.id) },
    });
    // The same test as EarlyHelpService.involvementsIn: a Family Solutions manager manages the teams they are in.
    const managesTeam = can(viewer, 'family-solutions:manage').allowed && viewer.teamIds.length > 0;
    return { mine, team, managesTeam };
  }

  // ---- Changing ----

  private async editable(actor: AuditActor, viewer: Principal, episodeId: string) {
    const episode = isUuid(episodeId) ? await this.deps.earlyHelp.episodeRow(episodeId) : undefined;
    if (!episode) throw new EarlyHelpError('episode', 'There is no such episode');
    const involvements = await this.deps.earlyHelp.involvementsIn(episode.family_id, viewer);
    const decision = can(viewer, 'record:edit', { type: 'record', id: episode.family_id, involvements });
    if (!decision.allowed) {
      await this.audit.record(actor, {
        action: 'permission.denied',
        outcome: 'denied',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: episode.family_id,
        details: { action: 'record:edit', reason: decision.reason, episodeId },
      });
      throw new EarlyHelpDenied('Only the lead professional or allocated worker can change this family’s plan');
    }
    if (episode.status !== 'open')
      throw new EarlyHelpError('episode', 'This episode has been closed: its plan can no longer change');
    return episode;
  }

  private async editablePlan(actor: AuditActor, viewer: Principal, planId: string) {
    const plan = isUuid(planId) ? await this.repository.plan(planId) : undefined;
    if (!plan) throw new EarlyHelpError('plan', 'There is no such plan');
    const episode = await this.editable(actor, viewer, plan.episode_id);
    return { plan, episode };
  }

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

  private async whoOf(viewer: Principal, episode: { id: string; family_id: string }, who: ActionWho) {
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

  /** Done or dropped (or open again): nothing is deleted, and the plan's content moves on. */
  async setActionStatus(
    actor: AuditActor,
    viewer: Principal,
    planId: string,
    actionId: string,
    version: number,
    status: PlanActionStatus,
  ) {
    const { plan, episode } = await this.editablePlan(actor, viewer, planId);
    const action = isUuid(actionId) ? await this.repository.action(actionId) : undefined;
    if (!action || action.plan_id !== plan.id)
      throw new EarlyHelpError('action', 'There is no such action on this plan');
    await this.db.transaction().execute(async (tx) => {
      // The plan row first, as every change to a plan locks it (applyMeetingUpdates too): one lock order, no deadlock.
      await tx.selectFrom('plans').select('id').where('id', '=', plan.id).forUpdate().executeTakeFirst();
      await updateVersioned(
        tx,
        'plan_actions',
        { id: action.id, version, by: actor.userId, what: 'This action' },
        { status },
      );
      await this.repository.bumpContent(tx, plan.id, actor.userId);
      await this.audit.record(
        actor,
        {
          action: 'early-help.plan.action-status',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { planId: plan.id, actionId, from: action.status, to: status },
        },
        tx,
      );
    });
  }

  /**
   * Status changes agreed at a TAF meeting, written in the caller's transaction so the meeting's record
   * and the plan commit together (TafService.recordMeeting). The caller has already asked the policy for
   * record:edit on the family and checked the episode is open. The plan row is locked and its version
   * compared with the one the form showed: a plan changed meanwhile throws StaleVersionError and nothing
   * is written. Changed actions and the plan's versions move as setActionStatus moves them, with one
   * audit event (ids only). Returns every action's status before the change, by id.
   */
  async applyMeetingUpdates(
    tx: Kysely<DB>,
    actor: AuditActor,
    planId: string,
    version: number,
    meetingId: string,
    changes: { actionId: string; status: PlanActionStatus }[],
  ) {
    const plan = await tx
      .selectFrom('plans as p')
      .innerJoin('episodes as e', 'e.id', 'p.episode_id')
      .select(['p.id', 'p.version', 'e.family_id'])
      .where('p.id', '=', planId)
      .forUpdate(['p'])
      .executeTakeFirst();
    if (!plan || plan.version !== version) throw new StaleVersionError('This plan');
    const before = new Map((await this.repository.actions(planId, tx)).map((a) => [a.id, a.status]));
    if (changes.some((c) => !before.has(c.actionId)))
      throw new EarlyHelpError('action', 'There is no such action on this plan');
    const moved = changes.filter((c) => before.get(c.actionId) !== c.status);
    if (!moved.length) return before;
    for (const c of moved) {
      await tx
        .updateTable('plan_actions')
        .set((eb) => ({
          status: c.status,
          version: eb('version', '+', 1),
          updated_at: new Date(),
          updated_by: actor.userId,
        }))
        .where('id', '=', c.actionId)
        .execute();
    }
    await this.repository.bumpContent(tx, planId, actor.userId);
    await this.audit.record(
      actor,
      {
        action: 'early-help.plan.actions-updated-at-meeting',
        outcome: 'success',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: plan.family_id,
        details: {
          planId,
          meetingId,
          changes: moved.map((c) => ({ actionId: c.actionId, from: before.get(c.actionId)!, to: c.status })),
        },
      },
      tx,
    );
    return before;
  }

  /**
   * A family member agrees the plan as it was shown to them (typed name and date). Refused when the
   * plan's content changed since it was shown, for a child unless the worker judges it appropriate,
   * and twice for the same version.
   */
  async signOff(actor: AuditActor, viewer: Principal, planId: string, input: SignOffInput) {
    const { plan, episode } = await this.editablePlan(actor, viewer, planId);
    if (signOffVersionProblem(input.contentVersion, plan.content_version))
      throw new PlanChangedError(plan.content_version);
    const member = (await this.deps.earlyHelp.membersOf(episode.family_id)).find(
      (m) => m.id === input.memberId && m.to_date === null,
    );
    if (!member) throw new EarlyHelpError('memberId', 'Select who is signing the plan');
    if (isChildMember(member.relationship) && !input.childAppropriate) {
      throw new EarlyHelpError(
        'childAppropriate',
        `Confirm that it is appropriate for ${member.first_name} to sign the plan, or choose an adult`,
      );
    }
    if (input.signedOn < plan.start_date)
      throw new EarlyHelpError(
        'signedOn-day',
        `The date they signed must be on or after the day the plan started (${formatDate(plan.start_date)})`,
      );
    if (input.signedOn > todayInLondon())
      throw new EarlyHelpError('signedOn-day', 'The date they signed must be today or in the past');
    const id = newId();
    try {
      await this.db.transaction().execute(async (tx) => {
        // Lock the plan row and check its content again, so a change committed meanwhile cannot slip between.
        const now = await tx
          .selectFrom('plans')
          .select('content_version')
          .where('id', '=', plan.id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (now.content_version !== input.contentVersion) throw new PlanChangedError(now.content_version);
        await tx
          .insertInto('plan_sign_offs')
          .values({
            id,
            plan_id: plan.id,
            content_version: input.contentVersion,
            family_member_id: member.id,
            typed_name: input.typedName.trim(),
            signed_on: input.signedOn,
            recorded_by: actor.userId,
          })
          .execute();
        await this.audit.record(
          actor,
          {
            action: 'early-help.plan.signed',
            outcome: 'success',
            subjectType: FAMILY_RECORD_TYPE,
            subjectId: episode.family_id,
            details: { planId: plan.id, familyMemberId: member.id, contentVersion: input.contentVersion },
          },
          tx,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new EarlyHelpError(
          'memberId',
          `${member.first_name} ${member.last_name} has already signed this version of the plan`,
        );
      throw error;
    }
    return { name: `${member.first_name} ${member.last_name}` };
  }

  /** A review: its date, a 0-10 score for every goal, what changed, and the next review (defaulting to the cadence). */
  async recordReview(actor: AuditActor, viewer: Principal, planId: string, version: number, input: ReviewInput) {
    const { plan, episode } = await this.editablePlan(actor, viewer, planId);
    const goals = await this.repository.goals(plan.id);
    if (!goals.length) throw new EarlyHelpError('reviewDate-day', 'Add the plan’s goals before reviewing it');
    if (input.reviewDate < plan.start_date)
      throw new EarlyHelpError(
        'reviewDate-day',
        `The review must be on or after the day the plan started (${formatDate(plan.start_date)})`,
      );
    if (input.reviewDate > todayInLondon())
      throw new EarlyHelpError('reviewDate-day', 'The date of the review must be today or in the past');
    const last = (await this.repository.reviews(plan.id)).at(-1);
    if (last && input.reviewDate < last.review_date)
      throw new EarlyHelpError(
        'reviewDate-day',
        `The review must be on or after the last one (${formatDate(last.review_date)})`,
      );
    if (input.nextReviewDate <= input.reviewDate)
      throw new EarlyHelpError('nextReviewDate-day', 'The next review must be after this one');
    for (const [i, goal] of goals.entries()) {
      const score = input.scores[goal.id];
      if (score === undefined || !Number.isInteger(score) || score < 0 || score > 10)
        throw new EarlyHelpError(`score-${goal.id}`, `The score for goal ${i + 1} must be a whole number from 0 to 10`);
    }
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'plans',
        { id: plan.id, version, by: actor.userId, what: 'This plan' },
        { next_review_date: input.nextReviewDate },
      );
      await tx
        .insertInto('plan_reviews')
        .values({
          id,
          plan_id: plan.id,
          review_date: input.reviewDate,
          what_changed: input.whatChanged.trim(),
          next_review_date: input.nextReviewDate,
          recorded_by: actor.userId,
        })
        .execute();
      await tx
        .insertInto('plan_review_scores')
        .values(goals.map((g) => ({ review_id: id, goal_id: g.id, score: input.scores[g.id]! })))
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'early-help.plan.reviewed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { planId: plan.id, reviewId: id },
        },
        tx,
      );
    });
    return id;
  }
}
