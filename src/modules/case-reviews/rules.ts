import type { CaseReviewStatus, StatutoryPartner } from '../../platform/db/schema/index.ts';

/**
 * The rules of case reviews, pure (issue 16; seed 004 and Working Together): the three statutory partners, how their
 * triage moves a referral on, the fixed order of a local review's stages, and what is overdue.
 */

export const PARTNERS: readonly { code: StatutoryPartner; name: string }[] = [
  { code: 'council', name: 'The council (children’s social care)' },
  { code: 'police', name: 'The police' },
  { code: 'health', name: 'Health (the Integrated Care Boards)' },
];

/** The statutory partner a user answers for: their organisation's type, when it is one of the three. */
export function partnerOf(organisationType: string | null | undefined): StatutoryPartner | null {
  return organisationType === 'council' || organisationType === 'police' || organisationType === 'health'
    ? organisationType
    : null;
}

/**
 * Where a referral goes once the partners have decided: nowhere until all three have; then to a Rapid Review when
 * the tenant's rule is met ('any': one partner saying it meets the criteria is enough; 'all': every partner).
 */
export function afterTriage(
  decisions: readonly { partner: StatutoryPartner; meets_criteria: boolean }[],
  progressWhen: 'any' | 'all',
): CaseReviewStatus {
  const decided = new Set(decisions.map((d) => d.partner));
  if (!PARTNERS.every((p) => decided.has(p.code))) return 'triage';
  const meets = decisions.filter((d) => d.meets_criteria).length;
  const progress = progressWhen === 'any' ? meets > 0 : meets === PARTNERS.length;
  return progress ? 'rapid-review' : 'not-progressed';
}

/**
 * A local Child Safeguarding Practice Review's stages, in the only order they happen. Working Together: the partners
 * agree the scope, gather what each agency knew, hear the practitioners and the family, and the final report goes to
 * the National Panel and the Secretary of State at least seven working days before it is published.
 */
export const STAGES = [
  { code: 'scoping', name: 'Scope and terms of reference agreed' },
  { code: 'agency-information', name: 'Agency information gathered' },
  { code: 'practitioner-event', name: 'Practitioners’ learning event held' },
  { code: 'family-involvement', name: 'Family spoken to' },
  { code: 'draft-report', name: 'Draft report written' },
  { code: 'partners-sign-off', name: 'Signed off by the statutory partners' },
  { code: 'sent-to-panel', name: 'Sent to the National Panel and the Secretary of State' },
  { code: 'published', name: 'Published' },
] as const;
export type Stage = (typeof STAGES)[number]['code'];
export const stageName = (code: string) => STAGES.find((s) => s.code === code)?.name ?? code;
export const stageIndex = (code: string) => STAGES.findIndex((s) => s.code === code);

/** The stage after `current`, or null at the end. */
export function nextStage(current: string): Stage | null {
  const i = stageIndex(current);
  return i >= 0 && i + 1 < STAGES.length ? STAGES[i + 1]!.code : null;
}

/**
 * Why a review cannot move to `wanted` on `on` (null when it can): only the next stage in the order, never before the
 * day the current stage was reached.
 */
export function stageProblem(current: { stage: string; reachedOn: string }, wanted: string, on: string): string | null {
  if (stageIndex(wanted) < 0) return 'Select the stage the review has reached';
  const next = nextStage(current.stage);
  if (!next) return 'The review is published: it has no further stage';
  if (wanted !== next)
    return stageIndex(wanted) <= stageIndex(current.stage)
      ? `The review has already reached “${stageName(wanted)}”`
      : `The review must reach “${stageName(next)}” before “${stageName(wanted)}”`;
  if (on < current.reachedOn) return 'The date must be the same as or after the date the review reached its last stage';
  return null;
}

/** A learning action is overdue when its due date has passed and the group has not accepted its evidence. */
export const isOverdue = (action: { due_on: string; status: string }, today: string) =>
  action.status !== 'accepted' && action.due_on < today;

export const STATUS_NAMES: Record<CaseReviewStatus, string> = {
  triage: 'With the partners for triage',
  'rapid-review': 'Waiting for its Rapid Review',
  'not-progressed': 'Not progressed to a Rapid Review',
  'no-local-review': 'Rapid Review held: no local review',
  'local-review': 'Local review',
};

export const ACTION_STATUS_NAMES: Record<string, string> = {
  open: 'Waiting for evidence',
  evidence: 'Evidence to check',
  returned: 'Returned for more evidence',
  accepted: 'Accepted',
};
