/** The composition of issue 14's drill-down: which indicators list their records, and who sees each kind of record. */
import type { Kysely } from 'kysely';
import type { AuditLog } from './platform/audit/audit.ts';
import type { DB } from './platform/db/schema/index.ts';
import type { ComputedIndicator } from './platform/indicators/computed.ts';
import { withRecords } from './platform/indicators/records.ts';
import { FRONT_DOOR_RECORDS, requestRecordLister } from './modules/front-door/index.ts';
import { earlyHelpRecords, episodeRecordLister, type EarlyHelpService } from './modules/early-help/index.ts';
import { MISSING_RECORDS, missingRecordLister, type MissingService } from './modules/missing/index.ts';
import { EXPLOITATION_RECORDS, concernRecordLister } from './modules/exploitation/index.ts';
import { PerformanceRecords } from './modules/performance/index.ts';
import type { ReferenceService } from './modules/reference/index.ts';

export function drillDown(
  indicators: readonly ComputedIndicator[],
  deps: {
    db: Kysely<DB>;
    readDb: Kysely<DB>;
    audit: AuditLog;
    reference: ReferenceService;
    earlyHelp: EarlyHelpService;
    missing: MissingService;
  },
) {
  const computed = withRecords(indicators, {
    ...FRONT_DOOR_RECORDS,
    ...MISSING_RECORDS,
    ...EXPLOITATION_RECORDS,
    ...earlyHelpRecords(async () => deps.reference.familySolutionsSettings()),
  });
  const records = new PerformanceRecords(deps.readDb, deps.audit, [
    requestRecordLister({ db: deps.db }),
    missingRecordLister({ db: deps.db, missing: deps.missing }),
    episodeRecordLister({ db: deps.db, earlyHelp: deps.earlyHelp }),
    concernRecordLister,
  ]);
  return { computed, records };
}
