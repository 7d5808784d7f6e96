import { sql } from 'kysely';
import type { CalendarService } from '../../../platform/calendar/service.ts';
import type { ComputedIndicator, Period } from '../../../platform/indicators/computed.ts';
import { PLACE_BREAKDOWNS, computedIndicator, instantIn, londonStart } from '../../../platform/indicators/counting.ts';
import { PERSON_BREAKDOWNS } from '../../../platform/indicators/person-breakdowns.ts';
import { personIdentitySql } from '../../people/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import {
  LEVEL_BREAKDOWN,
  PATHWAY_BREAKDOWN,
  REQUEST_BREAKDOWNS,
  childColumns,
  decisionColumns,
  placeColumns,
  requestRecord,
  requestsReceived,
  youngestChildJoin,
} from './groupings.ts';
import { PLACEHOLDER_TIMESCALES, dueJoin, hubTimescales, workingWindows } from './timescale.ts';

const AREA =
  'The area is the district of the family’s address given on the request when it was made, and its quadrant.';
const CHILD =
  'The age band, gender, ethnicity and special educational needs are those of the youngest child named in the request, as the request gave them (an unborn baby first; children without a date of birth last): the age in whole years on the day it was received, an unborn baby counting as under 5. What the request did not say, or said was not known, is "Not known".';
const RECEIVED =
  'A request belongs to the period in which the Hub received it (days in England: a request at 23:30 on 31 March is in March).';

/** Final Hub decisions on requests received in the period (as the Hub's own figures count them). */
const decisionsOnRequestsReceived = (period: Period) =>
  sql`select ${decisionColumns}, ${placeColumns}, ${childColumns}, ${requestRecord}
    from hub_decisions h join requests_for_support r on r.id = h.request_id ${youngestChildJoin}
    where h.state = 'final' and ${instantIn('r.received_at', period)}`;

const none = { load: () => Promise.resolve(null), example: null };

/** The Hub's indicators (issue 14), counted over the front door's tables. */
export function hubIndicators(deps: { reference: ReferenceService; calendar: CalendarService }): ComputedIndicator[] {
  const timescales = { load: () => hubTimescales(deps.reference, deps.calendar), example: PLACEHOLDER_TIMESCALES };
  return [
    computedIndicator({
      key: 'hub.requests-received',
      version: 2,
      name: 'Requests for Support received',
      unit: 'count',
      polarity: 'neither',
      howCounted: `Every Request for Support the Children and Families Hub received: from practitioners, from families and from the police (each police notification is a request), new requests and requests to step a family's support up or down alike. ${RECEIVED} Nothing is left out, whatever happened to the request afterwards. ${AREA} ${CHILD}`,
      measure: 'count',
      breakdowns: REQUEST_BREAKDOWNS,
      params: none,
      source: (_db, period) => requestsReceived(period),
    }),
    computedIndicator({
      key: 'hub.decisions-within-timescale',
      version: 1,
      name: 'Requests for Support decided within timescale',
      unit: 'percentage',
      polarity: 'higher-is-better',
      howCounted: `Of the Requests for Support received in the period that the Hub has decided, the share decided within the timescale of the request's priority. The timescales are the council's (Immediate, Urgent and Standard in Essex): a number of working days (by the close of that working day), of working hours (counted only while the Hub is open), or of hours round the clock. Working time is the Hub's opening hours, Monday to Friday, less bank holidays — the same calendar the Hub's queue shows each request against. The request is decided when its decision is final (after any manager's or social worker's review, at the time the decision was made). ${RECEIVED} Requests not yet decided are left out until they are, so a month's figure settles once everything received in it is decided; a request whose priority the council no longer uses is left out. ${AREA}`,
      measure: 'percentage',
      breakdowns: { ...PLACE_BREAKDOWNS, priority: { labelColumn: true } },
      params: timescales,
      source: (_db, period, t) => sql`with ${workingWindows(period, t)}
        select coalesce(fd.decided_at <= due.at, false) as hit, ${placeColumns},
          r.priority as b_priority, tp.name as l_priority, ${requestRecord}
        from requests_for_support r
        join lateral (select min(d.decided_at) as decided_at from hub_decisions d
          where d.request_id = r.id and d.state = 'final') fd on fd.decided_at is not null
        ${dueJoin(t)}
        where ${instantIn('r.received_at', period)}`,
    }),
    computedIndicator({
      key: 'hub.decisions-by-level',
      version: 2,
      name: 'Hub decisions by level of need',
      unit: 'count',
      polarity: 'neither',
      howCounted: `The Hub's final decisions on Requests for Support, by the level of need decided on the Effective Support Windscreen (1 Universal, 2 Additional, 3 Intensive, 4 Specialist). ${RECEIVED} A decision waiting for a manager or the Hub social worker, or returned by them, is not counted until it is final. ${AREA} ${CHILD}`,
      measure: 'count',
      breakdowns: { level: LEVEL_BREAKDOWN, ...PLACE_BREAKDOWNS, ...PERSON_BREAKDOWNS },
      params: none,
      source: (_db, period) => decisionsOnRequestsReceived(period),
    }),
    computedIndicator({
      key: 'hub.decisions-by-pathway',
      version: 2,
      name: 'Hub decisions by pathway',
      unit: 'count',
      polarity: 'neither',
      howCounted: `The Hub's final decisions on Requests for Support, by the pathway decided: advice and signposting, a Team Around the Family, Family Solutions (level 3), children's social care (level 4), no further action, or linked to another request about the same child. ${RECEIVED} A decision waiting for a manager or the Hub social worker, or returned by them, is not counted until it is final. ${AREA} ${CHILD}`,
      measure: 'count',
      breakdowns: { pathway: PATHWAY_BREAKDOWN, ...PLACE_BREAKDOWNS, ...PERSON_BREAKDOWNS },
      params: none,
      source: (_db, period) => decisionsOnRequestsReceived(period),
    }),
    computedIndicator({
      key: 'hub.re-requests-12-months',
      version: 2,
      name: 'Re-requests within 12 months',
      unit: 'percentage',
      polarity: 'lower-is-better',
      howCounted: `Of the Requests for Support received in the period, the share about a child who was the subject of another request received in the 12 months before this one. A child is known by the person record the Hub matched them to ("who is this child?"), including records later merged into one; a child not yet matched cannot be recognised and counts as not re-requested. Parents and other adults named on a request are not counted. ${RECEIVED} ${AREA} ${CHILD}`,
      measure: 'percentage',
      breakdowns: REQUEST_BREAKDOWNS,
      params: none,
      source: (_db, period) => sql`with about as (
          select p.request_id, ar.received_at, ${personIdentitySql(sql`p.person_id`)} as person
          from request_people p join requests_for_support ar on ar.id = p.request_id
          where p.role = 'child' and p.person_id is not null
            and ar.received_at >= ${londonStart(period.from)} - interval '12 months'
            and ar.received_at < ${londonStart(period.to)})
        ${requestsReceived(
          period,
          sql`, exists (select 1 from about a join about b on b.person = a.person
            where a.request_id = r.id and b.request_id <> r.id
              and b.received_at < r.received_at and b.received_at >= r.received_at - interval '12 months') as hit`,
        )}`,
    }),
  ];
}
