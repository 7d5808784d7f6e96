/** The partnership plan (issue 14): versions and content from the tenant's plan file, delivery actions, reviews. */
export { PartnershipPlanService, type PlanItemDescription, type RagCounts } from './service.ts';
export { partnershipPlanRoutes } from './routes.ts';
export { loadPlanFile, planFilePath, type PlanFile } from './plan-file.ts';
export { RAG as PLAN_RAG } from './schemas.ts';
