/**
 * Early help casework: families and episodes, the Shared Family Assessment, the Early Help Plan,
 * Team Around the Family meetings, Family Solutions, and the worker's and manager's home pages.
 */
export { EarlyHelpService, type InvolvementSource, type EpisodeSummary } from './service.ts';
export { earlyHelpRoutes } from './routes.ts';
export { AssessmentService } from './assessment/service.ts';
export { assessmentRoutes } from './assessment/routes.ts';
export { PlanService } from './plan/service.ts';
export { planRoutes } from './plan/routes.ts';
export { TafService } from './taf/service.ts';
export { tafRoutes } from './taf/routes.ts';
export { FamilySolutionsService } from './family-solutions/service.ts';
export { familySolutionsRoutes } from './family-solutions/routes.ts';
export { familySolutionsJobs } from './family-solutions/jobs.ts';
export { HomeService } from './home/service.ts';
export { homeRoutes } from './home/routes.ts';
export { EARLY_HELP_INDICATORS } from './indicators.ts';
export { familySolutionsIndicators } from './family-solutions/indicators.ts';
export {
  EARLY_HELP_RECORDS,
  episodeRecordLister,
  planGoalRecordLister,
  tafSupportRecordLister,
  EPISODE_RECORD_TYPE,
  PLAN_GOAL_RECORD_TYPE,
  TAF_SUPPORT_RECORD_TYPE,
} from './drill-down.ts';
