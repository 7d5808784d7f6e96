/**
 * npm run import:bank-holidays -- bank-holidays.json
 * Loads a copy of https://www.gov.uk/bank-holidays.json into the configured database (DATABASE_URL,
 * or the embedded one), so working-day timescales know next year's bank holidays. The file is
 * checked before the database is opened; for each year it lists it is the latest word.
 */
import {
  BANK_HOLIDAYS_SOURCE,
  BankHolidaysFileError,
  DIVISIONS,
  readBankHolidaysFile,
} from '../src/platform/calendar/bank-holidays.ts';

const file = process.argv[2];
if (!file) {
  console.error(
    `Usage: npm run import:bank-holidays -- path/to/bank-holidays.json (downloaded from ${BANK_HOLIDAYS_SOURCE})`,
  );
  process.exit(2);
}
try {
  const holidays = await readBankHolidaysFile(file);
  const counts = DIVISIONS.filter((d) => holidays[d]).map((d) => `${holidays[d]!.events.length} in ${d}`);
  console.log(`Read ${file}: ${counts.join(', ')}.`);
} catch (error) {
  console.error(
    error instanceof BankHolidaysFileError
      ? `Nothing imported. ${error.message}`
      : `Nothing imported: ${(error as Error).message}`,
  );
  process.exit(1);
}

// The app is loaded only once the file is known to be good: a mistake in the command is answered at once.
const { loadConfig } = await import('../src/config.ts');
const { buildServices } = await import('../src/app.ts');
const { openDatabase } = await import('../src/platform/db/database.ts');
const { migrate } = await import('../src/platform/db/migrate.ts');
const config = loadConfig();
const database = await openDatabase(config.database);
try {
  await migrate(database);
  const { calendar } = buildServices(config, database);
  const report = await calendar.importBankHolidays(file);
  console.log(`Added ${report.added} dates; ${report.known} were already known.`);
  if (report.renamed) console.log(`Renamed ${report.renamed} dates to the file's titles.`);
  if (report.removed) console.log(`Removed ${report.removed} dates the file no longer lists in the years it covers.`);
  for (const [division, last] of Object.entries(report.knownUntil)) console.log(`  ${division}: known until ${last}`);
  console.log('Running Hearth instances use the new dates after they restart.');
} catch (error) {
  console.error(`Import failed, nothing was changed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
