/**
 * The performance framework (issue 14, "Know if it works"): indicator definitions from the tenant's file, computed
 * values counted from other modules' ComputedIndicators (platform/indicators/computed.ts), imported values from
 * CSV or XLSX files, RAG against target, commentary, and the pages under /performance. Other modules reach it only
 * through this file (decision 006).
 */
export { PerformanceService, type Recount } from './service.ts';
export { performanceRoutes } from './routes.ts';
export { loadIndicatorsFile } from './definitions.ts';
export { reportHref, REPORT_KEYS } from './report-links.ts';
export { PerformanceRecords } from './records.ts';
export { performanceJobs } from './jobs.ts';
/** The one rule for suppressing small numbers in a breakdown: other modules showing figures reuse it. */
export { breakdownValue } from './present.ts';
