/**
 * npm run bench matching (or npm run bench:matching) — "who is this child?" at Essex scale.
 *
 * For two sets, our own and a held-out one (other seeds and parameters), generates 1,500,000 people
 * (scripts/generate-people.ts; some with NHS numbers and UPNs, some with fields missing) and a
 * labelled test set (scripts/generate-queries.ts: changed copies with one to three changes and
 * missing fields, and look-alikes: twins, same-name parents and children, siblings, common names,
 * namesakes), loads the people into PGlite and, when TEST_DATABASE_URL is set, into a new PostgreSQL
 * database, then asks PeopleService.findCandidates for every query and reports: candidate search
 * p50/p95 latency, precision and recall of the top candidate overall and for each kind, look-alikes
 * shown any candidate, and an exact-match baseline (same first name, surname, date of birth and
 * postcode) in the same run. Goals: p95 ≤ 100 ms; precision ≥ 0.99 and recall ≥ 0.97.
 *
 *   --people N          people to generate (default 1,500,000)
 *   --queries N         labelled queries in each set (default 2,000)
 *   --pglite-people N   a smaller population for PGlite only (default: the same as --people)
 *   --only pglite|postgres
 *   --set own|held-out  one set only (default both), for quick iteration with a small --people
 *   --misses N          after each set, up to N wrong answers for each kind: the query, its true record
 *                       and the score breakdown, and why (not found, below threshold, outranked)
 */
import { sql } from 'kysely';
import { parseArgs } from 'node:util';
import { AuditLog } from '../src/platform/audit/audit.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createScratchDatabase } from '../src/platform/db/scratch.ts';
import { MATCH_THRESHOLD, storedKeys } from '../src/modules/people/matching.ts';
import type { NewPersonRow } from '../src/modules/people/repository.ts';
import { PeopleService } from '../src/modules/people/service.ts';
import { generatePeople, withGaps, withIdentifiers, type RecordedPerson } from './generate-people.ts';
import { explainMiss, missReport, type Miss } from './bench-matching-misses.ts';
import { generateQueries, type LabelledQuery, type QueryOptions } from './generate-queries.ts';

const { values: args } = parseArgs({
  // Positionals allowed: run through scripts/bench.ts, the benchmark's name comes first.
  allowPositionals: true,
  options: {
    people: { type: 'string' },
    queries: { type: 'string' },
    'pglite-people': { type: 'string' },
    only: { type: 'string' },
    set: { type: 'string' },
    misses: { type: 'string' },
  },
});
const count = (value: string | undefined, fallback: number) => {
  const n = value === undefined ? fallback : Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 100) throw new Error(`Expected a whole number of at least 100, got ${value}`);
  return n;
};
const PEOPLE = count(args.people, 1_500_000);
const QUERIES = count(args.queries, 2_000);
const PGLITE_PEOPLE = Math.min(PEOPLE, count(args['pglite-people'], PEOPLE));
const MISSES = args.misses === undefined ? 0 : Number(args.misses);
if (!Number.isInteger(MISSES) || MISSES < 0)
  throw new Error(`Expected --misses to be a whole number, got ${args.misses}`);
const GOAL_P95_MS = 100;
const GOAL_PRECISION = 0.99;
const GOAL_RECALL = 0.97;
const LOAD_CHUNK = 50_000;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (value: number) => value.toLocaleString('en-GB');
const ratio = (a: number, b: number) => (b ? a / b : 0);

const toRow = (p: RecordedPerson): NewPersonRow => ({
  id: p.id,
  first_name: p.firstName,
  middle_names: p.middleNames ?? null,
  last_name: p.lastName,
  date_of_birth: p.dateOfBirth ?? null,
  expected_date: null,
  gender: p.gender ?? null,
  address: p.address ?? null,
  postcode: p.postcode ?? null,
  nhs_number: p.nhsNumber ?? null,
  upn: p.upn ?? null,
  ...storedKeys(p),
  created_by: null,
  updated_by: null,
});

