import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { loadTenantConfig } from '../src/modules/reference/index.ts';

/**
 * The app as the benchmarks measure it: the database migrated, Essex's configuration, no background jobs, no log,
 * two-factor off (benchmark sessions sign in with a password only), the tenant's reference data seeded.
 */
export async function startBenchApp(database: Database) {
  await migrate(database);
  const tenant = await loadTenantConfig('essex');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    COOKIE_SECURE: 'false',
    JOBS: 'false',
    TWO_FACTOR: 'off',
  });
  const { app, services } = await buildApp({ config, database, tenantName: tenant.localAuthority.name });
  await services.reference.seed(tenant);
  return { app, services, tenant };
}
