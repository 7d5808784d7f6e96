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
// The import files, the upload reader and the chart, shared with the corporate parenting register (issue 16).
export { fileKind, readRows, UnreadableFile, writeCsv, writeXlsx } from './imports/files.ts';
export { registerMultipart, UPLOAD_BODY_LIMIT, type UploadedFile } from './imports/multipart.ts';
export { lineChart } from './chart.ts';
export { formatValue, rag, trend, RAG_WORDS, breakdownValue } from './present.ts';
export { recentPeriods, PERIODS_SHOWN } from './periods.ts';
