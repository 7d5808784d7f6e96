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
export { PATHWAY_NAMES as HUB_PATHWAY_NAMES, outcomeWords } from './hub/rules.ts';
export { ConsultationsService } from './consultations/service.ts';
export { consultationRoutes } from './consultations/routes.ts';
export { PoliceService } from './police/service.ts';
export { policeRoutes } from './police/routes.ts';
export { policeApiRoutes } from './police/api-routes.ts';
export { ApiClientService } from './police/api-clients.ts';
export { notificationSchema } from './police/schemas.ts';
export { levelSchema, strengthsSchema, worriesSchema, worryField } from './schemas.ts';
