/**
 * npm run bench:load — many signed-in users at once, on PostgreSQL.
 *
 * 1. A database of its own on the server (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test):
 *    hearth_bench_load, seeded once with bench:casework-sized casework, the demo users and requests, 500
 *    police notifications and Hub practitioners made for the bench (scripts/bench-load-seed.ts).
 * 2. Hearth itself (src/server.ts) in a child process on 127.0.0.1, WEB_CONCURRENCY processes.
 * 3. --users sessions: a few signed in through the sign-in form, the rest made server-side through the
 *    session store (the sign-in throttle and rate limit are left as they are).
 * 4. Profile, in this process: each page once with a Kysely log hook, to count its queries (session,
 *    user, audit, page) and time them; the page's own read queries then replayed bare, as the baseline.
 * 5. Warm-up (one request per session, not counted), then an open model: every user asks for a page
 *    every --interval seconds (Hub practitioners the Hub queue; casework staff their home page or one of
 *    their families, in turn) whether or not earlier answers have come, for --duration seconds. Latency
 *    is counted from when the request was due, so a slow server cannot hide its queue.
 * Prints p50/p95/p99, errors, throughput and the server's CPU milliseconds per request (all its processes,
 * user + system, from /proc: what process.cpuUsage() reports inside each). Goal: p95 ≤ 200 ms, 0 errors.
 *
 *   --users N (1000) · --duration S (60) · --interval S (10) · --workers N (WEB_CONCURRENCY; all cores)
 *   --episodes N (50,000, when seeding) · --fresh (drop and seed again) · --hub-share F (0.2)
 *   --cpu-prof DIR (the server writes V8 CPU profiles to DIR when it stops)
 *   --show-queries (the profile lists each page's queries, in order, with their purpose and time)
 * Smoke: npm run bench:load -- --users 50 --duration 10
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LogEvent } from 'kysely';
import { openDatabase } from '../src/platform/db/database.ts';
import { benchDatabaseUrl, chooseUsers, seedBench, signIn, type BenchUser } from './bench-load-seed.ts';
import { profilePages } from './bench-load-profile.ts';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string' },
    duration: { type: 'string' },
    interval: { type: 'string' },
    workers: { type: 'string' },
    episodes: { type: 'string' },
    'hub-share': { type: 'string' },
    fresh: { type: 'boolean' },
    'cpu-prof': { type: 'string' },
    'show-queries': { type: 'boolean' },
  },
});
const whole = (value: string | undefined, fallback: number, min: number) => {
  const n = value === undefined ? fallback : Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`Expected a whole number of at least ${min}, got ${value}`);
  return n;
};
const USERS = whole(args.users, 1000, 1);
const DURATION_S = whole(args.duration, 60, 1);
const INTERVAL_S = whole(args.interval, 10, 1);
const WORKERS = whole(args.workers, os.availableParallelism(), 1);
const EPISODES = whole(args.episodes, 50_000, 100);
const HUB_SHARE = Number(args['hub-share'] ?? 0.2);
const GOAL_P95_MS = 200;
const TIMEOUT_MS = 30_000;
const SESSION_SECRET = 'bench-load-session-secret-only-for-this-benchmark';
const IDLE_MINUTES = 30;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** CPU time (user + system, ms) of a process and all its descendants, from /proc; null off Linux. */
function treeCpuMs(root: number): number | null {
  try {
    const ticks = 100; // USER_HZ on Linux
    const stats = new Map<number, { ppid: number; cpu: number }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
        stats.set(Number(entry), { ppid: Number(fields[1]), cpu: Number(fields[11]) + Number(fields[12]) });
      } catch {
        // The process ended while we looked.
      }
    }
    let total = 0;
    const queue = [root];
    while (queue.length) {
      const pid = queue.pop()!;
      total += stats.get(pid)?.cpu ?? 0;
      for (const [child, s] of stats) if (s.ppid === pid) queue.push(child);
    }
    return (total * 1000) / ticks;
  } catch {
    return null;
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** One page, as a browser asks for it (compressed); resolves to an error text or null. */
function get(base: URL, url: string, cookie: string): Promise<string | null> {
  return new Promise((resolve) => {
    const request = http.get(
      {
        host: base.hostname,
        port: base.port,
        path: url,
        agent,
        headers: { cookie, 'accept-encoding': 'br, gzip', accept: 'text/html' },
        timeout: TIMEOUT_MS,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode === 200 ? null : `status ${response.statusCode}`));
        response.on('error', (error) => resolve(error.message));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error) => resolve(error.message));
  });
}

