import { parse } from 'csv-parse/sync';
import type { ServiceContent } from '../content.ts';
import { formatOpeningTimes } from '../opening-times.ts';

/**
 * The Directory of Services CSV file (documented column by column in docs/directory-csv.md): one
 * row per service, with numbered column groups for the first locations and contacts. The same
 * columns are exported and imported, so a file exported, edited in a spreadsheet and imported
 * again changes only what was edited.
 * Pure functions: csv-row.ts turns a row into an entry; service.ts reads and writes the database.
 */

export const CSV_LOCATIONS = 3;
export const CSV_CONTACTS = 2;
/** More rows than this is more than one person can check in a report: split the file. */
export const CSV_MAX_ROWS = 5000;

export const LOCATION_FIELDS = [
  'name',
  'address',
  'city',
  'postcode',
  'latitude',
  'longitude',
  'opening_times',
] as const;
export const CONTACT_FIELDS = ['name', 'title', 'phone', 'email'] as const;

export const CSV_COLUMNS: readonly string[] = [
  'id',
  'organisation',
  'name',
  'description',
  'status',
  'professionals_only',
  'url',
  'email',
  'eligibility',
  'minimum_age',
  'maximum_age',
  'free',
  'fees',
  'access_route',
  'how_to_access',
  'delivery',
  'levels',
  'categories',
  'countywide',
  'districts',
  'languages',
  ...Array.from({ length: CSV_LOCATIONS }, (_, i) => LOCATION_FIELDS.map((f) => `location_${i + 1}_${f}`)).flat(),
  ...Array.from({ length: CSV_CONTACTS }, (_, i) => CONTACT_FIELDS.map((f) => `contact_${i + 1}_${f}`)).flat(),
];

/** Columns a file needs when it adds services: a new service cannot be made without them. */
export const REQUIRED_COLUMNS = [
  'organisation',
  'name',
  'description',
  'free',
  'access_route',
  'delivery',
  'levels',
  'categories',
];

/** What the file's words are matched against: the tenant's organisations, categories, levels and districts. */
export interface CsvContext {
  organisations: { id: string; code: string; name: string }[];
  categories: { code: string; name: string }[];
  levels: number[];
  districts: { code: string; name: string }[];
}

export interface CsvProblem {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  column: string;
  message: string;
}

export interface CsvRow {
  row: number;
  cells: Map<string, string>;
}

export type CsvRecord = Record<string, string>;

// ---- Spreadsheet formula injection ----

/**
 * A cell a spreadsheet would run as a formula, or one that already carries our apostrophe before such a cell.
 * The full-width signs (＝ ＋ － ＠) count too: spreadsheets set for East Asian languages read them as = + - @.
 */
const FORMULA = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Spreadsheets run a cell that starts with = + - @ or their full-width forms (or a tab or carriage
 * return) as a formula, so a service's text could run on a moderator's computer. Such cells get a
 * leading apostrophe, which spreadsheets show as text; unneutralise() removes exactly that
 * apostrophe on import.
 */
export const neutralise = (value: string) => (FORMULA.test(value) ? `'${value}` : value);
export const unneutralise = (value: string) => (value.startsWith("'") && FORMULA.test(value) ? value.slice(1) : value);

// ---- Export ----

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
const list = (values: readonly (string | number)[]) => values.join('; ');

