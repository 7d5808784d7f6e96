import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { newId } from '../../platform/db/ids.ts';
import { parsePostcode } from '../../platform/postcodes.ts';
import {
  ACCESS_ROUTES,
  DELIVERY_MODES,
  DELIVERY_MODE_NAMES,
  SERVICE_STATUSES,
  serviceContentSchema,
  type ServiceContent,
  type ServiceLocation,
} from './content.ts';
import { DAYS, formatOpeningTimes, parseOpeningTimes } from './opening-times.ts';

/**
 * The Directory of Services CSV file (documented column by column in docs/directory-csv.md): one
 * row per service, with numbered column groups for the first locations and contacts. The same
 * columns are exported and imported, so a file exported, edited in a spreadsheet and imported
 * again changes only what was edited. Pure functions: transfers.ts reads and writes the database.
 */

export const CSV_LOCATIONS = 3;
export const CSV_CONTACTS = 2;
/** More rows than this is more than one person can check in a report: split the file. */
export const CSV_MAX_ROWS = 5000;

const LOCATION_FIELDS = ['name', 'address', 'city', 'postcode', 'latitude', 'longitude', 'opening_times'] as const;
const CONTACT_FIELDS = ['name', 'title', 'phone', 'email'] as const;

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
const REQUIRED_COLUMNS = [
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

// ---- One row to a service entry ----

/** A service already in the directory that a row with its id updates. */
export interface ExistingService {
  organisationId: string;
  content: ServiceContent;
}

export type RowResult =
  { ok: true; organisationId: string; content: ServiceContent } | { ok: false; problems: CsvProblem[] };

const EMAIL = z.string().email();
const YES = new Set(['yes', 'y', 'true']);
const NO = new Set(['no', 'n', 'false']);
const split = (value: string) =>
  value
    .split(';')
    .map((v) => v.trim())
    .filter(Boolean);
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const orList = (values: readonly string[]) => `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;

/**
 * Turns one row into a service entry. `existing` is the live entry a row with an id updates: a
 * column the file does not have keeps its value, and locations and contacts beyond the numbered
 * groups are kept, as are the ids of those the row keeps (so an unchanged row stays unchanged).
 */
export function rowToContent(
  row: CsvRow,
  columns: Set<string>,
  context: CsvContext,
  existing?: ExistingService,
): RowResult {
  const problems: CsvProblem[] = [];
  const problem = (column: string, message: string) => problems.push({ row: row.row, column, message });
  const has = (column: string) => columns.has(column);
  const cell = (column: string) => row.cells.get(column) ?? '';
  const draft: Record<string, unknown> = existing
    ? structuredClone(existing.content)
    : {
        status: 'active',
        professionalsOnly: false,
        isFree: false,
        countywide: false,
        districts: [],
        languages: ['English'],
        contacts: [],
        locations: [],
      };

  const optionalText = (column: string, key: string, max: number, label: string) => {
    if (!has(column)) return;
    const value = cell(column);
    if (value.length > max) problem(column, `The ${label} must be ${max} characters or fewer`);
    if (value) draft[key] = value;
    else delete draft[key];
  };
  const requiredText = (column: string, key: string, max: number, label: string) => {
    if (!has(column)) return;
    if (!cell(column)) problem(column, `Enter the ${label}`);
    else optionalText(column, key, max, label);
  };
  const yesNo = (column: string, key: string, required: boolean) => {
    if (!has(column)) return;
    const value = cell(column).toLowerCase();
    if (YES.has(value)) draft[key] = true;
    else if (NO.has(value) || (!value && !required)) draft[key] = false;
    else problem(column, value ? `Enter yes or no, not “${cell(column)}”` : 'Enter yes or no');
  };
  const age = (column: string, key: string) => {
    if (!has(column)) return;
    const value = cell(column);
    if (!value) delete draft[key];
    else if (/^\d{1,2}$/.test(value) && Number(value) <= 25) draft[key] = Number(value);
    else problem(column, `Enter an age from 0 to 25 in whole years, or leave it blank (not “${value}”)`);
  };
  const choose = <T extends string | number>(
    column: string,
    key: string,
    match: (word: string) => T | undefined,
    message: (word: string) => string,
    empty: string | null,
  ) => {
    if (!has(column)) return;
    const found: T[] = [];
    for (const word of split(cell(column))) {
      const value = match(word);
      if (value === undefined) problem(column, message(word));
      else if (!found.includes(value)) found.push(value);
    }
    if (found.length === 0 && empty && !problems.some((p) => p.column === column)) problem(column, empty);
    draft[key] = found;
  };

  if (!existing) {
    // A file that only updates services may leave columns out; a new service needs these.
    for (const column of REQUIRED_COLUMNS.filter((c) => !has(c)))
      problem(column, `The file has no “${column}” column, which a new service needs: start from the template`);
    if (!has('countywide') && !has('districts'))
      problem(
        'districts',
        'The file has no “districts” or “countywide” column, which a new service needs: start from the template',
      );
  }
  // Which service, and whose.
  if (has('organisation')) {
    const value = cell('organisation');
    const organisation = context.organisations.find((o) => same(o.code, value) || same(o.name, value));
    if (organisation) draft.organisationId = organisation.id;
    else if (value)
      problem(
        'organisation',
        `No organisation has the code or name “${value}”: use a code from the Organisations page`,
      );
    else if (!existing) problem('organisation', 'Enter the code or name of the organisation that runs the service');
  }
  requiredText('name', 'name', 200, 'service name');
  requiredText('description', 'description', 5000, 'description');
  if (has('status')) {
    const value = cell('status').toLowerCase();
    const status = SERVICE_STATUSES.find((s) => s === value);
    if (status) draft.status = status;
    else if (!value) draft.status = 'active';
    else problem('status', `Enter ${orList(SERVICE_STATUSES)}, not “${cell('status')}”`);
  }
  yesNo('professionals_only', 'professionalsOnly', false);
  if (has('url')) {
    const value = cell('url');
    if (value && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(value))
      problem('url', `Enter a full web address starting with https://, not “${value}”`);
    else optionalText('url', 'url', 500, 'web address');
  }
  for (const column of ['email', 'contact_1_email', 'contact_2_email']) {
    const value = cell(column);
    if (has(column) && value && !EMAIL.safeParse(value).success) {
      problem(column, `Enter an email address like name@example.org, not “${value}”`);
    }
  }
  optionalText('email', 'email', 254, 'email address');
  optionalText('eligibility', 'eligibility', 2000, 'eligibility');
  age('minimum_age', 'minimumAge');
  age('maximum_age', 'maximumAge');
  yesNo('free', 'isFree', true);
  optionalText('fees', 'fees', 1000, 'fees');
  if (has('access_route')) {
    const value = cell('access_route').toLowerCase();
    const route = ACCESS_ROUTES.find((r) => r === value);
    if (route) draft.accessRoute = route;
    else
      problem(
        'access_route',
        value
          ? `Enter ${orList(ACCESS_ROUTES)}, not “${cell('access_route')}”`
          : `Enter how families get the service: ${orList(ACCESS_ROUTES)}`,
      );
  }
  optionalText('how_to_access', 'howToAccess', 2000, 'how to access');
  choose(
    'delivery',
    'deliveryModes',
    (word) => DELIVERY_MODES.find((m) => same(m, word) || same(DELIVERY_MODE_NAMES[m], word)),
    (word) => `“${word}” is not a way of delivering a service: use ${orList(DELIVERY_MODES)}`,
    `Enter how the service is delivered: ${orList(DELIVERY_MODES)}, separated by ;`,
  );
  choose(
    'levels',
    'levels',
    (word) => context.levels.find((l) => String(l) === word.replace(/^level\s*/i, '')),
    (word) => `“${word}” is not a level of need: use ${orList(context.levels.map(String))}`,
    'Enter the levels of need the service works at, like 1; 2',
  );
  choose(
    'categories',
    'categories',
    (word) => context.categories.find((c) => same(c.code, word) || same(c.name, word))?.code,
    (word) =>
      `“${word}” is not a category: use codes like ${context.categories
        .slice(0, 2)
        .map((c) => c.code)
        .join(' or ')} (see the template’s guide)`,
    'Enter at least one category',
  );
  yesNo('countywide', 'countywide', false);
  choose(
    'districts',
    'districts',
    (word) => context.districts.find((d) => same(d.code, word) || same(d.name, word))?.code,
    (word) =>
      `“${word}” is not a district: use codes like ${context.districts
        .slice(0, 2)
        .map((d) => d.code)
        .join(' or ')}`,
    null,
  );
  if (has('languages')) draft.languages = split(cell('languages'));

  draft.locations = locations(row, columns, existing?.content.locations ?? [], problem);
  draft.contacts = contacts(row, columns, existing?.content.contacts ?? [], problem);

  const { minimumAge, maximumAge } = draft as { minimumAge?: number; maximumAge?: number };
  if (minimumAge !== undefined && maximumAge !== undefined && minimumAge > maximumAge) {
    problem('maximum_age', 'The maximum age must be the same as or more than the minimum age');
  }
  if (
    !draft.countywide &&
    (draft.districts as string[]).length === 0 &&
    !problems.some((p) => p.column === 'districts')
  ) {
    problem(
      has('districts') ? 'districts' : 'countywide',
      'Enter the districts the service covers, separated by ;, or yes in the countywide column',
    );
  }
  const organisationId = (draft.organisationId as string | undefined) ?? existing?.organisationId;
  delete draft.organisationId;
  if (problems.length > 0 || !organisationId) return { ok: false, problems };
  const parsed = serviceContentSchema.safeParse(draft);
  if (parsed.success) return { ok: true, organisationId, content: parsed.data };
  for (const issue of parsed.error.issues)
    problem(columnOf(issue.path), issue.code === 'custom' ? issue.message : `This value ${plainIssue(issue)}`);
  return { ok: false, problems };
}

