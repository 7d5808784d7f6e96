/**
 * Data and sessions for npm run bench:load (scripts/bench-load.ts): a database of its own on the
 * PostgreSQL server, seeded once with bench:casework-sized casework (scripts/generate-casework.ts),
 * the demonstration users and requests, a busy Monday's police notifications in the Hub queue and
 * Hub practitioners made for the bench; then one signed-in session per simulated user.
 */
import { randomBytes } from 'node:crypto';
import { sign } from '@fastify/cookie';
import { sql } from 'kysely';
import pg from 'pg';
import { buildServices } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemoData, DEMO_PASSWORD } from '../src/demo/seed-demo.ts';
import { seedDemoRequests } from '../src/demo/seed-requests.ts';
import { hashPassword } from '../src/platform/auth/secrets.ts';
import type { Database } from '../src/platform/db/database.ts';
import { newId } from '../src/platform/db/ids.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { DatabaseSessionStore } from '../src/platform/http/session-store.ts';
import { todayInLondon } from '../src/modules/early-help/plan/rules.ts';
import { notificationSchema } from '../src/modules/front-door/index.ts';
import { loadTenantConfig } from '../src/modules/reference/index.ts';
import { notification } from './bench-intake-client.ts';
import { CASEWORK_TABLES, generateCasework, type Row } from './generate-casework.ts';

export const BENCH_DATABASE = 'hearth_bench_load';
const CHUNK = 10_000;
const HUB_EMAIL = (i: number) => `hub.load.${i}@bench.essex.example`;

/** The bench's own database on the server (created if missing; dropped first with `fresh`). */
export async function benchDatabaseUrl(serverUrl: string, fresh: boolean): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    if (fresh) await client.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
    const found = await client.query('select 1 from pg_database where datname = $1', [BENCH_DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${BENCH_DATABASE}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  return url.toString();
}

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

/** Seeds the bench database unless it already holds the casework; says what it did. */
export async function seedBench(database: Database, options: { episodes: number; hubUsers: number }) {
  const lines: string[] = [];
  await migrate(database);
  const tenant = await loadTenantConfig('essex');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS: 'false', TWO_FACTOR: 'off' });
  const services = buildServices(config, database);
  await services.reference.seed(tenant);
  await services.directory.seedTaxonomies(tenant);
  const { db } = database;
  const seeded = await db
    .selectFrom('users')
    .select(db.fn.countAll<number>().as('n'))
    .where('email', 'like', '%.%.%@bench.essex.example')
    .executeTakeFirstOrThrow();
  if (Number(seeded.n) === 0) {
    const started = performance.now();
    const [organisations, districts, areas] = await Promise.all([
      db.selectFrom('organisations').select(['id', 'code']).execute(),
      db.selectFrom('districts').select(['id', 'code']).execute(),
      db.selectFrom('outcome_areas').select('code').orderBy('sort_order').execute(),
    ]);
    const data = generateCasework({
      episodes: options.episodes,
      seed: 42,
      today: todayInLondon(),
      refs: {
        organisations: Object.fromEntries(organisations.map((o) => [o.code, o.id])),
        districts: Object.fromEntries(districts.map((d) => [d.code, d.id])),
        outcomeAreas: areas.map((a) => a.code),
      },
    });
    const groups = [CASEWORK_TABLES.slice(0, 5), CASEWORK_TABLES.slice(5, 14), CASEWORK_TABLES.slice(14)];
    for (const group of groups)
      await db.transaction().execute(async (tx) => {
        for (const { table, columns } of group) await load(tx, table, columns, data.tables[table]!);
      });
    await seedDemoData(db, 'essex');
    await seedDemoRequests(services);
    // A busy Monday in the Hub queue: police notifications through the service the API uses.
    const force = (await services.reference.organisations()).find((o) => o.code === 'essex-police')!;
    const schema = notificationSchema(await services.reference.districts());
    for (let batch = 0; batch < 10; batch += 1)
      await services.police.receive(
        { userId: null, label: 'bench:load' },
        { organisationId: force.id, organisationName: force.name, apiClientId: null },
        Array.from({ length: 50 }, () => schema.parse(notification('load'))),
      );
    await sql`analyze`.execute(db);
    lines.push(
      `  seeded in ${((performance.now() - started) / 1000).toFixed(0)} s: ${options.episodes.toLocaleString('en-GB')} open episodes (bench:casework's generator, seed 42), the demo users and requests, 500 police notifications`,
    );
  } else {
    lines.push(`  data: already seeded (--fresh to start again)`);
  }
  // Hub practitioners made for the bench (the casework generator has none).
  const essex = await db
    .selectFrom('organisations')
    .select('id')
    .where('code', '=', 'essex-county-council')
    .executeTakeFirstOrThrow();
  const existing = new Set(
    (await db.selectFrom('users').select('email').where('email', 'like', 'hub.load.%').execute()).map((u) => u.email),
  );
  for (let i = 0; i < options.hubUsers; i += 1) {
    if (existing.has(HUB_EMAIL(i))) continue;
    const id = newId();
    await db
      .insertInto('users')
      .values({ id, email: HUB_EMAIL(i), display_name: `Hub Practitioner ${i}`, organisation_id: essex.id })
      .execute();
    await db.insertInto('user_roles').values({ user_id: id, role: 'hub-practitioner' }).execute();
  }
  return lines;
}

