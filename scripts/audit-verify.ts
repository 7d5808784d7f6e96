/**
 * Checks the audit trail's hash chain from the first event to the last (DESIGN.md §5).
 *
 *   npx tsx scripts/audit-verify.ts
 *
 * Reads the same environment as the app (DATABASE_URL, or PGLITE_DATA_DIR for the embedded
 * database). Exit codes: 0 the chain is intact, 1 the chain is broken, 2 the check could not run.
 */
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { verifyAuditChain } from '../src/platform/audit/verify.ts';

async function main(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const result = await verifyAuditChain(database.db);
    if (result.ok) {
      console.log(`Audit chain intact: ${result.checked} events checked`);
      return 0;
    }
    const { seq, id, reason } = result.brokenAt;
    console.error(`Audit chain BROKEN at event seq ${seq} (id ${id}): ${reason}`);
    console.error(`${result.checked} events before it verified.`);
    return 1;
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