function locations(
  row: CsvRow,
  columns: Set<string>,
  keep: readonly ServiceLocation[],
  problem: (column: string, message: string) => void,
): ServiceLocation[] {
  const result: ServiceLocation[] = [];
  for (let i = 0; i < CSV_LOCATIONS; i++) {
    const prefix = `location_${i + 1}_`;
    const old = keep[i];
    if (!LOCATION_FIELDS.some((f) => columns.has(prefix + f))) {
      if (old) result.push(old);
      continue;
    }
    const get = (field: (typeof LOCATION_FIELDS)[number]) => row.cells.get(prefix + field) ?? '';
    if (LOCATION_FIELDS.every((f) => !get(f))) continue;
    const location: Record<string, unknown> = { id: old?.id ?? newId(), schedules: old?.schedules ?? [] };
    for (const [field, key, label] of [
      ['name', 'name', 'place name'],
      ['address', 'address1', 'street address'],
      ['city', 'city', 'town or city'],
      ['postcode', 'postcode', 'postcode'],
    ] as const) {
      const value = get(field);
      if (columns.has(prefix + field) ? !value : !old)
        problem(prefix + field, `Enter the ${label} of location ${i + 1}`);
      else if (field === 'postcode' && value && value !== old?.postcode && !parsePostcode(value)?.inward)
        problem(prefix + field, `Enter a full UK postcode for location ${i + 1}, like CM1 1QH (not “${value}”)`);
      else if (value.length > (field === 'city' ? 100 : 200))
        problem(
          prefix + field,
          `The ${label} of location ${i + 1} must be ${field === 'city' ? 100 : 200} characters or fewer`,
        );
      else location[key] = columns.has(prefix + field) ? value : old?.[key];
    }
    for (const [field, max] of [
      ['latitude', 90],
      ['longitude', 180],
    ] as const) {
      if (!columns.has(prefix + field)) {
        if (old?.[field] !== undefined) location[field] = old[field];
        continue;
      }
      const value = get(field);
      const number = Number(value);
      if (!value) continue;
      if (!/^-?\d+(\.\d+)?$/.test(value) || Math.abs(number) > max)
        problem(
          prefix + field,
          `Enter the ${field} of location ${i + 1} as a number from -${max} to ${max}, or leave it blank`,
        );
      else location[field] = number;
    }
    if ('latitude' in location !== 'longitude' in location)
      problem(`${prefix}latitude`, `Enter both the latitude and the longitude of location ${i + 1}, or neither`);
    if (columns.has(`${prefix}opening_times`)) {
      // Older entries may list days in any order; the parser reads them in week order.
      const keepTimes = (old?.schedules ?? []).map((s) => ({ ...s, byday: DAYS.filter((d) => s.byday.includes(d)) }));
      const times = parseOpeningTimes(get('opening_times'), keepTimes);
      if (times.ok) location.schedules = times.schedules;
      else problem(`${prefix}opening_times`, times.message);
    }
    result.push(location as unknown as ServiceLocation);
  }
  return [...result, ...keep.slice(CSV_LOCATIONS)];
}

