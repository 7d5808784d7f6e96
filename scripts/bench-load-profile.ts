/**
 * The profile half of npm run bench:load: each page once through the app in this process
 * (app.inject, same database, same session cookies), with a Kysely log hook recording every
 * query. It prints how many queries the page makes and what for (loading the session, loading the
 * user, the audit trail, the page's own reads), how long they took and how long the rest (routing,
 * policy, rendering the template) took. The page's own read queries are then replayed bare, one
 * connection, no HTTP: the baseline the load run is printed beside.
 */
import type { LogEvent } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/platform/db/database.ts';
import { loadTenantConfig } from '../src/modules/reference/index.ts';
import type { BenchUser } from './bench-load-seed.ts';

const ROUNDS = 30;

export type Category = 'session' | 'user' | 'audit' | 'transaction' | 'page';

export function categorise(event: LogEvent, userId: string): Category {
  const text = event.query.sql;
  if (/^\s*(begin|commit|rollback)\b/i.test(text)) return 'transaction';
  if (/"sessions"/.test(text)) return 'session';
  if (/"audit_events"|pg_advisory_xact_lock/.test(text)) return 'audit';
  const params = event.query.parameters;
  if (/"(users|user_roles|team_members)"/.test(text) && params.length <= 2 && params[0] === userId) return 'user';
  return 'page';
}

export async function profilePages(
  database: Database,
  events: LogEvent[],
  url: string,
  users: BenchUser[],
  pageFor: (user: BenchUser, n: number) => { kind: string; url: string },
  options: { secret: string; idleMinutes: number; showQueries?: boolean },
): Promise<{ lines: string[]; baseline: Map<string, number[]> }> {
  const tenant = await loadTenantConfig('essex');
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: url,
    SESSION_SECRET: options.secret,
    SESSION_IDLE_MINUTES: String(options.idleMinutes),
    LOG_LEVEL: 'silent',
    JOBS: 'false',
    TWO_FACTOR: 'off',
    COOKIE_SECURE: 'false',
    SEED_DEMO_DATA: 'false',
    DEV_OUTBOX: 'false',
  });
  const { app } = await buildApp({ config, database, tenantName: tenant.localAuthority.name });
  await app.ready();
  // One sample of each kind of page, with a user who asks for it.
  const samples = new Map<string, { user: BenchUser; url: string }>();
  for (const user of users)
    for (const n of [1, 2]) {
      const page = pageFor(user, n);
      if (!samples.has(page.kind)) samples.set(page.kind, { user, url: page.url });
    }
  const lines = [
    '',
    '  profile (each page through app.inject in this process, a Kysely log hook on every query):',
    `  ${'page'.padEnd(30)} queries: ${'session'.padStart(7)} ${'user'.padStart(5)} ${'audit'.padStart(5)} ${'tx'.padStart(3)} ${'page'.padStart(5)}  ${'query time'.padStart(10)} ${'page time'.padStart(10)}`,
  ];
  const baseline = new Map<string, number[]>();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const [kind, sample] of samples) {
      const inject = async () => {
        const response = await app.inject({ method: 'GET', url: sample.url, headers: { cookie: sample.user.cookie! } });
        if (response.statusCode !== 200) throw new Error(`${sample.url}: ${response.statusCode}`);
      };
      for (let i = 0; i < 3; i += 1) await inject();
      events.length = 0;
      const started = performance.now();
      await inject();
      const totalMs = performance.now() - started;
      const counts: Record<Category, number> = { session: 0, user: 0, audit: 0, transaction: 0, page: 0 };
      let databaseMs = 0;
      for (const event of events) {
        counts[categorise(event, sample.user.id)] += 1;
        databaseMs += event.queryDurationMillis;
      }
      lines.push(
        `  ${kind.padEnd(30)} ${String(events.length).padStart(8)} ${String(counts.session).padStart(7)} ${String(counts.user).padStart(5)} ${String(counts.audit).padStart(5)} ${String(counts.transaction).padStart(3)} ${String(counts.page).padStart(5)}  ${`${databaseMs.toFixed(1)} ms`.padStart(10)} ${`${totalMs.toFixed(1)} ms`.padStart(10)}`,
      );
      if (options.showQueries)
        for (const event of events)
          lines.push(
            `      ${categorise(event, sample.user.id).padEnd(11)} ${`${event.queryDurationMillis.toFixed(1)} ms`.padStart(8)}  ${event.query.sql.replace(/\s+/g, ' ').slice(0, 140)}`,
          );
      // The page's own reads, replayed bare.
      const reads = events
        .filter((e) => categorise(e, sample.user.id) === 'page' && /^\s*(select|with)\b/i.test(e.query.sql))
        .map((e) => ({ text: e.query.sql, values: [...e.query.parameters] }));
      const times: number[] = [];
      for (let round = -3; round < ROUNDS; round += 1) {
        const t0 = performance.now();
        for (const q of reads) await client.query(q.text, q.values);
        if (round >= 0) times.push(performance.now() - t0);
      }
      baseline.set(kind, times);
    }
  } finally {
    await client.end();
    await app.close();
  }
  lines.push(
    '  (session: loading and saving the session; user: loading the signed-in user; audit: the record.viewed event;',
    '   tx: begin and commit; query time: the queries’ times added up, some run side by side;',
    '   page time: the whole request through app.inject, one at a time, in this process)',
  );
  return { lines, baseline };
}
