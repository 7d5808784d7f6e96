/**
 * npm run match -- --people PEOPLE.jsonl --queries QUERIES.jsonl
 *
 * Bulk person matching, for councils de-duplicating records from older systems. Loads the people
 * (one JSON object a line: id, first_name, last_name, and whatever else is known of date_of_birth as
 * YYYY-MM-DD, postcode, middle_names, gender, address, nhs_number and upn) into a scratch in-memory PGlite database with Hearth's
 * migrations, then prints for each query line (the same fields, with its own id) one line
 *   {"query_id": …, "candidates": [{"id": …, "score": 0..1}, …]}
 * best first, at most 5, an empty list when nobody is plausible. A score of 0.5 or more
 * (MATCH_THRESHOLD) is "probably the same person". Matching uses whichever fields are given; an NHS
 * number or UPN given on both sides decides first (check digits are validated). It uses PeopleService.findCandidates: exactly
 * the matching the Hub's screens use.
 *
 * Standard output carries only those lines; progress and problems go to standard error. A line that
 * is not valid is reported with its number and why, and skipped (exit code 1 at the end). Exit code
 * 2: missing arguments or a file that cannot be read.
 */
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AuditLog } from '../src/platform/audit/audit.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { newId } from '../src/platform/db/ids.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { storedKeys, type PersonDetails } from '../src/modules/people/matching.ts';
import type { NewPersonRow } from '../src/modules/people/repository.ts';
import { personSchema, type PersonInput } from '../src/modules/people/schemas.ts';
import { PeopleService } from '../src/modules/people/service.ts';

const USAGE = `Usage: npm run match -- --people PEOPLE.jsonl --queries QUERIES.jsonl

  --people   people to match against: one JSON object a line with id, first_name, last_name and
             any of date_of_birth (YYYY-MM-DD), postcode, middle_names, gender, address,
             nhs_number (10 digits) and upn (Unique Pupil Number, 13 characters)
  --queries  people to look for: the same fields, each with its own id

Give whatever is known: any of the optional fields may be missing.

Prints one JSON line a query: {"query_id": …, "candidates": [{"id": …, "score": 0..1}, …]},
best first, at most 5. A score of 0.5 or more means probably the same person.`;

type ExternalId = string | number;
const BATCH = 5_000;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

const GENDER_WORDS: Record<string, string> = {
  f: 'female',
  female: 'female',
  m: 'male',
  male: 'male',
  other: 'other',
  o: 'other',
  u: 'not-known',
  unknown: 'not-known',
  'not known': 'not-known',
  'not-known': 'not-known',
};

/** One line as a person: the id as given and the details checked by the same schema as the Hub's forms. */
function parseLine(text: string): { id: ExternalId; person: PersonInput } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'expected a JSON object' };
  const line = value as Record<string, unknown>;
  const id = line.id;
  if (!(
    (typeof id === 'string' && id.trim() !== '' && id.length <= 200) ||
    (typeof id === 'number' && Number.isFinite(id))
  )) {
    return { error: 'id must be a string (up to 200 characters) or a number' };
  }
  for (const field of ['first_name', 'last_name'] as const) {
    if (line[field] === undefined || line[field] === null || line[field] === '')
      return { error: `${field} is missing` };
  }
  for (const field of [
    'first_name',
    'middle_names',
    'last_name',
    'date_of_birth',
    'postcode',
    'gender',
    'address',
    'nhs_number',
    'upn',
  ]) {
    if (line[field] !== undefined && line[field] !== null && typeof line[field] !== 'string')
      return { error: `${field} must be a string` };
  }
  const gender =
    typeof line.gender === 'string' && line.gender.trim()
      ? (GENDER_WORDS[line.gender.trim().toLowerCase()] ?? line.gender)
      : null;
  const parsed = personSchema.safeParse({
    firstName: line.first_name,
    middleNames: line.middle_names,
    lastName: line.last_name,
    dateOfBirth: line.date_of_birth,
    gender,
    address: line.address,
    postcode: line.postcode,
    nhsNumber: line.nhs_number,
    upn: line.upn,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = {
      firstName: 'first_name',
      middleNames: 'middle_names',
      lastName: 'last_name',
      dateOfBirth: 'date_of_birth',
      gender: 'gender',
      address: 'address',
      postcode: 'postcode',
      nhsNumber: 'nhs_number',
      upn: 'upn',
    }[String(issue.path[0])];
    return { error: `${field ?? 'line'}: ${issue.message}` };
  }
  return { id, person: parsed.data };
}

