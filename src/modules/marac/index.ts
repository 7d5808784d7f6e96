/**
 * MARAC, the Multi-Agency Risk Assessment Team (issue 15; seed 002): referrals of victims of domestic abuse at
 * high risk, the twice-daily meetings, each agency's research, and the safety action plans. Its cases are restricted
 * records. Other modules reach it only through this file (decision 006).
 */
export { MaracAccess, MARAC_CASE, maracInvolvements, type MaracAccessRow } from './access.ts';
export { checklistLoader, type RiskChecklist } from './cases/checklist.ts';
export { registerMaracRestricted } from './cases/restricted.ts';
export { maracCaseRoutes } from './cases/routes.ts';
export { MaracCaseService, MaracReferralError, type ReferredListener } from './cases/service.ts';
export { MARAC_INDICATORS } from './indicators.ts';
export { MaracMeetingService, MaracRefused, MARAC_MEETING } from './meetings/service.ts';
export { MaracPlanService } from './meetings/plan.ts';
export { maracMeetingRoutes } from './meetings/routes.ts';
export { MARAC_RECORDS, MARAC_LISTERS } from './drill-down.ts';
