import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { demoRegister } from '../../src/demo/seed-corporate-parenting.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const testDb of databases) await testDb.close();
});

const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', TWO_FACTOR: 'off' });

async function schedules(testDb: TestDatabase): Promise<string[] | null> {
  const schema = await sql<{
    n: number;
  }>`select count(*)::int as n from information_schema.schemata where schema_name = 'pgboss'`.execute(
    testDb.database.db,
  );
  if (schema.rows[0]!.n === 0) return null;
  const rows = await sql<{ name: string }>`select name from pgboss.schedule order by name`.execute(testDb.database.db);
  return rows.rows.map((r) => r.name);
}

describe('background jobs wired in the app', () => {
  it('start when the app is ready and stop when it closes, when asked for (server.ts: one process or worker 1)', async () => {
    const testDb = await createTestDatabase();
    databases.push(testDb);
    const { app } = await buildApp({ config, database: testDb.database, tenantName: 'Essex', jobs: true });
    await app.ready();
    const names = await schedules(testDb);
    expect(names).toEqual(
      expect.arrayContaining([
        'sessions-delete-expired',
        'directory-review-reminders',
        'family-solutions-sustainment-checks',
        'performance-recount-late-records',
      ]),
    );
    await app.close();
  });

  it('count the register’s measures straight after an import, and every minute on the schedule', async () => {
    const testDb = await createTestDatabase();
    databases.push(testDb);
    const { app, services } = await buildApp({ config, database: testDb.database, tenantName: 'Essex', jobs: true });
    await app.ready();
    expect(await schedules(testDb)).toEqual(expect.arrayContaining(['corporate-parenting-count-measures']));
    await services.performance.seed();
    const register = demoRegister({ children: 30, seed: 2 });
    await services.corporateParenting.replace({ userId: null, label: 'test' }, register, {
      fileName: 'register.csv',
      fileKind: 'csv',
      total: 1,
    });
    expect((await services.corporateParenting.countState()).kind).toBe('counting');
    // The import asked the job to run at once: no waiting for the minute's run (a generous limit, nothing timed).
    const until = Date.now() + 60_000;
    while ((await services.corporateParenting.countState()).kind !== 'counted' && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await services.corporateParenting.countState()).kind).toBe('counted');
    await app.close();
  });

  it('stay off by default, so tests and web-only workers run none', async () => {
    const testDb = await createTestDatabase();
    databases.push(testDb);
    const { app } = await buildApp({ config, database: testDb.database, tenantName: 'Essex' });
    await app.ready();
    expect(await schedules(testDb)).toBeNull();
    await app.close();
  });
});
