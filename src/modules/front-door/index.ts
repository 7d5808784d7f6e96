/**
 * The front door: Requests for Support (practitioners and families), consultations, police
 * notifications, and the Children and Families Hub's queue, screening and decisions.
 */
export { FrontDoorService, RequestNotReadyError } from './service.ts';
export type { PersonEntry, PractitionerAnswers } from './answers.ts';
export { frontDoorRoutes } from './routes.ts';
export { familyRequestRoutes } from './family/routes.ts';
export { HubService } from './hub/service.ts';
export { hubRoutes } from './hub/routes.ts';
export type { SocialCareHandOff } from './hub/decision-effects.ts';
export { PATHWAY_NAMES as HUB_PATHWAY_NAMES, outcomeWords } from './hub/rules.ts';
export { ConsultationsService } from './consultations/service.ts';
export { consultationRoutes } from './consultations/routes.ts';
export { PoliceService, type PoliceReceivedHook, type PoliceSender } from './police/service.ts';
export { MISSING_EVENTS, MISSING_FROM, RISK_GRADINGS, type MissingInput } from './police/missing-fields.ts';
export type { NotificationInput } from './police/schemas.ts';
export { policeRoutes } from './police/routes.ts';
export { policeApiRoutes } from './police/api-routes.ts';
export { ApiClientService, type ApiClient } from './police/api-clients.ts';
export { notificationSchema } from './police/schemas.ts';
export { levelSchema, strengthsSchema, worriesSchema, worryField } from './schemas.ts';
export { familyContacts, type ContactLine } from './contact.ts';
export { frontDoorIndicators } from './indicators/index.ts';
export {
  FRONT_DOOR_RECORDS,
  requestRecordLister,
  consultationRecordLister,
  REQUEST_RECORD_TYPE,
  CONSULTATION_RECORD_TYPE,
} from './indicators/records.ts';
