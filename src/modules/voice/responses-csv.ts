import { parse } from 'csv-parse/sync';
import { addDays, format, parseISO } from 'date-fns';
import { realIsoDate } from '../../platform/views/date-input.ts';

/** One problem in pasted rows: the row (1 is the header) and column it is in, where it has one. */
export interface CsvProblem {
  row: number | null;
  column: string | null;
  message: string;
}
export interface ParsedResponse {
  respondedOn: string;
  ageGroup: string;
  answers: [string, number][];
}

export const MAX_ROWS = 5000;
/** '2026-10-03' as people read it: 3 October 2026. */
export const longDay = (iso: string) => format(parseISO(iso), 'd MMMM yyyy');

/**
 * Two example rows for this round: its first day (and the next, if the round has it) in both ways a day may be
 * written, the tenant's first and last age groups, and the round's first two questions (the second left blank once).
 */
export function responsesExample(
  round: { opens_on: string; closes_on: string },
  questionCodes: readonly string[],
  ageGroups: readonly string[],
  scale: { min: number; max: number },
): { csv: string; isoDay: string; ukDay: string } {
  const first = round.opens_on;
  const next = format(addDays(parseISO(first), 1), 'yyyy-MM-dd');
  const second = next <= round.closes_on ? next : first;
  const codes = questionCodes.slice(0, 2);
  const rating = (n: number) => String(Math.min(scale.max, Math.max(scale.min, n)));
  const row = (dayText: string, age: string, answers: string[]) => [dayText, age, ...answers].join(',');
  const csv = [
    ['date', 'age_group', ...codes].join(','),
    row(
      first,
      ageGroups[0] ?? '',
      codes.map((_, i) => rating(scale.max - i)),
    ),
    row(
      format(parseISO(second), 'd/M/yyyy'),
      ageGroups.at(-1) ?? '',
      codes.map((_, i) => (i ? '' : rating(2))),
    ),
  ].join('\n');
  return { csv, isoDay: first, ukDay: format(parseISO(first), 'd/M/yyyy') };
}

/** A day as a CSV gives it: 2026-10-03 or 3/10/2026. */
function day(value: string): string | null {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (uk) return realIsoDate(`${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`);
  return realIsoDate(value);
}

export interface ResponseRules {
  questions: readonly string[];
  ageGroups: readonly string[];
  scale: { min: number; max: number };
  round: { opens_on: string; closes_on: string };
}
type Read = { ok: true; responses: ParsedResponse[] } | { ok: false; problems: CsvProblem[] };

/** Pasted CSV rows, read into cells then checked as `checkResponseRows` does. */
export function readResponsesCsv(text: string, rules: ResponseRules): Read {
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    return {
      ok: false,
      problems: [
        {
          row: null,
          column: null,
          message: `The rows could not be read as CSV: ${(error as Error).message.slice(0, 200)}`,
        },
      ],
    };
  }
  return checkResponseRows(rows, rules);
}

/**
 * Checks a round's responses, cell by cell: a header row naming the columns `date`, `age_group` and question codes,
 * in any order (the template's is date, age_group, then the questions), and one row a response (the day inside the round, a known age
 * group, each rating on the scale or blank, at least one answer). Columns that are not questions of the survey are
 * refused, not ignored: an answer must never be lost quietly. Rows with no cell filled (a spreadsheet's) are skipped.
 */
export function checkResponseRows(cells: readonly (readonly string[])[], rules: ResponseRules): Read {
  const rows = cells
    .map((row, i) => ({ row: i + 1, cells: row.map((c) => (c ?? '').trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  const problems: CsvProblem[] = [];
  const [header, ...body] = rows;
  if (!header) return { ok: false, problems: [{ row: null, column: null, message: 'There are no rows' }] };
  const columns = header.cells.map((h) => h.toLowerCase());
  const dateAt = columns.indexOf('date');
  const ageAt = columns.indexOf('age_group');
  for (const [column, at] of [
    ['date', dateAt],
    ['age_group', ageAt],
  ] as const)
    if (at === -1)
      problems.push({ row: header.row, column, message: `The column ${column} is missing from the header row` });
  const questionColumns = columns.map((q, at) => ({ q, at })).filter(({ at }) => at !== dateAt && at !== ageAt);
  for (const { q } of questionColumns)
    if (!rules.questions.includes(q))
      problems.push({
        row: header.row,
        column: q.slice(0, 60) || null,
        message: q ? 'This column is not a question of the survey' : 'A column has no name',
      });
  if (new Set(questionColumns.map((c) => c.q)).size !== questionColumns.length)
    problems.push({ row: header.row, column: null, message: 'A question has two columns' });
  if (questionColumns.length === 0)
    problems.push({ row: header.row, column: null, message: 'The header names no question of the survey' });
  if (body.length === 0) problems.push({ row: null, column: null, message: 'There are no responses below the header' });
  if (body.length > MAX_ROWS)
    problems.push({
      row: null,
      column: null,
      message: `Import at most ${MAX_ROWS.toLocaleString('en-GB')} responses at a time`,
    });
  if (problems.length) return { ok: false, problems };
  const responses: ParsedResponse[] = [];
  for (const { row, cells: values } of body) {
    const at = (column: string, message: string) => problems.push({ row, column, message });
    if (values.length > columns.length) at('', `The row has ${values.length} cells; the header has ${columns.length}`);
    const respondedOn = day(values[dateAt] ?? '');
    if (!respondedOn) at('date', 'Enter the day as 2026-10-03 or 3/10/2026');
    else if (respondedOn < rules.round.opens_on || respondedOn > rules.round.closes_on)
      at(
        'date',
        `The day is outside the round, which is open from ${longDay(rules.round.opens_on)} to ${longDay(rules.round.closes_on)}`,
      );
    const ageGroup = values[ageAt] ?? '';
    if (!rules.ageGroups.includes(ageGroup))
      at('age_group', `The age group must be one of ${rules.ageGroups.join(', ')}`);
    const answers: [string, number][] = [];
    for (const { q, at: j } of questionColumns) {
      const value = values[j] ?? '';
      if (value === '') continue;
      const n = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
      if (!(n >= rules.scale.min && n <= rules.scale.max))
        at(q, `The rating must be a whole number from ${rules.scale.min} to ${rules.scale.max}, or blank`);
      else answers.push([q, n]);
    }
    if (answers.length === 0 && !problems.some((p) => p.row === row)) at('', 'The response answers no question');
    if (respondedOn) responses.push({ respondedOn, ageGroup, answers });
  }
  return problems.length ? { ok: false, problems } : { ok: true, responses };
}

/** The round's template: the header a file must have, the survey's questions in order. */
export const templateHeader = (questions: readonly string[]) => ['date', 'age_group', ...questions];