/** The page a user asks for on their nth request. */
function pageFor(user: BenchUser, n: number): { kind: string; url: string } {
  if (user.kind === 'hub') return { kind: 'Hub queue (/hub)', url: '/hub' };
  if (user.families.length === 0 || n % 2 === 0) return { kind: 'home page (/early-help)', url: '/early-help' };
  return {
    kind: 'family page (/families/:id)',
    url: `/families/${user.families[Math.floor(n / 2) % user.families.length]}`,
  };
}

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
console.log(
  `Many users at once: ${USERS} signed-in users, one page each every ${INTERVAL_S} s (${(USERS / INTERVAL_S).toFixed(0)} requests a second offered) for ${DURATION_S} s; ${WORKERS} server process${WORKERS > 1 ? 'es' : ''}; Node ${process.version}, ${os.availableParallelism()} cores\n`,
);
const url = await benchDatabaseUrl(serverUrl, args.fresh ?? false);
console.log(`PostgreSQL ${new URL(serverUrl).host}, database ${new URL(url).pathname.slice(1)}`);
const database = await openDatabase({ kind: 'postgres', url, poolSize: 5 });
const hubUsers = Math.round(USERS * HUB_SHARE);
console.log((await seedBench(database, { episodes: EPISODES, hubUsers: Math.max(hubUsers, 200) })).join('\n'));

