import type { AuditActor } from '../../platform/audit/audit.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { newId } from '../../platform/db/ids.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { CaseReviewRefused, type CaseReviewCore } from './core.ts';
import type { CaseReviewRepository } from './repository.ts';
import type { ActionInput } from './schemas.ts';

export type LearningAction = Awaited<ReturnType<CaseReviewRepository['actions']>>[number];

/**
 * Learning actions (seed 004: "agencies providing evidence of the impact of learning from reviews as opposed to simply
 * responding to what has been done ... quality assured by a multi-agency steering group"): the Board manager sets an
 * action for an agency; the agency's lead ('assurance:respond', of that organisation only) writes the evidence that
 * practice changed; the Board manager accepts it for the group, or returns it for more. An agency's lead sees the
 * review's reference, never the child.
 */
export class LearningActions {
  constructor(
    private readonly c: CaseReviewCore,
    private readonly r: CaseReviewRepository,
  ) {}

  async add(actor: AuditActor, user: Principal, referralId: string, input: ActionInput) {
    await this.c.need(actor, user, 'review:manage', 'Only the Board manager sets learning actions.', referralId);
    const referral = await this.r.referral(referralId);
    if (!referral) return null;
    if (referral.status !== 'local-review' && referral.status !== 'no-local-review')
      throw new CaseReviewRefused('action', 'Learning actions follow the Rapid Review: record it first');
    const organisation = (await this.r.organisations()).find((o) => o.id === input.organisationId);
    if (!organisation) throw new CaseReviewRefused('organisationId', 'Select the agency from the list');
    if (input.recommendationId) {
      const cspr = await this.r.cspr(referralId);
      const recommendations = cspr ? await this.r.recommendations(cspr.id) : [];
      if (!recommendations.some((r) => r.id === input.recommendationId))
        throw new CaseReviewRefused('recommendationId', 'Select one of this review’s recommendations');
    }
    const id = newId();
    await this.c.write(
      actor,
      {
        action: 'case-review.learning-action',
        subjectType: 'case-review-action',
        subjectId: id,
        details: { referralId, organisationId: input.organisationId },
      },
      (tx) =>
        tx
          .insertInto('case_review_learning_actions')
          .values({
            id,
            referral_id: referralId,
            recommendation_id: input.recommendationId,
            organisation_id: input.organisationId,
            owner: input.owner,
            action: input.action,
            due_on: input.dueOn,
            created_by: user.id,
            updated_by: user.id,
          })
          .execute(),
    );
    return id;
  }

  /**
   * One action, for the Board manager, a statutory partner's lead, or the lead of the agency it was set for; anyone
   * else is refused (audited) without learning what it says.
   */
  async view(actor: AuditActor, user: Principal, id: string): Promise<LearningAction | null> {
    const [action] = await this.r.actions({ id });
    if (!action) return null;
    const standing = await this.c.standing(user);
    if (standing.manages || standing.partner || standing.respondsFor === action.organisation_id) return action;
    return this.c.refuse(
      actor,
      'assurance:respond',
      'This learning action was set for another agency: only that agency’s lead and the Board manager see it.',
      id,
    );
  }

  /** The actions a user may see: all for the Board manager and the partners' leads, else their agency's. */
  async list(user: Principal, options: { overdue?: boolean; today?: string } = {}) {
    const standing = await this.c.standing(user);
    const all = standing.manages || standing.partner !== null;
    if (!all && !standing.respondsFor) return [];
    return this.r.actions({
      organisationId: all ? null : standing.respondsFor,
      ...(options.overdue ? { overdueOn: options.today ?? todayInLondon() } : {}),
    });
  }

  /** The agency's evidence that practice changed: only its own lead, only while the action waits for it. */
  async evidence(actor: AuditActor, user: Principal, id: string, input: { evidence: string; version: number }) {
    await this.c.need(actor, user, 'assurance:respond', 'Only the agency’s lead gives evidence for its actions.', id);
    const [action] = await this.r.actions({ id });
    if (!action) return null;
    if (action.organisation_id !== user.organisationId)
      await this.c.refuse(
        actor,
        'assurance:respond',
        'This learning action was not set for your agency, so your agency cannot give evidence for it.',
        id,
      );
    if (action.status !== 'open' && action.status !== 'returned')
      throw new CaseReviewRefused(
        'evidence',
        action.status === 'accepted' ? 'This action’s evidence is accepted' : 'This action’s evidence is being checked',
      );
    await this.c.write(
      actor,
      { action: 'case-review.evidence', subjectType: 'case-review-action', subjectId: id },
      (tx) =>
        updateVersioned(
          tx,
          'case_review_learning_actions',
          { id, version: input.version, by: user.id, what: 'learning action' },
          { status: 'evidence', evidence: input.evidence, evidence_by: user.id, evidence_at: new Date() },
        ),
    );
    return true;
  }

  /** The Board manager's check for the multi-agency group: accepted, or returned with what more is wanted. */
  async check(
    actor: AuditActor,
    user: Principal,
    id: string,
    input: { decision: 'accept' | 'return'; note: string; version: number },
    today = todayInLondon(),
  ) {
    await this.c.need(actor, user, 'review:manage', 'Only the Board manager checks evidence for the group.', id);
    const [action] = await this.r.actions({ id });
    if (!action) return null;
    if (action.status !== 'evidence')
      throw new CaseReviewRefused('decision', 'There is no evidence to check on this action');
    await this.c.write(
      actor,
      {
        action: 'case-review.evidence-checked',
        subjectType: 'case-review-action',
        subjectId: id,
        details: { decision: input.decision },
      },
      (tx) =>
        updateVersioned(
          tx,
          'case_review_learning_actions',
          { id, version: input.version, by: user.id, what: 'learning action' },
          {
            status: input.decision === 'accept' ? 'accepted' : 'returned',
            check_note: input.note,
            checked_by: user.id,
            checked_at: new Date(),
            accepted_on: input.decision === 'accept' ? today : null,
          },
        ),
    );
    return true;
  }
}
