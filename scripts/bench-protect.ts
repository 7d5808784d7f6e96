/**
 * npm run bench protect (or npm run bench:protect) — missing children and exploitation at Essex scale (issue 13).
 *
 * Generates (scripts/generate-protect.ts, fixed seed) 200,000 missing episodes over 5 years for about 40,000
 * children, and 20,000 exploitation concerns; adds what each list needs on top (Missing Chats for the children
 * who returned, Missing Co-ordinator reviews for most under-10 episodes, 2,000 MACE 1 cases with their meetings:
 * see `extras`), loads them with unnest inserts into PGlite and, when TEST_DATABASE_URL is set, into a new
 * PostgreSQL database, signs in through HTTP as each list's user (TWO_FACTOR=off, as the tests do) and times,
 * interleaved round by round in the same run:
 *  - through HTTP (app.inject: session, CSRF cookie, policy, the audit event every list writes, the page rendered
 *    with GOV.UK Frontend), each list page;
 *  - bare: the service call the page makes, without HTTP.
 * Goal: p95 ≤ 100 ms through HTTP on every list.
 *
 * Children missing education (20,000) and home educated (30,000) are made in SQL (scripts/bench-protect-education.ts)
 * and the Education Compliance list is timed with each of its filters. MARAC's 50,000 cases (victims, children,
 * meetings, research, safety action plans) are made in SQL too (scripts/bench-protect-marac.ts) and the next MARAC
 * meeting's list is timed as the coordinator and as an agency's representative. Each page is then profiled
 * (scripts/bench-protect-profile.ts): its queries by purpose beside the whole request.
 *
 *   --scale F      every default count times F (e.g. 0.2 for a fifth of Essex's scale)
 *   --episodes N   missing episodes (default 200,000)
 *   --concerns N   exploitation concerns (default 20,000)
 *   --cme N        children missing education (default 20,000)
 *   --ehe N        home-educated children (default 30,000)
 *   --marac N      MARAC cases (default 50,000)
 *   --rounds N     timed rounds per page (default 60, after 10 warm-up)
 *   --only pglite|postgres
 */
import { parseArgs } from 'node:util';
import { sql, type LogEvent } from 'kysely';
import type { Services } from '../src/app.ts';
import { DEMO_PASSWORD, seedDemoData } from '../src/demo/seed-demo.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { createScratchDatabase } from '../src/platform/db/scratch.ts';
import { todayInLondon } from '../src/platform/calendar/london.ts';
import type { CurrentUser } from '../src/platform/http/types.ts';
import { TestClient } from '../tests/helpers/http-client.ts';
import { startBenchApp } from './bench-app.ts';
import { PROTECT_TABLES, generateProtect } from './generate-protect.ts';
import { load } from './bench-protect-load.ts';
import { protectExtras } from './bench-protect-extras.ts';
import { protectEducation } from './bench-protect-education.ts';
import { maracExplain, protectMarac } from './bench-protect-marac.ts';
import { profileProtectPages } from './bench-protect-profile.ts';

const { values: args } = parseArgs({
  allowPositionals: true,
  options: {
    episodes: { type: 'string' },
    concerns: { type: 'string' },
    cme: { type: 'string' },
    ehe: { type: 'string' },
    marac: { type: 'string' },
    scale: { type: 'string' },
    rounds: { type: 'string' },
    only: { type: 'string' },
  },
});
const count = (value: string | undefined, fallback: number, min: number) => {
  const n = value === undefined ? fallback : Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`Expected a whole number of at least ${min}, got ${value}`);
  return n;
};
const SCALE = args.scale === undefined ? 1 : Number(args.scale);
if (!(SCALE > 0 && SCALE <= 10)) throw new Error(`Expected --scale between 0 and 10, got ${args.scale}`);
const scaled = (v: number) => Math.round(v * SCALE);
const EPISODES = count(args.episodes, scaled(200_000), 100);
const CONCERNS = count(args.concerns, scaled(20_000), 10);
const CME = count(args.cme, scaled(20_000), 10);
const EHE = count(args.ehe, scaled(30_000), 10);
const MARAC = count(args.marac, scaled(50_000), 10);
const ROUNDS = count(args.rounds, 60, 10);
const WARM_UP = 10;
const GOAL_P95_MS = 100;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
const n = (v: number) => v.toLocaleString('en-GB');
const seconds = (v: number) => `${(v / 1000).toFixed(1)} s`;

export interface ListPage {
  label: string;
  /** Who reads the list (a demo user's email). */
  as: string;
  url: string;
  expect: string;
  bare: (services: Services, viewer: CurrentUser) => Promise<unknown>;
}

