/**
 * npm run import:postcodes -- ONSPD_FILE.csv
 * Loads the ONS Postcode Directory into the configured database (DATABASE_URL, or the embedded
 * one), so the Directory of Services measures distances from exact postcodes.
 */
import { createReadStream } from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { buildServices } from '../src/app.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run import:postcodes -- path/to/ONSPD.csv');
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase(config.database);
try {
  await migrate(database);
  const { directory } = buildServices(config, database);
  const started = performance.now();
  const report = await directory.importOnsPostcodes(
    { userId: null, label: 'import:postcodes' },
    createReadStream(file),
  );
  console.log(`Imported ${report.imported} postcodes in ${Math.round(performance.now() - started)} ms.`);
  console.log(`Skipped ${report.skippedTerminated} terminated and ${report.skippedNoLocation} without a location.`);
  if (report.rejectedCount > 0) {
    console.log(
      `Rejected ${report.rejectedCount} rows${report.rejectedCount > report.rejected.length ? ` (the first ${report.rejected.length} below)` : ''}:`,
    );
    for (const r of report.rejected) console.log(`  line ${r.line}: ${r.reason}`);
  }
} catch (error) {
  console.error(`Import failed, nothing after the last full batch was saved: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
