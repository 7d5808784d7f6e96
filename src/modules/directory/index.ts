/** The Directory of Services: search, service pages, moderation, imports and exports, the ORUK API. */
export { DirectoryService } from './service.ts';
export type { ServiceSummary } from './types.ts';
export { directoryRoutes } from './routes.ts';
export { moderationRoutes } from './moderation/routes.ts';
export { transferRoutes } from './transfers/routes.ts';
export { orukApiRoutes } from './oruk/routes.ts';
export { directoryJobs } from './jobs.ts';
export { directoryIndicators } from './search-events.ts';
