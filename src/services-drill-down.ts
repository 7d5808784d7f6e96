/** The composition of issue 14's drill-down: which indicators list their records, and who sees each kind of record. */
import type { Kysely } from 'kysely';
import type { AuditLog } from './platform/audit/audit.ts';
import type { DB } from './platform/db/schema/index.ts';
import type { ComputedIndicator } from './platform/indicators/computed.ts';
import { withRecords } from './platform/indicators/records.ts';
import { CASE_REVIEW_RECORDS, caseReviewRecordLister } from './modules/case-reviews/index.ts';
import {
  EARLY_HELP_RECORDS,
  episodeRecordLister,
  planGoalRecordLister,
  tafSupportRecordLister,
  type EarlyHelpService,
} from './modules/early-help/index.ts';
import { EDUCATION_RECORDS, educationRecordLister } from './modules/education-compliance/index.ts';
import { ENCOMPASS_RECORDS, encompassRecordLister, type EncompassService } from './modules/encompass/index.ts';
import { EXPLOITATION_RECORDS, concernRecordLister } from './modules/exploitation/index.ts';
import { FRONT_DOOR_RECORDS, consultationRecordLister, requestRecordLister } from './modules/front-door/index.ts';
import { MACE_LISTERS, MACE_RECORDS } from './modules/mace/index.ts';
import { MARAC_LISTERS, MARAC_RECORDS } from './modules/marac/index.ts';
import {
  MISSING_RECORDS,
  chatRecordLister,
  missingRecordLister,
  type MissingService,
} from './modules/missing/index.ts';
import { PerformanceRecords } from './modules/performance/index.ts';
import { SOCIAL_CARE_RECORDS, escalationRecordLister, handOffRecordLister } from './modules/social-care/index.ts';

export function drillDown(
  indicators: readonly ComputedIndicator[],
  deps: {
    db: Kysely<DB>;
    readDb: Kysely<DB>;
    audit: AuditLog;
    earlyHelp: EarlyHelpService;
    missing: MissingService;
    encompass: EncompassService;
    /** A user's email (a school's safeguarding lead is known by it). */
    emailOf: (userId: string) => Promise<string | undefined>;
  },
) {
  const { db } = deps;
  const computed = withRecords(indicators, {
    ...FRONT_DOOR_RECORDS,
    ...EARLY_HELP_RECORDS,
    ...MISSING_RECORDS,
    ...EDUCATION_RECORDS,
    ...SOCIAL_CARE_RECORDS,
    ...ENCOMPASS_RECORDS,
    // Restricted records: counted, never listed.
    ...EXPLOITATION_RECORDS,
    ...MACE_RECORDS,
    ...MARAC_RECORDS,
    ...CASE_REVIEW_RECORDS,
  });
  const records = new PerformanceRecords(deps.readDb, deps.audit, [
    requestRecordLister({ db }),
    consultationRecordLister({ db }),
    episodeRecordLister({ db, earlyHelp: deps.earlyHelp }),
    planGoalRecordLister({ db, earlyHelp: deps.earlyHelp }),
    tafSupportRecordLister({ db, earlyHelp: deps.earlyHelp }),
    missingRecordLister({ db, missing: deps.missing }),
    chatRecordLister({ db }),
    educationRecordLister({ db }),
    handOffRecordLister({ db }),
    escalationRecordLister({ db }),
    encompassRecordLister({ db, encompass: deps.encompass, emailOf: deps.emailOf }),
    concernRecordLister,
    ...MACE_LISTERS,
    ...MARAC_LISTERS,
    caseReviewRecordLister,
  ]);
  return { computed, records };
}
