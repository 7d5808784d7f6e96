import cluster from 'node:cluster';
import pino from 'pino';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { buildApp, buildServices } from './app.ts';
import { openDatabase } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { TENANTS_DIR, loadTenantConfig } from './modules/reference/index.ts';
import { seedDemoData, DEMO_PASSWORD } from './demo/seed-demo.ts';
import { seedDemoRequests } from './demo/seed-requests.ts';
import { seedDemoEducation } from './demo/seed-education.ts';
import { seedDemoEncompass } from './demo/seed-encompass.ts';
import { seedDemoMarac } from './demo/seed-marac.ts';
import { seedDemoCorporateParenting } from './demo/seed-corporate-parenting.ts';
import { writeCheckpoint } from './platform/audit/checkpoints.ts';
import { processRole, superviseWorkers } from './cluster.ts';

/**
 * Start-up: read config, open the database, migrate, seed, build the app, listen. One process
 * (WEB_CONCURRENCY=1) does it all; with more, the primary does the once-only work and forks the
 * workers that serve pages (src/cluster.ts; worker 1 runs the background jobs).
 */
async function main() {
  const started = performance.now();
  const config = loadConfig();
  const role = processRole(config, cluster.isPrimary);
  if (role.kind === 'worker') return serveWorker(config, role.jobs);

  const log = pino({ level: config.logLevel });
  const tenant = await loadTenantConfig(config.tenant);
  const database = await openDatabase(
    config.database.kind === 'postgres' && role.kind === 'primary'
      ? { ...config.database, poolSize: 2 }
      : config.database,
  );
  const applied = await migrate(database);
  const services = buildServices(config, database);
  // Stored two-factor secrets must be readable with these keys (a restore with other settings stops here).
  const secrets = await services.auth.checkStoredSecrets();
  await services.reference.seed(tenant);
  const bankHolidays = await services.calendar.loadBankHolidays();
  await services.directory.seedTaxonomies(tenant);
  await services.performance.seed();
  await services.partnershipPlan.seed(config.tenant, {
    tenantsDir: TENANTS_DIR,
    quadrants: tenant.quadrants.map((q) => q.code),
  });
  await services.governance.seed(config.tenant);
  await services.training.seed();
  await services.encompass.schools.seed();
  await services.directory.loadPostcodeDistricts();
  const demoUsers = config.seedDemoData ? await seedDemoData(database.db, config.tenant) : [];
  const demoServices = config.seedDemoData ? await services.directory.seedDemoServices(config.tenant) : 0;
  const demoRequests = config.seedDemoData ? await seedDemoRequests(services) : 0;
  if (config.seedDemoData) await seedDemoEducation(services);
  if (config.seedDemoData) await services.training.seedDemo();
  if (config.seedDemoData) await seedDemoEncompass(services);
  if (config.seedDemoData) await seedDemoMarac(services);
  if (config.seedDemoData) await seedDemoCorporateParenting(services);

  // The audit chain's head, anchored at start-up, every few minutes (a job) and at shutdown.
  const checkpointFile = config.audit.checkpointFile;
  const checkpoint = async () => {
    if (!checkpointFile) return;
    const written = await writeCheckpoint(database.db, { key: config.audit.key, file: checkpointFile });
    if (written) log.info({ auditCheckpoint: written }, 'audit checkpoint');
  };
  await checkpoint();

  let stopServing: () => Promise<void>;
  let port: number;
  if (role.kind === 'single') {
    const { app } = await buildApp({
      config,
      database,
      tenantName: tenant.localAuthority.name,
      areaName: tenant.localAuthority.shortName,
      jobs: role.jobs,
    });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : config.port;
    stopServing = () => app.close();
  } else {
    const supervisor = superviseWorkers(
      role.workers,
      (env) => cluster.fork(env),
      (message) => log.warn(message),
    );
    port = await supervisor.listening;
    stopServing = () => supervisor.stop();
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await stopServing();
    await checkpoint().catch((err: unknown) => log.error({ err }, 'audit checkpoint at shutdown failed'));
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  const lines = [
    '',
    `Hearth is running at ${url}`,
    `  processes: ${role.kind === 'single' ? `one${role.jobs ? ' (with the background jobs)' : ' (background jobs off: JOBS=false)'}` : `${role.workers} workers (Node cluster; the background jobs in worker 1${config.runJobs ? '' : ', switched off: JOBS=false'})`}`,
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
    for (const u of demoUsers) lines.push(`  ${u.email.padEnd(38)} ${u.roles}${u.teams ? `: ${u.teams}` : ''}`);
    lines.push(
      '  (Work reaches a team only from the districts it covers: the demo TAF Support Officer and Family Solutions',
      '   users work in Harlow and West Essex, so use a Harlow address to follow a request through to them.)',
    );
    if (config.devOutbox)
      lines.push('', `Emails (such as invitations) are kept at ${url}/dev/outbox (sign in as a system administrator)`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

/** A cluster worker: the app on the shared port (the primary has migrated and seeded). */
async function serveWorker(config: Config, jobs: boolean) {
  const tenant = await loadTenantConfig(config.tenant);
  const database = await openDatabase(config.database);
  const { app } = await buildApp({
    config,
    database,
    tenantName: tenant.localAuthority.name,
    areaName: tenant.localAuthority.shortName,
    jobs,
  });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  await app.listen({ host: config.host, port: config.port });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Hearth could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
