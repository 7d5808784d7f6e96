/**
 * Training (issue 16, "Workforce"): the multi-agency training offer (courses, sessions, bookings with a waiting list,
 * attendance by agency, evaluations straight after and some months later) and the practitioner champions networks.
 */
export { TrainingService } from './service.ts';
export { trainingRoutes } from './routes.ts';
export { trainingJobs } from './jobs.ts';
export { trainingIndicators } from './indicators.ts';
