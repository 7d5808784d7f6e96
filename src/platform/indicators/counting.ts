import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import { realIsoDate } from '../views/date-input.ts';
import { AGE_BAND_CASES, ageBandLabel } from './age-bands.ts';
import type { Breakdown, ComputedIndicator, ComputedResult, Figure, Period } from './computed.ts';

/**
 * The counting every computed indicator of the modules shares (issue 14): each indicator gives one `source` query,
 * one row per thing counted, and this turns it into the total and the groups, aggregated in the database.
 *
 * - a count counts the source's rows;
 * - a count of hits counts the rows whose `hit` is true, and has no value when there are no rows at all (the source's
 *   rows are those with data: none is "no data", never zero);
 * - a percentage counts the rows whose `hit` is true out of all the rows;
 * - a mean averages the rows' `amount`.
 *
 * A breakdown `b` reads the source's column `b_<b>` (a code, null where the record does not say, or an array of codes
 * for a breakdown where one thing may fall in several groups) and, where the label is in the database (a district's
 * name), `l_<b>`; otherwise `labels` names the codes. Settings of the tenant (a timescale, a time limit) are query
 * parameters, so the SQL shown on the "how this is counted" page is the same whatever they are.
 */
export type Measure = 'count' | 'count-of' | 'percentage' | 'mean';

export interface BreakdownSpec {
  /** Names a code where the source has no `l_<b>` column; the 'unknown' group is always "Not known". */
  labels?: Readonly<Record<string, string>> | ((key: string) => string);
  /** The source's `b_<b>` is an array: a row counts once in each of its groups (so groups may sum past the total). */
  multi?: boolean;
  /** The source has an `l_<b>` column with each group's label. */
  labelColumn?: boolean;
}

/** One source query: a Kysely query builder, or raw SQL. */
type Source = Expression<unknown> | RawBuilder<unknown>;

export interface ComputedSpec<P> {
  key: string;
  version: number;
  name: string;
  unit: ComputedIndicator['unit'];
  polarity: ComputedIndicator['polarity'];
  howCounted: string;
  measure: Measure;
  breakdowns: Readonly<Record<string, BreakdownSpec>>;
  /** The tenant's settings the query needs, loaded when counting; `example` stands in for the SQL text. */
  params: { load: (db: Kysely<DB>, period: Period) => Promise<P>; example: P };
  source: (db: Kysely<DB>, period: Period, params: P) => Source;
}

export const NOT_KNOWN = 'Not known';

/** The instant London's day `day` begins, in SQL (the database's own time zone rules decide BST). */
export const londonStart = (day: string) => sql<Date>`(cast(${day} as date)::timestamp at time zone 'Europe/London')`;

/** An instant column falls on one of the period's days in England. */
export const instantIn = (column: string, period: Period) =>
  sql<boolean>`(${sql.ref(column)} >= ${londonStart(period.from)} and ${sql.ref(column)} < ${londonStart(period.to)})`;

/** A 'YYYY-MM-DD' column falls on one of the period's days. */
export const dayIn = (column: string, period: Period) =>
  sql<boolean>`(${sql.ref(column)} >= cast(${period.from} as date) and ${sql.ref(column)} < cast(${period.to} as date))`;

/** The district and quadrant of a district code column, for `b_district`, `l_district`, `b_quadrant`, `l_quadrant`. */
export const districtColumns = (districtCodeColumn: string) => ({
  district: sql<string | null>`(select d.code from districts d where d.code = ${sql.ref(districtCodeColumn)})`,
  districtName: sql<string | null>`(select d.name from districts d where d.code = ${sql.ref(districtCodeColumn)})`,
  quadrant: sql<
    string | null
  >`(select q.code from districts d join quadrants q on q.id = d.quadrant_id where d.code = ${sql.ref(districtCodeColumn)})`,
  quadrantName: sql<
    string | null
  >`(select q.name from districts d join quadrants q on q.id = d.quadrant_id where d.code = ${sql.ref(districtCodeColumn)})`,
});

/** The breakdowns by district and quadrant (labels from the tenant's reference data). */
export const PLACE_BREAKDOWNS = {
  quadrant: { labelColumn: true },
  district: { labelColumn: true },
} as const satisfies Record<string, BreakdownSpec>;

/** The age band (AGE_BANDS) of an age in whole years, in SQL: null where the age is not known. */
export const ageBandSql = (age: RawBuilder<number | null>) =>
  sql<string | null>`(case ${sql.join(
    AGE_BAND_CASES.map((b) =>
      b.max === null
        ? sql`when ${age} >= ${sql.lit(b.min)} then ${sql.lit(b.key)}`
        : sql`when ${age} between ${sql.lit(b.min)} and ${sql.lit(b.max)} then ${sql.lit(b.key)}`,
    ),
    sql` `,
  )} end)`;