export interface BenchUser {
  id: string;
  email: string;
  kind: 'hub' | 'casework';
  families: string[];
  cookie?: string;
}

/** The users the bench signs in: Hub practitioners, then casework staff with open families first. */
export async function chooseUsers(database: Database, users: number, hubUsers: number): Promise<BenchUser[]> {
  const { db } = database;
  const hub = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', 'like', 'hub.load.%')
    .orderBy('email')
    .limit(Math.min(hubUsers, users))
    .execute();
  const staff = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .leftJoin('episode_involvements as i', (join) => join.onRef('i.user_id', '=', 'users.id').on('i.to_at', 'is', null))
    .leftJoin('episodes as e', (join) => join.onRef('e.id', '=', 'i.episode_id').on('e.status', '=', 'open'))
    .select([
      'users.id',
      'users.email',
      sql<string[]>`array_remove(array_agg(distinct e.family_id), null)`.as('families'),
    ])
    .where('user_roles.role', 'in', ['family-solutions-worker', 'partner-practitioner', 'taf-support-officer'])
    .where('users.email', 'like', '%@bench.essex.example')
    .groupBy(['users.id', 'users.email'])
    .orderBy(sql`count(e.family_id)`, 'desc')
    .orderBy('users.email')
    .limit(users - hub.length)
    .execute();
  return [
    ...hub.map((u) => ({ ...u, kind: 'hub' as const, families: [] })),
    ...staff.map((u) => ({ id: u.id, email: u.email, kind: 'casework' as const, families: u.families })),
  ];
}

/**
 * Signs the first `throughForm` users in through the pages (GET /sign-in, POST /sign-in with the
 * form's CSRF token, as a browser does; TWO_FACTOR=off) and makes the rest a session server-side
 * through the app's own session store, signed with the session secret as @fastify/session signs
 * its cookie. The sign-in throttle and rate limit stay as they are: a thousand sign-ins from one
 * address would (rightly) be slowed to ten a minute.
 */
export async function signIn(
  database: Database,
  baseUrl: string,
  users: BenchUser[],
  options: { secret: string; idleMinutes: number; throughForm: number },
) {
  const { db } = database;
  await db.deleteFrom('sessions').execute();
  const throughForm = users.slice(0, options.throughForm);
  if (throughForm.length)
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(DEMO_PASSWORD) })
      .where(
        'id',
        'in',
        throughForm.map((u) => u.id),
      )
      .execute();
  for (const user of throughForm) user.cookie = await signInThroughForm(baseUrl, user.email);
  const store = new DatabaseSessionStore(db, options.idleMinutes * 60_000);
  const now = Date.now();
  for (const user of users.slice(options.throughForm)) {
    const sessionId = randomBytes(24).toString('base64url');
    const session = { userId: user.id, signedInAt: now, lastSeenAt: now } as never;
    await new Promise<void>((resolve, reject) =>
      store.set(sessionId, session, (error) => (error ? reject(error as Error) : resolve())),
    );
    user.cookie = `hearth_session=${encodeURIComponent(sign(sessionId, options.secret))}`;
  }
}

const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');

async function signInThroughForm(baseUrl: string, email: string): Promise<string> {
  const form = await fetch(`${baseUrl}/sign-in`);
  const html = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(form) },
    body: new URLSearchParams({ _csrf: csrf, email, password: DEMO_PASSWORD }).toString(),
  });
  const cookie = cookiesOf(response);
  if (response.status !== 303 || !cookie.includes('hearth_session='))
    throw new Error(`Signing in ${email} through the form failed: ${response.status}`);
  return cookie;
}
