/**
 * Operation Encompass (issue 15): the schools list with each school's designated safeguarding lead, notifications to
 * schools after police notifications of domestic abuse, the school's acknowledgement and support, the Hub's lists and
 * the figure "sent before the next school day".
 */
export { EncompassService, ENCOMPASS_RECORD_TYPE } from './service.ts';
export { encompassRoutes } from './routes.ts';
export { encompassJobs } from './jobs.ts';
export { encompassIndicators } from './indicators.ts';
export { ENCOMPASS_RECORDS, encompassRecordLister } from './drill-down.ts';