async function bench(label: string, database: Database, recorder?: { events: LogEvent[] | null }): Promise<string[]> {
  const lines = [label];
  const { app, services } = await startBenchApp(database);
  await seedDemoData(database.db, 'essex');
  const { db } = database;

  let started = performance.now();
  const [organisations, districts] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'code']).execute(),
    db.selectFrom('districts').select(['code']).execute(),
  ]);
  const org = (code: string) => organisations.find((o) => o.code === code)!.id;
  const today = todayInLondon();
  const data = generateProtect({
    episodes: EPISODES,
    concerns: CONCERNS,
    seed: 42,
    today,
    refs: {
      police: org('essex-police'),
      council: org('essex-county-council'),
      districts: districts.map((d) => d.code),
    },
  });
  const generatedMs = performance.now() - started;
  started = performance.now();
  await db.transaction().execute(async (tx) => {
    for (const { table, columns } of PROTECT_TABLES) await load(tx, table, columns, data.tables[table]!);
  });
  const extras = await protectExtras(db, data, { today, load });
  const education = await protectEducation(db, { today, cme: CME, ehe: EHE });
  const marac = await protectMarac(db, services, { cases: MARAC });
  await sql`analyze`.execute(db);
  const counted = (table: string) => n(data.tables[table]!.length);
  lines.push(
    `  generated in ${seconds(generatedMs)}; loaded in ${seconds(performance.now() - started)}: ${counted('missing_episodes')} missing episodes` +
      ` (${n(data.tables.missing_episodes!.filter((e) => !e.returned_at).length)} open) of ${n(data.children.length)} children,` +
      ` ${counted('exploitation_concerns')} exploitation concerns${extras.summary ? `, ${extras.summary}` : ''}; ${education.summary}; ${marac.summary}`,
  );
  await app.ready();

  const pages: ListPage[] = [
    {
      label: 'Hub: missing children (/missing)',
      as: 'hub.practitioner@essex.example',
      url: '/missing',
      expect: 'Missing children',
      bare: (s, viewer) => s.missing.openEpisodes({ userId: viewer.id, label: 'bench' }, 1, 50),
    },
    ...extras.pages,
    ...education.pages,
    ...marac.pages,
  ];
  const clients = new Map<string, { client: TestClient; viewer: CurrentUser }>();
  for (const email of new Set(pages.map((p) => p.as))) {
    const client = new TestClient(app);
    await client.get('/sign-in');
    const signedIn = await client.post('/sign-in', { email, password: DEMO_PASSWORD });
    if (signedIn.statusCode !== 303) throw new Error(`Sign-in as ${email} failed: ${signedIn.statusCode}`);
    const id = (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    clients.set(email, { client, viewer: (await services.auth.loadCurrentUser(id))! });
  }

  const measured: { label: string; http: number[]; bare: number[] }[] = pages.map((p) => ({
    label: p.label,
    http: [],
    bare: [],
  }));
  // Round by round across the pages, so a busy moment on the machine falls on all of them alike.
  for (let round = -WARM_UP; round < ROUNDS; round += 1) {
    for (const [i, page] of pages.entries()) {
      const { client, viewer } = clients.get(page.as)!;
      started = performance.now();
      const response = await client.get(page.url);
      const httpMs = performance.now() - started;
      if (response.statusCode !== 200 || !response.body.includes(page.expect))
        throw new Error(`${page.url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
      started = performance.now();
      await page.bare(services, viewer);
      const bareMs = performance.now() - started;
      if (round >= 0) {
        measured[i]!.http.push(httpMs);
        measured[i]!.bare.push(bareMs);
      }
    }
  }
  lines.push(
    `  ${'list'.padEnd(100)} ${'HTTP p50'.padStart(9)} ${'p95'.padStart(9)}  ${'bare p50'.padStart(9)} ${'p95'.padStart(9)}  p95 HTTP/bare`,
  );
  for (const m of measured)
    lines.push(
      `  ${m.label.padEnd(100)} ${ms(percentile(m.http, 50))} ${ms(percentile(m.http, 95))}  ${ms(percentile(m.bare, 50))} ${ms(percentile(m.bare, 95))}  ${(percentile(m.http, 95) / percentile(m.bare, 95)).toFixed(2)}x`,
    );
  if (recorder) lines.push(...(await profileProtectPages(recorder, pages, clients)));
  lines.push(...(await maracExplain(db, marac.nextMeetingId)));
  const worst = Math.max(...measured.map((m) => percentile(m.http, 95)));
  lines.push(
    `  goal p95 ≤ ${GOAL_P95_MS} ms through HTTP on every list: ${worst <= GOAL_P95_MS ? 'met' : 'NOT met'} (worst p95 ${worst.toFixed(1)} ms)`,
  );
  await app.close();
  return lines;
}

console.log(
  `Protect: ${n(EPISODES)} missing episodes over 5 years, ${n(CONCERNS)} exploitation concerns (generated, seed 42), ${n(CME)} children missing education and ${n(EHE)} home educated, ${n(MARAC)} MARAC cases, ${ROUNDS} timed rounds per list after ${WARM_UP} warm-up, Node ${process.version}\n`,
);
if (args.only !== 'postgres') {
  const recorder: { events: LogEvent[] | null } = { events: null };
  const pglite = await openDatabase({
    kind: 'pglite',
    dataDir: 'memory://',
    log: (event) => recorder.events?.push(event),
  });
  try {
    console.log((await bench('PGlite (embedded, in memory)', pglite, recorder)).join('\n'));
  } finally {
    await pglite.close();
  }
}
const url = process.env.TEST_DATABASE_URL;
if (args.only === 'pglite') {
  // Only PGlite asked for.
} else if (url) {
  const scratch = await createScratchDatabase(url, 'hearth_bench');
  // Every query is offered to the recorder; the profile sets it to a list while it measures a request.
  const recorder: { events: LogEvent[] | null } = { events: null };
  const database = await openDatabase({
    kind: 'postgres',
    url: scratch.url,
    poolSize: 5,
    log: (event) => recorder.events?.push(event),
  });
  try {
    console.log(`\n${(await bench(`PostgreSQL (${new URL(url).host})`, database, recorder)).join('\n')}`);
  } finally {
    await database.close();
    await scratch.drop();
  }
} else {
  console.log('\nPostgreSQL: skipped (set TEST_DATABASE_URL to a server to measure it too).');
}
