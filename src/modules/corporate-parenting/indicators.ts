import { sql, type RawBuilder } from 'kysely';
import type { ComputedIndicator, Period } from '../../platform/indicators/computed.ts';
import { computedIndicator } from '../../platform/indicators/counting.ts';
import { MEASURES, type MeasureSpec } from './measures.ts';
import { childYearRows, migrantKey, yearsSql, type Year } from './register-sql.ts';

/**
 * The Co-Parenting Strategy's measures (seed 004, "Our Outcomes") counted from the register (issue 16), one computed
 * indicator each. Each is a snapshot on the period's last day unless it says otherwise: the children in care that day
 * (a period in care started on or before it and not ended by it), their placement that day, their age that day, and
 * their statuses as at that day. Care leavers are those the register marks as care leavers whose care had ended by
 * that day. Every measure breaks down by separated migrant children and other children, so the Panel sees the two
 * apart (seed 004: "their data is considered separately"). Counts and scores only, never a name.
 *
 * A page counts a period through `compute` only when it is not kept yet; after an import, every measure is counted
 * for every year the pages show in one pass instead (count-all.ts), from the same SQL (measures.ts, register-sql.ts).
 */
export const MIGRANT_GROUPS = { 'separated-migrant': 'Separated migrant children', other: 'Other children' };
const BREAKDOWNS = { migrant: { labels: MIGRANT_GROUPS } };
const NO_PARAMS = { load: () => Promise.resolve(null), example: null };
export const KEY_PREFIX = 'corporate-parenting.';

const oneYear = (period: Period): Year[] => [{ label: period.from, ...period }];

/** One measure's rows for these years: the migrant group, and its hit or amount (measures.ts). */
export function measureRows(spec: MeasureSpec, years: readonly Year[]): RawBuilder<unknown> {
  const value = spec.hit ? sql`, ${spec.hit} as hit` : spec.amount ? sql`, ${spec.amount} as amount` : sql``;
  return sql`select y.label, ${migrantKey} as b_migrant ${value}
    from ${childYearRows(years, new Set(spec.needs))} where ${spec.who}`;
}

/** The periods in care that started in the years (a child who came into care twice counts twice). */
export const enteredRows = (years: readonly Year[]) =>
  sql`select y.label, ${migrantKey} as b_migrant from ${yearsSql(years)}
    join cp_care_periods cp on cp.starts_on >= y.f and cp.starts_on < y.t join cp_children c on c.id = cp.child_id`;

export const ENTERED_CARE = {
  key: 'entered-care',
  version: 1,
  name: 'Children entering care',
  unit: 'count',
  polarity: 'neither',
  measure: 'count',
  howCounted:
    'Periods in care that started in the period (a child who came into care twice counts twice). By separated migrant children and other children.',
} as const;

export const corporateParentingIndicators: readonly ComputedIndicator[] = [
  computedIndicator({
    ...ENTERED_CARE,
    key: `${KEY_PREFIX}${ENTERED_CARE.key}`,
    breakdowns: BREAKDOWNS,
    params: NO_PARAMS,
    source: (_db, period) => enteredRows(oneYear(period)),
  }),
  ...MEASURES.map((spec) =>
    computedIndicator({
      key: `${KEY_PREFIX}${spec.key}`,
      version: spec.version,
      name: spec.name,
      unit: spec.unit,
      polarity: spec.polarity,
      measure: spec.measure,
      howCounted: spec.howCounted,
      breakdowns: BREAKDOWNS,
      params: NO_PARAMS,
      source: (_db, period) => measureRows(spec, oneYear(period)),
    }),
  ),
];
