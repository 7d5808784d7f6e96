/**
 * npm run bench:dashboards — the performance dashboards over five years of casework (issue 14).
 *
 * Generates ~10 million rows (scripts/generate-dashboards.ts: requests, people named, Hub decisions, families,
 * episodes, plans, goals, reviews, scores, TAF meetings, missing episodes) into PGlite and, when TEST_DATABASE_URL is
 * set, into a new PostgreSQL database; signs in through HTTP as a board member (TWO_FACTOR=off, as the tests do) and
 * times, through HTTP (app.inject: session, policy, the page rendered with GOV.UK Frontend) and bare (the
 * PerformanceService calls the page makes, without HTTP), each URL of URLS:
 *  - cold: the first view after the kept values are cleared (the page counts every period it shows and keeps them);
 *  - warm: later views (the kept values are read).
 * Then recounts every figure the pages show from scratch (PerformanceService.recount for the whole authority, the
 * indicator's own breakdown for each quadrant and district) and compares. Goal: p95 ≤ 1,000 ms through HTTP and
 * every figure equal to its recount. Prints `p95 … ms` and `mismatches N` per database.
 *
 *   --scale X      of the full ~10 million rows (default 1; 0.01 for a quick run)
 *   --rounds N     warm views timed per URL (default 30, after 2 warm-up); --cold N cold views (default 3)
 *   --only pglite|postgres
 *   --per-indicator   also time each computed indicator's cold count for its latest finished period, the total and
 *                     each breakdown it offers, slowest first (what a first view waits for, indicator by indicator)
 *   --counts-out F    with --per-indicator: write every count (total and groups) to F as JSON, so two runs (before
 *                     and after a change to a query or an index) can be compared figure by figure
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Services } from '../src/app.ts';
import { DEMO_PASSWORD } from '../src/demo/seed-demo.ts';
import { hashPassword } from '../src/platform/auth/secrets.ts';
import { todayInLondon } from '../src/platform/calendar/london.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { createScratchDatabase } from '../src/platform/db/scratch.ts';
import { TestClient } from '../tests/helpers/http-client.ts';
import { startBenchApp } from './bench-app.ts';
import { areaFor, boardModel } from '../src/modules/performance/board-routes.ts';
import { TENANTS_DIR } from '../src/modules/reference/index.ts';
import { generateDashboards } from './generate-dashboards.ts';
import { writeFile } from 'node:fs/promises';
import { recentPeriods } from '../src/modules/performance/periods.ts';

/** The board view and three drill-downs over the biggest tables. Switch the board to '/performance/board' when it lands. */
const BOARD = '/performance/board';
const DRILL_DOWNS = ['hub.requests-received', 'missing.episodes', 'early-help.closed-goals-achieved'];
const URLS = [BOARD, ...DRILL_DOWNS.map((code) => `/performance/indicators/${code}`)];

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string' },
    rounds: { type: 'string' },
    cold: { type: 'string' },
    only: { type: 'string' },
    'per-indicator': { type: 'boolean' },
    'counts-out': { type: 'string' },
  },
});
const SCALE = Number(args.scale ?? 1);
if (!(SCALE > 0 && SCALE <= 2)) throw new Error(`--scale must be above 0 and at most 2, got ${args.scale}`);
const whole = (value: string | undefined, fallback: number, min: number) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < min || n > 1000) throw new Error(`Expected a whole number ${min}–1000, got ${value}`);
  return n;
};
const ROUNDS = whole(args.rounds, 30, 5);
const COLD = whole(args.cold, 3, 1);
const WARM_UP = 2;
const GOAL_P95_MS = 1000;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const ms = (v: number) => `${v.toFixed(0)} ms`.padStart(9);
const n = (v: number) => v.toLocaleString('en-GB');
const seconds = (v: number) => `${(v / 1000).toFixed(1)} s`;

/** What a URL's page asks the performance service for (its bare baseline). */
async function bare(services: Services, url: string) {
  if (url === BOARD)
    return boardModel(services.performance, services.partnershipPlan, await areaFor(services.performance, {}));
  const code = url.split('/').at(-1)!;
  const indicator = await services.performance.indicator(code);
  if (!indicator) throw new Error(`No indicator ${code}`);
  return services.performance.series(indicator);
}

/** Forgets the kept computed values, so the next view counts every period again (a cold view). */
const clearKept = (db: Database['db']) =>
  db.deleteFrom('performance_values').where('counted_version', 'is not', null).execute();

interface Timing {
  url: string;
  cold: number[];
  coldBare: number[];
  warm: number[];
  warmBare: number[];
}

