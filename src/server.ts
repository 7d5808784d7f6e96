import { ConfigError, loadConfig } from './config.ts';
import { buildApp } from './app.ts';
import { openDatabase } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { loadTenantConfig } from './modules/reference/index.ts';
import { seedDemoData, DEMO_PASSWORD } from './demo/seed-demo.ts';
import { seedDemoRequests } from './demo/seed-requests.ts';
import { Jobs } from './platform/jobs/jobs.ts';
import { platformJobs } from './platform/jobs/definitions.ts';
import { writeCheckpoint } from './platform/audit/checkpoints.ts';
import { directoryJobs } from './modules/directory/index.ts';
import { familySolutionsJobs } from './modules/early-help/index.ts';

/** Start-up: read config, open the database, migrate, seed, build the app, listen. */
async function main() {
  const started = performance.now();
  const config = loadConfig();
  const tenant = await loadTenantConfig(config.tenant);
  const database = await openDatabase(config.database);
  const applied = await migrate(database);
  const { app, services } = await buildApp({ config, database, tenantName: tenant.localAuthority.name });
  // Stored two-factor secrets must be readable with these keys (a restore with other settings stops here).
  const secrets = await services.auth.checkStoredSecrets();
  await services.reference.seed(tenant);
  const bankHolidays = await services.calendar.loadBankHolidays();
  await services.directory.seedTaxonomies(tenant);
  await services.directory.loadPostcodeDistricts();
  const demoUsers = config.seedDemoData ? await seedDemoData(database.db, config.tenant) : [];
  const demoServices = config.seedDemoData ? await services.directory.seedDemoServices(config.tenant) : 0;
  const demoRequests = config.seedDemoData ? await seedDemoRequests(services) : 0;

  // The audit chain's head, anchored at start-up, every few minutes (a job) and at shutdown.
  const checkpointFile = config.audit.checkpointFile;
  const checkpoint = async () => {
    if (!checkpointFile) return;
    const written = await writeCheckpoint(database.db, { key: config.audit.key, file: checkpointFile });
    if (written) app.log.info({ auditCheckpoint: written }, 'audit checkpoint');
  };
  await checkpoint();

  const jobs = config.runJobs
    ? await Jobs.start(
        database,
        { url: config.database.kind === 'postgres' ? config.database.url : undefined },
        [
          ...platformJobs(database.db, config, (written) =>
            app.log.info({ auditCheckpoint: written }, 'audit checkpoint'),
          ),
          ...directoryJobs(services.directory),
          ...familySolutionsJobs(services.familySolutions),
        ],
        (err, job) => app.log.error({ err, job }, 'background job failed'),
      )
    : undefined;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await jobs?.stop();
    await checkpoint().catch((err: unknown) => app.log.error({ err }, 'audit checkpoint at shutdown failed'));
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  const lines = [
    '',
    `Hearth is running at ${url}`,
    `  database: ${database.kind === 'pglite' ? `embedded PGlite in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL'}${applied.length ? ` (applied ${applied.length} migrations)` : ''}`,
    `  tenant: ${tenant.localAuthority.name}`,
    `  audit checkpoints: ${checkpointFile ? `${checkpointFile} (every ${config.audit.checkpointMinutes} minutes${config.audit.developmentKey ? '; signed with the development AUDIT_KEY' : ''})` : 'none (in-memory database, or set AUDIT_CHECKPOINT_FILE)'}`,
    `  bank holidays (${tenant.hub.workingHours.bankHolidays}): known until ${bankHolidays.knownUntil[tenant.hub.workingHours.bankHolidays] ?? 'none loaded'}; newer ones: npm run import:bank-holidays`,
    `  Directory of Services: ${url}/services${demoServices ? ` (added ${demoServices} demonstration services)` : ''}`,
    `  Hub queue: ${url}/hub${demoRequests ? ` (added ${demoRequests} demonstration requests)` : ''}`,
    `  two-factor sign-in: ${config.twoFactorRequired ? 'required (first sign-in shows a QR code to scan)' : 'OFF (local demo only)'}; secrets under key "${config.twoFactorKeys.current}"${secrets.reencrypted ? ` (${secrets.reencrypted} moved to it)` : ''}${secrets.unreadable ? `; ${secrets.unreadable} cannot be read: reset those users' sign-in` : ''}`,
    `  started in ${Math.round(performance.now() - started)} ms`,
  ];
  if (demoUsers.length) {
    lines.push('', `Demo sign-ins (password for all: ${DEMO_PASSWORD}):`);
    for (const u of demoUsers) lines.push(`  ${u.email.padEnd(38)} ${u.roles}`);
    if (config.devOutbox)
      lines.push('', `Emails (such as invitations) are kept at ${url}/dev/outbox (sign in as a system administrator)`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Hearth could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