interface Outcome {
  /** The top candidate at or above the threshold, if any. */
  top: string | null;
  /** Every candidate shown (score ≥ SHOW_THRESHOLD), best first. */
  all: string[];
  ms: number;
}

/** The groups a query is counted in: each change, each missing field, its identifier, its number of changes. */
function labels(q: LabelledQuery): string[] {
  if (!q.trueId) return [`look-alike: ${q.kind}`, ...q.missing.map((m) => `look-alike, ${m}`)];
  return [
    ...q.changes,
    `${q.changes.length} change${q.changes.length > 1 ? 's' : ''}`,
    ...q.missing,
    ...(q.identifier ? [`with ${q.identifier}`] : []),
  ];
}

interface Tally {
  total: number;
  withTrue: number;
  truePositives: number;
  falsePositives: number;
  /** Look-alikes (or wrong people) with any candidate shown. */
  shownWrongly: number;
  trueInList: number;
}
const tally = (): Tally => ({
  total: 0,
  withTrue: 0,
  truePositives: 0,
  falsePositives: 0,
  shownWrongly: 0,
  trueInList: 0,
});

function accuracy(queries: LabelledQuery[], outcomes: Outcome[]) {
  const overall = tally();
  const byKind = new Map<string, Tally>();
  queries.forEach((q, i) => {
    const { top, all } = outcomes[i]!;
    for (const t of [overall, ...labels(q).map((l) => byKind.get(l) ?? byKind.set(l, tally()).get(l)!)]) {
      t.total += 1;
      if (q.trueId) {
        t.withTrue += 1;
        if (all.includes(q.trueId)) t.trueInList += 1;
        if (top === q.trueId) t.truePositives += 1;
        else if (top) t.falsePositives += 1;
        if (all.length && all[0] !== q.trueId) t.shownWrongly += 1;
      } else {
        if (top) t.falsePositives += 1;
        if (all.length) t.shownWrongly += 1;
      }
    }
  });
  return { overall, byKind };
}
const precisionOf = (t: Tally) => ratio(t.truePositives, t.truePositives + t.falsePositives);
const recallOf = (t: Tally) => ratio(t.truePositives, t.withTrue);

