/**
 * Children's social care at the front door's level 4 (issue 15): the Hub's hand-offs (an intake queue in Hearth, or
 * the outbound API and CSV for an authority whose social care system is elsewhere) and escalations about Hub
 * decisions, with their figures.
 */
export { SocialCareService } from './service.ts';
export { socialCareRoutes } from './routes.ts';
export { socialCareApiRoutes } from './api-routes.ts';
export { EscalationService } from './escalations.ts';
export { escalationRoutes } from './escalation-routes.ts';
export { socialCareIndicators } from './indicators.ts';
export { SOCIAL_CARE_RECORDS, handOffRecordLister, escalationRecordLister } from './drill-down.ts';