/** Each line of a JSON Lines file with its number; blank lines are skipped. */
async function* lines(file: string): AsyncGenerator<{ number: number; text: string }> {
  let number = 0;
  for await (const raw of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    number += 1;
    const text = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim()) yield { number, text };
  }
}

let parsedArgs;
try {
  parsedArgs = parseArgs({
    options: { people: { type: 'string' }, queries: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (parsedArgs.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const { people: peopleFile, queries: queriesFile } = parsedArgs;
if (!peopleFile || !queriesFile) fail(`Missing ${!peopleFile ? '--people' : '--queries'}.`);
for (const file of [peopleFile, queriesFile]) {
  try {
    await access(file, constants.R_OK);
  } catch {
    fail(`Cannot read ${file}: no such file, or not allowed to read it.`);
  }
}

const started = performance.now();
let skipped = 0;
const report = (file: string, number: number, error: string) => {
  skipped += 1;
  process.stderr.write(`${file} line ${number}: ${error}; skipped\n`);
};

const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
try {
  await migrate(database);
  const service = new PeopleService(database.db, new AuditLog(database.db));
  const externalIds = new Map<string, ExternalId>();
  const seen = new Set<string>();
  async function* batches(): AsyncGenerator<NewPersonRow[]> {
    let batch: NewPersonRow[] = [];
    for await (const { number, text } of lines(peopleFile!)) {
      const line = parseLine(text);
      if ('error' in line) {
        report(peopleFile!, number, line.error);
        continue;
      }
      const key = `${typeof line.id}:${line.id}`;
      if (seen.has(key)) {
        report(peopleFile!, number, `id ${JSON.stringify(line.id)} was already used on an earlier line`);
        continue;
      }
      seen.add(key);
      const id = newId();
      externalIds.set(id, line.id);
      const p = line.person;
      batch.push({
        id,
        first_name: p.firstName,
        middle_names: p.middleNames,
        last_name: p.lastName,
        date_of_birth: p.dateOfBirth,
        expected_date: null,
        gender: p.gender,
        address: p.address,
        postcode: p.postcode,
        nhs_number: p.nhsNumber,
        upn: p.upn,
        ...storedKeys(p),
        created_by: null,
        updated_by: null,
      });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    yield batch;
  }
  await service.repository.bulkLoad(batches());
  process.stderr.write(
    `Loaded ${externalIds.size.toLocaleString('en-GB')} people in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );

  let answered = 0;
  for await (const { number, text } of lines(queriesFile)) {
    const line = parseLine(text);
    if ('error' in line) {
      report(queriesFile, number, line.error);
      continue;
    }
    const candidates = await service.findCandidates(line.person satisfies PersonDetails);
    process.stdout.write(
      `${JSON.stringify({ query_id: line.id, candidates: candidates.map((c) => ({ id: externalIds.get(c.id), score: c.score })) })}\n`,
    );
    answered += 1;
    if (answered % 1000 === 0) process.stderr.write(`${answered.toLocaleString('en-GB')} queries answered\n`);
  }
  process.stderr.write(
    `Answered ${answered.toLocaleString('en-GB')} queries in ${((performance.now() - started) / 1000).toFixed(1)} s${skipped ? `; ${skipped} lines skipped` : ''}\n`,
  );
} finally {
  await database.close();
}
process.exitCode = skipped ? 1 : 0;