async function bench(label: string, database: Database): Promise<{ lines: string[]; p95: number; mismatches: number }> {
  const lines = [label];
  const { app, services, tenant } = await startBenchApp(database);
  await services.performance.seed();
  // The board shows the current plan's priorities and outcomes.
  await services.partnershipPlan.seed('essex', {
    tenantsDir: TENANTS_DIR,
    quadrants: tenant.quadrants.map((q) => q.code),
  });
  const { db } = database;

  const generated = await generateDashboards(db, { scale: SCALE, today: todayInLondon() });
  const total = Object.values(generated.rows).reduce((a, b) => a + b, 0);
  lines.push(
    `  generated ${n(total)} rows from ${generated.from} to yesterday in ${seconds(generated.ms)} (set-based inserts, then analyze):`,
    `    ${Object.entries(generated.rows)
      .map(([table, count]) => `${table} ${n(count)}`)
      .join(', ')}`,
  );

  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(DEMO_PASSWORD) })
    .where('id', '=', generated.boardMemberId)
    .execute();
  await app.ready();
  const client = new TestClient(app);
  await client.get('/sign-in');
  const signedIn = await client.post('/sign-in', { email: generated.boardMemberEmail, password: DEMO_PASSWORD });
  if (signedIn.statusCode !== 303) throw new Error(`Sign-in failed: ${signedIn.statusCode}`);
  lines.push('  signed in as a board member; HTTP through app.inject');

  const view = async (url: string) => {
    const t0 = performance.now();
    const response = await client.get(url);
    const took = performance.now() - t0;
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    return took;
  };
  const call = async (url: string) => {
    const t0 = performance.now();
    await bare(services, url);
    return performance.now() - t0;
  };

  if (args['per-indicator']) lines.push(...(await perIndicator(services, db, label)));

  const timings: Timing[] = URLS.map((url) => ({ url, cold: [], coldBare: [], warm: [], warmBare: [] }));
  // Cold: each URL first after the kept values are cleared, through HTTP and bare in turn.
  for (let round = 0; round < COLD; round++) {
    for (const t of timings) {
      await clearKept(db);
      t.cold.push(await view(t.url));
      await clearKept(db);
      t.coldBare.push(await call(t.url));
    }
  }
  // Warm: everything kept; round by round, HTTP then bare.
  for (const t of timings) for (let i = 0; i < WARM_UP; i++) await view(t.url);
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of timings) {
      t.warm.push(await view(t.url));
      t.warmBare.push(await call(t.url));
    }
  }

  lines.push(
    `  ${'URL'.padEnd(58)} ${'HTTP p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}  ${'bare p50'.padStart(9)} ${'p95'.padStart(9)}  HTTP/bare p95`,
  );
  const row = (name: string, a: number[], b: number[]) =>
    `  ${name.padEnd(58)} ${ms(percentile(a, 50))} ${ms(percentile(a, 95))} ${ms(Math.max(...a))}  ${ms(percentile(b, 50))} ${ms(percentile(b, 95))}  ${(percentile(a, 95) / percentile(b, 95)).toFixed(2)}x`;
  for (const t of timings) {
    lines.push(row(`${t.url} cold (${COLD})`, t.cold, t.coldBare));
    lines.push(row(`${t.url} warm (${ROUNDS})`, t.warm, t.warmBare));
  }
  const p95 = percentile(
    timings.flatMap((t) => t.warm),
    95,
  );
  const coldWorst = Math.max(...timings.flatMap((t) => t.cold));
  lines.push(
    `  p95 ${p95.toFixed(0)} ms through HTTP over every warm view (goal ≤ ${GOAL_P95_MS} ms: ${p95 <= GOAL_P95_MS ? 'met' : 'NOT met'}); worst cold view ${coldWorst.toFixed(0)} ms`,
  );

  // Recount every figure shown: the board's latest two per computed indicator, and each drill-down's series.
  const t0 = performance.now();
  const problems = await recountShown(services, db);
  lines.push(
    `  recounted ${n(problems.checked)} shown figures from scratch in ${seconds(performance.now() - t0)}`,
    `  mismatches ${problems.mismatches.length}`,
    ...problems.mismatches.slice(0, 20).map((m) => `    ${m}`),
  );
  await app.close();
  return { lines, p95, mismatches: problems.mismatches.length };
}

/**
 * Each computed indicator's cold count for its latest finished period: the total and each breakdown it offers, timed
 * one by one (nothing kept is read: `compute` always counts the live records). Slowest first.
 */
