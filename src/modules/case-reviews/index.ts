/**
 * Safeguarding practice reviews and learning (issue 16; seed 004): case review referrals, the three statutory partners'
 * triage, Rapid Reviews, local Child Safeguarding Practice Reviews, and the agencies' learning actions.
 */
export { CaseReviewService } from './service.ts';
export { CaseReviewRefused } from './core.ts';
export { caseReviewRoutes } from './routes.ts';
export { caseReviewIndicators } from './indicators.ts';
export { loadCaseReviewSettings } from './settings.ts';
export { CASE_REVIEW_RECORDS, caseReviewRecordLister } from './drill-down.ts';
