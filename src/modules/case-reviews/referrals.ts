import { sql } from 'kysely';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { londonDay } from '../../platform/calendar/london.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { newId } from '../../platform/db/ids.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { CaseReviewRefused, type CaseReviewCore } from './core.ts';
import type { CaseReviewRepository } from './repository.ts';
import { afterTriage } from './rules.ts';
import type { RapidReviewInput, ReferralInput, TriageInput } from './schemas.ts';

const DECIDED = 'Your partner has already made its triage decision on this referral';

/**
 * A referral's first steps: the Board manager records it (the child matched to Hearth's people when one record is
 * likely, the Rapid Review's deadline in working days), each statutory partner triages it once, and the Rapid Review.
 */
export class CaseReviewReferrals {
  constructor(
    private readonly c: CaseReviewCore,
    private readonly r: CaseReviewRepository,
  ) {}

  /** The day the Rapid Review is due: the tenant's working days after the day the partnership became aware. */
  async dueOn(referredOn: string): Promise<string> {
    const [settings, calendar] = await Promise.all([this.c.settings(), this.c.deps.calendar.calendar()]);
    // Noon in England on that day: the clock starts that working day (or the next one, on a weekend).
    const start = new Date(`${referredOn}T12:00:00Z`);
    return londonDay(calendar.addWorkingDays(start, settings.rapidReviewWorkingDays));
  }

  async refer(actor: AuditActor, user: Principal, input: ReferralInput): Promise<string> {
    await this.c.need(actor, user, 'review:manage', 'Only the Board manager records a case review referral.');
    const settings = await this.c.settings();
    const unknown = input.criteria.find((code) => !settings.criteria.some((c) => c.code === code));
    if (unknown) throw new CaseReviewRefused('criteria', 'Select the criteria from the list');
    let personId: string | null = null;
    try {
      personId =
        (await this.c.deps.people.onlyLikelyMatch({
          firstName: input.firstName,
          lastName: input.lastName,
          dateOfBirth: input.dateOfBirth,
        })) ?? null;
    } catch {
      personId = null; // details matching cannot read (an unusual name) are kept as typed, unmatched
    }
    const due = await this.dueOn(input.referredOn);
    const id = newId();
    await this.c.write(
      actor,
      { action: 'case-review.referred', subjectType: 'case-review', subjectId: id, details: { matched: !!personId } },
      async (tx) => {
        const { rows } = await sql<{ n: string }>`select nextval('case_review_reference_seq') as n`.execute(tx);
        const reference = `CR-${input.referredOn.slice(0, 4)}-${String(rows[0]!.n).padStart(3, '0')}`;
        await tx
          .insertInto('case_review_referrals')
          .values({
            id,
            reference,
            person_id: personId,
            child_first_name: input.firstName,
            child_last_name: input.lastName,
            child_date_of_birth: input.dateOfBirth,
            referrer_name: input.referrerName,
            referrer_organisation_id: input.referrerOrganisationId,
            referred_on: input.referredOn,
            criteria: input.criteria,
            summary: input.summary,
            rapid_review_due_on: due,
            created_by: actor.userId,
            updated_by: actor.userId,
          })
          .execute();
      },
    );
    return id;
  }

  /**
   * One statutory partner's triage decision, by a user with 'review:triage' whose organisation is that partner's type.
   * The referral's row is locked while the decisions are counted, so the last of the three moves it on exactly once;
   * a second decision for the same partner is refused (by the key, too, when two arrive at once).
   */
  async triage(actor: AuditActor, user: Principal, referralId: string, input: TriageInput) {
    await this.c.need(actor, user, 'review:triage', 'Only a statutory partner’s lead triages a referral.', referralId);
    const { partner } = await this.c.standing(user);
    if (!partner)
      await this.c.refuse(
        actor,
        'review:triage',
        'Your organisation is not one of the three statutory partners (council, police, health), so it does not triage referrals.',
        referralId,
      );
    const settings = await this.c.settings();
    try {
      return await this.c.write(
        actor,
        { action: 'case-review.triaged', subjectType: 'case-review', subjectId: referralId, details: { partner } },
        async (tx) => {
          const referral = await this.r.lockReferral(tx, referralId);
          if (!referral) return null;
          if (referral.status !== 'triage')
            throw new CaseReviewRefused('meetsCriteria', 'Triage of this referral has finished');
          const decided = await this.r.triage(referralId, tx);
          if (decided.some((d) => d.partner === partner)) throw new CaseReviewRefused('meetsCriteria', DECIDED);
          await tx
            .insertInto('case_review_triage')
            .values({
              id: newId(),
              referral_id: referralId,
              partner: partner!,
              meets_criteria: input.meetsCriteria,
              reason: input.reason,
              decided_by: user.id,
              organisation_id: user.organisationId,
            })
            .execute();
          const status = afterTriage(
            [...decided, { partner: partner!, meets_criteria: input.meetsCriteria }],
            settings.progressWhen,
          );
          if (status !== referral.status)
            await tx
              .updateTable('case_review_referrals')
              .set({ status, updated_at: new Date(), updated_by: user.id, version: referral.version + 1 })
              .where('id', '=', referralId)
              .execute();
          return status;
        },
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new CaseReviewRefused('meetsCriteria', DECIDED);
      throw error;
    }
  }

  /** The Rapid Review: its date and outcome, and the National Panel's notification. Once per referral. */
  async rapidReview(actor: AuditActor, user: Principal, referralId: string, input: RapidReviewInput) {
    await this.c.need(actor, user, 'review:manage', 'Only the Board manager records a Rapid Review.', referralId);
    try {
      return await this.c.write(
        actor,
        {
          action: 'case-review.rapid-review',
          subjectType: 'case-review',
          subjectId: referralId,
          details: { localReview: input.localReview, panelNotified: !!input.panelNotifiedOn },
        },
        async (tx) => {
          const referral = await this.r.lockReferral(tx, referralId);
          if (!referral) return null;
          if (referral.status !== 'rapid-review')
            throw new CaseReviewRefused(
              'heldOn-day',
              referral.status === 'triage'
                ? 'The three partners have not all triaged this referral yet'
                : 'This referral is not waiting for a Rapid Review',
            );
          if (input.heldOn < referral.referred_on)
            throw new CaseReviewRefused('heldOn-day', 'The Rapid Review must be on or after the date of the referral');
          await tx
            .insertInto('case_review_rapid_reviews')
            .values({
              referral_id: referralId,
              held_on: input.heldOn,
              local_review: input.localReview,
              panel_notified: input.panelNotifiedOn !== null,
              panel_notified_on: input.panelNotifiedOn,
              reason: input.reason,
              recorded_by: user.id,
            })
            .execute();
          await tx
            .updateTable('case_review_referrals')
            .set({
              status: input.localReview ? 'local-review' : 'no-local-review',
              updated_at: new Date(),
              updated_by: user.id,
              version: referral.version + 1,
            })
            .where('id', '=', referralId)
            .execute();
          return true;
        },
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new CaseReviewRefused('heldOn-day', 'The Rapid Review of this referral is already recorded');
      throw error;
    }
  }
}
