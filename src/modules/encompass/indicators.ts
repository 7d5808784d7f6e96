import { sql } from 'kysely';
import type { ComputedIndicator } from '../../platform/indicators/computed.ts';
import { PLACE_BREAKDOWNS, computedIndicator, districtColumns, instantIn } from '../../platform/indicators/counting.ts';
import { londonDay, recordColumns } from '../../platform/indicators/records.ts';

/**
 * Operation Encompass's figure (issue 15): the share of notifications to schools sent before the next school day.
 * Counts only, never a name.
 */
export const encompassOnTime = computedIndicator({
  key: 'encompass.sent-before-next-school-day',
  version: 1,
  name: 'Operation Encompass notifications sent before the next school day',
  unit: 'percentage',
  polarity: 'higher-is-better',
  howCounted:
    'Of the Operation Encompass notifications due in the period (one for each child of school age, Reception to ' +
    'Year 13, in a police notification of domestic abuse; due at the start of the next school day after the day ' +
    'police attended, by the tenant’s term dates and England’s bank holidays), the share sent to the school’s ' +
    'designated safeguarding lead before it was due. A notification not sent, or waiting for the Hub to find the ' +
    'school, counts as not sent in time. By the district of the police notification, in England’s time.',
  measure: 'percentage',
  breakdowns: { ...PLACE_BREAKDOWNS },
  params: { load: () => Promise.resolve(null), example: null },
  source: (_db, period) => {
    const place = districtColumns('i.district');
    return sql`select ${place.quadrant} as b_quadrant, ${place.quadrantName} as l_quadrant,
        ${place.district} as b_district, ${place.districtName} as l_district,
        coalesce(n.sent_at < n.deadline, false) as hit, ${recordColumns('n.id', 'n.id', londonDay('n.deadline'))}
      from encompass_notifications n join encompass_incidents i on i.id = n.incident_id
      where ${instantIn('n.deadline', period)}`;
  },
});

export function encompassIndicators(): readonly ComputedIndicator[] {
  return [encompassOnTime];
}
