import { sql, type RawBuilder } from 'kysely';
import type { ComputedIndicator } from '../../platform/indicators/computed.ts';
import { PLACE_BREAKDOWNS, computedIndicator, districtColumns, instantIn } from '../../platform/indicators/counting.ts';
import { PERSON_BREAKDOWNS, personBreakdownColumns } from '../../platform/indicators/person-breakdowns.ts';
import { londonDay, recordColumns } from '../../platform/indicators/records.ts';
import { personFactsSql } from '../people/index.ts';
import type { TenantConfig } from '../reference/index.ts';
import { childKey, sameChildCount } from './repeat.ts';

/**
 * Missing children's computed indicators (issue 13's figures, issue 14's framework): episodes, children, repeat
 * missing children and the Missing Co-ordinator's scrutiny of under-10s. The Missing Chats' are in
 * chats/indicators.ts. Counts only: nothing about a child leaves the module.
 */

type MissingSettings = Pick<TenantConfig['missing'], 'repeat' | 'scrutinyUnderAge'>;

/**
 * The breakdowns of a missing episode (alias `alias`): district, quadrant, in care or not, the age band when missing,
 * and the gender, ethnicity and SEND the child's person record gives (none for a child not matched to one).
 */
export function episodeBreakdownColumns(alias: string, age: string = `${alias}.age_at_missing`): RawBuilder<unknown> {
  const place = districtColumns(`${alias}.district`);
  const fact = (column: string) =>
    sql`(select pf.${sql.ref(column)} from ${personFactsSql(sql.ref(`${alias}.person_id`))} pf)`;
  return sql`${place.quadrant} as b_quadrant, ${place.quadrantName} as l_quadrant,
    ${place.district} as b_district, ${place.districtName} as l_district,
    ${personBreakdownColumns({ age: sql.ref(age), gender: fact('gender'), ethnicity: fact('ethnicity'), send: fact('send') })},
    case when ${sql.ref(`${alias}.missing_from`)} = 'care-placement' then 'in-care' else 'not-in-care' end as "b_in-care"`;
}

/** The episode `alias` as the record behind a count (the drill-down, records.ts): the day it was reported missing. */
export const episodeRecord = (alias: string) =>
  recordColumns(`${alias}.id`, `${alias}.id`, londonDay(`${alias}.reported_at`));

export const EPISODE_BREAKDOWNS = {
  ...PLACE_BREAKDOWNS,
  ...PERSON_BREAKDOWNS,
  'in-care': {
    labels: { 'in-care': 'Missing from a care placement', 'not-in-care': 'Missing from home, school or elsewhere' },
  },
} as const;

/** How each missing figure draws its groups. */
export const MISSING_GROUPS =
  'The district is the one the police notification named, and the quadrant the one that district is in. The age ' +
  'band is the child’s age when reported missing (“Not known” without a date of birth); the gender, ethnicity and ' +
  'special educational needs are those on the person record the child was matched to (“Not known” for a child not ' +
  'matched, or whose record does not say). “In care” means the ' +
  'child went missing from a care placement; every other episode (from home, school or elsewhere) is “not in care”.';

export function missingIndicators(settings: () => Promise<MissingSettings>): readonly ComputedIndicator[] {
  const none = { load: () => Promise.resolve(null), example: null };

  const episodes = computedIndicator({
    key: 'missing.episodes',
    version: 2,
    name: 'Missing episodes',
    unit: 'count',
    polarity: 'neither',
    howCounted:
      'The missing episodes the police reported in the period: one for each time a child went missing, however many ' +
      'notifications (report, updates, return) the police sent about it. An episode is in the period by the time it ' +
      `was reported missing, in England’s time. ${MISSING_GROUPS}`,
    measure: 'count',
    breakdowns: EPISODE_BREAKDOWNS,
    params: none,
    source: (_db, period) =>
      sql`select ${episodeBreakdownColumns('m')}, ${episodeRecord('m')}
        from missing_episodes m where ${instantIn('m.reported_at', period)}`,
  });

  const children = computedIndicator({
    key: 'missing.children',
    version: 2,
    name: 'Children reported missing',
    unit: 'count',
    polarity: 'neither',
    howCounted:
      'The children with at least one missing episode reported in the period, each counted once however many times ' +
      'they went missing. A child is the person Hearth matched them to; for an episode the Hub could not match, the ' +
      'same force, name and date of birth (without a date of birth an unmatched child cannot be told from another, ' +
      'so each such episode counts as a child). A child is in the period by the time an episode was reported, in ' +
      'England’s time, and in the groups of their latest episode in the period, so the groups add up to the whole. ' +
      MISSING_GROUPS,
    measure: 'count',
    breakdowns: EPISODE_BREAKDOWNS,
    params: none,
    source: (_db, period) =>
      sql`select distinct on (${childKey('m')}) ${episodeBreakdownColumns('m')}, ${episodeRecord('m')}
        from missing_episodes m where ${instantIn('m.reported_at', period)}
        order by ${childKey('m')}, m.reported_at desc`,
  });

  const repeat = computedIndicator({
    key: 'missing.repeat-children',
    version: 2,
    name: 'Repeat missing children',
    unit: 'count',
    polarity: 'lower-is-better',
    howCounted:
      'The children marked “Repeat missing” by the partnership’s rule (Essex: 3 episodes or more reported within 90 ' +
      'days) at any missing episode reported in the period: counting that episode and the child’s episodes reported ' +
      'in the days before it, as the “Repeat missing” tag counts them. Each child counts once, told apart as for ' +
      '“Children reported missing” (an unmatched child without a date of birth is never counted as repeat), in the ' +
      `groups of their latest such episode. In the period by the time reported, in England’s time. ${MISSING_GROUPS}`,
    measure: 'count',
    breakdowns: EPISODE_BREAKDOWNS,
    params: { load: async () => (await settings()).repeat, example: { episodes: 3, withinDays: 90 } },
    source: (_db, period, rule) =>
      sql`select distinct on (${childKey('t')}) ${episodeBreakdownColumns('t')}, ${episodeRecord('t')}
        from missing_episodes t
        where ${instantIn('t.reported_at', period)} and ${sameChildCount(
          't',
          sql`t.reported_at - make_interval(days => cast(${rule.withinDays} as integer))`,
          sql`t.reported_at`,
        )} >= cast(${rule.episodes} as integer)
        order by ${childKey('t')}, t.reported_at desc`,
  });

  const scrutinised = computedIndicator({
    key: 'missing.under-10-scrutinised',
    version: 2,
    name: 'Under-10s’ missing episodes scrutinised',
    unit: 'percentage',
    polarity: 'higher-is-better',
    howCounted:
      'Of the missing episodes reported in the period of children under the scrutiny age (10 in Essex) when they ' +
      'went missing, the share with the Missing Co-ordinator’s scrutiny recorded (at the time of counting). An ' +
      'episode is in the period by the time it was reported, in England’s time; episodes of a child whose age is not ' +
      `known are left out. ${MISSING_GROUPS}`,
    measure: 'percentage',
    breakdowns: EPISODE_BREAKDOWNS,
    params: { load: async () => (await settings()).scrutinyUnderAge, example: 10 },
    source: (_db, period, underAge) =>
      sql`select ${episodeBreakdownColumns('m')}, ${episodeRecord('m')},
          exists (select 1 from missing_scrutinies s where s.episode_id = m.id) as hit
        from missing_episodes m
        where ${instantIn('m.reported_at', period)}
          and m.age_at_missing is not null and m.age_at_missing < cast(${underAge} as integer)`,
  });

  return [episodes, children, repeat, scrutinised];
}
