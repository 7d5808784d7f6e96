import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { buildApp, type Services } from '../../src/app.ts';
import type { DeclaredRoute } from '../../src/platform/http/route-access.ts';
import { loadConfig } from '../../src/config.ts';
import { seedDemoData } from '../../src/demo/seed-demo.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { createTestDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  database: Database;
  /** Every registered route with its declared access. */
  routes: () => readonly DeclaredRoute[];
  close(): Promise<void>;
}

/** The real app over a fresh test database with the Essex demo users, for app.inject() tests. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: {
    logStream?: { write(line: string): void };
    beforeReady?: (app: FastifyInstance) => void;
    extraPages?: FastifyPluginAsync<{ services: Services }>;
  } = {},
): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    COOKIE_SECURE: 'false',
    TWO_FACTOR: 'off',
    ...env,
  });
  await seedDemoData(testDb.database.db, 'essex');
  const { app, services, routes } = await buildApp({
    config,
    database: testDb.database,
    tenantName: 'Essex County Council',
    areaName: 'Essex',
    logStream: options.logStream,
    extraPages: options.extraPages,
  });
  options.beforeReady?.(app);
  await app.ready();
  return {
    app,
    services,
    database: testDb.database,
    routes,
    close: async () => {
      await app.close();
      await testDb.close();
    },
  };
}
