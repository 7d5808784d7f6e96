import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import type { ComputedResult } from '../../platform/indicators/computed.ts';
import { figureOf, type Measure } from '../../platform/indicators/counting.ts';
import { ENTERED_CARE, enteredRows, KEY_PREFIX, MIGRANT_GROUPS } from './indicators.ts';
import { MEASURES, type MeasureSpec } from './measures.ts';
import { childYearRows, IN_CARE, type Need, type Year } from './register-sql.ts';

/**
 * Every register measure for several years at once (issue 16): what each indicator's `compute` gives, year by year,
 * with and without the separated migrant breakdown, counted in two passes over the register instead of two queries
 * per measure and year. Each measure's own conditions (measures.ts) become one aggregate's filter, over the same
 * child and year rows (register-sql.ts). The background job runs it straight after an import.
 */
type Row = { label: string; key: string | null; whole: number } & Record<string, unknown>;

function aggregates(spec: MeasureSpec, i: number): RawBuilder<unknown> {
  const n = sql`count(*) filter (where ${spec.who}) as ${sql.ref(`n${i}`)}`;
  if (spec.measure === 'count') return n;
  const num =
    spec.measure === 'mean'
      ? sql`sum(${spec.amount}) filter (where ${spec.who})`
      : sql`count(*) filter (where (${spec.who}) and (${spec.hit}))`;
  return sql`${n}, ${num} as ${sql.ref(`num${i}`)}`;
}

/** Rows of (year, group) with each measure's n and num, grouped with and without the group (`whole`). */
function grouped(from: RawBuilder<unknown>, columns: RawBuilder<unknown>, where: RawBuilder<unknown> = sql`true`) {
  return sql<Row>`select y.label, s.key, grouping(s.key) as whole, ${columns}
    from ${from} cross join lateral (select case when c.separated_migrant then 'separated-migrant' else 'other' end as key) s
    where ${where}
    group by grouping sets ((y.label, s.key), (y.label))`;
}

function results(rows: readonly Row[], years: readonly Year[], measure: Measure, n: string, num: string) {
  return years.map((year): ComputedResult => {
    const mine = rows.filter((r) => r.label === year.label);
    const whole = mine.find((r) => Number(r.whole) === 1);
    const groups = mine
      .filter((r) => Number(r.whole) !== 1 && Number(r[n] ?? 0) > 0)
      .sort((a, b) => String(a.key).localeCompare(String(b.key)))
      .map((r) => ({
        key: r.key!,
        label: MIGRANT_GROUPS[r.key as keyof typeof MIGRANT_GROUPS],
        figure: figureOf(measure, r[n], r[num]),
      }));
    return { total: figureOf(measure, whole?.[n], whole?.[num]), groups };
  });
}

/** Each measure's results (indicator key → one per year, in the years' order). */
export async function countAllMeasures(db: Kysely<DB>, years: readonly Year[]): Promise<Map<string, ComputedResult[]>> {
  const out = new Map<string, ComputedResult[]>();
  if (years.length === 0) return out;
  const needs = new Set<Need>(MEASURES.flatMap((m) => m.needs));
  // Only the rows some measure reads: children in care that day, and those marked as care leavers.
  const { rows } = await grouped(
    childYearRows(years, needs),
    sql.join(MEASURES.map(aggregates)),
    sql`${IN_CARE} or c.status = 'care-leaver'`,
  ).execute(db);
  MEASURES.forEach((spec, i) =>
    out.set(`${KEY_PREFIX}${spec.key}`, results(rows, years, spec.measure, `n${i}`, `num${i}`)),
  );
  const entered = await sql<Row>`select e.label, e.b_migrant as key, grouping(e.b_migrant) as whole, count(*) as n
    from (${enteredRows(years)}) e group by grouping sets ((e.label, e.b_migrant), (e.label))`.execute(db);
  out.set(`${KEY_PREFIX}${ENTERED_CARE.key}`, results(entered.rows, years, ENTERED_CARE.measure, 'n', 'num'));
  return out;
}
