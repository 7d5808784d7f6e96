import type { AreaKind, ImportProblem, IndicatorFrequency, IndicatorUnit } from '../../../platform/db/schema/index.ts';
import { FREQUENCY_WORDS, parsePeriod, type NamedPeriod } from '../periods.ts';
import { groupBreakdownsOf, readGroup, type ImportGroup } from './groups.ts';

/**
 * Checks an imported file's rows against an indicator's definition (issue 14): every row's period, area and numbers.
 * Any problem refuses the whole file; the report names each row and column so the sender can fix the file.
 */

/** Bigger than any figure a county reports: a number past it is a typing slip, not a count. */
export const LARGEST_VALUE = 1_000_000_000;
export const MAX_ROWS = 5_000;
/** The most problems the report lists; the count says how many more there were. */
export const MAX_REPORTED = 200;

export interface ImportArea {
  kind: AreaKind;
  /** '' for the whole authority, else the tenant's quadrant or district code. */
  code: string;
  name: string;
}

/** The area codes a file may use: the authority's ONS code or code, quadrant codes, districts' ONS codes or codes. */
export type AreaLookup = ReadonlyMap<string, ImportArea>;

export interface CheckedRow {
  row: number;
  period: NamedPeriod;
  area: ImportArea;
  /** '' and null for the whole figure; else one group of a breakdown the definition lists. */
  breakdown: string;
  group: ImportGroup | null;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

export interface Definition {
  unit: IndicatorUnit;
  frequency: IndicatorFrequency;
  /** The definition's breakdowns: those with groups (age band, gender…) add the optional breakdown and group columns. */
  breakdowns?: readonly string[];
}

const RATIO_UNITS: ReadonlySet<IndicatorUnit> = new Set(['percentage', 'rate-per-10000']);
const SCALE: Partial<Record<IndicatorUnit, number>> = { percentage: 100, 'rate-per-10000': 10_000 };

/**
 * The template's columns for a definition: a ratio may give its numerator and denominator; an indicator broken down
 * by groups (age band, gender…) may give a row per group, naming the breakdown and the group.
 */
export const templateColumns = (unit: IndicatorUnit, breakdowns: readonly string[] = []): string[] => [
  'period',
  'area_code',
  ...(groupBreakdownsOf(breakdowns).length > 0 ? ['breakdown', 'group'] : []),
  ...(RATIO_UNITS.has(unit) ? ['value', 'numerator', 'denominator'] : ['value']),
];

const normalise = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** A number as people type it in a spreadsheet ("1,234", " 12.5 "), or a problem's words. */
function readNumber(text: string, column: string): number | string {
  const cleaned = text.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return `The ${column} must be a number, like 42 or 12.5, not “${clip(text)}”`;
  const n = Number(cleaned);
  if (Math.abs(n) > LARGEST_VALUE)
    return `The ${column} is too big: Hearth takes numbers up to 1,000,000,000. Check for a typing slip`;
  if (n < 0) return `The ${column} cannot be below zero`;
  return n;
}
const clip = (text: string) => (text.length > 30 ? `${text.slice(0, 30)}…` : text);

/**
 * Checks every row. `rows` are the file's rows with the header first; `today` is the day in London, so a period
 * that has not started yet is refused.
 */
export function checkRows(
  definition: Definition,
  rows: readonly (readonly string[])[],
  areas: AreaLookup,
  today: string,
): { ok: true; rows: CheckedRow[] } | { ok: false; problems: ImportProblem[]; total: number; refused: number } {
  const problems: ImportProblem[] = [];
  const [header, ...body] = rows;
  const columns = (header ?? []).map(normalise);
  const wanted = templateColumns(definition.unit, definition.breakdowns);
  const groupBreakdowns = groupBreakdownsOf(definition.breakdowns ?? []);
  const missing = ['period', 'area_code', ...(RATIO_UNITS.has(definition.unit) ? [] : ['value'])].filter(
    (c) => !columns.includes(c),
  );
  if (!header || missing.length > 0)
    return refuse([
      {
        row: 1,
        column: missing.join(', ') || 'header',
        message: `The first row must name the columns: ${wanted.join(', ')} (download the template)`,
      },
    ]);
  const data = body.filter((r) => r.some((cell) => cell.trim() !== ''));
  if (data.length === 0) return refuse([{ row: 2, column: '', message: 'The file has no rows of figures' }]);
  if (data.length > MAX_ROWS)
    return refuse([{ row: MAX_ROWS + 2, column: '', message: `A file can hold up to ${MAX_ROWS} rows of figures` }]);
  const at = (r: readonly string[], name: string) => {
    const i = columns.indexOf(name);
    return i < 0 ? '' : (r[i] ?? '').trim();
  };

  const checked: CheckedRow[] = [];
  const seen = new Map<string, number>();
  let refusedRows = 0;
  body.forEach((r, index) => {
    if (!r.some((cell) => cell.trim() !== '')) return;
    const row = index + 2;
    const before = problems.length;
    const problem = (column: string, message: string) => problems.push({ row, column, message });

    const periodText = at(r, 'period');
    const period = periodText ? parsePeriod(definition.frequency, periodText) : null;
    if (!periodText) problem('period', 'Enter the period');
    else if (!period)
      problem(
        'period',
        `“${clip(periodText)}” is not a ${FREQUENCY_WORDS[definition.frequency].name.toLowerCase()} period: write it like ${FREQUENCY_WORDS[definition.frequency].example}`,
      );
    else if (period.from > today) problem('period', `The period ${period.label} has not started yet`);

    const areaText = at(r, 'area_code');
    const area = areas.get(areaText.toLowerCase());
    if (!areaText) problem('area_code', 'Enter the area code');
    else if (!area)
      problem('area_code', `“${clip(areaText)}” is not a district, quadrant or authority code Hearth knows`);

    const breakdownText = at(r, 'breakdown').toLowerCase();
    const groupText = at(r, 'group');
    let group: ImportGroup | null = null;
    if (breakdownText && !groupBreakdowns.includes(breakdownText))
      problem(
        'breakdown',
        groupBreakdowns.length === 0
          ? 'This indicator has no breakdowns: leave the breakdown and group empty'
          : `“${clip(breakdownText)}” is not a breakdown of this indicator: use one of ${groupBreakdowns.join(', ')}`,
      );
    else if (breakdownText && !groupText) problem('group', `Enter the group of the ${breakdownText} breakdown`);
    else if (breakdownText) {
      const read = readGroup(breakdownText, groupText);
      if (typeof read === 'string') problem('group', read);
      else group = read;
    } else if (groupText) problem('breakdown', 'Enter the breakdown the group belongs to, or leave the group empty');

    const numbers: { value: number | null; numerator: number | null; denominator: number | null } = {
      value: null,
      numerator: null,
      denominator: null,
    };
    for (const column of ['value', 'numerator', 'denominator'] as const) {
      const text = at(r, column);
      if (text === '') continue;
      const n = readNumber(text, column);
      if (typeof n === 'string') problem(column, n);
      else numbers[column] = n;
    }
    let { value } = numbers;
    const { numerator, denominator } = numbers;
    const scale = SCALE[definition.unit];
    if (scale && (numerator !== null || denominator !== null)) {
      if (numerator === null || denominator === null)
        problem(
          numerator === null ? 'numerator' : 'denominator',
          'Give both the numerator and the denominator, or neither',
        );
      else if (denominator === 0) problem('denominator', 'The denominator cannot be 0');
      else if (definition.unit === 'percentage' && numerator > denominator)
        problem('numerator', 'The numerator cannot be bigger than the denominator in a percentage');
      else if (value === null) value = Math.round((numerator / denominator) * scale * 100) / 100;
      else if (Math.abs(value - (numerator / denominator) * scale) > 0.051 * (scale === 100 ? 1 : 10))
        problem('value', `The value ${value} does not match the numerator and denominator`);
    }
    if (
      value === null &&
      !problems.some((p) => p.row === row && ['value', 'numerator', 'denominator'].includes(p.column))
    )
      problem('value', 'Enter the value. Leave out a row with no data: Hearth shows it as no data, not as zero');
    if (value !== null && definition.unit === 'percentage' && value > 100)
      problem('value', `A percentage is from 0 to 100, not ${value}`);
    if (value !== null && definition.unit === 'count' && !Number.isInteger(value))
      problem('value', `A count is a whole number, not ${value}`);

    if (period && area) {
      const key = `${period.label}|${area.kind}|${area.code}|${breakdownText}|${group?.key ?? ''}`;
      const first = seen.get(key);
      if (first !== undefined)
        problem('', `This row repeats row ${first}: the same period and area${group ? ' and group' : ''}`);
      else seen.set(key, row);
    }
    if (problems.length > before) refusedRows++;
    else
      checked.push({
        row,
        period: period!,
        area: area!,
        breakdown: group ? breakdownText : '',
        group,
        value: value!,
        numerator,
        denominator,
      });
  });
  if (problems.length > 0)
    return { ok: false, problems: problems.slice(0, MAX_REPORTED), total: data.length, refused: refusedRows };
  return { ok: true, rows: checked };

  function refuse(list: ImportProblem[]) {
    return { ok: false as const, problems: list, total: Math.max(body.length, 0), refused: Math.max(body.length, 0) };
  }
}
