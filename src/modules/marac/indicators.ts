import { sql, type RawBuilder } from 'kysely';
import type { ComputedIndicator, Period } from '../../platform/indicators/computed.ts';
import {
  PLACE_BREAKDOWNS,
  computedIndicator,
  districtColumns,
  instantIn,
  londonStart,
} from '../../platform/indicators/counting.ts';
import { londonDay, recordColumns } from '../../platform/indicators/records.ts';

/**
 * Issue 15's MARAC figures: cases referred, the share that are repeats, the children in the households referred, the
 * cases heard at a meeting, and the safety action plans' actions done and overdue; by quadrant and district (the
 * victim's district as referred). Counts only, never a name.
 */
const place = () => {
  const p = districtColumns('c.district_code');
  return sql`${p.quadrant} as b_quadrant, ${p.quadrantName} as l_quadrant,
    ${p.district} as b_district, ${p.districtName} as l_district`;
};
const REPEAT = { repeat: 'Repeat referral', first: 'First referral' };

/**
 * The records behind a count (the drill-down, drill-down.ts): a case, a child named in one, or an action, each under
 * its case (restricted records: counted, never listed), on the day (an instant's day in England) that counted it.
 */
const referred = recordColumns('c.id', 'c.id', londonDay('c.referred_at'));
/** The first instant of `times` (a subquery of instants) as its day in England. */
const firstDay = (times: RawBuilder<unknown>) =>
  sql`cast(((select min(x.at) from (${times}) x(at)) at time zone 'Europe/London')::date as text)`;

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
    sql`select ${place()}, case when c.repeat_of is null then 'first' else 'repeat' end as b_repeat, ${referred}
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
    sql`select ${place()}, c.repeat_of is not null as hit, ${referred}
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
    sql`select ${place()}, ${recordColumns('p.id', 'c.id', londonDay('c.referred_at'))}
      from marac_case_people p join marac_cases c on c.id = p.case_id
      where p.role = 'child' and ${instantIn('c.referred_at', period)}`,
});

// ---- The meetings' figures: cases heard, safety action plan actions done and overdue ----

/** A case's district and quadrant, for actions (through their case). */
const actionPlace = () => {
  const p = districtColumns('c.district_code');
  return sql`${p.quadrant} as b_quadrant, ${p.quadrantName} as l_quadrant,
    ${p.district} as b_district, ${p.districtName} as l_district,
    case when a.for_children then 'children' else 'other' end as b_for`;
};
const FOR = { children: 'For the children', other: 'For the victim and others' };
const ACTION_BREAKDOWNS = { ...PLACE_BREAKDOWNS, for: { labels: FOR } } as const;
const PLACE_WORDS =
  'By the district the victim lives in as referred (a case referred without a district is counted under “Not known”)';

export const maracHeard = computedIndicator({
  key: 'marac.cases-heard',
  version: 1,
  name: 'MARAC cases heard',
  unit: 'count',
  polarity: 'neither',
  howCounted:
    'Cases heard at a MARAC meeting in the period: the coordinator recorded the meeting’s discussion of the case, by ' +
    'when it was first recorded, in England’s time. A case heard twice in the period (a review of its safety action ' +
    `plan) counts once; cases listed but not yet heard are left out. ${PLACE_WORDS}, and whether its referral was a repeat.`,
  measure: 'count',
  breakdowns: { ...PLACE_BREAKDOWNS, repeat: { labels: REPEAT } },
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select ${place()}, case when c.repeat_of is null then 'first' else 'repeat' end as b_repeat,
        ${recordColumns(
          'c.id',
          'c.id',
          firstDay(
            sql`select h.heard_at from marac_hearings h where h.case_id = c.id and ${instantIn('h.heard_at', period)}`,
          ),
        )}
      from marac_cases c
      where exists (select 1 from marac_hearings h where h.case_id = c.id and ${instantIn('h.heard_at', period)})`,
});

export const maracActionsDone = computedIndicator({
  key: 'marac.actions-done',
  version: 1,
  name: 'MARAC safety action plan actions done',
  unit: 'count',
  polarity: 'higher-is-better',
  howCounted:
    'Actions of MARAC safety action plans reviewed as done in the period, by when the review was recorded, in ' +
    'England’s time; an action reviewed as done twice in the period counts once, and cancelled actions are left out. ' +
    `${PLACE_WORDS}, and whether the action was for the children.`,
  measure: 'count',
  breakdowns: ACTION_BREAKDOWNS,
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select ${actionPlace()},
        ${recordColumns(
          'a.id',
          'c.id',
          firstDay(
            sql`select u.recorded_at from marac_action_updates u
              where u.action_id = a.id and u.status_after = 'done' and ${instantIn('u.recorded_at', period)}`,
          ),
        )}
      from marac_actions a join marac_cases c on c.id = a.case_id
      where exists (select 1 from marac_action_updates u
        where u.action_id = a.id and u.status_after = 'done' and ${instantIn('u.recorded_at', period)})`,
});

/** When the period ends, or now for a period not yet over. */
const endOf = (period: Period) => sql<Date>`least(${londonStart(period.to)}, now())`;
/** An action's status at the instant `end`: its last review before then, else open. */
const statusAt = (end: RawBuilder<Date>) =>
  sql`coalesce((select u.status_after from marac_action_updates u where u.action_id = a.id and u.recorded_at < ${end}
    order by u.recorded_at desc, u.id desc limit 1), 'open')`;

export const maracActionsOverdue = computedIndicator({
  key: 'marac.actions-overdue',
  version: 1,
  name: 'MARAC safety action plan actions overdue',
  unit: 'count',
  polarity: 'lower-is-better',
  howCounted:
    'Actions of MARAC safety action plans overdue at the end of the period: added before it ended, due on a day before ' +
    'it ended, and still open then (not reviewed as done or cancelled by then), in England’s time. For a period not ' +
    `yet over, as of now. ${PLACE_WORDS}, and whether the action was for the children.`,
  measure: 'count',
  breakdowns: ACTION_BREAKDOWNS,
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) =>
    sql`select ${actionPlace()}, ${recordColumns('a.id', 'c.id', 'a.due_on')}
      from marac_actions a join marac_cases c on c.id = a.case_id
      where a.created_at < ${endOf(period)}
        and a.due_on < cast(${endOf(period)} at time zone 'Europe/London' as date)
        and ${statusAt(endOf(period))} = 'open'`,
});

export const MARAC_INDICATORS: readonly ComputedIndicator[] = [
  maracReferrals,
  maracRepeats,
  maracChildren,
  maracHeard,
  maracActionsDone,
  maracActionsOverdue,
];
