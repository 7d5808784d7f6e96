import { sql } from 'kysely';
import type { Period } from '../../../platform/indicators/computed.ts';
import {
  AGE_BAND_BREAKDOWN,
  PLACE_BREAKDOWNS,
  ageBandSql,
  districtColumns,
  instantIn,
} from '../../../platform/indicators/counting.ts';
import { PATHWAY_NAMES } from '../hub/rules.ts';
import { SOURCE_NAMES } from '../hub/page-words.ts';

/**
 * How the front door's indicators break down, as source columns over a request aliased `r` (and a Hub decision
 * aliased `h`). The area is the district the request gives for the family's address when it was made
 * (`district_code`, required on every request), and its quadrant.
 */

const place = districtColumns('r.district_code');

/** Quadrant and district of the request `r`. */
export const placeColumns = sql`${place.quadrant} as b_quadrant, ${place.quadrantName} as l_quadrant,
  ${place.district} as b_district, ${place.districtName} as l_district`;

/**
 * The age of the youngest child named in the request `r`, in whole years on the day it was received (in England), as
 * `ga.age`; an unborn baby counts as 0; null when no child has a date of birth.
 */
export const youngestChildJoin = sql`left join lateral (select min(case when p.is_expected then 0
    else date_part('year', age((r.received_at at time zone 'Europe/London')::date, p.date_of_birth)) end) as age
  from request_people p where p.request_id = r.id and p.role = 'child' and p.date_of_birth is not null
    and (p.is_expected or p.date_of_birth <= (r.received_at at time zone 'Europe/London')::date)) ga on true`;

/** Source, quadrant, district and age band of the request `r` (with `youngestChildJoin`). */
export const requestColumns = sql`r.source as b_source, ${placeColumns},
  ${ageBandSql(sql`ga.age`)} as "b_age-band"`;

export const REQUEST_BREAKDOWNS = {
  source: { labels: SOURCE_NAMES },
  ...PLACE_BREAKDOWNS,
  'age-band': AGE_BAND_BREAKDOWN,
} as const;

/** Requests received in the period, one row each, with their breakdowns. */
export const requestsReceived = (period: Period, extra = sql``) =>
  sql`select ${requestColumns} ${extra} from requests_for_support r ${youngestChildJoin}
    where ${instantIn('r.received_at', period)}`;

/** The level of need (named as on the Effective Support Windscreen) and pathway the Hub decided (`h`). */
export const decisionColumns = sql`h.level::text as b_level,
  'Level ' || h.level || coalesce(' (' || (select gl.name from windscreen_levels gl where gl.level = h.level) || ')', '')
    as l_level,
  h.pathway as b_pathway`;

export const LEVEL_BREAKDOWN = { labelColumn: true } as const;
export const PATHWAY_BREAKDOWN = { labels: PATHWAY_NAMES } as const;
