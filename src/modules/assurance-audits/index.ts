/**
 * Assurance audits (issue 16, "Audits"): Section 11 and Section 175 cycles with invitations, reminders, returns and
 * a summary per standard; multi-agency case audits with sampled cases, auditors, findings, the findings meeting,
 * cross-cutting themes and the service development plan. Routes under /audits.
 */
export { AssuranceAuditsService } from './service.ts';
export { assuranceAuditRoutes } from './routes.ts';
export { assuranceAuditJobs } from './jobs.ts';
export { assuranceAuditIndicators } from './indicators.ts';
