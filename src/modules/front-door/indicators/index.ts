import type { CalendarService } from '../../../platform/calendar/service.ts';
import type { ComputedIndicator } from '../../../platform/indicators/computed.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { hubIndicators } from './hub.ts';
import { policeAndConsultationIndicators } from './police-consultations.ts';

/**
 * The front door's computed indicators (issue 14): requests, the Hub's decisions, police notifications and
 * consultations, counted over the tables this module owns. The Hub's timescales need the tenant's priorities and
 * the working calendar, so they are built with them.
 */
export function frontDoorIndicators(deps: {
  reference: ReferenceService;
  calendar: CalendarService;
}): readonly ComputedIndicator[] {
  return [...hubIndicators(deps), ...policeAndConsultationIndicators];
}