/** The breakdown by age band. */
export const AGE_BAND_BREAKDOWN: BreakdownSpec = { labels: ageBandLabel };

/** Throws unless the period is two real days, `from` before `to`. */
export function checkPeriod(period: Period): void {
  if (!realIsoDate(period.from) || !realIsoDate(period.to) || period.from >= period.to)
    throw new RangeError(`A period is two days 'YYYY-MM-DD', from before to: ${period.from} to ${period.to}`);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A figure from the aggregates `aggregates` names: n, the rows; num, the hits or the sum of the amounts. */
export function figureOf(measure: Measure, n: unknown, num: unknown): Figure {
  const count = Number(n ?? 0);
  if (measure === 'count') return { value: count };
  const numerator = Number(num ?? 0);
  if (measure === 'count-of') return { value: count === 0 ? null : numerator, numerator, denominator: count };
  const value = count === 0 ? null : round1(measure === 'percentage' ? (100 * numerator) / count : numerator / count);
  return { value, numerator, denominator: count };
}

/** The aggregate columns of a measure over the source alias `s`. */
function aggregates(measure: Measure): RawBuilder<unknown> {
  if (measure === 'count') return sql`count(*) as n`;
  if (measure === 'percentage' || measure === 'count-of')
    return sql`count(*) as n, count(*) filter (where s.hit) as num`;
  return sql`count(*) as n, sum(s.amount) as num`;
}

/** A computed indicator from its source query (see the top of this file). */
export function computedIndicator<P>(spec: ComputedSpec<P>): ComputedIndicator {
  const totalQuery = (db: Kysely<DB>, period: Period, params: P) =>
    sql<{ n: unknown; num?: unknown }>`select ${aggregates(spec.measure)} from (${spec.source(db, period, params)}) s`;
  return {
    key: spec.key,
    version: spec.version,
    name: spec.name,
    unit: spec.unit,
    polarity: spec.polarity,
    howCounted: spec.howCounted,
    breakdowns: Object.keys(spec.breakdowns),
    query(db, period) {
      checkPeriod(period);
      return totalQuery(db, period, spec.params.example).compile(db).sql;
    },
    async rows(db, period) {
      checkPeriod(period);
      return spec.source(db, period, await spec.params.load(db, period));
    },
    async compute(db, period, breakdown?: Breakdown): Promise<ComputedResult> {
      checkPeriod(period);
      const by = breakdown === undefined ? undefined : spec.breakdowns[breakdown];
      if (breakdown !== undefined && (!by || !Object.hasOwn(spec.breakdowns, breakdown)))
        throw new RangeError(`${spec.key} has no breakdown '${breakdown}' (it offers: ${this.breakdowns.join(', ')})`);
      const params = await spec.params.load(db, period);
      if (breakdown === undefined || !by) {
        const { rows } = await totalQuery(db, period, params).execute(db);
        return { total: figureOf(spec.measure, rows[0]?.n, rows[0]?.num) };
      }
      const column = sql.ref(`s.b_${breakdown}`);
      const label = by.labelColumn ? sql`min(${sql.ref(`s.l_${breakdown}`)})` : sql`null`;
      type Row = { key: string | null; label: string | null; n: unknown; num?: unknown; whole?: number };
      let total: Figure;
      let groupRows: Row[];
      if (by.multi) {
        // A record in several groups is counted in each: the total is counted apart.
        const { rows } = await totalQuery(db, period, params).execute(db);
        total = figureOf(spec.measure, rows[0]?.n, rows[0]?.num);
        const key = sql.ref('g.k');
        groupRows = (
          await sql<Row>`
          select ${key} as key, ${label} as label, ${aggregates(spec.measure)}
          from (${spec.source(db, period, params)}) s
            cross join lateral unnest(coalesce(nullif(${column}, '{}'), array[null]::text[])) as g(k)
          group by ${key} order by ${key} is null, ${key}`.execute(db)
        ).rows;
      } else {
        // The total and the groups in one pass over the source (the grouping set () is the total query's own count).
        const { rows } = await sql<Row>`
          select ${column} as key, ${label} as label, ${aggregates(spec.measure)}, grouping(${column}) as whole
          from (${spec.source(db, period, params)}) s
          group by grouping sets ((${column}), ()) order by whole, ${column} is null, ${column}`.execute(db);
        const whole = rows.find((r) => Number(r.whole) === 1);
        total = figureOf(spec.measure, whole?.n, whole?.num);
        groupRows = rows.filter((r) => Number(r.whole) !== 1);
      }
      const named = (k: string) => (typeof by.labels === 'function' ? by.labels(k) : (by.labels?.[k] ?? k));
      return {
        total,
        groups: groupRows.map((r) => ({
          key: r.key ?? 'unknown',
          label: r.key === null ? NOT_KNOWN : (r.label ?? named(r.key)),
          figure: figureOf(spec.measure, r.n, r.num),
        })),
      };
    },
  };
}
