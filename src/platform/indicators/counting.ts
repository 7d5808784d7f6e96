import { TZDate } from '@date-fns/tz';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import type { Breakdown, ComputedIndicator, ComputedResult, Figure, Period, Unit } from './computed.ts';

/**
 * Machinery for computed indicators counted in SQL (issue 14): a module describes which rows it counts and how they
 * group; this builds the one query that counts them in the database (never rows loaded into JavaScript), for the total
 * and for each breakdown, so the total and its groups come from the same FROM and WHERE and always agree.
 */

/** A period's bounds as instants: local midnight in England at the start of `from` and of `to`. */
export interface Bounds {
  from: Date;
  to: Date;
  period: Period;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function londonMidnight(day: string, name: string): Date {
  const m = DAY.exec(day);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (!m || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    throw new RangeError(`A period's ${name} must be a date such as "2026-04-01" (was "${day}")`);
  // The clock changes in March and October: midnight in London is 23:00 UTC the day before in summer.
  return new Date(new TZDate(y, mo - 1, d, 'Europe/London').getTime());
}

/** A period's bounds ([from, to) in England's calendar days) as instants; throws for a malformed or empty period. */
export function periodBounds(period: Period): Bounds {
  const from = londonMidnight(period.from, 'from');
  const to = londonMidnight(period.to, 'to');
  if (!(to.getTime() > from.getTime()))
    throw new RangeError(`A period must end after it starts (${period.from} to ${period.to})`);
  return { from, to, period };
}

/**
 * One way of breaking a figure down: the group's key as SQL (null where the record does not say, counted as
 * 'unknown'), its label as SQL or from a list, and any join the key needs. Keys and labels are trusted SQL written
 * in the module, never user input.
 */
export interface Grouping {
  key: RawBuilder<unknown>;
  label?: RawBuilder<unknown>;
  labels?: Readonly<Record<string, string>>;
  join?: RawBuilder<unknown>;
}

/** What an indicator counts: the rows (`from … where …`, one row per record counted) and, for a ratio, which meet it. */
export interface Counting<Extra> {
  /** Common table expressions the rows need (`name as (…), …`), without the WITH. */
  with?(bounds: Bounds, extra: Extra): RawBuilder<unknown>;
  /** `from … [join] … where …` for the period; `join` is the grouping's join, placed before the WHERE. */
  rows(bounds: Bounds, join: RawBuilder<unknown>, extra: Extra): RawBuilder<unknown>;
  /** For a percentage: the condition a counted row meets to be in the numerator. */
  meets?: RawBuilder<unknown>;
  groupings: Readonly<Record<Breakdown, Grouping>>;
}

export const NOT_KNOWN = 'Not known';
const empty = sql``;

function countingSql<Extra>(counting: Counting<Extra>, bounds: Bounds, extra: Extra, grouping?: Grouping) {
  const ctes = counting.with ? sql`with ${counting.with(bounds, extra)} ` : empty;
  const measure = counting.meets
    ? sql`(count(*) filter (where ${counting.meets}))::int as numerator, count(*)::int as denominator`
    : sql`count(*)::int as numerator, count(*)::int as denominator`;
  if (!grouping) return sql<Row>`${ctes}select ${measure} ${counting.rows(bounds, empty, extra)}`;
  const label = grouping.label ? sql`coalesce((${grouping.label})::text, ${NOT_KNOWN})` : sql`null::text`;
  // Grouped by the key; 'unknown' (the record does not say) comes last.
  return sql<Row>`${ctes}select * from (
    select coalesce((${grouping.key})::text, 'unknown') as key, min(${label}) as label, ${measure}
    ${counting.rows(bounds, grouping.join ?? empty, extra)}
    group by 1) as g
  order by (g.key = 'unknown'), g.key`;
}

interface Row {
  numerator: number;
  denominator: number;
  /** A group's key and label (grouped queries only). */
  key?: string;
  label?: string | null;
}

function figure(unit: Unit, row: Row | undefined): Figure {
  const numerator = Number(row?.numerator ?? 0);
  const denominator = Number(row?.denominator ?? 0);
  if (unit === 'count') return { value: numerator };
  // A share of nothing is "no data", never 0.
  return { value: denominator ? (100 * numerator) / denominator : null, numerator, denominator };
}

export interface SqlIndicatorDefinition<Extra> {
  key: string;
  version: number;
  name: string;
  unit: Extract<Unit, 'count' | 'percentage'>;
  polarity: ComputedIndicator['polarity'];
  howCounted: string;
  counting: Counting<Extra>;
  /** What the query needs beyond the period (the tenant's timescales, the bank holidays), read when counting. */
  extra?: (db: Kysely<DB>) => Promise<Extra>;
  /** The same for showing the query: its values are parameters, so the text does not depend on them. */
  placeholder?: Extra;
}

/** A ComputedIndicator counted by one SQL query over the owner module's tables. */
export function sqlIndicator<Extra = undefined>(def: SqlIndicatorDefinition<Extra>): ComputedIndicator {
  const breakdowns = Object.keys(def.counting.groupings);
  return {
    key: def.key,
    version: def.version,
    name: def.name,
    unit: def.unit,
    polarity: def.polarity,
    howCounted: def.howCounted,
    breakdowns,
    query(db, period) {
      return countingSql(def.counting, periodBounds(period), def.placeholder as Extra).compile(db).sql;
    },
    async compute(db, period, breakdown): Promise<ComputedResult> {
      const grouping = breakdown === undefined ? undefined : def.counting.groupings[breakdown];
      if (breakdown !== undefined && (!grouping || !Object.hasOwn(def.counting.groupings, breakdown)))
        throw new RangeError(`${def.key} has no breakdown by "${breakdown}" (it offers: ${breakdowns.join(', ')})`);
      const bounds = periodBounds(period);
      const extra = def.extra ? await def.extra(db) : (def.placeholder as Extra);
      if (!grouping) {
        const { rows } = await countingSql(def.counting, bounds, extra).execute(db);
        return { total: figure(def.unit, rows[0]) };
      }
      const [total, groups] = await Promise.all([
        countingSql(def.counting, bounds, extra).execute(db),
        countingSql(def.counting, bounds, extra, grouping).execute(db),
      ]);
      return {
        total: figure(def.unit, total.rows[0]),
        groups: groups.rows.map(({ key = 'unknown', label, ...g }) => ({
          key,
          label: label ?? (key === 'unknown' ? NOT_KNOWN : (grouping.labels?.[key] ?? key)),
          figure: figure(def.unit, g),
        })),
      };
    },
  };
}