function contacts(
  row: CsvRow,
  columns: Set<string>,
  keep: ServiceContent['contacts'],
  problem: (column: string, message: string) => void,
): ServiceContent['contacts'] {
  const result: ServiceContent['contacts'] = [];
  for (let i = 0; i < CSV_CONTACTS; i++) {
    const prefix = `contact_${i + 1}_`;
    const old = keep[i];
    if (!CONTACT_FIELDS.some((f) => columns.has(prefix + f))) {
      if (old) result.push(old);
      continue;
    }
    const contact: Record<string, unknown> = { ...old, id: old?.id ?? newId() };
    for (const [field, max] of [
      ['name', 200],
      ['title', 200],
      ['phone', 40],
      ['email', 254],
    ] as const) {
      if (!columns.has(prefix + field)) continue;
      const value = row.cells.get(prefix + field) ?? '';
      if (value.length > max)
        problem(prefix + field, `The ${field} of contact ${i + 1} must be ${max} characters or fewer`);
      if (value) contact[field] = value;
      else delete contact[field];
    }
    if (CONTACT_FIELDS.some((f) => contact[f])) result.push(contact as ServiceContent['contacts'][number]);
  }
  return [...result, ...keep.slice(CSV_CONTACTS)];
}

/** The CSV column for a path in the service entry, for the rare problem only the schema finds. */
function columnOf(path: readonly PropertyKey[]): string {
  const [key, index, field] = path.map(String);
  const simple: Record<string, string> = {
    minimumAge: 'minimum_age',
    maximumAge: 'maximum_age',
    isFree: 'free',
    accessRoute: 'access_route',
    howToAccess: 'how_to_access',
    deliveryModes: 'delivery',
    professionalsOnly: 'professionals_only',
  };
  if (key === 'locations' && index !== undefined)
    return `location_${Number(index) + 1}_${field === 'address1' ? 'address' : field === 'schedules' ? 'opening_times' : (field ?? 'name')}`;
  if (key === 'contacts' && index !== undefined) return `contact_${Number(index) + 1}_${field ?? 'name'}`;
  return simple[key ?? ''] ?? key ?? '';
}

/** A zod issue in words a moderator understands, to follow a subject ("Its name …"). */
export function plainIssue(issue: {
  code: string;
  message: string;
  maximum?: unknown;
  minimum?: unknown;
  origin?: unknown;
  format?: unknown;
}): string {
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `is longer than ${String(issue.maximum)} characters`;
  if (issue.code === 'too_big' && issue.origin === 'array') return `has more than ${String(issue.maximum)} entries`;
  if (issue.code === 'too_big') return `must be ${String(issue.maximum)} or less`;
  if (issue.code === 'too_small' && (issue.origin === 'string' || issue.origin === 'array')) return 'is missing';
  if (issue.code === 'too_small') return `must be ${String(issue.minimum)} or more`;
  if (issue.code === 'invalid_format' && issue.format === 'email') return 'is not a valid email address';
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'is not a valid web address';
  if (issue.code === 'invalid_format') return 'is not in the right form';
  return 'is not a value Hearth accepts';
}
