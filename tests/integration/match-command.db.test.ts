import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../helpers/database.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the match command as a council would, and collects what it prints. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/match.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const line = (value: unknown) => JSON.stringify(value);
let dir: string;
let people: string;
let queries: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hearth-match-'));
  people = path.join(dir, 'people.jsonl');
  queries = path.join(dir, 'queries.jsonl');
  await writeFile(
    people,
    [
      line({
        id: 'A1',
        first_name: 'William',
        last_name: 'Smith-Jones',
        date_of_birth: '2015-03-07',
        postcode: 'CM1 1QH',
        gender: 'M',
        address: '12 Church Road',
      }),
      line({
        id: 2,
        first_name: 'Oscar',
        last_name: 'Smith-Jones',
        date_of_birth: '2015-03-07',
        postcode: 'CM1 1QH',
        gender: 'male',
        address: '12 Church Road',
      }),
      '',
      line({ id: 'A3', first_name: 'Zoë', last_name: "O'Brien", date_of_birth: '2019-11-02', postcode: 'CO4 3QE' }),
      '{"id": "broken", ',
      line({ id: 'A4', first_name: 'Amy', last_name: 'Khan', date_of_birth: '2090-01-01', postcode: 'CO4 3QE' }),
      line({ id: 'A1', first_name: 'Ann', last_name: 'Khan', date_of_birth: '2010-01-01', postcode: 'CO4 3QE' }),
      line({ id: 'A5', first_name: 'Ann', date_of_birth: '2010-01-01', postcode: 'CO4 3QE' }),
      line(['not', 'an', 'object']),
      line({ id: 'A6', first_name: 'Kai', last_name: 'Mensah', nhs_number: '943 476 5919', upn: 'A123456789012' }),
    ].join('\n'),
  );
  await writeFile(
    queries,
    [
      line({ id: 'q1', first_name: 'Bill', last_name: 'Jones', date_of_birth: '2015-07-03', postcode: 'cm11qh' }),
      line({ id: 'q2', first_name: 'ZOE', last_name: 'OBRIEN', date_of_birth: '2019-11-02', postcode: 'CO4 3QE' }),
      line({ id: 'q3', first_name: 'Nobody', last_name: 'Here', date_of_birth: '1970-01-01', postcode: 'SS1 1AA' }),
      line({ id: 'q4', first_name: 'Bad', last_name: 'Postcode', date_of_birth: '1970-01-01', postcode: 'XYZ' }),
      line({ id: 5, first_name: 'Oscar', last_name: 'Smith Jones', date_of_birth: '2015-03-07', postcode: 'CM1 1QH' }),
      // Whatever is known: no postcode; no date of birth; an NHS number (which decides) and nothing else.
      line({ id: 'q6', first_name: 'Zoe', last_name: "O'Brien", date_of_birth: '2019-11-02' }),
      line({ id: 'q7', first_name: 'William', last_name: 'Smith-Jones', postcode: 'CM1 1QH', address: '12 Church Rd' }),
      line({ id: 'q8', first_name: 'Kay', last_name: 'Mensa', nhs_number: '9434765919' }),
      line({ id: 'q9', first_name: 'Kai', last_name: 'Mensah', nhs_number: '9434765918' }),
      line({ id: 'q10', first_name: 'Kai', last_name: 'Mensah', upn: 'B123456789012' }),
    ].join('\n'),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// The command always matches in an embedded database of its own (it takes files, not a server): the same run on either
// project, so it runs once, with the PGlite tests.
describe.skipIf(testDatabaseKind() === 'postgres')('npm run match', () => {
  it('prints one JSON line per valid query, best first, and reports bad lines by number', async () => {
    const { code, stdout, stderr } = await run(['--people', people, '--queries', queries]);
    const results = stdout
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as { query_id: unknown; candidates: { id: unknown; score: number }[] });
    expect(results.map((r) => r.query_id)).toEqual(['q1', 'q2', 'q3', 5, 'q6', 'q7', 'q8']);
    expect(results[0]!.candidates[0]).toMatchObject({ id: 'A1' });
    expect(results[0]!.candidates[0]!.score).toBeGreaterThanOrEqual(0.5);
    expect(results[0]!.candidates.map((c) => c.id)).not.toContain(2);
    expect(results[1]!.candidates).toEqual([{ id: 'A3', score: expect.any(Number) }]);
    expect(results[2]!.candidates).toEqual([]);
    expect(results[3]!.candidates[0]).toMatchObject({ id: 2 });
    expect(results[4]!.candidates[0]).toMatchObject({ id: 'A3' });
    expect(results[5]!.candidates[0]).toMatchObject({ id: 'A1' });
    expect(results[5]!.candidates[0]!.score).toBeGreaterThanOrEqual(0.5);
    expect(results[6]!.candidates).toEqual([{ id: 'A6', score: expect.any(Number) }]);
    expect(results[6]!.candidates[0]!.score).toBeGreaterThanOrEqual(0.5);
    expect(stderr).not.toContain('is missing; skipped\n' + queries);
    expect(stderr).toContain(
      `${queries} line 9: nhs_number: Enter a real NHS number: check the digits, one may be wrong; skipped`,
    );
    expect(stderr).toContain(
      `${queries} line 10: upn: Enter a real Unique Pupil Number: check the characters, one may be wrong; skipped`,
    );
    const scores = results.flatMap((r) => r.candidates.map((c) => c.score));
    expect(scores.every((score) => score > 0 && score <= 1)).toBe(true);
    expect(stderr).toContain(`${people} line 5: not valid JSON; skipped`);
    expect(stderr).toContain(
      `${people} line 6: date_of_birth: The date of birth must be today or in the past; skipped`,
    );
    expect(stderr).toContain(`${people} line 7: id "A1" was already used on an earlier line; skipped`);
    expect(stderr).toContain(`${people} line 8: last_name is missing; skipped`);
    expect(stderr).toContain(`${people} line 9: expected a JSON object; skipped`);
    expect(stderr).toContain(`${queries} line 4: postcode: Enter a real postcode, like CM1 1QH; skipped`);
    expect(code).toBe(1);
  }, 60_000);

  it('explains how to use it, with exit code 2, when a file is missing or cannot be read', async () => {
    const missing = await run(['--people', people]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('Missing --queries.');
    expect(missing.stderr).toContain('Usage: npm run match -- --people PEOPLE.jsonl --queries QUERIES.jsonl');
    const unreadable = await run(['--people', path.join(dir, 'nowhere.jsonl'), '--queries', queries]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain(`Cannot read ${path.join(dir, 'nowhere.jsonl')}`);
    const unknown = await run(['--people', people, '--queries', queries, '--fast']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--fast'");
  }, 60_000);
});
