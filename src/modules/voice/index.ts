/**
 * The voice of children in care (issue 16, "Corporate parenting: voice"): the Have Your Say and Pledge and Charter
 * Checker surveys, the Children in Care Council's meetings with decision-makers, and the Pledge and Care Leavers
 * Charter with their yearly revisions.
 */
export { VoiceService } from './service.ts';
export { voiceRoutes } from './routes.ts';
export { voiceIndicators } from './indicators.ts';
export { loadVoiceFile } from './settings.ts';
