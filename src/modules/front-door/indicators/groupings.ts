import { sql } from 'kysely';
import { AGE_BAND_CASES, AGE_BANDS } from '../../../platform/indicators/age-bands.ts';
import type { Bounds, Grouping } from '../../../platform/indicators/counting.ts';
import { PATHWAY_NAMES } from '../hub/rules.ts';
import { SOURCE_NAMES } from '../hub/page-words.ts';

/**
 * How the front door's indicators break down, as SQL over a request aliased `r` (and a Hub decision aliased `h`).
 * The area is the district the request gives for the family's address when it was made (`district_code`, required
 * on every request), and its quadrant.
 */

/** The rows a request-based indicator counts: requests received in the period (`join` is a grouping's). */
export const requestsReceived = (bounds: Bounds, join: ReturnType<typeof sql>) =>
  sql`from requests_for_support r ${join} where r.received_at >= ${bounds.from} and r.received_at < ${bounds.to}`;

export const byDistrict: Grouping = {
  key: sql`gd.code`,
  label: sql`gd.name`,
  join: sql`left join districts gd on gd.code = r.district_code`,
};

export const byQuadrant: Grouping = {
  key: sql`gq.code`,
  label: sql`gq.name`,
  join: sql`left join districts gd on gd.code = r.district_code left join quadrants gq on gq.id = gd.quadrant_id`,
};

export const bySource: Grouping = { key: sql`r.source`, labels: SOURCE_NAMES };

/**
 * The age band of the youngest child named in the request, in whole years on the day it was received (in England);
 * an unborn baby counts as under 5; a request naming no child with a date of birth is 'unknown'.
 */
const youngestAge = sql`left join lateral (select min(case when p.is_expected then 0
    else date_part('year', age((r.received_at at time zone 'Europe/London')::date, p.date_of_birth)) end) as age
  from request_people p where p.request_id = r.id and p.role = 'child' and p.date_of_birth is not null
    and (p.is_expected or p.date_of_birth <= (r.received_at at time zone 'Europe/London')::date)) ga on true`;

export const byAgeBand: Grouping = {
  key: sql`case ${sql.join(
    AGE_BAND_CASES.map((b) =>
      b.max === null
        ? sql`when ga.age >= ${sql.lit(b.min)} then ${sql.lit(b.key)}`
        : sql`when ga.age between ${sql.lit(b.min)} and ${sql.lit(b.max)} then ${sql.lit(b.key)}`,
    ),
    sql` `,
  )} end`,
  labels: Object.fromEntries(AGE_BANDS.map((b) => [b.key, b.label])),
  join: youngestAge,
};

/** The level of need the Hub decided (`h`), named as on the Effective Support Windscreen. */
export const byLevel: Grouping = {
  key: sql`h.level`,
  label: sql`'Level ' || h.level || coalesce(' (' || gl.name || ')', '')`,
  join: sql`left join windscreen_levels gl on gl.level = h.level`,
};

export const byPathway: Grouping = { key: sql`h.pathway`, labels: PATHWAY_NAMES };

/** The priority the request has in the Hub's queue (the tenant's priorities set its timescale). */
export const byPriority = (names: Readonly<Record<string, string>>): Grouping => ({
  key: sql`r.priority`,
  labels: names,
});
