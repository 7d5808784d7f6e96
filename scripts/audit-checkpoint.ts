/**
 * Writes a signed checkpoint of the audit chain's head to AUDIT_CHECKPOINT_FILE now, and prints the
 * file's latest checkpoint (one JSON line) so an operator can keep a copy elsewhere too. Hearth also
 * writes one at start-up, every AUDIT_CHECKPOINT_MINUTES and at shutdown.
 *
 *   npm run audit:checkpoint
 *
 * Same environment as the app. Exit codes: 0 done, 2 it could not be written.
 */
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { readCheckpoints, writeCheckpoint } from '../src/platform/audit/checkpoints.ts';

async function main(): Promise<number> {
  const config = loadConfig();
  const file = config.audit.checkpointFile;
  if (!file) {
    console.error(
      'No checkpoint file: set AUDIT_CHECKPOINT_FILE (an in-memory or PostgreSQL database has no default).',
    );
    return 2;
  }
  const database = await openDatabase(config.database);
  try {
    const written = await writeCheckpoint(database.db, { key: config.audit.key, file });
    const lines = await readCheckpoints(file).catch(() => []);
    const latest = lines.at(-1);
    console.error(
      written
        ? `Checkpoint written to ${file}:`
        : latest
          ? `The chain has not grown since the latest checkpoint in ${file}:`
          : 'The audit chain is empty: nothing to checkpoint yet.',
    );
    if (latest && 'checkpoint' in latest) console.log(JSON.stringify(latest.checkpoint));
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`No checkpoint written: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
