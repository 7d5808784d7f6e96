import { sql } from 'kysely';
import type { ComputedIndicator } from '../../platform/indicators/computed.ts';
import { PLACE_BREAKDOWNS, computedIndicator, districtColumns, instantIn } from '../../platform/indicators/counting.ts';
import { londonDay, recordColumns } from '../../platform/indicators/records.ts';
import type { SocialCareSettings } from '../reference/index.ts';

/**
 * Issue 15's figures: the Hub's level 4 hand-offs to children's social care (acknowledged, and their outcomes), and
 * escalations by stage and how long they take to resolve. Counts and days only, never a name.
 */
const OUTCOMES = {
  'strategy-discussion': 'Strategy discussion',
  assessment: 'Children and families assessment',
  'no-further-action': 'No further action at level 4 (back to the Hub)',
  waiting: 'No outcome yet',
};
const ACKNOWLEDGED = { yes: 'Acknowledged', no: 'Not acknowledged' };

export const socialCareHandOffs = computedIndicator({
  key: 'social-care.handoffs',
  version: 1,
  name: 'Level 4 hand-offs to children’s social care',
  unit: 'count',
  polarity: 'neither',
  howCounted:
    'The Hub’s final decisions at level 4 whose pathway is children’s social care, by when the decision took ' +
    'effect (the hand-off), in England’s time. Acknowledged: whether social care has acknowledged it (in Hearth or ' +
    'through its own system and Hearth’s API), counted now. The outcome is social care’s: a strategy discussion, an ' +
    'assessment, or no further action at level 4 (the request went back to the Hub); “no outcome yet” until recorded.',
  measure: 'count',
  breakdowns: { ...PLACE_BREAKDOWNS, acknowledged: { labels: ACKNOWLEDGED }, outcome: { labels: OUTCOMES } },
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) => {
    const place = districtColumns('h.district_code');
    return sql`select ${place.quadrant} as b_quadrant, ${place.quadrantName} as l_quadrant,
        ${place.district} as b_district, ${place.districtName} as l_district,
        case when h.acknowledged_at is null then 'no' else 'yes' end as b_acknowledged,
        coalesce(h.outcome, 'waiting') as b_outcome, ${recordColumns('h.id', 'h.id', londonDay('h.created_at'))}
      from social_care_handoffs h where ${instantIn('h.created_at', period)}`;
  },
});

type Stages = SocialCareSettings['escalationStages'];
const stageLabels = (stages: Stages) => Object.fromEntries(stages.map((s) => [s.code, s.name]));

export function socialCareIndicators(stages: () => Promise<Stages>): readonly ComputedIndicator[] {
  const escalations = computedIndicator({
    key: 'escalation.raised',
    version: 1,
    name: 'Escalations raised',
    unit: 'count',
    polarity: 'neither',
    howCounted:
      'Escalations about a Hub decision raised in the period, in England’s time, by the stage each has reached now ' +
      '(practitioner to practitioner, managers, senior managers, the partnership: the partnership’s own stages).',
    measure: 'count',
    breakdowns: { stage: { labelColumn: true } },
    params: { load: async () => stageLabels(await stages()), example: {} as Record<string, string> },
    source: (_db, period, labels) =>
      sql`select e.stage as b_stage,
          coalesce((${labelCase(labels)}), e.stage) as l_stage, ${recordColumns('e.id', 'e.id', londonDay('e.raised_at'))}
        from escalations e where ${instantIn('e.raised_at', period)}`,
  });
  const daysToResolve = computedIndicator({
    key: 'escalation.days-to-resolve',
    version: 1,
    name: 'Days to resolve an escalation',
    unit: 'days',
    polarity: 'lower-is-better',
    howCounted:
      'The mean number of days from raising an escalation to its resolution, for escalations resolved in the period ' +
      '(in England’s time), by the stage at which each was resolved.',
    measure: 'mean',
    breakdowns: { stage: { labelColumn: true } },
    params: { load: async () => stageLabels(await stages()), example: {} as Record<string, string> },
    source: (_db, period, labels) =>
      sql`select e.stage as b_stage, coalesce((${labelCase(labels)}), e.stage) as l_stage,
          extract(epoch from e.resolved_at - e.raised_at) / 86400.0 as amount,
          ${recordColumns('e.id', 'e.id', londonDay('e.resolved_at'))}
        from escalations e where e.resolved_at is not null and ${instantIn('e.resolved_at', period)}`,
  });
  return [socialCareHandOffs, escalations, daysToResolve];
}

/** The tenant's stage names in SQL, as literals (the list is the tenant's, a handful of short names). */
function labelCase(labels: Record<string, string>) {
  const entries = Object.entries(labels);
  if (!entries.length) return sql`null::text`;
  return sql`case e.stage ${sql.join(
    entries.map(([code, name]) => sql`when ${code} then ${name}::text`),
    sql` `,
  )} end`;
}
