import { SYSTEM_GRANTS } from './grants.ts';
import type { Role } from './roles.ts';

/**
 * An agency's own answer to the partnership's assurance (issue 16): its Section 11 or Section 175 return, its findings
 * report to a multi-agency case audit. The Board's manager who runs the audits reads every agency's; the agency's own
 * people who answer for it read and correct their agency's, and nobody else sees it. Whether the cycle or audit is
 * still open for corrections is the record's state, decided by the service, not the policy.
 */
export const AGENCY_ANSWER_ACTIONS = ['agency-answer:view', 'agency-answer:correct'] as const;
export type AgencyAnswerAction = (typeof AGENCY_ANSWER_ACTIONS)[number];

/** The answer and the organisation that made it. */
export interface AgencyAnswer {
  type: 'agency-answer';
  id: string;
  organisationId: string;
}

interface Asker {
  roles: readonly Role[];
  organisationId: string;
}

const holds = (asker: Asker, action: 'assurance:manage' | 'assurance:respond') =>
  asker.roles.find((r) => SYSTEM_GRANTS[r].includes(action));

export function decideAgencyAnswer(
  asker: Asker,
  action: AgencyAnswerAction,
  answer: AgencyAnswer,
): { allowed: boolean; reason: string } {
  const ownAgency = answer.organisationId === asker.organisationId;
  const responder = holds(asker, 'assurance:respond');
  if (responder && ownAgency) return { allowed: true, reason: `role ${responder} answers for the agency that made it` };
  if (action === 'agency-answer:view') {
    const manager = holds(asker, 'assurance:manage');
    if (manager) return { allowed: true, reason: `role ${manager} runs the audits` };
  }
  if (action === 'agency-answer:correct')
    return { allowed: false, reason: 'only the agency that made an answer corrects it' };
  return { allowed: false, reason: 'only the Board’s manager and the agency that made an answer see it' };
}
