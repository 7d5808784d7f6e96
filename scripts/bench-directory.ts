/**
 * npm run bench directory — Directory of Services search at 10,000 services.
 *
 * Seeds 10,000 generated services (scripts/generate-directory.ts, fixed seed) into PGlite, and into
 * a new PostgreSQL database as well when TEST_DATABASE_URL is set, then times typical searches
 * (words + filters + distance from a postcode) two ways in the same run:
 *  - through HTTP: app.inject GET /services?… (query-string validation, postcode lookup, the search,
 *    the page rendered with GOV.UK Frontend);
 *  - bare SQL: the repository's search query alone, with the same resolved filters (the baseline).
 * Goal: p95 ≤ 50 ms through HTTP and within 2× of bare SQL.
 */
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createScratchDatabase } from '../src/platform/db/scratch.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { loadTenantConfig } from '../src/modules/reference/tenant-config.ts';
import type { DirectorySearch } from '../src/modules/directory/types.ts';
import { generateServices } from './generate-directory.ts';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const GOAL_P95_MS = 50;
const GOAL_RATIO = 2;

/** Typical searches: words (one misspelt), filters and a postcode, as a person would combine them. */
const TYPICAL: { label: string; url: string; search: DirectorySearch }[] = [
  {
    label: 'parenting, age 8, from CM1 1QH',
    url: 'q=parenting&age=8&postcode=CM1+1QH',
    search: { words: 'parenting', age: 8, postcode: 'CM1 1QH' },
  },
  {
    label: 'counseling (typo), wellbeing, CO4 3QE',
    url: 'q=counseling&category=emotional-wellbeing&postcode=CO4+3QE',
    search: { words: 'counseling', categories: ['emotional-wellbeing'], postcode: 'CO4 3QE' },
  },
  {
    label: 'youth club, South, free, SS14 1DW',
    url: 'q=youth+club&area=south&free=yes&postcode=SS14+1DW',
    search: { words: 'youth club', quadrant: 'south', freeOnly: true, postcode: 'SS14 1DW' },
  },
  {
    label: 'SEND, level 2, in person, CM20 1AA',
    url: 'category=send&level=2&delivery=in-person&postcode=CM20+1AA',
    search: { categories: ['send'], levels: [2], delivery: ['in-person'], postcode: 'CM20 1AA' },
  },
  {
    label: 'baby, age 1, Mid, CM7',
    url: 'q=baby&age=1&area=mid&postcode=CM7',
    search: { words: 'baby', age: 1, quadrant: 'mid', postcode: 'CM7' },
  },
  {
    label: 'autism support, levels 1-2, CB10 2AF',
    url: 'q=autism+support&level=1&level=2&postcode=CB10+2AF',
    search: { words: 'autism support', levels: [1, 2], postcode: 'CB10 2AF' },
  },
];
/** Broad searches, reported apart: every service sorted by distance, or by name. */
const BROAD: typeof TYPICAL = [
  { label: 'postcode only (all services by distance)', url: 'postcode=CM1+1QH', search: { postcode: 'CM1 1QH' } },
  { label: 'no search (all services by name), page 50', url: 'page=50', search: { page: 50 } },
];

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(9);

async function postgresDatabase(url: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  const scratch = await createScratchDatabase(url, 'hearth_bench');
  return { database: await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 5 }), drop: scratch.drop };
}

async function bench(label: string, database: Database): Promise<string[]> {
  const lines = [`${label}`];
  const tenant = await loadTenantConfig('essex');
  await migrate(database);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', COOKIE_SECURE: 'false', JOBS: 'false' });
  const { app, services } = await buildApp({ config, database, tenantName: tenant.localAuthority.name });
  await services.reference.seed(tenant);
  await services.directory.seedTaxonomies(tenant);
  await services.directory.loadPostcodeDistricts();
  await app.ready();

  const organisations = new Map(
    (await database.db.selectFrom('organisations').select(['id', 'code']).execute()).map((o) => [o.code, o.id]),
  );
  const generated = generateServices(SERVICES, 42).map((g) => ({
    organisationId: organisations.get(g.organisationCode)!,
    content: g.content,
  }));
  let started = performance.now();
  await services.directory.importServices({ userId: null, label: 'bench' }, generated, { approved: true });
  await sql`analyze`.execute(database.db);
  lines.push(
    `  seeded ${SERVICES.toLocaleString('en-GB')} services in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const measure = async (searches: typeof TYPICAL) => {
    const rows: { label: string; http: number[]; bare: number[]; total: number }[] = [];
    for (const s of searches) {
      const { listing } = await services.directory.prepareSearch(s.search, null);
      const http: number[] = [];
      const bare: number[] = [];
      let total = 0;
      for (let round = -5; round < ROUNDS; round += 1) {
        // Interleaved, so both see the same machine at the same moment.
        started = performance.now();
        const response = await app.inject(`/services?${s.url}`);
        const httpMs = performance.now() - started;
        if (response.statusCode !== 200) throw new Error(`${s.url}: ${response.statusCode}`);
        started = performance.now();
        total = (await services.directory.repository.search(listing)).total;
        const bareMs = performance.now() - started;
        if (round >= 0) {
          http.push(httpMs);
          bare.push(bareMs);
        }
      }
      rows.push({ label: s.label, http, bare, total });
    }
    return rows;
  };
  const row = (name: string, http: number[], bare: number[], extra = '') =>
    `  ${name.padEnd(48)} ${ms(percentile(http, 50))} ${ms(percentile(http, 95))}  ${ms(percentile(bare, 50))} ${ms(percentile(bare, 95))}  ${(percentile(http, 95) / percentile(bare, 95)).toFixed(2)}x${extra}`;

  lines.push(
    `  ${'search (results found)'.padEnd(48)} ${'HTTP p50'.padStart(9)} ${'p95'.padStart(9)}  ${'SQL p50'.padStart(9)} ${'p95'.padStart(9)}  p95 HTTP/SQL`,
  );
  const typical = await measure(TYPICAL);
  for (const r of typical) lines.push(row(`${r.label} (${r.total})`, r.http, r.bare));
  const allHttp = typical.flatMap((r) => r.http);
  const allBare = typical.flatMap((r) => r.bare);
  lines.push(row('all typical searches', allHttp, allBare));
  const p95 = percentile(allHttp, 95);
  const ratio = p95 / percentile(allBare, 95);
  lines.push(
    `  goal p95 ≤ ${GOAL_P95_MS} ms through HTTP: ${p95 <= GOAL_P95_MS ? 'met' : 'NOT met'} (${p95.toFixed(1)} ms); within ${GOAL_RATIO}x of bare SQL: ${ratio <= GOAL_RATIO ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x)`,
  );
  lines.push('  broad searches (not in the goal):');
  for (const r of await measure(BROAD)) lines.push(row(`${r.label} (${r.total})`, r.http, r.bare));
  await app.close();
  return lines;
}

console.log(
  `Directory of Services search: ${SERVICES.toLocaleString('en-GB')} generated services, ${ROUNDS} timed rounds per search (after 5 warm-up), Node ${process.version}\n`,
);
const pglite = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
console.log((await bench('PGlite (embedded, in memory)', pglite)).join('\n'));
await pglite.close();
const url = process.env.TEST_DATABASE_URL;
if (url) {
  const { database, drop } = await postgresDatabase(url);
  try {
    console.log(`\n${(await bench(`PostgreSQL (${new URL(url).host})`, database)).join('\n')}`);
  } finally {
    await database.close();
    await drop();
  }
} else {
  console.log('\nPostgreSQL: skipped (set TEST_DATABASE_URL to a server to measure it too).');
}
