import type { HubPathway } from '../../../platform/db/schema/index.ts';
import type { FieldProblem } from '../../../platform/views/forms.ts';
import { PATHWAY_NAMES } from './rules.ts';

/**
 * The rules a decision must meet, all checked in one pass (issue 17, item 10: errors came one layer at a time).
 * The form and the service both use them: the form with whatever the screener has chosen so far, so a missing
 * level does not hide the chosen pathway's own questions; the service as the last word before saving.
 */

/** A decision as far as the screener has got: anything not chosen yet is null or empty. */
export interface DecisionDraft {
  level: number | null;
  descriptors: readonly string[];
  pathway: HubPathway | null;
  socialCareRoute?: string | null | undefined;
  familyConsent?: boolean | undefined;
  noFurtherActionReason?: string | null | undefined;
  linkedRequestId?: string | null | undefined;
  /** The outcome email is held back: why (empty if not given). */
  withholdEmail?: boolean | undefined;
  emailWithheldReason?: string | null | undefined;
}

export interface DecisionContext {
  levels: readonly { level: number; descriptors: readonly string[] }[];
  pathwayLevels: Record<HubPathway, readonly number[]>;
  /** The other open requests about the same children: the only ones a request may be linked to. */
  linkable: readonly string[];
}

/** The decide form's fields in the order the page shows them: the error summary follows it. */
export const DECISION_FIELDS = [
  'level',
  'descriptors',
  'reasons',
  'pathway',
  'serviceIds',
  'leadProfessional',
  'familyConsent',
  'socialCareRoute',
  'linkedRequestId',
  'noFurtherActionReason',
  'withholdEmail',
  'emailWithheldReason',
] as const;

/** Problems in page order (a field's first problem first), for one error summary. */
export function inPageOrder(problems: readonly FieldProblem[]): FieldProblem[] {
  const rank = (field: string) => {
    const i = (DECISION_FIELDS as readonly string[]).indexOf(field);
    return i === -1 ? DECISION_FIELDS.length : i;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p.field) - rank(b.p.field) || a.i - b.i)
    .map((x) => x.p);
}

/** Every problem with the decision's choices and the chosen pathway's follow-up answers. Empty when it may be saved. */
export function decisionProblems(draft: DecisionDraft, context: DecisionContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (draft.level !== null && !context.levels.some((l) => l.level === draft.level))
    problems.push({ field: 'level', text: 'Select the level of need' });
  const known = new Set(context.levels.flatMap((l) => l.descriptors));
  if (draft.descriptors.some((d) => !known.has(d)))
    problems.push({ field: 'descriptors', text: 'Select descriptors from the list' });
  const pathway = draft.pathway;
  // The tenant file says which levels each pathway is for (Essex: a TAF at level 2 only, seed 004).
  if (pathway && draft.level !== null && !context.pathwayLevels[pathway].includes(draft.level)) {
    const allowed = context.pathwayLevels[pathway].join(' or ');
    problems.push({
      field: 'pathway',
      text: `${PATHWAY_NAMES[pathway]} is for level ${allowed}: change the level or the pathway`,
    });
  }
  if (pathway === 'social-care' && !draft.socialCareRoute)
    problems.push({ field: 'socialCareRoute', text: 'Select a statutory assessment or a strategy discussion' });
  if (pathway === 'family-solutions' && !draft.familyConsent)
    problems.push({
      field: 'familyConsent',
      text: 'Family Solutions needs the family’s consent: confirm they have agreed, or choose another pathway',
    });
  if (pathway === 'no-further-action' && !draft.noFurtherActionReason)
    problems.push({ field: 'noFurtherActionReason', text: 'Enter why no further action is needed' });
  if (pathway === 'linked-request' && (!draft.linkedRequestId || !context.linkable.includes(draft.linkedRequestId)))
    problems.push({
      field: 'linkedRequestId',
      text: 'Select the other request about the same child that this one is linked to',
    });
  if (draft.withholdEmail && !draft.emailWithheldReason)
    problems.push({
      field: 'emailWithheldReason',
      text: 'Say why the outcome email is held back, for example that email is not safe for the family',
    });
  return problems;
}

/** What a decision must wait for before it takes effect, and what the decider's own role already gives it. */
export interface ReviewsNeeded {
  /** A Hub social worker (seed 002: a missing child not open to social care, at a tier 3 or 4 response). */
  socialWork: boolean;
  /** A Hub manager (the tenant's rule: level 4, or the requester's level overridden). */
  manager: boolean;
}

/**
 * Which reviews a decision needs. The social worker's: the request came from a police notification of a missing
 * child and the level is 3 or 4 ("If a tier 3 or 4 response is required, the Children and Families Hub will have a
 * Social Worker review the information"). The manager's: as the tenant file says.
 */
export function reviewsNeeded(
  decision: { level: number; overridesRequestedLevel: boolean; missingFromPolice: boolean },
  requireManagerApproval: { level4: boolean; override: boolean },
): ReviewsNeeded {
  return {
    socialWork: decision.missingFromPolice && (decision.level === 3 || decision.level === 4),
    manager:
      (requireManagerApproval.level4 && decision.level === 4) ||
      (requireManagerApproval.override && decision.overridesRequestedLevel),
  };
}

/**
 * Where a decision goes next, the social worker first and then the manager: `done` says which reviews are already
 * given (by the decider's own role, or by a review just made).
 */
export function nextState(
  needed: ReviewsNeeded,
  done: { socialWork: boolean; manager: boolean },
): 'awaiting-social-work-review' | 'awaiting-approval' | 'final' {
  if (needed.socialWork && !done.socialWork) return 'awaiting-social-work-review';
  if (needed.manager && !done.manager) return 'awaiting-approval';
  return 'final';
}
