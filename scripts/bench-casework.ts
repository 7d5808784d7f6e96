/**
 * npm run bench casework (or npm run bench:casework) — early help casework at Essex scale.
 *
 * Generates 50,000 open episodes (scripts/generate-casework.ts, fixed seed: ~2,000 users, ~60,000
 * families with ~220,000 people, ~500,000 plan actions, reviews and TAF meetings), loads them with
 * multi-row unnest inserts into PGlite and, when TEST_DATABASE_URL is set, into a new PostgreSQL database,
 * signs in through HTTP as a Family Solutions worker with about 20 open families (TWO_FACTOR=off, as the
 * tests do) and times, interleaved round by round in the same run:
 *  - through HTTP (app.inject: session, CSRF cookie, policy, the audit event every view writes, the page
 *    rendered with GOV.UK Frontend): the worker's home page (/early-help: their families, actions and
 *    reviews due, meetings this week) and the family page (each round a different one of their families);
 *  - bare: the service calls those pages make, without HTTP and without the audit write;
 *  - each query of the family and home pages on its own, to find a slow one.
 * Goal: p95 ≤ 100 ms through HTTP.
 *
 *   --episodes N          open episodes (default 50,000)
 *   --rounds N            timed rounds per page (default 100, after 10 warm-up)
 *   --only pglite|postgres
 *   --without-indexes     drop the indexes migrations/0021_casework_bench_indexes.sql adds ("before")
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildApp, type Services } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { DEMO_PASSWORD } from '../src/demo/seed-demo.ts';
import { hashPassword } from '../src/platform/auth/secrets.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { MIGRATIONS_DIR, migrate } from '../src/platform/db/migrate.ts';
import { createScratchDatabase } from '../src/platform/db/scratch.ts';
import type { CurrentUser } from '../src/platform/http/types.ts';
import { can } from '../src/platform/permissions/policy.ts';
import { todayInLondon } from '../src/modules/early-help/plan/rules.ts';
import { EarlyHelpRepository } from '../src/modules/early-help/repository.ts';
import { FAMILY_RECORD_TYPE } from '../src/modules/early-help/service.ts';
import { loadTenantConfig } from '../src/modules/reference/tenant-config.ts';
import { TestClient } from '../tests/helpers/http-client.ts';
import { CASEWORK_TABLES, generateCasework, type Row } from './generate-casework.ts';

const { values: args } = parseArgs({
  allowPositionals: true,
  options: {
    episodes: { type: 'string' },
    rounds: { type: 'string' },
    only: { type: 'string' },
    'without-indexes': { type: 'boolean' },
  },
});
const count = (value: string | undefined, fallback: number, min: number) => {
  const n = value === undefined ? fallback : Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`Expected a whole number of at least ${min}, got ${value}`);
  return n;
};
const EPISODES = count(args.episodes, 50_000, 100);
const ROUNDS = count(args.rounds, 100, 10);
const WARM_UP = 10;
const GOAL_P95_MS = 100;
const CHUNK = 10_000;
const BENCH_INDEXES = '0021_casework_bench_indexes.sql';

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
const n = (v: number) => v.toLocaleString('en-GB');
const seconds = (v: number) => `${(v / 1000).toFixed(1)} s`;
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Inserts rows with one `insert … select from unnest($1::uuid[], $2::text[], …)` per CHUNK rows. */
async function load(db: Database['db'], table: string, columns: [string, string][], rows: Row[]) {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const batch = rows.slice(start, start + CHUNK);
    const arrays = columns.map(
      ([name, type]) => sql`${sql.val(batch.map((r) => r[name] ?? null))}::${sql.raw(type)}[]`,
    );
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.ref(name)))}) select * from unnest(${sql.join(arrays)})`.execute(
      db,
    );
  }
}

/** The indexes the bench-indexes migration creates, dropped to measure "before". */
async function dropBenchIndexes(database: Database): Promise<string[]> {
  const text = await readFile(`${MIGRATIONS_DIR}${BENCH_INDEXES}`, 'utf8').catch(() => '');
  const names = [...text.matchAll(/create\s+(?:unique\s+)?index\s+(?:if\s+not\s+exists\s+)?(\w+)/gi)].map((m) => m[1]!);
  for (const name of names) await sql`drop index if exists ${sql.id(name)}`.execute(database.db);
  return names;
}

interface Measured {
  label: string;
  http: number[];
  bare: number[];
}
type Timed = (label: string, run: () => Promise<unknown>) => Promise<void>;

async function bench(label: string, database: Database): Promise<string[]> {
  const lines = [label];
  await migrate(database);
  if (args['without-indexes'])
    lines.push(
      `  without the indexes of ${BENCH_INDEXES}: ${(await dropBenchIndexes(database)).join(', ') || 'none found'}`,
    );
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
  const { db } = database;

  let started = performance.now();
  const [organisations, districts, areas] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'code']).execute(),
    db.selectFrom('districts').select(['id', 'code']).execute(),
    db.selectFrom('outcome_areas').select('code').orderBy('sort_order').execute(),
  ]);
  const data = generateCasework({
    episodes: EPISODES,
    seed: 42,
    today: todayInLondon(),
    refs: {
      organisations: Object.fromEntries(organisations.map((o) => [o.code, o.id])),
      districts: Object.fromEntries(districts.map((d) => [d.code, d.id])),
      outcomeAreas: areas.map((a) => a.code),
    },
  });
  const generatedMs = performance.now() - started;
  started = performance.now();
  // Three transactions: staff; families and episodes; plans and meetings.
  const groups = [CASEWORK_TABLES.slice(0, 5), CASEWORK_TABLES.slice(5, 14), CASEWORK_TABLES.slice(14)];
  for (const group of groups) {
    await db.transaction().execute(async (tx) => {
      for (const { table, columns } of group) await load(tx, table, columns, data.tables[table]!);
    });
  }
  await sql`analyze`.execute(db);
  const total = Object.values(data.tables).reduce((sum, rows) => sum + rows.length, 0);
  const counted = (table: string) => n(data.tables[table]!.length);
  lines.push(
    `  generated in ${seconds(generatedMs)}; loaded ${n(total)} rows in ${seconds(performance.now() - started)} (unnest inserts of ${n(CHUNK)} rows, 3 transactions, then analyze):`,
    `    ${counted('users')} users in ${counted('teams')} teams, ${counted('families')} families, ${counted('people')} people, ${counted('episodes')} episodes` +
      ` (${n(data.tables.episodes!.filter((e) => e.status === 'open').length)} open), ${counted('episode_involvements')} involvements, ${counted('episode_needs')} needs,`,
    `    ${counted('plans')} plans, ${counted('plan_goals')} goals, ${counted('plan_actions')} actions, ${counted('plan_reviews')} reviews, ${counted('taf_meetings')} TAF meetings, ${counted('taf_meeting_invitees')} invitees`,
  );

  // Sign in through the pages, as the HTTP tests do (two-factor off).
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(DEMO_PASSWORD) })
    .where('id', '=', data.worker.id)
    .execute();
  await app.ready();
  const client = new TestClient(app);
  await client.get('/sign-in');
  const signedIn = await client.post('/sign-in', { email: data.worker.email, password: DEMO_PASSWORD });
  if (signedIn.statusCode !== 303) throw new Error(`Sign-in failed: ${signedIn.statusCode}`);
  const viewer = (await services.auth.loadCurrentUser(data.worker.id))!;
  const families = data.worker.openFamilies;
  lines.push(
    `  signed in as a Family Solutions worker with ${families.length} open families (lead professional and allocated worker); HTTP through app.inject`,
  );

  const day = todayInLondon();
  const pages: {
    label: string;
    url: (round: number) => string;
    expect: string;
    bare: (round: number) => Promise<unknown>;
  }[] = [
    {
      label: 'worker home page (/early-help)',
      url: () => '/early-help',
      expect: 'Your families',
      bare: () => services.home.workerHome(viewer, day),
    },
    {
      label: 'family page (/families/:id)',
      url: (r) => `/families/${families[r % families.length]}`,
      expect: 'family',
      bare: (r) => familyReads(services, viewer, families[r % families.length]!),
    },
  ];
  const measured: Measured[] = [];
  for (const page of pages) {
    const m: Measured = { label: page.label, http: [], bare: [] };
    for (let round = -WARM_UP; round < ROUNDS; round += 1) {
      const r = round + WARM_UP;
      started = performance.now();
      const response = await client.get(page.url(r));
      const httpMs = performance.now() - started;
      if (response.statusCode !== 200 || !response.body.includes(page.expect))
        throw new Error(`${page.url(r)}: ${response.statusCode} ${response.body.slice(0, 300)}`);
      started = performance.now();
      await page.bare(r);
      const bareMs = performance.now() - started;
      if (round >= 0) {
        m.http.push(httpMs);
        m.bare.push(bareMs);
      }
    }
    measured.push(m);
  }
  const row = (name: string, a: number[], b: number[]) =>
    `  ${name.padEnd(44)} ${ms(percentile(a, 50))} ${ms(percentile(a, 95))}  ${ms(percentile(b, 50))} ${ms(percentile(b, 95))}  ${(percentile(a, 95) / percentile(b, 95)).toFixed(2)}x`;
  lines.push(
    `  ${'page'.padEnd(44)} ${'HTTP p50'.padStart(9)} ${'p95'.padStart(9)}  ${'bare p50'.padStart(9)} ${'p95'.padStart(9)}  p95 HTTP/bare`,
  );
  for (const m of measured) lines.push(row(m.label, m.http, m.bare));
  const worst = Math.max(...measured.map((m) => percentile(m.http, 95)));
  lines.push(
    `  goal p95 ≤ ${GOAL_P95_MS} ms through HTTP on every page: ${worst <= GOAL_P95_MS ? 'met' : 'NOT met'} (worst ${worst.toFixed(1)} ms)`,
  );

  // Each query on its own, to find a slow one.
  lines.push(
    `  each query alone (${ROUNDS} rounds, the worker's families in turn):`,
    `  ${'query'.padEnd(44)} ${'p50'.padStart(9)} ${'p95'.padStart(9)}`,
  );
  const queries = new Map<string, number[]>();
  const time: Timed = async (name, run) => {
    const t0 = performance.now();
    await run();
    queries.set(name, [...(queries.get(name) ?? []), performance.now() - t0]);
  };
  for (let round = -WARM_UP; round < ROUNDS; round += 1) {
    const familyId = families[(round + WARM_UP) % families.length]!;
    await eachQuery(services, db, viewer, familyId, day, round >= 0 ? time : (_, run) => run().then(() => undefined));
  }
  for (const [name, values] of queries)
    lines.push(`  ${name.padEnd(44)} ${ms(percentile(values, 50))} ${ms(percentile(values, 95))}`);
  await app.close();
  return lines;
}

