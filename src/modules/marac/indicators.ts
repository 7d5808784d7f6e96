import { sql } from 'kysely';
import type { ComputedIndicator } from '../../platform/indicators/computed.ts';
import { PLACE_BREAKDOWNS, computedIndicator, districtColumns, instantIn } from '../../platform/indicators/counting.ts';

/**
 * Issue 15's MARAC figures (the referral side): cases referred, the share that are repeats, and the children in the
 * households referred, by quadrant and district (the victim's district as referred). Counts only, never a name.
 */
const place = () => {
  const p = districtColumns('c.district_code');
  return sql`${p.quadrant} as b_quadrant, ${p.quadrantName} as l_quadrant,
    ${p.district} as b_district, ${p.districtName} as l_district`;
};
const REPEAT = { repeat: 'Repeat referral', first: 'First referral' };

export const maracReferrals = computedIndicator({
  key: 'marac.referrals',
  version: 1,
  name: 'MARAC referrals',
  unit: 'count',
  polarity: 'neither',
  howCounted:
    'Cases referred to MARAC (the Multi-Agency Risk Assessment Team) in the period, by when they were referred, ' +
    'in England’s time, each case once whatever became of it. By the district the victim lives in as referred, and ' +
    'whether the referral was a repeat (within the partnership’s repeat window of an earlier one about the same victim).',
  measure: 'count',
  breakdowns: { ...PLACE_BREAKDOWNS, repeat: { labels: REPEAT } },
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select ${place()}, case when c.repeat_of is null then 'first' else 'repeat' end as b_repeat
      from marac_cases c where ${instantIn('c.referred_at', period)}`,
});

export const maracRepeats = computedIndicator({
  key: 'marac.repeat-referrals',
  version: 1,
  name: 'MARAC repeat referrals',
  unit: 'percentage',
  polarity: 'lower-is-better',
  howCounted:
    'Of the cases referred to MARAC in the period (in England’s time), the percentage that were repeats: referred within ' +
    'the partnership’s repeat window (12 months in Essex) of an earlier referral about the same victim, found by the ' +
    'person Hearth matched, or the same name and date of birth. By the district the victim lives in as referred.',
  measure: 'percentage',
  breakdowns: PLACE_BREAKDOWNS,
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select ${place()}, c.repeat_of is not null as hit
      from marac_cases c where ${instantIn('c.referred_at', period)}`,
});

export const maracChildren = computedIndicator({
  key: 'marac.children',
  version: 1,
  name: 'Children in households referred to MARAC',
  unit: 'count',
  polarity: 'neither',
  howCounted:
    'The children and young people named in the households of the cases referred to MARAC in the period (in England’s ' +
    'time), by when the case was referred. A child named in two referrals in the period is counted in each. By the ' +
    'district the victim lives in as referred.',
  measure: 'count',
  breakdowns: PLACE_BREAKDOWNS,
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select ${place()}
      from marac_case_people p join marac_cases c on c.id = p.case_id
      where p.role = 'child' and ${instantIn('c.referred_at', period)}`,
});

export const MARAC_INDICATORS: readonly ComputedIndicator[] = [maracReferrals, maracRepeats, maracChildren];