const port = await freePort();
const base = new URL(`http://127.0.0.1:${port}`);
const logFile = path.join(os.tmpdir(), `hearth-bench-load-${process.pid}.log`);
const { openSync } = await import('node:fs');
const serverLog = openSync(logFile, 'w');
// --cpu-prof DIR: the server's processes write V8 CPU profiles there when they stop (open in Chrome's DevTools).
const profileArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args['cpu-prof'])}`] : [];
const server = spawn(process.execPath, [...profileArgs, '--import', 'tsx', 'src/server.ts'], {
  cwd: path.join(import.meta.dirname, '..'),
  env: {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: url,
    HOST: '127.0.0.1',
    PORT: String(port),
    WEB_CONCURRENCY: String(WORKERS),
    SESSION_SECRET,
    SESSION_IDLE_MINUTES: String(IDLE_MINUTES),
    COOKIE_SECURE: 'false',
    TWO_FACTOR: 'off',
    SEED_DEMO_DATA: 'false',
    DEV_OUTBOX: 'false',
    LOG_LEVEL: 'info',
  },
  stdio: ['ignore', serverLog, serverLog],
});
let serverExited = false;
server.on('exit', () => (serverExited = true));
const stopServer = async () => {
  if (serverExited) return;
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
};
process.on('uncaughtException', (error) => {
  console.error(error);
  server.kill('SIGKILL');
  process.exit(1);
});

try {
  for (let waited = 0; ; waited += 250) {
    if (serverExited) throw new Error(`Hearth stopped while starting; see ${logFile}`);
    const ok = await fetch(new URL('/health', base)).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (waited > 120_000) throw new Error(`Hearth did not answer /health within 2 minutes; see ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const users = await chooseUsers(database, USERS, hubUsers);
  const throughForm = Math.min(3, users.length);
  let started = performance.now();
  await signIn(database, base.origin, users, { secret: SESSION_SECRET, idleMinutes: IDLE_MINUTES, throughForm });
  console.log(
    `  ${users.length} sessions: ${throughForm} signed in through the sign-in form, ${users.length - throughForm} made through the session store, in ${((performance.now() - started) / 1000).toFixed(1)} s` +
      ` (${users.filter((u) => u.kind === 'hub').length} Hub practitioners; ${users.filter((u) => u.kind === 'casework').length} casework staff, ${users.filter((u) => u.families.length > 0).length} with open families)`,
  );

  // Profile and baseline, in this process, on the same database while the server is idle.
  const events: LogEvent[] = [];
  const profiled = await openDatabase({ kind: 'postgres', url, poolSize: 5, log: (event) => events.push(event) });
  const profile = await profilePages(profiled, events, url, users, pageFor, {
    secret: SESSION_SECRET,
    idleMinutes: IDLE_MINUTES,
    showQueries: args['show-queries'] ?? false,
  });
  await profiled.close();
  console.log(profile.lines.join('\n'));

  // Warm-up: one request per session, 20 at a time, not counted.
  started = performance.now();
  let warmErrors = 0;
  for (let i = 0; i < users.length; i += 20)
    await Promise.all(
      users.slice(i, i + 20).map(async (user) => {
        if (await get(base, pageFor(user, 0).url, user.cookie!)) warmErrors += 1;
      }),
    );
  console.log(
    `\n  warm-up: ${users.length} requests, ${warmErrors} errors, ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // The open model.
  const latencies = new Map<string, number[]>();
  const errors = new Map<string, number>();
  let sent = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const cpuBefore = treeCpuMs(server.pid!);
  const t0 = performance.now() + 100;
  const end = t0 + DURATION_S * 1000;
  const done: Promise<void>[] = [];
  users.forEach((user, index) => {
    const offset = (index / users.length) * INTERVAL_S * 1000;
    let n = index + 1;
    const fire = (due: number) => {
      if (due >= end) return;
      setTimeout(() => fire(due + INTERVAL_S * 1000), Math.max(0, due + INTERVAL_S * 1000 - performance.now()));
      const page = pageFor(user, n++);
      sent += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      done.push(
        get(base, page.url, user.cookie!).then((error) => {
          inFlight -= 1;
          if (error) errors.set(error, (errors.get(error) ?? 0) + 1);
          else {
            const list = latencies.get(page.kind) ?? [];
            list.push(performance.now() - due);
            latencies.set(page.kind, list);
          }
        }),
      );
    };
    setTimeout(() => fire(t0 + offset), Math.max(0, t0 + offset - performance.now()));
  });
  await new Promise((resolve) => setTimeout(resolve, end - performance.now() + 50));
  await Promise.all(done);
  const elapsedS = (performance.now() - t0) / 1000;
  const cpuAfter = treeCpuMs(server.pid!);

  const all = [...latencies.values()].flat();
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  // Per answered request: a request that timed out may never have been served.
  const cpuPerRequest =
    cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / Math.max(1, all.length) : null;
  const lines = [
    '',
    `  open model: ${sent} requests in ${elapsedS.toFixed(1)} s (${(sent / DURATION_S).toFixed(1)} a second offered, ${(all.length / elapsedS).toFixed(1)} a second answered), at most ${maxInFlight} in flight`,
    `  ${'page'.padEnd(30)} ${'requests'.padStart(8)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'p99'.padStart(10)}   bare queries p50 / p95 (idle)`,
  ];
  for (const [kind, values] of [...latencies].sort()) {
    const bare = profile.baseline.get(kind);
    lines.push(
      `  ${kind.padEnd(30)} ${String(values.length).padStart(8)} ${ms(percentile(values, 50)).padStart(10)} ${ms(percentile(values, 95)).padStart(10)} ${ms(percentile(values, 99)).padStart(10)}   ${bare ? `${ms(percentile(bare, 50))} / ${ms(percentile(bare, 95))}` : ''}`,
    );
  }
  const p95 = percentile(all, 95);
  lines.push(
    `  ${'all pages'.padEnd(30)} ${String(all.length).padStart(8)} ${ms(percentile(all, 50)).padStart(10)} ${ms(p95).padStart(10)} ${ms(percentile(all, 99)).padStart(10)}`,
    `  errors: ${errorCount}${errorCount ? ` (${[...errors].map(([e, c]) => `${e}: ${c}`).join(', ')})` : ''}`,
    `  server CPU: ${cpuPerRequest === null ? 'not measured (no /proc)' : `${cpuPerRequest.toFixed(1)} ms an answered request (${WORKERS} process${WORKERS > 1 ? 'es' : ''}, user + system)`}`,
    `  goal p95 ≤ ${GOAL_P95_MS} ms and no errors: ${p95 <= GOAL_P95_MS && errorCount === 0 ? 'met' : 'NOT met'}`,
    `  (server log: ${logFile})`,
  );
  console.log(lines.join('\n'));
} finally {
  agent.destroy();
  await stopServer();
  await database.close();
}
