/**
 * Education Compliance (issue 15): children missing education and elective home education, whereabouts enquiries,
 * concerns, suitability assessments, outcomes and the School Attendance Order's stages; the list, the case pages and
 * the figures.
 */
export { EducationComplianceService, EDUCATION_RECORD_TYPE } from './service.ts';
export { educationComplianceRoutes } from './routes.ts';
export { educationIndicators } from './indicators.ts';
export { EDUCATION_RECORDS, educationRecordLister } from './drill-down.ts';
