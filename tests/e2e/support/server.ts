import { createServer } from 'node:net';
import type { FastifyPluginAsync } from 'fastify';
import { buildApp, type Services } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { seedDemoData } from '../../../src/demo/seed-demo.ts';
import { loadTenantConfig } from '../../../src/modules/reference/tenant-config.ts';
import { createTestDatabase } from '../../helpers/database.ts';
import type { Database } from '../../../src/platform/db/database.ts';

export interface TestServer {
  baseUrl: string;
  services: Services;
  /** The server's database, for a journey that must move time on (a session's last activity). */
  database: Database;
  close(): Promise<void>;
}

/** Asks the system for a free port, so PUBLIC_URL (used in emailed links) is right before the app is built. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerOptions {
  /** Test-only pages, registered inside the pages context (session, user, CSRF). */
  extraPages?: FastifyPluginAsync<{ services: Services }>;
  /** Extra settings, for example a short session timeout. */
  env?: Record<string, string>;
}

/** The real app on a real port, over a fresh migrated database with the Essex demo users. */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const testDatabase = await createTestDatabase();
  await seedDemoData(testDatabase.database.db, 'essex');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    COOKIE_SECURE: 'false',
    TWO_FACTOR: 'required',
    // The outbox page, for journeys where a system administrator reads an invitation; others read services.notify.
    DEV_OUTBOX: 'true',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    ...options.env,
  });
  const tenant = await loadTenantConfig('essex');
  const { app, services } = await buildApp({
    config,
    database: testDatabase.database,
    tenantName: tenant.localAuthority.name,
    areaName: tenant.localAuthority.shortName,
    extraPages: options.extraPages,
  });
  await app.listen({ host: '127.0.0.1', port });
  return {
    baseUrl,
    services,
    database: testDatabase.database,
    close: async () => {
      await app.close();
      await testDatabase.close();
    },
  };
}