async function bench(
  label: string,
  database: Database,
  people: RecordedPerson[],
  queries: LabelledQuery[],
): Promise<string[]> {
  const lines = [label];
  await migrate(database);
  const service = new PeopleService(database.db, new AuditLog(database.db));
  let started = performance.now();
  const chunks = function* () {
    for (let start = 0; start < people.length; start += LOAD_CHUNK) {
      if (start > 0 && start % 500_000 === 0) process.stderr.write(`  ${n(start)} people loaded\n`);
      yield people.slice(start, start + LOAD_CHUNK).map(toRow);
    }
  };
  await service.repository.bulkLoad(chunks());
  const loadMs = performance.now() - started;
  const size = await sql<{
    table: number;
    indexes: number;
  }>`select pg_table_size('people') as "table", pg_indexes_size('people') as indexes`.execute(database.db);
  lines.push(
    `  loaded ${n(people.length)} people in ${seconds(loadMs)} (${n(Math.round(people.length / (loadMs / 1000)))} a second: keys computed, rows inserted, indexes built, analyzed);` +
      ` table ${Math.round(size.rows[0]!.table / 2 ** 20)} MB, indexes ${Math.round(size.rows[0]!.indexes / 2 ** 20)} MB`,
  );

  const fuzzy: Outcome[] = [];
  const exact: Outcome[] = [];
  const misses: Miss[] = [];
  const byId = MISSES ? new Map(people.map((p) => [p.id, p])) : null;
  // Warm up (caches, plans), then measure each query once, alternating the two methods.
  for (const q of queries.slice(0, 50)) await service.findCandidates(q.query);
  for (const q of queries) {
    started = performance.now();
    const candidates = await service.findCandidates(q.query);
    const fuzzyMs = performance.now() - started;
    const best = candidates[0];
    const miss = byId && explainMiss(q, candidates, q.trueId ? byId.get(q.trueId) : undefined);
    if (miss) misses.push(miss);
    fuzzy.push({
      top: best && best.score >= MATCH_THRESHOLD ? best.id : null,
      all: candidates.map((c) => c.id),
      ms: fuzzyMs,
    });
    started = performance.now();
    const ids = await service.repository.exactMatches({
      ...storedKeys(q.query),
      date_of_birth: q.query.dateOfBirth ?? null,
    });
    exact.push({ top: ids[0] ?? null, all: ids, ms: performance.now() - started });
  }
  const matching = accuracy(queries, fuzzy);
  const baseline = accuracy(queries, exact);
  const ms = fuzzy.map((o) => o.ms);
  const fmt = (v: number) => v.toFixed(3).padStart(9);
  lines.push(
    `  candidate search: p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, max ${percentile(ms, 100).toFixed(1)} ms`,
    `  ${''.padEnd(28)} ${'queries'.padStart(7)} ${'precision'.padStart(9)} ${'recall'.padStart(9)} ${'right'.padStart(6)} ${'wrong'.padStart(6)} ${'shown'.padStart(6)}`,
  );
  const row = (name: string, t: Tally) =>
    `  ${name.padEnd(28)} ${String(t.total).padStart(7)} ${t.withTrue && t.truePositives + t.falsePositives ? fmt(precisionOf(t)) : '      n/a'} ${t.withTrue ? fmt(recallOf(t)) : '      n/a'} ${String(t.truePositives).padStart(6)} ${String(t.falsePositives).padStart(6)} ${String(t.shownWrongly).padStart(6)}`;
  lines.push(row('matching (all queries)', matching.overall), row('exact-match baseline', baseline.overall));
  lines.push(
    `  the true record was among the (up to 5) candidates shown for ${(ratio(matching.overall.trueInList, matching.overall.withTrue) * 100).toFixed(1)}% of queries that have one;`,
    `  look-alikes (whose record is not there) with any candidate shown: ${[...matching.byKind].filter(([k]) => k.startsWith('look-alike: ')).reduce((a, [, t]) => a + t.shownWrongly, 0)} of ${queries.filter((q) => !q.trueId).length}`,
    // Precision is undefined for a kind with no true record: the share of its queries matched to anyone instead.
    `  look-alikes matched to someone (a false positive; goal ≤ ${((1 - GOAL_PRECISION) * 100).toFixed(0)}% of each kind): ${[
      ...matching.byKind,
    ]
      .filter(([k]) => k.startsWith('look-alike: '))
      .map(
        ([k, t]) =>
          `${k.slice(12)} ${t.falsePositives} of ${t.total} (${((100 * t.falsePositives) / t.total).toFixed(1)}%)`,
      )
      .join(', ')}`,
    '  by kind (a query counts under each of its changes and missing fields):',
  );
  const order = (k: string) =>
    k.startsWith('look-alike') ? 3 : /^\d change/.test(k) ? 1 : k.startsWith('no-') || k.startsWith('with ') ? 2 : 0;
  for (const [kind, t] of [...matching.byKind].sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0])))
    lines.push(row(`  ${kind}`, t));
  const p95 = percentile(ms, 95);
  const precision = precisionOf(matching.overall);
  const recall = recallOf(matching.overall);
  const kinds = [...matching.byKind.values()].filter((t) => t.withTrue >= 20);
  const worstRecall = Math.min(...kinds.map(recallOf));
  const worstPrecision = Math.min(
    ...[...matching.byKind.values()].filter((t) => t.truePositives + t.falsePositives >= 20).map(precisionOf),
  );
  lines.push(
    `  goals: p95 ≤ ${GOAL_P95_MS} ms ${p95 <= GOAL_P95_MS ? 'met' : 'NOT met'} (${p95.toFixed(1)} ms); precision ≥ ${GOAL_PRECISION} ${precision >= GOAL_PRECISION ? 'met' : 'NOT met'} (${precision.toFixed(3)}); recall ≥ ${GOAL_RECALL} ${recall >= GOAL_RECALL ? 'met' : 'NOT met'} (${recall.toFixed(3)});` +
      ` lowest of any kind with 20 or more: precision ${worstPrecision.toFixed(3)}, recall ${worstRecall.toFixed(3)}`,
  );
  if (MISSES) lines.push(...missReport(misses, MISSES));
  return lines;
}

