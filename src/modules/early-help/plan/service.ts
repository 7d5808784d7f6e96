import type { Kysely } from 'kysely';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { isUniqueViolation } from '../../../platform/db/errors.ts';
import { newId } from '../../../platform/db/ids.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import { type Principal } from '../../../platform/permissions/policy.ts';
import { formatDate, isChildMember, signOffVersionProblem, todayInLondon, typedNameProblem } from './rules.ts';
import { EarlyHelpError, FAMILY_RECORD_TYPE } from '../service.ts';
import { PlanChangedError, type SignOffInput, type ReviewInput } from './types.ts';
import { PlanChanges } from './changes.ts';

export {
  PlanChangedError,
  type ActionWho,
  type GoalInput,
  type ActionInput,
  type SignOffInput,
  type ReviewInput,
} from './types.ts';

/**
 * The Early Help Plan (issue 7): one per episode, with goals from the assessment's needs (or typed),
 * actions (who does what by when), a 0-10 score per goal at the start and at each review, the
 * family's sign-off against the plan's content version, and reviews on the tenant's cadence
 * (`earlyHelp.reviewWeeks`). Access is the family's: EarlyHelpService loads the family for the viewer
 * through the policy, and changes need `record:edit`. Every change is one transaction with its audit
 * event (ids only). An episode cannot close while its plan has open actions.
 */
export class PlanService extends PlanChanges {
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
    const nameProblem = typedNameProblem(input.typedName, member);
    if (nameProblem) throw new EarlyHelpError('typedName', nameProblem);
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

  /**
   * A TAF meeting that sets the next review sets the plan's too (a TAF meeting is the plan's review in
   * practice), written in the meeting's transaction (TafService.recordMeeting). Audited with ids only.
   */
  async moveReviewFromMeeting(
    tx: Kysely<DB>,
    actor: AuditActor,
    meeting: { id: string; episodeId: string; familyId: string },
    nextReviewDate: string,
  ) {
    const plan = await tx
      .selectFrom('plans')
      .select(['id', 'next_review_date'])
      .where('episode_id', '=', meeting.episodeId)
      .forUpdate()
      .executeTakeFirst();
    if (!plan || plan.next_review_date === nextReviewDate) return;
    await tx
      .updateTable('plans')
      .set((eb) => ({
        next_review_date: nextReviewDate,
        version: eb('version', '+', 1),
        updated_at: new Date(),
        updated_by: actor.userId,
      }))
      .where('id', '=', plan.id)
      .execute();
    await this.audit.record(
      actor,
      {
        action: 'early-help.plan.review-moved-by-meeting',
        outcome: 'success',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: meeting.familyId,
        details: { planId: plan.id, meetingId: meeting.id, from: plan.next_review_date, to: nextReviewDate },
      },
      tx,
    );
  }
}
