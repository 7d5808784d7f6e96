/**
 * Corporate parenting (issue 16): the children in care and care leavers register imported from the social care
 * system, the Co-Parenting Strategy's measures counted from it (computed indicators of the performance framework),
 * and the Corporate Parenting Panel's outcome page.
 */
export { CorporateParentingService } from './service.ts';
export { corporateParentingRoutes } from './routes.ts';
export { corporateParentingIndicators, KEY_PREFIX as CORPORATE_PARENTING_PREFIX } from './indicators.ts';
export { corporateParentingJobs, COUNT_JOB as CORPORATE_PARENTING_COUNT_JOB, type CountState } from './counting.ts';
export { countAllMeasures } from './count-all.ts';
export { panelModel } from './panel.ts';
export { checkRegister, type Register, type CheckedStatus } from './check.ts';
export { COLUMNS, templateRows, registerRows } from './register-file.ts';
