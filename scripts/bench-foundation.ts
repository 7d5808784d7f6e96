/**
 * npm run bench:foundation — start-up time and page weight, measured, not hoped.
 *
 *  - start-up: time to build the app over an already-migrated database (what every restart
 *    pays), and the first-run cost of creating the embedded database, side by side;
 *  - sign-in page: HTML, CSS, JavaScript and font bytes a first visit downloads, against the
 *    GOV.UK Frontend stylesheet alone as the baseline (the least any GOV.UK-styled page costs);
 *  - sign-in page latency through HTTP (p50/p95 of 200 requests) against /health, a route
 *    with no template, as the baseline.
 */
import { gzipSync } from 'node:zlib';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { loadTenantConfig } from '../src/modules/reference/tenant-config.ts';

const ms = (start: number) => Math.round(performance.now() - start);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', COOKIE_SECURE: 'false' });
const tenant = await loadTenantConfig('essex');

let t = performance.now();
const fresh = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
await migrate(fresh);
const createMs = ms(t);
t = performance.now();
const { app, services } = await buildApp({ config, database: fresh, tenantName: tenant.localAuthority.name });
await services.reference.seed(tenant);
await app.ready();
const buildMs = ms(t);

const signIn = await app.inject('/sign-in');
const linked = [...signIn.body.matchAll(/(?:href|src)="(\/(?:govuk|moj|public)\/[^"]+)"/g)].map((m) => m[1]!);
// application.js imports the GOV.UK and MoJ modules: a browser with JavaScript fetches those too.
const appJs = await app.inject('/public/application.js');
const imported = [...appJs.body.matchAll(/from '(\/[^']+)'/g)].map((m) => m[1]!);
const assets = [...linked, ...imported];
const css = await app.inject('/govuk/govuk-frontend.min.css');
const fontUrls = [...new Set([...css.body.matchAll(/url\((\/assets\/fonts\/[^)]+\.woff2)\)/g)].map((m) => m[1]!))];
let total = 0;
let totalGzip = 0;
const rows: string[] = [];
for (const url of ['/sign-in', ...assets, ...fontUrls.slice(0, 2)]) {
  const plain = await app.inject(url);
  // What actually crosses the wire: the server compresses text responses itself.
  const sent = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
  const bytes = plain.rawPayload.length;
  const gz = sent.rawPayload.length;
  total += bytes;
  totalGzip += gz;
  rows.push(`  ${url.padEnd(48)} ${kb(bytes).padStart(10)} ${kb(gz).padStart(10)} sent`);
}
const baseline = css.rawPayload.length;
const baselineGzip = gzipSync(css.rawPayload).length;

const timeRoute = async (url: string, n = 200) => {
  const samples: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const start = performance.now();
    await app.inject(url);
    samples.push(performance.now() - start);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
};
await timeRoute('/sign-in', 20);
const page = await timeRoute('/sign-in');
const health = await timeRoute('/health');

console.log(`Start-up (embedded PGlite, in memory)
  create + migrate a new database: ${createMs} ms (first run only; a restart reuses .data/pglite)
  build app + seed Essex:          ${buildMs} ms

Sign-in page weight, first visit (both GOV.UK font weights)
${rows.join('\n')}
  total                                            ${kb(total).padStart(10)} ${kb(totalGzip).padStart(10)} sent
  baseline: GOV.UK Frontend CSS alone              ${kb(baseline).padStart(10)} ${kb(baselineGzip).padStart(10)} gzipped
  ratio total / baseline (bytes sent):                ${(totalGzip / baselineGzip).toFixed(2)}x

Latency through HTTP (app.inject, 200 requests)
  GET /sign-in  p50 ${page.p50.toFixed(2)} ms  p95 ${page.p95.toFixed(2)} ms
  GET /health   p50 ${health.p50.toFixed(2)} ms  p95 ${health.p95.toFixed(2)} ms  (baseline)
  ratio p95 sign-in / health: ${(page.p95 / health.p95).toFixed(2)}x`);

await app.close();
await fresh.close();
