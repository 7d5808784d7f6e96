/**
 * npm run bench matching (or npm run bench:matching) — "who is this child?" at Essex scale.
 *
 * Generates 1,500,000 people (scripts/generate-people.ts, fixed seed) and a labelled test set of
 * corrupted copies and look-alikes, loads the people into PGlite and, when TEST_DATABASE_URL is set,
 * into a new PostgreSQL database, then asks PeopleService.findCandidates for every query and reports:
 * candidate search p50/p95 latency, precision and recall of the top candidate, recall by kind of
 * corruption, and the same figures for an exact-match baseline (same first name, surname, date of
 * birth and postcode) in the same run. Goals: p95 ≤ 100 ms; precision and recall ≥ 0.95.
 *
 *   --people N          people to generate (default 1,500,000)
 *   --queries N         labelled queries (default 2,000)
 *   --pglite-people N   a smaller population for PGlite only (default: the same as --people)
 *   --only pglite|postgres
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
import { generatePeople, generateQueries, type GeneratedPerson, type LabelledQuery } from './generate-people.ts';

const { values: args } = parseArgs({
  // Positionals allowed: run through scripts/bench.ts, the benchmark's name comes first.
  allowPositionals: true,
  options: {
    people: { type: 'string' },
    queries: { type: 'string' },
    'pglite-people': { type: 'string' },
    only: { type: 'string' },
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
const GOAL_P95_MS = 100;
const GOAL_ACCURACY = 0.95;
const LOAD_CHUNK = 50_000;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (value: number) => value.toLocaleString('en-GB');
const ratio = (a: number, b: number) => (b ? a / b : 0);

const toRow = (p: GeneratedPerson): NewPersonRow => ({
  id: p.id,
  first_name: p.firstName,
  middle_names: p.middleNames ?? null,
  last_name: p.lastName,
  date_of_birth: p.dateOfBirth,
  expected_date: null,
  gender: p.gender,
  address: p.address,
  postcode: p.postcode,
  ...storedKeys(p),
  created_by: null,
  updated_by: null,
});

interface Outcome {
  /** The top candidate at or above the threshold, if any. */
  top: string | null;
  /** Every candidate returned (any score). */
  all: string[];
  ms: number;
}

function accuracy(queries: LabelledQuery[], outcomes: Outcome[]) {
  let truePositives = 0;
  let falsePositives = 0;
  let withTrueRecord = 0;
  let inList = 0;
  const byKind = new Map<string, { total: number; right: number }>();
  queries.forEach((q, i) => {
    const { top, all } = outcomes[i]!;
    const kind = byKind.get(q.kind) ?? { total: 0, right: 0 };
    kind.total += 1;
    if (q.trueId) {
      withTrueRecord += 1;
      if (all.includes(q.trueId)) inList += 1;
      if (top === q.trueId) truePositives += 1;
      else if (top) falsePositives += 1;
      if (top === q.trueId) kind.right += 1;
    } else if (top) falsePositives += 1;
    else kind.right += 1;
    byKind.set(q.kind, kind);
  });
  return {
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, withTrueRecord),
    truePositives,
    falsePositives,
    withTrueRecord,
    inList: ratio(inList, withTrueRecord),
    byKind,
  };
}

async function bench(
  label: string,
  database: Database,
  people: GeneratedPerson[],
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
  // Warm up (caches, plans), then measure each query once, alternating the two methods.
  for (const q of queries.slice(0, 50)) await service.findCandidates(q.query);
  for (const q of queries) {
    started = performance.now();
    const candidates = await service.findCandidates(q.query);
    const fuzzyMs = performance.now() - started;
    const best = candidates[0];
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
  const row = (name: string, outcomes: Outcome[]) => {
    const a = accuracy(queries, outcomes);
    const ms = outcomes.map((o) => o.ms);
    return {
      a,
      text: `  ${name.padEnd(22)} ${percentile(ms, 50).toFixed(1).padStart(8)} ${percentile(ms, 95).toFixed(1).padStart(8)} ${percentile(ms, 100).toFixed(1).padStart(8)}   ${a.precision.toFixed(3).padStart(9)} ${a.recall.toFixed(3).padStart(7)}   ${String(a.truePositives).padStart(5)} ${String(a.falsePositives).padStart(5)}`,
    };
  };
  const matching = row('matching (threshold)', fuzzy);
  const baseline = row('exact-match baseline', exact);
  lines.push(
    `  ${''.padEnd(22)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}   ${'precision'.padStart(9)} ${'recall'.padStart(7)}   ${'right'.padStart(5)} ${'wrong'.padStart(5)}`,
  );
  lines.push(matching.text, baseline.text);
  lines.push(
    `  the true record was among the (up to 5) candidates shown for ${(matching.a.inList * 100).toFixed(1)}% of queries that have one`,
  );
  lines.push('  right answers by kind of query (matching / baseline):');
  for (const [kind, { total, right }] of [...matching.a.byKind].sort()) {
    lines.push(
      `    ${kind.padEnd(18)} ${String(right).padStart(4)} / ${String(baseline.a.byKind.get(kind)?.right ?? 0).padStart(4)} of ${total}`,
    );
  }
  const p95 = percentile(
    fuzzy.map((o) => o.ms),
    95,
  );
  lines.push(
    `  goals: p95 ≤ ${GOAL_P95_MS} ms ${p95 <= GOAL_P95_MS ? 'met' : 'NOT met'} (${p95.toFixed(1)} ms); precision ≥ ${GOAL_ACCURACY} ${matching.a.precision >= GOAL_ACCURACY ? 'met' : 'NOT met'}; recall ≥ ${GOAL_ACCURACY} ${matching.a.recall >= GOAL_ACCURACY ? 'met' : 'NOT met'}`,
  );
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
    '  baseline: the first person with the same first name, surname, date of birth and postcode (normalised)',
  ].join('\n'),
);

const datasets = new Map<number, { people: GeneratedPerson[]; queries: LabelledQuery[] }>();
function dataset(size: number) {
  let found = datasets.get(size);
  if (!found) {
    const started = performance.now();
    const people = generatePeople(size, 42);
    found = { people, queries: generateQueries(people, QUERIES, 7) };
    const lookAlikes = found.queries.filter((q) => !q.trueId).length;
    console.log(
      `\n${n(size)} people generated in ${seconds(performance.now() - started)} with ${n(QUERIES - lookAlikes)} corrupted copies of their records` +
        ` (one change, a third with two) and ${n(lookAlikes)} look-alikes whose own record is not there`,
    );
    datasets.set(size, found);
  }
  return found;
}

if (args.only !== 'postgres') {
  const { people, queries } = dataset(PGLITE_PEOPLE);
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
  const { people, queries } = dataset(PEOPLE);
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
