import { sql, type RawBuilder } from 'kysely';
import type { ComputedIndicator, Period } from '../../platform/indicators/computed.ts';
import {
  PLACE_BREAKDOWNS,
  computedIndicator,
  dayIn,
  instantIn,
  londonStart,
} from '../../platform/indicators/counting.ts';
import { londonDay, recordColumns } from '../../platform/indicators/records.ts';
import type { TenantConfig } from '../reference/index.ts';
import { KINDS } from './mace1/schemas.ts';
import { CATEGORIES } from './mace2/schemas.ts';

/**
 * MACE's computed indicators (issue 13: "MACE 1 children open, new and exited; MACE 2 actions open and done"), as
 * MACE 1's figures (mace1/figures.ts) count them. Counts only, never a name: fine for restricted records.
 */

type ExitReasons = TenantConfig['mace']['exitReasons'];

const none = { load: () => Promise.resolve(null), example: null };

/** A MACE 1 case's quadrant and district (the panel's quadrant; the district the case names). */
const CASE_PLACE = sql`(select q.code from quadrants q where q.id = c.quadrant_id) as b_quadrant,
  (select q.name from quadrants q where q.id = c.quadrant_id) as l_quadrant,
  (select d.code from districts d where d.id = c.district_id) as b_district,
  (select d.name from districts d where d.id = c.district_id) as l_district, c.kind as b_kind`;

const MACE1_BREAKDOWNS = { ...PLACE_BREAKDOWNS, kind: { labels: KINDS } } as const;

const MACE1_GROUPS =
  'The quadrant is the MACE 1 panel’s that holds the case and the district the one the case names; the kind is ' +
  'whether the child is at high risk of being exploited or a vulnerable young person exploiting their peers.';

/**
 * The MACE 1 cases `where` says, each the record behind the count (the drill-down, drill-down.ts: restricted, counted
 * and never listed) on the day `day` (a column) that counted it.
 */
const cases = (where: RawBuilder<boolean>, day: string, extra: RawBuilder<unknown> = sql``) =>
  sql`select ${CASE_PLACE}, ${recordColumns('c.id', 'c.id', day)} ${extra} from mace1_cases c where ${where}`;

const mace1Open = computedIndicator({
  key: 'mace.mace1-open',
  version: 1,
  name: 'Children open to MACE 1',
  unit: 'count',
  polarity: 'neither',
  howCounted:
    'The children whose MACE 1 case was open at the end of the period: opened on or before its last day and not ' +
    `exited by then (a child who exits on the last day is not counted). ${MACE1_GROUPS}`,
  measure: 'count',
  breakdowns: MACE1_BREAKDOWNS,
  params: none,
  source: (_db, period) =>
    cases(
      sql<boolean>`c.opened_on < cast(${period.to} as date) and (c.exited_on is null or c.exited_on >= cast(${period.to} as date))`,
      'c.opened_on',
    ),
});

const mace1New = computedIndicator({
  key: 'mace.mace1-new',
  version: 1,
  name: 'Children new to MACE 1',
  unit: 'count',
  polarity: 'neither',
  howCounted: `The children whose MACE 1 case was opened in the period, by the day it was opened. ${MACE1_GROUPS}`,
  measure: 'count',
  breakdowns: MACE1_BREAKDOWNS,
  params: none,
  source: (_db, period) => cases(dayIn('c.opened_on', period), 'c.opened_on'),
});

function mace1Exited(exitReasons: () => Promise<ExitReasons>) {
  return computedIndicator({
    key: 'mace.mace1-exited',
    version: 1,
    name: 'Children exited from MACE 1',
    unit: 'count',
    polarity: 'neither',
    howCounted:
      'The children whose MACE 1 case was exited in the period, by the day it was exited, with the reason the panel ' +
      `recorded (the partnership’s list of reasons). ${MACE1_GROUPS}`,
    measure: 'count',
    breakdowns: { ...MACE1_BREAKDOWNS, 'exit-reason': { labelColumn: true } },
    params: {
      load: async () => JSON.stringify(Object.fromEntries((await exitReasons()).map((r) => [r.code, r.name]))),
      example: '{}',
    },
    source: (_db, period, names) =>
      cases(
        dayIn('c.exited_on', period),
        'c.exited_on',
        sql`, c.exit_reason as "b_exit-reason", coalesce(cast(${names} as jsonb) ->> c.exit_reason, c.exit_reason) as "l_exit-reason"`,
      ),
  });
}

/** A MACE 2 action's status at the instant `end`: its last update before then, else open. */
const statusAt = (end: RawBuilder<Date>) =>
  sql`coalesce((select u.status from mace2_action_updates u where u.action_id = a.id and u.created_at < ${end}
    order by u.created_at desc limit 1), 'open')`;

const MACE2_BREAKDOWNS = {
  quadrant: { labelColumn: true },
  category: { labels: Object.fromEntries(Object.entries(CATEGORIES).map(([k, v]) => [k, v.text])) },
} as const;

/** The MACE 2 actions `where` says, each the record behind the count (restricted) on the day `day` counted it. */
const actions = (where: RawBuilder<boolean>, day: RawBuilder<unknown>) =>
  sql`select (select q.code from quadrants q where q.id = a.quadrant_id) as b_quadrant,
      (select q.name from quadrants q where q.id = a.quadrant_id) as l_quadrant, a.category as b_category,
      ${recordColumns('a.id', 'a.id', day)}
    from mace2_actions a where ${where}`;

const MACE2_GROUPS =
  'The quadrant is the MACE 2 panel’s; the category is detect, disrupt or prevent (seed 002: “to detect, disrupt ' +
  'and prevent exploitation”).';

const mace2Open = computedIndicator({
  key: 'mace.mace2-actions-open',
  version: 1,
  name: 'MACE 2 actions open',
  unit: 'count',
  polarity: 'neither',
  howCounted:
    'The MACE 2 disruption actions open at the end of the period: added before it ended and, by then, open or in ' +
    `progress (their last status change before the end, in England’s time). Done and cancelled actions are left out. ${MACE2_GROUPS}`,
  measure: 'count',
  breakdowns: MACE2_BREAKDOWNS,
  params: none,
  source: (_db, period: Period) =>
    actions(
      sql<boolean>`a.created_at < ${londonStart(period.to)} and ${statusAt(londonStart(period.to))} in ('open', 'in-progress')`,
      londonDay('a.created_at'),
    ),
});

const mace2Done = computedIndicator({
  key: 'mace.mace2-actions-done',
  version: 1,
  name: 'MACE 2 actions done',
  unit: 'count',
  polarity: 'higher-is-better',
  howCounted:
    'The MACE 2 disruption actions marked done in the period, by the time they were marked done, in England’s time; ' +
    `an action marked done twice counts once. ${MACE2_GROUPS}`,
  measure: 'count',
  breakdowns: MACE2_BREAKDOWNS,
  params: none,
  source: (_db, period) =>
    actions(
      sql<boolean>`exists (select 1 from mace2_action_updates u
        where u.action_id = a.id and u.status = 'done' and ${instantIn('u.created_at', period)})`,
      sql`cast(((select min(u.created_at) from mace2_action_updates u
        where u.action_id = a.id and u.status = 'done' and ${instantIn('u.created_at', period)})
        at time zone 'Europe/London')::date as text)`,
    ),
});

export function maceIndicators(exitReasons: () => Promise<ExitReasons>): readonly ComputedIndicator[] {
  return [mace1Open, mace1New, mace1Exited(exitReasons), mace2Open, mace2Done];
}