console.log(
  `Person matching: ${n(PEOPLE)} generated people, ${n(QUERIES)} labelled queries, threshold ${MATCH_THRESHOLD}, Node ${process.version}`,
);
console.log(
  [
    '  recall: share of queries with a true record whose top candidate scores ≥ the threshold and is that record',
    '  precision: share of top candidates ≥ the threshold that are right; a wrong top candidate, or any candidate',
    '             ≥ the threshold for a look-alike, is a false positive ("wrong")',
    '  shown: queries whose list of candidates (score ≥ SHOW_THRESHOLD) is not empty but does not start with',
    '         the true record: for a look-alike, any list at all (an empty list means "nobody plausible")',
    '  baseline: the first person with the same first name, surname, date of birth and postcode (normalised)',
  ].join('\n'),
);

interface SetDefinition {
  name: string;
  seed: number;
  querySeed: number;
  gapRate: number;
  options: QueryOptions;
}
/** Our own set, and a held-out one: other seeds, more gaps, more changes at once, more look-alikes. */
const SETS: SetDefinition[] = [
  { name: 'own set', seed: 42, querySeed: 7, gapRate: 0.05, options: {} },
  {
    name: 'held-out set',
    seed: 2026,
    querySeed: 99,
    gapRate: 0.08,
    options: { missingRate: 0.4, twoChanges: 0.35, threeChanges: 0.25, lookAlikeRate: 0.3, identifierRate: 0.1 },
  },
];

function dataset(size: number, set: SetDefinition) {
  const started = performance.now();
  const complete = withIdentifiers(generatePeople(size, set.seed), set.seed + 1);
  const people = withGaps(complete, set.seed + 2, set.gapRate);
  const queries = generateQueries(complete, QUERIES, set.querySeed, set.options);
  const lookAlikes = queries.filter((q) => !q.trueId).length;
  console.log(
    `\n${set.name}: ${n(size)} people generated in ${seconds(performance.now() - started)} (seed ${set.seed}, ${Math.round(set.gapRate * 100)}% with fields missing),` +
      ` ${n(QUERIES - lookAlikes)} changed copies of their records (1 to 3 changes, some with fields missing) and ${n(lookAlikes)} look-alikes whose own record is not there`,
  );
  return { people, queries };
}

if (args.set !== undefined && !['own', 'held-out'].includes(args.set))
  throw new Error(`Expected --set own or --set held-out, got ${args.set}`);
for (const set of SETS.filter((s) => args.set === undefined || s.name === `${args.set} set`)) {
  if (args.only !== 'postgres') {
    const { people, queries } = dataset(PGLITE_PEOPLE, set);
    const pglite = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    try {
      console.log(
        (await bench(`PGlite (embedded, in memory): ${n(PGLITE_PEOPLE)} people`, pglite, people, queries)).join('\n'),
      );
    } finally {
      await pglite.close();
    }
  }
  const url = process.env.TEST_DATABASE_URL;
  if (args.only === 'pglite') {
    // Only PGlite asked for.
  } else if (url) {
    const { people, queries } = dataset(PEOPLE, set);
    const scratch = await createScratchDatabase(url, 'hearth_bench');
    const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 2 });
    try {
      console.log(
        (await bench(`PostgreSQL (${new URL(url).host}): ${n(PEOPLE)} people`, database, people, queries)).join('\n'),
      );
    } finally {
      await database.close();
      await scratch.drop();
    }
  } else {
    console.log('\nPostgreSQL: skipped (set TEST_DATABASE_URL to a server to measure it too).');
  }
}
