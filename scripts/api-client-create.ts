/**
 * npm run api-client:create -- --name "Essex Police" --organisation essex-police
 *
 * Registers an outside system that may call Hearth's token-authenticated APIs (today: POST
 * /api/police-notifications) and prints its token once. Hearth keeps only a hash of it: if the
 * token is lost, create another client. Reads the same environment as the app (DATABASE_URL, or
 * PGLITE_DATA_DIR for the embedded database). Exit codes: 0 created, 1 refused, 2 could not run.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { AuditLog } from '../src/platform/audit/audit.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { ApiClientError, ApiClientService } from '../src/modules/front-door/police/api-clients.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { name: { type: 'string' }, organisation: { type: 'string' } } });
  if (!values.name || !values.organisation) {
    console.error('Usage: npm run api-client:create -- --name "Essex Police" --organisation essex-police');
    return 1;
  }
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    await migrate(database);
    const clients = new ApiClientService(database.db, new AuditLog(database.db));
    const { id, token } = await clients.create(
      { userId: null, label: 'cli:api-client:create' },
      { name: values.name, organisationCode: values.organisation },
    );
    console.log(`API client ${id} created for ${values.organisation}.`);
    console.log('Its token, shown only this once (send it as "Authorization: Bearer <token>"):');
    console.log(token);
    return 0;
  } catch (error) {
    if (error instanceof ApiClientError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`The API client could not be created: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
