/**
 * Checks the audit trail (DESIGN.md §5): the hash chain from the first event to the last, and the
 * chain against the signed checkpoints of its head in AUDIT_CHECKPOINT_FILE (every checkpointed event
 * still there with the same hash, the chain not cut below the latest), and says how many events came
 * after the last checkpoint.
 *
 *   npm run audit:verify
 *
 * Reads the same environment as the app (DATABASE_URL, or PGLITE_DATA_DIR for the embedded database
 * — stop Hearth first, PGlite allows one process —, AUDIT_KEY, AUDIT_CHECKPOINT_FILE). Exit codes: 0
 * intact, 1 broken (or not checkable against its checkpoints), 2 the check could not run.
 */
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { auditVerifyReport } from '../src/platform/audit/verify-report.ts';

async function main(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const { code, lines } = await auditVerifyReport(database.db, config.audit);
    for (const line of lines) (code === 0 ? console.log : console.error)(line);
    return code;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Audit chain could not be checked: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
