import { describe, expect, it } from 'vitest';
import { fileKind, readRows, writeCsv, writeXlsx } from '../performance/index.ts';
import { checkResponseRows, readResponsesCsv, responsesExample, templateHeader } from './responses-csv.ts';

/** A round's responses read from pasted rows or a file's cells: every problem named by row and column. */
const rules = {
  questions: ['listened-to', 'enjoy-school'],
  ageGroups: ['8-10', '11-13', '16-17'],
  scale: { min: 1, max: 5 },
  round: { opens_on: '2026-09-01', closes_on: '2026-10-31' },
};

describe('responsesExample', () => {
  it('is the round’s own: its days, questions and age groups, and reads back as two good responses', () => {
    const example = responsesExample(rules.round, rules.questions, rules.ageGroups, rules.scale);
    expect(example).toMatchObject({ isoDay: '2026-09-01', ukDay: '1/9/2026' });
    expect(example.csv.split('\n')[0]).toBe('date,age_group,listened-to,enjoy-school');
    expect(readResponsesCsv(example.csv, rules)).toMatchObject({
      ok: true,
      responses: [
        { respondedOn: '2026-09-01', ageGroup: '8-10' },
        { respondedOn: '2026-09-02', ageGroup: '16-17' },
      ],
    });
    // A round of one day gives both rows that day.
    const oneDay = responsesExample({ opens_on: '2026-09-01', closes_on: '2026-09-01' }, ['q'], ['a'], rules.scale);
    expect(oneDay.csv).toBe('date,age_group,q\n2026-09-01,a,5\n1/9/2026,a,2');
  });
});

describe('checkResponseRows', () => {
  it('reads the template’s columns in any order, skips empty rows, and reads UK days', () => {
    const read = checkResponseRows(
      [
        ['listened-to', 'Age_Group', 'date'],
        ['4', '11-13', '3/10/2026'],
        ['', '', ''],
        [' 5 ', '8-10', '2026-09-01'],
      ],
      rules,
    );
    expect(read).toEqual({
      ok: true,
      responses: [
        { respondedOn: '2026-10-03', ageGroup: '11-13', answers: [['listened-to', 4]] },
        { respondedOn: '2026-09-01', ageGroup: '8-10', answers: [['listened-to', 5]] },
      ],
    });
  });

  it('names every wrong row: a day outside the round, an unknown age group, an answer off the scale, no answer', () => {
    const read = checkResponseRows(
      [
        templateHeader(rules.questions),
        ['2026-11-01', '11-13', '4', ''],
        ['2026-10-01', '18+', '4', ''],
        ['2026-10-01', '11-13', '6', 'yes'],
        ['2026-10-01', '11-13', '', ''],
        ['31/02/2026', '11-13', '3', ''],
      ],
      rules,
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'date'],
      [3, 'age_group'],
      [4, 'listened-to'],
      [4, 'enjoy-school'],
      [5, ''],
      [6, 'date'],
    ]);
    expect(read.problems[0]!.message).toContain('outside the round, which is open from 1 September 2026');
  });

  it('refuses a missing column, a column not a question, a column twice, no rows and too many rows', () => {
    const problems = (rows: string[][]) => {
      const read = checkResponseRows(rows, rules);
      return read.ok ? [] : read.problems.map((p) => p.message);
    };
    expect(
      problems([
        ['date', 'listened-to'],
        ['2026-10-01', '4'],
      ]),
    ).toEqual(['The column age_group is missing from the header row']);
    expect(
      problems([
        ['date', 'age_group', 'name'],
        ['2026-10-01', '8-10', 'Ellie'],
      ]),
    ).toEqual(['This column is not a question of the survey']);
    expect(
      problems([
        ['date', 'age_group'],
        ['2026-10-01', '8-10'],
      ]),
    ).toEqual(['The header names no question of the survey']);
    expect(problems([['date', 'age_group', 'listened-to', 'listened-to']])).toContain('A question has two columns');
    expect(problems([])).toEqual(['There are no rows']);
    expect(problems([['', '']])).toEqual(['There are no rows']);
    expect(problems([templateHeader(rules.questions)])).toEqual(['There are no responses below the header']);
    const many = Array.from({ length: 5001 }, () => ['2026-10-01', '8-10', '4', '']);
    expect(problems([templateHeader(rules.questions), ...many])).toEqual(['Import at most 5,000 responses at a time']);
  });

  it('keeps the pasted form as it was: the header first, rows trimmed, a CSV error said', () => {
    expect(readResponsesCsv('\uFEFFdate,age_group,listened-to\n2026-10-01,8-10,4\n', rules).ok).toBe(true);
    const broken = readResponsesCsv('date,age_group,listened-to\n"2026-10-01,8-10,4', rules);
    expect(broken.ok).toBe(false);
  });
});

describe('a file of responses', () => {
  it('reads the template back from XLSX and CSV, a date cell as its day', async () => {
    const rows = [templateHeader(rules.questions), ['2026-10-03', '11-13', 4, 5]];
    const xlsx = await writeXlsx('Responses', rows);
    expect(fileKind('responses.xlsx', xlsx)).toBe('xlsx');
    const fromXlsx = checkResponseRows(await readRows('xlsx', xlsx), rules);
    expect(fromXlsx.ok && fromXlsx.responses[0]).toEqual({
      respondedOn: '2026-10-03',
      ageGroup: '11-13',
      answers: [
        ['listened-to', 4],
        ['enjoy-school', 5],
      ],
    });
    const csv = new TextEncoder().encode(writeCsv(rows));
    expect(fileKind('responses.csv', csv)).toBe('csv');
    expect(checkResponseRows(await readRows('csv', csv), rules)).toEqual(fromXlsx);
    // A zip named .csv, or a CSV named .xlsx, is neither.
    expect(fileKind('responses.csv', xlsx)).toBeNull();
    expect(fileKind('responses.xlsx', csv)).toBeNull();
    expect(fileKind('responses.pdf', csv)).toBeNull();
  });
});
