import { sql } from 'kysely';
import type { ComputedIndicator } from '../../../platform/indicators/computed.ts';
import { PLACE_BREAKDOWNS, computedIndicator, instantIn } from '../../../platform/indicators/counting.ts';
import { recordColumns, londonDay } from '../../../platform/indicators/records.ts';
import { placeColumns, requestRecord } from './groupings.ts';

const none = { load: () => Promise.resolve(null), example: null };

const CHANNEL_NAMES: Record<string, string> = {
  phone: 'Phone',
  email: 'Email',
  'in-person': 'In person',
  online: 'Online',
};

/** Police notifications and consultations (issue 14), counted as PoliceService.figures and ConsultationsService.figures count them. */
export const policeAndConsultationIndicators: readonly ComputedIndicator[] = [
  computedIndicator({
    key: 'police.progressed-to-social-care-or-family-solutions',
    version: 1,
    name: 'Police requests that progressed to children’s social care or Family Solutions',
    unit: 'percentage',
    polarity: 'higher-is-better',
    howCounted:
      'The Safeguarding Children Board’s measure (its annual report 2020/21, seed 004): “out of the 9,092 Requests for Support created from the Police 7,679 (85%) did not progress to Children’s Social Care or Family Solutions for an intervention”. This is the other side of that figure: of the police notifications received in the period (each is a Request for Support from the police), the share whose final Hub decision sent the family to children’s social care (level 4) or to Family Solutions (level 3). A notification closed at triage, passed at triage to a worker already involved with the family (no new intervention began), not yet decided, or decided to any other pathway (advice, a Team Around the Family, no further action, linked to another request) did not progress. A notification belongs to the period in which the Hub received it (days in England). The area is the district given for the family’s address on the request, and its quadrant.',
    measure: 'percentage',
    breakdowns: PLACE_BREAKDOWNS,
    params: none,
    source: (_db, period) => sql`select exists (select 1 from hub_decisions h where h.request_id = r.id
        and h.state = 'final' and h.pathway in ('social-care', 'family-solutions')) as hit, ${placeColumns},
        ${requestRecord}
      from police_notifications n join requests_for_support r on r.id = n.request_id
      where ${instantIn('r.received_at', period)}`,
  }),
  computedIndicator({
    key: 'consultations.became-requests',
    version: 1,
    name: 'Consultations that became a Request for Support',
    unit: 'percentage',
    polarity: 'neither',
    howCounted:
      'Of the consultations the Hub gave in the period (a practitioner asking for advice about a child), the share that the Hub linked to the Request for Support it led to. A consultation belongs to the period in which it took place (days in England). A consultation is counted as becoming a request only once a Hub practitioner links the two, so a request made after a consultation but never linked to it is not counted. Consultations record no address, so there is no breakdown by area; the breakdown by channel is how the practitioner asked (phone, email, in person, online).',
    measure: 'percentage',
    breakdowns: { channel: { labels: CHANNEL_NAMES } },
    params: none,
    source: (_db, period) => sql`select c.request_id is not null as hit, c.channel as b_channel,
        ${recordColumns('c.id', 'c.id', londonDay('c.consulted_at'))}
      from consultations c where ${instantIn('c.consulted_at', period)}`,
  }),
];