/** What the family page reads (the route's service calls), without HTTP and without the audit write. */
async function familyReads(services: Services, viewer: CurrentUser, familyId: string) {
  const involvements = await services.earlyHelp.involvementsIn(familyId, viewer);
  const record = await services.earlyHelp.family(viewer, familyId);
  if (!record) throw new Error('family not found');
  if (can(viewer, 'record:view-access-log', { type: 'record', id: familyId, involvements }).allowed)
    await services.breakGlass.accessLog(FAMILY_RECORD_TYPE, familyId);
}

async function eachQuery(
  services: Services,
  db: Database['db'],
  viewer: CurrentUser,
  familyId: string,
  day: string,
  time: Timed,
) {
  // The benchmark times the family page's statements one by one, so it opens the repository itself.
  const r = new EarlyHelpRepository(db);
  const episodeIds = (await r.episodesOf(familyId)).map((e) => e.id);
  const episodeFamilies = (await services.home.repository.myFamilies(viewer.id)).map((f) => f.family_id);
  await time('family: family row', () => r.family(familyId));
  await time('family: involvement of the viewer (2 queries)', () => r.involvementOf(familyId, viewer.id));
  await time('family: break-glass grant', () =>
    services.breakGlass.activeGrant(viewer.id, FAMILY_RECORD_TYPE, familyId),
  );
  await time('family: members', () => r.members(familyId));
  await time('family: addresses', () => r.addresses(familyId));
  await time('family: episodes', () => r.episodesOf(familyId));
  await time('family: levels', () => r.levels(episodeIds));
  await time('family: needs', () => r.needs(episodeIds));
  await time('family: involvements', () => r.involvements(episodeIds));
  await time('family: access log (audit events)', () => services.breakGlass.accessLog(FAMILY_RECORD_TYPE, familyId));
  await time('audit event write (record.viewed)', () =>
    services.audit.record(
      { userId: viewer.id, label: 'bench' },
      {
        action: 'record.viewed',
        outcome: 'allowed',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: familyId,
        details: { reason: 'bench' },
      },
    ),
  );
  const h = services.home.repository;
  const until = addDays(day, 7);
  await time('home: my families', () => h.myFamilies(viewer.id));
  await time('home: actions due or overdue', () => h.actionsDue(viewer.id, until));
  await time('home: reviews due', () => h.reviewsDue(viewer.id, until));
  await time('home: TAF meetings this week', () =>
    h.meetings(viewer.id, new Date(`${day}T00:00:00Z`), new Date(`${addDays(until, 1)}T00:00:00Z`)),
  );
  await time('home: policy check (involvements in families)', () =>
    services.earlyHelp.involvementsInFamilies(episodeFamilies, viewer),
  );
}

console.log(
  `Early help casework: ${n(EPISODES)} open episodes (generated, seed 42), ${ROUNDS} timed rounds per page after ${WARM_UP} warm-up, Node ${process.version}\n`,
);
if (args.only !== 'postgres') {
  const pglite = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  try {
    console.log((await bench('PGlite (embedded, in memory)', pglite)).join('\n'));
  } finally {
    await pglite.close();
  }
}
const url = process.env.TEST_DATABASE_URL;
if (args.only === 'pglite') {
  // Only PGlite asked for.
} else if (url) {
  const scratch = await createScratchDatabase(url, 'hearth_bench');
  const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 5 });
  try {
    console.log(`\n${(await bench(`PostgreSQL (${new URL(url).host})`, database)).join('\n')}`);
  } finally {
    await database.close();
    await scratch.drop();
  }
} else {
  console.log('\nPostgreSQL: skipped (set TEST_DATABASE_URL to a server to measure it too).');
}
