import type { AuditActor } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { newId } from '../../platform/db/ids.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { CaseReviewRefused, type CaseReviewCore } from './core.ts';
import type { CaseReviewRepository } from './repository.ts';
import { STAGES, stageProblem } from './rules.ts';
import type { CsprInput, DelayInput } from './schemas.ts';

const MANAGE = 'Only the Board manager keeps a local review’s record.';

/**
 * The local Child Safeguarding Practice Review (seed 004: "any review of a case decided following the Rapid Review
 * should be a Local CSPR"): its method, the stages in their fixed order, delays with reasons, themes, recommendations.
 */
export class LocalReviews {
  constructor(
    private readonly c: CaseReviewCore,
    private readonly r: CaseReviewRepository,
  ) {}

  async start(actor: AuditActor, user: Principal, referralId: string, input: CsprInput) {
    await this.c.need(actor, user, 'review:manage', MANAGE, referralId);
    const settings = await this.c.settings();
    if (!settings.methods.some((m) => m.code === input.method))
      throw new CaseReviewRefused('method', 'Select the review’s method from the list');
    const id = newId();
    try {
      return await this.c.write(
        actor,
        { action: 'case-review.local-review-started', subjectType: 'case-review', subjectId: referralId },
        async (tx) => {
          const referral = await this.r.lockReferral(tx, referralId);
          if (!referral) return null;
          if (referral.status !== 'local-review')
            throw new CaseReviewRefused(
              'method',
              'The Rapid Review has not decided on a local review for this referral',
            );
          const rapid = await tx
            .selectFrom('case_review_rapid_reviews')
            .select('held_on')
            .where('referral_id', '=', referralId)
            .executeTakeFirst();
          if (rapid && input.startedOn < rapid.held_on)
            throw new CaseReviewRefused('startedOn-day', 'The review must start on or after the Rapid Review');
          const first = STAGES[0].code;
          await tx
            .insertInto('case_review_csprs')
            .values({
              id,
              referral_id: referralId,
              method: input.method,
              reviewer: input.reviewer,
              started_on: input.startedOn,
              stage: first,
              created_by: user.id,
              updated_by: user.id,
            })
            .execute();
          await tx
            .insertInto('case_review_stages')
            .values({ cspr_id: id, stage: first, reached_on: input.startedOn, recorded_by: user.id })
            .execute();
          return id;
        },
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new CaseReviewRefused('method', 'This referral’s local review has started');
      throw error;
    }
  }

  private async review(referralId: string) {
    const cspr = await this.r.cspr(referralId);
    if (!cspr) throw new CaseReviewRefused('stage', 'This referral has no local review');
    return cspr;
  }

  /** Moves the review to its next stage: any other stage, or a date before the last, is refused. */
  async moveStage(
    actor: AuditActor,
    user: Principal,
    referralId: string,
    input: { stage: string; reachedOn: string; version: number },
  ) {
    await this.c.need(actor, user, 'review:manage', MANAGE, referralId);
    const cspr = await this.review(referralId);
    const stages = await this.r.stages(cspr.id);
    const last = stages.find((s) => s.stage === cspr.stage);
    const problem = stageProblem(
      { stage: cspr.stage, reachedOn: last?.reached_on ?? cspr.started_on },
      input.stage,
      input.reachedOn,
    );
    if (problem) throw new CaseReviewRefused(problem.startsWith('The date') ? 'reachedOn-day' : 'stage', problem);
    try {
      await this.c.write(
        actor,
        {
          action: 'case-review.stage',
          subjectType: 'case-review',
          subjectId: referralId,
          details: { stage: input.stage },
        },
        async (tx) => {
          await updateVersioned(
            tx,
            'case_review_csprs',
            { id: cspr.id, version: input.version, by: user.id, what: 'local review' },
            { stage: input.stage, ...(input.stage === 'published' ? { published_on: input.reachedOn } : {}) },
          );
          await tx
            .insertInto('case_review_stages')
            .values({ cspr_id: cspr.id, stage: input.stage, reached_on: input.reachedOn, recorded_by: user.id })
            .execute();
        },
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new CaseReviewRefused('stage', 'The review has already reached that stage');
      throw error;
    }
  }

  async addDelay(actor: AuditActor, user: Principal, referralId: string, input: DelayInput) {
    await this.c.need(actor, user, 'review:manage', MANAGE, referralId);
    const settings = await this.c.settings();
    if (!settings.delayReasons.some((d) => d.code === input.reason))
      throw new CaseReviewRefused('reason', 'Select the reason for the delay from the list');
    const cspr = await this.review(referralId);
    await this.c.write(
      actor,
      {
        action: 'case-review.delay',
        subjectType: 'case-review',
        subjectId: referralId,
        details: { reason: input.reason },
      },
      (tx) =>
        tx
          .insertInto('case_review_delays')
          .values({
            id: newId(),
            cspr_id: cspr.id,
            reason: input.reason,
            details: input.details,
            from_on: input.fromOn,
            until_on: input.untilOn,
            recorded_by: user.id,
          })
          .execute(),
    );
  }

  async setThemes(
    actor: AuditActor,
    user: Principal,
    referralId: string,
    input: { themes: string[]; version: number },
  ) {
    await this.c.need(actor, user, 'review:manage', MANAGE, referralId);
    const settings = await this.c.settings();
    if (input.themes.some((t) => !settings.themes.some((s) => s.code === t)))
      throw new CaseReviewRefused('themes', 'Select the themes from the list');
    const cspr = await this.review(referralId);
    await this.c.write(
      actor,
      {
        action: 'case-review.themes',
        subjectType: 'case-review',
        subjectId: referralId,
        details: { themes: input.themes },
      },
      (tx) =>
        updateVersioned(
          tx,
          'case_review_csprs',
          { id: cspr.id, version: input.version, by: user.id, what: 'local review' },
          { themes: [...new Set(input.themes)] },
        ),
    );
  }

  async addRecommendation(actor: AuditActor, user: Principal, referralId: string, text: string) {
    await this.c.need(actor, user, 'review:manage', MANAGE, referralId);
    const cspr = await this.review(referralId);
    try {
      await this.c.write(
        actor,
        { action: 'case-review.recommendation', subjectType: 'case-review', subjectId: referralId },
        async (tx) => {
          await tx.selectFrom('case_review_csprs').select('id').where('id', '=', cspr.id).forUpdate().execute();
          const existing = await this.r.recommendations(cspr.id, tx);
          await tx
            .insertInto('case_review_recommendations')
            .values({ id: newId(), cspr_id: cspr.id, number: existing.length + 1, text, recorded_by: user.id })
            .execute();
        },
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new CaseReviewRefused('text', 'Someone added a recommendation at the same time: send it again');
      throw error;
    }
  }
}