async function perIndicator(services: Services, db: Database['db'], label: string) {
  const rows: { code: string; breakdown: string; took: number }[] = [];
  const counts: Record<string, unknown> = {};
  for (const indicator of await services.performance.indicators()) {
    const computed = services.performance.computedFor(indicator);
    if (!computed) continue;
    const period = recentPeriods(indicator.frequency, todayInLondon(), 1)[0]!;
    for (const breakdown of [undefined, ...computed.breakdowns]) {
      const t0 = performance.now();
      const result = await computed.compute(db, period, breakdown);
      rows.push({ code: indicator.code, breakdown: breakdown ?? 'total', took: performance.now() - t0 });
      counts[`${indicator.code} ${period.label} ${breakdown ?? 'total'}`] = result;
    }
  }
  if (args['counts-out'])
    await writeFile(
      `${args['counts-out']}.${label.trim().split(' ')[0]!.toLowerCase()}.json`,
      JSON.stringify(counts, null, 1),
    );
  const byIndicator = new Map<string, number>();
  for (const r of rows) byIndicator.set(r.code, (byIndicator.get(r.code) ?? 0) + r.took);
  const slowest = [...byIndicator].sort((a, b) => b[1] - a[1]);
  return [
    `  cold counts per computed indicator, latest finished period (total + every breakdown), slowest first:`,
    ...slowest.map(
      ([code, took]) =>
        `    ${code.padEnd(52)} ${ms(took)}  (${rows
          .filter((r) => r.code === code)
          .sort((a, b) => b.took - a.took)
          .slice(0, 3)
          .map((r) => `${r.breakdown} ${r.took.toFixed(0)}`)
          .join(', ')})`,
    ),
  ];
}

const same = (a: number | null | undefined, b: number | null | undefined) => (a ?? null) === (b ?? null);

async function recountShown(services: Services, db: Database['db']) {
  const performance = services.performance;
  const mismatches: string[] = [];
  let checked = 0;
  const { indicators, latest } = await performance.latest();
  for (const indicator of indicators) {
    if (!performance.computedFor(indicator)) continue;
    for (const shown of latest.get(indicator.id) ?? []) {
      const period = performance.period(indicator, shown.period);
      if (!period) throw new Error(`${indicator.code}: no period ${shown.period}`);
      const recount = await performance.recount(indicator.code, period);
      checked += 1;
      if (!recount?.equal || !same(recount.shown?.value, shown.value))
        mismatches.push(
          `${indicator.code} ${period.label}: shown ${shown.value}, kept ${recount?.shown?.value}, recounted ${recount?.counted.value}`,
        );
    }
  }
  for (const code of DRILL_DOWNS) {
    const indicator = (await performance.indicator(code))!;
    const computed = performance.computedFor(indicator)!;
    const { periods, values } = await performance.series(indicator);
    for (const period of periods) {
      const shown = values.filter((v) => v.period === period.label);
      if (shown.length === 0) continue;
      const recount = await performance.recount(code, period);
      checked += 1;
      if (!recount?.equal)
        mismatches.push(`${code} ${period.label}: kept ${recount?.shown?.value}, recounted ${recount?.counted.value}`);
      for (const kind of ['quadrant', 'district'] as const) {
        if (!computed.breakdowns.includes(kind)) continue;
        const counted = (await computed.compute(db, period, kind)).groups ?? [];
        const kept = shown.filter((v) => v.area_kind === kind);
        for (const group of counted) {
          const value = kept.find((v) => v.area_code === group.key);
          checked += 1;
          if (!value || !same(value.value, group.figure.value))
            mismatches.push(
              `${code} ${period.label} ${kind} ${group.key}: kept ${value?.value}, recounted ${group.figure.value}`,
            );
        }
        for (const value of kept)
          if (!counted.some((g) => g.key === value.area_code))
            mismatches.push(
              `${code} ${period.label} ${kind} ${value.area_code}: kept ${value.value}, recounted nothing`,
            );
      }
    }
  }
  return { checked, mismatches };
}

console.log(
  `Performance dashboards: ~${n(Math.round(10_000_000 * SCALE))} rows over 5 years (scale ${SCALE}), ${COLD} cold and ${ROUNDS} warm views per URL, Node ${process.version}\n` +
    `URLs: ${URLS.join(', ')}\n`,
);
const results: string[] = [];
if (args.only !== 'postgres') {
  // On disk rather than in memory: ten million rows are more than PGlite's in-memory store should hold.
  const dir = await mkdtemp(join(tmpdir(), 'hearth-dashbench-'));
  const pglite = await openDatabase({ kind: 'pglite', dataDir: dir });
  try {
    const r = await bench(`PGlite (embedded, on disk in ${tmpdir()})`, pglite);
    console.log(r.lines.join('\n'));
    results.push(`PGlite: p95 ${r.p95.toFixed(0)} ms, mismatches ${r.mismatches}`);
  } finally {
    await pglite.close();
    await rm(dir, { recursive: true, force: true });
  }
}
const url = process.env.TEST_DATABASE_URL;
if (args.only === 'pglite') {
  // Only PGlite asked for.
} else if (url) {
  const scratch = await createScratchDatabase(url, 'hearth_dashbench');
  const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 5 });
  try {
    const r = await bench(`\nPostgreSQL (${new URL(url).host}, a new database)`, database);
    console.log(r.lines.join('\n'));
    results.push(`PostgreSQL: p95 ${r.p95.toFixed(0)} ms, mismatches ${r.mismatches}`);
  } finally {
    await database.close();
    await scratch.drop();
  }
} else {
  console.log('\nPostgreSQL: skipped (set TEST_DATABASE_URL to a server to measure it too).');
}
console.log(`\n${results.join('\n')}`);
