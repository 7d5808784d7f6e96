import { sql } from 'kysely';
import type { Period } from '../../../platform/indicators/computed.ts';
import { PLACE_BREAKDOWNS, districtColumns, instantIn } from '../../../platform/indicators/counting.ts';
import {
  PERSON_BREAKDOWNS,
  ageOnSql,
  londonDaySql,
  personBreakdownColumns,
} from '../../../platform/indicators/person-breakdowns.ts';
import { londonDay, recordColumns } from '../../../platform/indicators/records.ts';
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

/** The age band, gender, ethnicity and SEND of the request's child (with `youngestChildJoin`). */
export const childColumns = personBreakdownColumns({
  age: sql`ga.age`,
  gender: sql`ga.gender`,
  ethnicity: sql`ga.ethnicity`,
  send: sql`ga.send`,
});

/**
 * The request's child, as `ga`: the youngest child named in the request `r` (an unborn baby first, then the latest
 * date of birth; children without one last, then as the form listed them), with their age in whole years on the day
 * the request was received in England (an unborn baby counts as 0; null without a date of birth) and their gender,
 * ethnicity and SEN provision as the form said. The breakdowns about a child read this one child, so they add up.
 */
export const youngestChildJoin = sql`left join lateral (select
    case when p.is_expected then 0 else ${ageOnSql(sql`p.date_of_birth`, londonDaySql(sql`r.received_at`))} end as age,
    p.gender, p.ethnicity, p.send
  from request_people p where p.request_id = r.id and p.role = 'child'
  order by p.is_expected desc, p.date_of_birth desc nulls last, p.position limit 1) ga on true`;

/** The request `r` as the record behind a count (the drill-down, records.ts): the policy checks the request itself. */
export const requestRecord = recordColumns('r.id', 'r.id', londonDay('r.received_at'));

/** Source, quadrant, district, and the age band, gender, ethnicity and SEND of the request's child (`ga`). */
export const requestColumns = sql`r.source as b_source, ${placeColumns}, ${childColumns}, ${requestRecord}`;

export const REQUEST_BREAKDOWNS = {
  source: { labels: SOURCE_NAMES },
  ...PLACE_BREAKDOWNS,
  ...PERSON_BREAKDOWNS,
} as const;

/** Requests received in the period, one row each, with their breakdowns and record columns. */
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
