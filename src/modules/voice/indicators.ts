import { sql } from 'kysely';
import type { ComputedIndicator } from '../../platform/indicators/computed.ts';
import { computedIndicator, dayIn } from '../../platform/indicators/counting.ts';
import type { VoiceSettings } from './settings.ts';

/**
 * Issue 16's voice figures for the Corporate Parenting Panel (seed 004, Co-Parenting Outcome 2): survey responses,
 * the share of positive answers by question theme, and the Children in Care Council's meetings with decision-makers.
 * Counts only, never a name (a response has none). Labels come from the tenant's voice file.
 */
const labels = (list: readonly { code: string; name: string }[]) =>
  Object.fromEntries(list.map((i) => [i.code, i.name]));
const NONE = { load: () => Promise.resolve(null), example: null };

export function voiceIndicators(settings: VoiceSettings): readonly ComputedIndicator[] {
  const ageGroups = { labels: labels(settings.ageGroups) };
  const responses = computedIndicator({
    key: 'voice.survey-responses',
    version: 1,
    name: 'Have Your Say and Pledge and Charter Checker: responses',
    unit: 'count',
    polarity: 'higher-is-better',
    howCounted:
      'Responses to the surveys of children in care and care leavers (Have Your Say; the Pledge and Charter Checker), ' +
      'typed in or imported by the corporate parenting officer, counted by the day each response was given. A round ' +
      'is one survey in one year: a round open across two periods counts in each by its responses’ days. By survey; ' +
      'by age group (the tenant’s bands). No response carries a name.',
    measure: 'count',
    breakdowns: { survey: { labelColumn: true }, 'age-group': ageGroups },
    params: NONE,
    source: (_db, period) =>
      sql`select s.code as b_survey, s.name as l_survey, r.age_group as "b_age-group"
        from voice_responses r join voice_rounds o on o.id = r.round_id join voice_surveys s on s.id = o.survey_id
        where ${dayIn('r.responded_on', period)}`,
  });
  const positive = computedIndicator({
    key: 'voice.positive-answers',
    version: 1,
    name: 'Have Your Say and Pledge and Charter Checker: positive answers',
    unit: 'percentage',
    polarity: 'higher-is-better',
    howCounted:
      `Of the answers given in the period (by the day of the response) to the surveys’ questions, the percentage ` +
      `that were positive: ${settings.scale.positiveFrom} or more on the scale from ${settings.scale.min} ` +
      `(${settings.scale.labels[0]}) to ${settings.scale.max} (${settings.scale.labels.at(-1)}). A question left ` +
      'unanswered is not counted. By theme: the question’s theme in the tenant’s voice file (home, health, self, ' +
      'learning, independence, being heard); by survey; by age group.',
    measure: 'percentage',
    breakdowns: { theme: { labels: labels(settings.themes) }, survey: { labelColumn: true }, 'age-group': ageGroups },
    params: NONE,
    source: (_db, period) =>
      sql`select q.theme as b_theme, s.code as b_survey, s.name as l_survey, r.age_group as "b_age-group",
          a.rating >= ${settings.scale.positiveFrom} as hit
        from voice_answers a join voice_responses r on r.id = a.response_id
          join voice_questions q on q.id = a.question_id join voice_surveys s on s.id = q.survey_id
        where ${dayIn('r.responded_on', period)}`,
  });
  const meetings = computedIndicator({
    key: 'voice.cicc-meetings',
    version: 1,
    name: 'Children in Care Council meetings with decision-makers',
    unit: 'count',
    polarity: 'higher-is-better',
    howCounted:
      'The meetings the Children in Care Council held with decision-makers (Directors of Local Delivery, Corporate ' +
      'Parenting Panel members, the Partnership Board and others) in the period, by the day of the meeting, as the ' +
      `corporate parenting officer recorded them. Seed 004 asks for at least ${settings.meetingsPerYear} a year. By ` +
      'decision-maker: a meeting counts once for each kind of decision-maker who attended, so the groups may add up ' +
      'to more than the total.',
    measure: 'count',
    breakdowns: { 'decision-maker': { labels: labels(settings.decisionMakers), multi: true } },
    params: NONE,
    source: (_db, period) =>
      sql`select m.decision_makers as "b_decision-maker" from voice_cicc_meetings m where ${dayIn('m.held_on', period)}`,
  });
  return [responses, positive, meetings];
}