/** One service as a row of the CSV file, every cell neutralised. */
export function toCsvRecord(service: { id: string; organisationCode: string; content: ServiceContent }): CsvRecord {
  const c = service.content;
  const record: CsvRecord = {
    id: service.id,
    organisation: service.organisationCode,
    name: c.name,
    description: c.description,
    status: c.status,
    professionals_only: yesNo(c.professionalsOnly),
    url: c.url ?? '',
    email: c.email ?? '',
    eligibility: c.eligibility ?? '',
    minimum_age: c.minimumAge === undefined ? '' : String(c.minimumAge),
    maximum_age: c.maximumAge === undefined ? '' : String(c.maximumAge),
    free: yesNo(c.isFree),
    fees: c.fees ?? '',
    access_route: c.accessRoute,
    how_to_access: c.howToAccess ?? '',
    delivery: list(c.deliveryModes),
    levels: list(c.levels),
    categories: list(c.categories),
    countywide: yesNo(c.countywide),
    districts: list(c.districts),
    languages: list(c.languages),
  };
  for (let i = 0; i < CSV_LOCATIONS; i++) {
    const l = c.locations[i];
    const prefix = `location_${i + 1}_`;
    record[`${prefix}name`] = l?.name ?? '';
    record[`${prefix}address`] = l?.address1 ?? '';
    record[`${prefix}city`] = l?.city ?? '';
    record[`${prefix}postcode`] = l?.postcode ?? '';
    record[`${prefix}latitude`] = l?.latitude === undefined ? '' : String(l.latitude);
    record[`${prefix}longitude`] = l?.longitude === undefined ? '' : String(l.longitude);
    record[`${prefix}opening_times`] = l ? formatOpeningTimes(l.schedules) : '';
  }
  for (let i = 0; i < CSV_CONTACTS; i++) {
    const k = c.contacts[i];
    const prefix = `contact_${i + 1}_`;
    record[`${prefix}name`] = k?.name ?? '';
    record[`${prefix}title`] = k?.title ?? '';
    record[`${prefix}phone`] = k?.phone ?? '';
    record[`${prefix}email`] = k?.email ?? '';
  }
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, neutralise(value)]));
}

// ---- Reading the file ----

const normaliseHeader = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Reads the file into rows keyed by column. Blank rows are skipped but counted, so row numbers
 * match what a spreadsheet shows. Problems with the file as a whole (not CSV, unknown or missing
 * columns, too many rows) come back as problems on row 1.
 */
export function readCsv(text: string): { rows: CsvRow[]; columns: Set<string>; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: false });
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    const why = /quote/i.test(message) ? 'a quoted cell is not closed' : message.replace(/^[A-Z_]+:\s*/, '');
    return {
      rows: [],
      columns: new Set(),
      problems: [{ row: lines ?? 1, column: '', message: `The file could not be read as CSV: ${why}` }],
    };
  }
  const [header, ...data] = records;
  if (!header || header.every((cell) => !cell.trim())) {
    return {
      rows: [],
      columns: new Set(),
      problems: [{ row: 1, column: '', message: 'The file is empty: paste the header row and at least one service' }],
    };
  }
  const names = header.map(normaliseHeader);
  const columns = new Set<string>();
  for (const name of names) {
    if (!name) continue;
    if (!CSV_COLUMNS.includes(name))
      problems.push({ row: 1, column: name, message: `“${name}” is not a column of the template: check its spelling` });
    else if (columns.has(name)) problems.push({ row: 1, column: name, message: `The column “${name}” appears twice` });
    columns.add(name);
  }
  if (!columns.has('id') && !columns.has('name'))
    problems.push({ row: 1, column: 'name', message: 'The file has no “name” column: start from the template' });
  const rows: CsvRow[] = [];
  for (const [index, record] of data.entries()) {
    if (record.every((cell) => !cell.trim())) continue;
    const row = index + 2;
    if (record.length > names.length && record.slice(names.length).some((cell) => cell.trim())) {
      problems.push({
        row,
        column: '',
        message: `This row has ${record.length} cells but the header has ${names.length} columns`,
      });
    }
    rows.push({ row, cells: new Map(names.map((name, i) => [name, unneutralise(record[i] ?? '').trim()])) });
  }
  if (rows.length === 0 && problems.length === 0)
    problems.push({ row: 2, column: '', message: 'The file has a header row but no services' });
  if (rows.length > CSV_MAX_ROWS)
    problems.push({
      row: 1,
      column: '',
      message: `The file has ${rows.length} services: import at most ${CSV_MAX_ROWS} at a time`,
    });
  return { rows, columns, problems };
}
