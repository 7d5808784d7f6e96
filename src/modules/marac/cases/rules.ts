import type { MaracRiskBasis } from '../../../platform/db/schema/index.ts';
import type { MaracSettings } from '../../reference/index.ts';

/** What a referral says about risk, as the form gathered it. */
export interface RiskAnswers {
  /** The checklist's questions ticked (1-24); empty when none. */
  ticked: readonly number[];
  /** A score typed when the checklist was completed elsewhere (0-24), or null. */
  typedScore: number | null;
  judgement: boolean;
  judgementReason: string;
  policeCallouts: number | null;
}

export interface RiskDecision {
  basis: MaracRiskBasis[];
  score: number | null;
  /** The ticks stored with the score; null when the score was typed (completed elsewhere) or not given. */
  ticked: number[] | null;
  /** Problems with the answers, each on its field; when non-empty, nothing is referred. */
  problems: { field: string; text: string }[];
}

/**
 * Why a case is high risk (issue 15): the DASH risk checklist score at or over the tenant's threshold, professional
 * judgement (with its reason), or escalation (police call-outs within the tenant's window at or over its threshold).
 * A referral that meets none is refused, saying which thresholds it misses.
 */
export function decideRisk(answers: RiskAnswers, settings: MaracSettings): RiskDecision {
  const problems: RiskDecision['problems'] = [];
  if (answers.ticked.length && answers.typedScore !== null && answers.typedScore !== answers.ticked.length)
    problems.push({
      field: 'typedScore',
      text: `You ticked ${answers.ticked.length} questions but typed a score of ${answers.typedScore}: tick the questions or type the score, not both`,
    });
  if (answers.judgement && answers.judgementReason.trim() === '')
    problems.push({ field: 'judgementReason', text: 'Enter why your professional judgement is that the risk is high' });
  if (problems.length) return { basis: [], score: null, ticked: null, problems };

  const score = answers.ticked.length ? answers.ticked.length : answers.typedScore;
  const ticked = answers.ticked.length ? [...answers.ticked] : null;
  const basis: MaracRiskBasis[] = [];
  if (score !== null && score >= settings.highRiskTicks) basis.push('risk-checklist');
  if (answers.judgement) basis.push('professional-judgement');
  const callouts = answers.policeCallouts;
  if (callouts !== null && callouts >= settings.escalationCallouts) basis.push('escalation');
  if (!basis.length) {
    const months = `${settings.escalationMonths} months`;
    const missed = [
      score === null
        ? `no risk checklist score was given (${settings.highRiskTicks} or more ticks is high risk)`
        : `the risk checklist score is ${score} (${settings.highRiskTicks} or more is high risk)`,
      'professional judgement was not used',
      callouts === null
        ? `no police call-outs were given (${settings.escalationCallouts} or more in ${months} is escalation)`
        : `${callouts} police call-out${callouts === 1 ? '' : 's'} in ${months} (${settings.escalationCallouts} or more is escalation)`,
    ];
    problems.push({
      field: 'ticked',
      text: `This referral does not meet MARAC’s criteria for high risk: ${missed.join('; ')}`,
    });
  }
  return { basis, score, ticked, problems };
}

export const BASIS_NAMES: Record<MaracRiskBasis, string> = {
  'risk-checklist': 'Risk checklist score',
  'professional-judgement': 'Professional judgement',
  escalation: 'Escalation (police call-outs)',
};
