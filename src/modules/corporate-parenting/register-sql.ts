import { sql, type RawBuilder } from 'kysely';
import { concernNhsNumbersSql } from '../exploitation/index.ts';

/**
 * The SQL every Co-Parenting measure counts from (issue 16), written once so that a measure counted alone (one year,
 * the performance framework's `compute`) and every measure counted together after an import (many years in one pass,
 * count-all.ts) read the register the same way.
 *
 * The rows are one per child and year: `y` is the year (label; f, its first day; t, the day after its last; e, its
 * last day), `c` the child, `p` their period in care on day e (none: not in care that day), and where a measure needs
 * them `pl` their placement that day, `st` their statuses as at that day (the newest kept on or before it: none, no
 * statuses recorded yet) and `ex` their NHS number when Hearth recorded an exploitation concern about them in the
 * 12 months to that day.
 */
export type Need = 'placement' | 'status' | 'exploitation';

export interface Year {
  label: string;
  from: string;
  to: string;
}

/** The years as a relation `alias(label, f, t, e)`. */
export function yearsSql(years: readonly Year[], alias = 'y') {
  const rows = years.map((y) => sql`(cast(${y.label} as text), cast(${y.from} as date), cast(${y.to} as date))`);
  return sql`(select v.label, v.f, v.t, v.t - 1 as e from (values ${sql.join(rows)}) as v(label, f, t)) as ${sql.ref(alias)}`;
}

/** The day `e` less whole months, as a date (PostgreSQL clamps the day to the month's length). */
export const monthsBefore = (months: number) => sql`(y.e - ${sql.lit(`${months} months`)}::interval)::date`;
export const age = sql`extract(year from age(y.e, c.date_of_birth))`;
export const IN_CARE = sql`(p.id is not null)`;
/** Care leavers that day: marked as care leavers, not in care that day, a period in care ended by then. */
export const leaver = (min: number, max: number) =>
  sql`(p.id is null and c.status = 'care-leaver'
    and exists (select 1 from cp_care_periods q where q.child_id = c.id and q.ends_on <= y.e)
    and ${age} between ${sql.lit(min)} and ${sql.lit(max)})`;
export const HAS_STATUS = sql`(st.as_at is not null)`;
export const FOSTERED = sql`(pl.placement_type in ('foster', 'family-and-friends'))`;
export const migrantKey = sql`case when c.separated_migrant then 'separated-migrant' else 'other' end`;

/** The child and year rows (a FROM clause) with the joins the measures need. */
export function childYearRows(years: readonly Year[], needs: ReadonlySet<Need>): RawBuilder<unknown> {
  const placement = needs.has('placement')
    ? sql`left join cp_placements pl on pl.child_id = c.id and pl.starts_on <= y.e and (pl.ends_on is null or pl.ends_on > y.e)`
    : sql``;
  const status = needs.has('status')
    ? sql`left join lateral (select s.* from cp_statuses s where s.social_care_id = c.social_care_id and s.as_at <= y.e
        order by s.as_at desc limit 1) st on true`
    : sql``;
  // The concerns of each year once (a set of NHS numbers per year), joined to the children by NHS number.
  const exploitation = needs.has('exploitation')
    ? sql`left join (select y2.label, n.nhs_number from ${yearsSql(years, 'y2')}
          cross join lateral (${concernNhsNumbersSql(sql`(y2.e - interval '1 year')::date + 1`, sql`y2.t`)}) n) ex
        on ex.label = y.label and ex.nhs_number = c.nhs_number`
    : sql``;
  return sql`${yearsSql(years)} cross join cp_children c
    left join cp_care_periods p on p.child_id = c.id and p.starts_on <= y.e and (p.ends_on is null or p.ends_on > y.e)
    ${placement} ${status} ${exploitation}`;
}
