import { parse } from 'csv-parse/sync';
import { format, parseISO } from 'date-fns';
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
export const RESPONSES_CSV_EXAMPLE =
  'date,age_group,listened-to,enjoy-school\n2026-10-03,11-13,4,5\n2026-10-04,16-17,2,';

/** A day as a CSV gives it: 2026-10-03 or 3/10/2026. */
function day(value: string): string | null {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (uk) return realIsoDate(`${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`);
  return realIsoDate(value);
}

/**
 * Reads a round's responses: a header row `date,age_group,<question code>…` and one row a response, each checked
 * (the day inside the round, a known age group, each rating on the scale or blank, at least one answer). Columns
 * that are not questions of the survey are refused, not ignored: an answer must never be lost quietly.
 */
export function readResponsesCsv(
  text: string,
  rules: {
    questions: readonly string[];
    ageGroups: readonly string[];
    scale: { min: number; max: number };
    round: { opens_on: string; closes_on: string };
  },
): { ok: true; responses: ParsedResponse[] } | { ok: false; problems: CsvProblem[] } {
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
  const problems: CsvProblem[] = [];
  const [header, ...body] = rows;
  if (!header) return { ok: false, problems: [{ row: null, column: null, message: 'There are no rows' }] };
  const columns = header.map((h) => h.trim().toLowerCase());
  if (columns[0] !== 'date' || columns[1] !== 'age_group')
    problems.push({ row: 1, column: null, message: 'The header must begin with the columns date and age_group' });
  const questionColumns = columns.slice(2);
  for (const q of questionColumns)
    if (!rules.questions.includes(q))
      problems.push({ row: 1, column: q.slice(0, 60), message: 'This column is not a question of the survey' });
  if (new Set(questionColumns).size !== questionColumns.length)
    problems.push({ row: 1, column: null, message: 'A question has two columns' });
  if (questionColumns.length === 0)
    problems.push({ row: 1, column: null, message: 'The header names no question of the survey' });
  if (body.length === 0) problems.push({ row: null, column: null, message: 'There are no responses below the header' });
  if (body.length > MAX_ROWS)
    problems.push({
      row: null,
      column: null,
      message: `Import at most ${MAX_ROWS.toLocaleString('en-GB')} responses at a time`,
    });
  if (problems.length) return { ok: false, problems };
  const responses: ParsedResponse[] = [];
  body.forEach((cells, i) => {
    const row = i + 2;
    const at = (column: string, message: string) => problems.push({ row, column, message });
    if (cells.length > columns.length) at('', `The row has ${cells.length} cells; the header has ${columns.length}`);
    const respondedOn = day(cells[0] ?? '');
    if (!respondedOn) at('date', 'Enter the day as 2026-10-03 or 3/10/2026');
    else if (respondedOn < rules.round.opens_on || respondedOn > rules.round.closes_on)
      at(
        'date',
        `The day is outside the round, which is open from ${longDay(rules.round.opens_on)} to ${longDay(rules.round.closes_on)}`,
      );
    const ageGroup = cells[1] ?? '';
    if (!rules.ageGroups.includes(ageGroup))
      at('age_group', `The age group must be one of ${rules.ageGroups.join(', ')}`);
    const answers: [string, number][] = [];
    questionColumns.forEach((q, j) => {
      const value = cells[j + 2] ?? '';
      if (value === '') return;
      const n = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
      if (!(n >= rules.scale.min && n <= rules.scale.max))
        at(q, `The rating must be a whole number from ${rules.scale.min} to ${rules.scale.max}, or blank`);
      else answers.push([q, n]);
    });
    if (answers.length === 0 && !problems.some((p) => p.row === row)) at('', 'The response answers no question');
    if (respondedOn) responses.push({ respondedOn, ageGroup, answers });
  });
  return problems.length ? { ok: false, problems } : { ok: true, responses };
}
