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
 * statuses recorded yet), `ex` their NHS number when Hearth recorded an exploitation concern about them in the
 * 12 months to that day, `lv` the day their first period in care ended, `np` their placements open in the year, and
 * `hc` and `pep` a health check in the 12 months and a PEP meeting in the 6 months to that day. What depends on the
 * child and the year is joined as sets (one pass over the placements or events for all the years), not asked child by
 * child: the difference between seconds and minutes at 20,000 children.
 */
export type Need = 'placement' | 'status' | 'exploitation' | 'leaver' | 'placements-in-year' | 'health-check' | 'pep';

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
  sql`(p.id is null and c.status = 'care-leaver' and lv.first_end <= y.e
    and ${age} between ${sql.lit(min)} and ${sql.lit(max)})`;
export const THREE_PLACEMENTS = sql`(coalesce(np.n, 0) >= 3)`;
export const HEALTH_CHECK = sql`(hc.child_id is not null)`;
export const PEP = sql`(pep.child_id is not null)`;
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
  const leaving = needs.has('leaver')
    ? sql`left join (select q.child_id, min(q.ends_on) as first_end from cp_care_periods q where q.ends_on is not null
        group by q.child_id) lv on lv.child_id = c.id`
    : sql``;
  const placements = needs.has('placements-in-year')
    ? sql`left join (select y3.label, q.child_id, count(*) as n from ${yearsSql(years, 'y3')}
          join cp_placements q on q.starts_on < y3.t and (q.ends_on is null or q.ends_on > y3.f)
        group by y3.label, q.child_id) np on np.label = y.label and np.child_id = c.id`
    : sql``;
  const event = (kind: 'health-check' | 'pep', months: number, alias: string) =>
    needs.has(kind)
      ? sql`left join (select distinct y4.label, h.child_id from ${yearsSql(years, 'y4')}
            join cp_events h on h.kind = ${sql.lit(kind)} and h.on_date <= y4.e
              and h.on_date > (y4.e - ${sql.lit(`${months} months`)}::interval)::date) ${sql.ref(alias)}
          on ${sql.ref(`${alias}.label`)} = y.label and ${sql.ref(`${alias}.child_id`)} = c.id`
      : sql``;
  return sql`${yearsSql(years)} cross join cp_children c
    left join cp_care_periods p on p.child_id = c.id and p.starts_on <= y.e and (p.ends_on is null or p.ends_on > y.e)
    ${placement} ${status} ${exploitation} ${leaving} ${placements} ${event('health-check', 12, 'hc')}
    ${event('pep', 6, 'pep')}`;
}
