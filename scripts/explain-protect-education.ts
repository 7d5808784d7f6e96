/**
 * EXPLAIN ANALYZE of the Education Compliance list's two queries (a page of open cases, and how many in all) for each
 * filter the Protect benchmark times, at its scale (20,000 children missing education, 30,000 home educated; made by
 * scripts/bench-protect-education.ts), on PGlite and, when TEST_DATABASE_URL is set, a new PostgreSQL database.
 * Prints each plan's shape (its nodes, the index used) and the execution time of the median of 5 runs.
 *
 *   node --import tsx scripts/explain-protect-education.ts [--cme N] [--ehe N] [--only pglite|postgres] [--plans]
 */
import { parseArgs } from 'node:util';
import { sql, type Compilable } from 'kysely';
import { seedDemoData } from '../src/demo/seed-demo.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { createScratchDatabase } from '../src/platform/db/scratch.ts';
import { schoolYearOf } from '../src/platform/calendar/school-year.ts';
import { todayInLondon } from '../src/platform/calendar/london.ts';
import { EducationRepository } from '../src/modules/education-compliance/repository.ts';
import { startBenchApp } from './bench-app.ts';
import { EDUCATION_LISTS, protectEducation } from './bench-protect-education.ts';

const { values: args } = parseArgs({
  options: { cme: { type: 'string' }, ehe: { type: 'string' }, only: { type: 'string' }, plans: { type: 'boolean' } },
});
const CME = Number(args.cme ?? 20_000);
const EHE = Number(args.ehe ?? 30_000);
const PAGE_SIZE = 50;

async function explain(db: Database['db'], query: Compilable) {
  const compiled = query.compile();
  const times: number[] = [];
  let plan: string[] = [];
  for (let i = 0; i < 5; i++) {
    const { rows } = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) ${sql.raw(
      compiled.sql.replace(/\$(\d+)/g, (_m, n: string) => {
        const v = compiled.parameters[Number(n) - 1];
        return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
      }),
    )}`.execute(db);
    plan = rows.map((r) => r['QUERY PLAN']);
    times.push(Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? NaN));
  }
  times.sort((a, b) => a - b);
  const nodes = plan
    .filter((l) => /->|^\w/.test(l.trim()) && !/^(Planning|Execution|Buffers)/.test(l.trim()))
    .map((l) =>
      l
        .replace(/\s*\(cost=[^)]*\)/, '')
        .replace(/\(actual time=[\d.]+\.\.([\d.]+) rows=(\d+) loops=(\d+)\)/, '[$1 ms, $2 rows×$3]'),
    );
  return { ms: times[2]!, nodes };
}

async function run(label: string, database: Database) {
  console.log(`\n${label}`);
  const { app } = await startBenchApp(database);
  await seedDemoData(database.db, 'essex');
  const today = todayInLondon();
  const made = await protectEducation(database.db, { today, cme: CME, ehe: EHE });
  await sql`analyze`.execute(database.db);
  console.log(`  ${made.summary}`);
  const repository = new EducationRepository(database.db);
  for (const list of EDUCATION_LISTS) {
    const f = list.filters;
    const q = repository.openCasesQueries({
      kind: f.kind ?? 'all',
      quadrant: f.quadrant ?? '',
      birthSchoolYear: f.yearGroup === undefined ? null : schoolYearOf(today) - 5 - f.yearGroup,
      priority: f.priority === 'yes',
      offset: ((f.page ?? 1) - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    const [rows, total] = [await explain(database.db, q.rows), await explain(database.db, q.total)];
    console.log(
      `  ${`${list.label} (/education-compliance${list.query})`.padEnd(70)} page ${rows.ms.toFixed(2).padStart(7)} ms   count ${total.ms.toFixed(2).padStart(7)} ms`,
    );
    if (args.plans) {
      for (const l of rows.nodes) console.log(`      page  ${l}`);
      for (const l of total.nodes) console.log(`      count ${l}`);
    }
  }
  await app.close();
}

if (args.only !== 'postgres') {
  const pglite = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  try {
    await run('PGlite (embedded, in memory)', pglite);
  } finally {
    await pglite.close();
  }
}
const url = process.env.TEST_DATABASE_URL;
if (args.only !== 'pglite' && url) {
  const scratch = await createScratchDatabase(url, 'hearth_explain');
  const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 5 });
  try {
    await run(`PostgreSQL (${new URL(url).host})`, database);
  } finally {
    await database.close();
    await scratch.drop();
  }
}
