import { parse } from 'csv-parse/sync';
import {
  CSV_ADULTS,
  CSV_CHILDREN,
  CSV_MAX_ROWS,
  checkNotification,
  type NotificationInput,
  type notificationSchema,
} from './schemas.ts';

/**
 * The police CSV: pasted by Hub staff, one notification a row, checked by the same schema as the
 * JSON API (schemas.ts). Column-by-column documentation: docs/police-notifications.md.
 */

const PERSON_COLUMNS = ['first_name', 'last_name', 'date_of_birth', 'gender'] as const;
/** The missing episode's fields (missing-fields.ts) and their columns: `missing_` and the field's name. */
const MISSING_FIELDS = [
  'event',
  'episode_reference',
  'missing_from',
  'reported_at',
  'reported_by',
  'risk_grading',
  'returned_at',
  'returned_where',
  'returned_how',
] as const;
const missingColumn = (field: string) => (field.startsWith('missing_') ? field : `missing_${field}`);

/** Every column the file may have, in the order the template lists them. */
export const CSV_COLUMNS: readonly string[] = [
  'police_reference',
  'incident_date',
  'concern_category',
  'summary',
  'district',
  'officer_name',
  'officer_number',
  'officer_email',
  'officer_phone',
  'address',
  'postcode',
  ...Array.from({ length: CSV_CHILDREN }, (_, i) => PERSON_COLUMNS.map((c) => `child_${i + 1}_${c}`)).flat(),
  ...Array.from({ length: CSV_ADULTS }, (_, i) =>
    [...PERSON_COLUMNS, 'relationship', 'role'].map((c) => `adult_${i + 1}_${c}`),
  ).flat(),
  ...MISSING_FIELDS.map(missingColumn),
];
const REQUIRED_COLUMNS = [
  'police_reference',
  'incident_date',
  'concern_category',
  'summary',
  'district',
  'officer_name',
  'child_1_first_name',
  'child_1_last_name',
];

export interface CsvProblem {
  /** The header is row 1, as a spreadsheet numbers it. */
  row: number;
  /** The column, or '' for the whole row or file. */
  column: string;
  message: string;
}

export interface CsvRowResult {
  row: number;
  policeReference: string;
  notification: NotificationInput | null;
  problems: CsvProblem[];
}

/** 27/03/2015 → 2015-03-27: spreadsheets in England write dates day first. */
function isoDate(value: string): string {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  return uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : value.trim();
}

/** Where a field of the JSON shape lives in the CSV ('children[1].first_name' → 'child_2_first_name'). */
function columnOf(field: string): string {
  const person = /^(children|adults)\[(\d+)\]\.(\w+)$/.exec(field);
  if (person) {
    const [, list, index, name] = person;
    if (name === 'address' || name === 'postcode') return name;
    return `${list === 'children' ? 'child' : 'adult'}_${Number(index) + 1}_${name}`;
  }
  if (field.startsWith('officer.')) return `officer_${field.slice('officer.'.length)}`;
  if (field.startsWith('missing.')) return missingColumn(field.slice('missing.'.length));
  if (field === 'missing') return 'missing_event';
  if (field === 'children') return 'child_1_first_name';
  return field;
}

const BROKEN_TEXT = 'contains a NUL or broken Unicode character: remove it and send again';

/**
 * Reads pasted CSV text: a header row naming the columns (any order, any case), then one
 * notification a row. Every row is checked; nothing here touches the database.
 */
export function parsePoliceCsv(
  text: string,
  schema: ReturnType<typeof notificationSchema>,
): { fileProblems: CsvProblem[]; rows: CsvRowResult[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: false });
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    const why = /quote/i.test(message) ? 'a quoted cell is not closed' : message.replace(/^[A-Z_]+:\s*/, '');
    return {
      fileProblems: [{ row: lines ?? 1, column: '', message: `The text could not be read as CSV: ${why}` }],
      rows: [],
    };
  }
  const [header, ...data] = records;
  if (!header || header.every((c) => !c.trim()))
    return {
      fileProblems: [
        { row: 1, column: '', message: 'The file is empty: paste the header row and at least one notification' },
      ],
      rows: [],
    };
  const names = header.map((c) => c.trim().toLowerCase().replace(/\s+/g, '_'));
  const fileProblems: CsvProblem[] = [];
  const unknown = names.filter((n) => n && !CSV_COLUMNS.includes(n));
  if (unknown.length)
    fileProblems.push({
      row: 1,
      column: '',
      message: `Unknown ${unknown.length === 1 ? 'column' : 'columns'}: ${unknown.join(', ')}. Check the header row against the list of columns`,
    });
  const repeated = names.filter((n, i) => n && names.indexOf(n) !== i);
  if (repeated.length)
    fileProblems.push({
      row: 1,
      column: '',
      message: `The header names ${[...new Set(repeated)].join(', ')} more than once`,
    });
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length)
    fileProblems.push({ row: 1, column: '', message: `The header must include ${missing.join(', ')}` });
  if (data.length === 0)
    fileProblems.push({ row: 2, column: '', message: 'The file has a header row but no notifications' });
  if (data.length > CSV_MAX_ROWS)
    fileProblems.push({
      row: CSV_MAX_ROWS + 2,
      column: '',
      message: `The file has ${data.length.toLocaleString('en-GB')} notifications: paste at most ${CSV_MAX_ROWS.toLocaleString('en-GB')} at a time`,
    });
  if (fileProblems.length) return { fileProblems, rows: [] };

  const seen = new Map<string, number>();
  const rows = data.map((cells, index): CsvRowResult => {
    const row = index + 2;
    const cell = (name: string) => (cells[names.indexOf(name)] ?? '').trim();
    const problems: CsvProblem[] = [];
    if (cells.length !== names.length)
      problems.push({
        row,
        column: '',
        message: `The row has ${cells.length} cells but the header has ${names.length}: check for a missing or extra comma`,
      });
    // A lone surrogate cannot survive reading (it becomes U+FFFD), so a replacement character marks the cell:
    // that row is refused on its own, as the API refuses its one notification, and the others go ahead.
    cells.forEach((c, i) => {
      if (c.includes('\uFFFD')) problems.push({ row, column: names[i] ?? '', message: BROKEN_TEXT });
    });
    const people = (kind: 'child' | 'adult', count: number) =>
      Array.from({ length: count }, (_, i) => `${kind}_${i + 1}_`)
        .filter((prefix) => names.some((n) => n.startsWith(prefix) && cell(n)) || prefix === 'child_1_')
        .map((prefix) => ({
          first_name: cell(`${prefix}first_name`),
          last_name: cell(`${prefix}last_name`),
          date_of_birth: isoDate(cell(`${prefix}date_of_birth`)),
          gender: cell(`${prefix}gender`),
          address: cell('address'),
          postcode: cell('postcode'),
          ...(kind === 'adult' ? { relationship: cell(`${prefix}relationship`), role: cell(`${prefix}role`) } : {}),
        }));
    const raw = {
      police_reference: cell('police_reference'),
      incident_date: isoDate(cell('incident_date')),
      concern_category: cell('concern_category'),
      summary: cell('summary'),
      district: cell('district'),
      officer: {
        name: cell('officer_name'),
        number: cell('officer_number'),
        email: cell('officer_email'),
        phone: cell('officer_phone'),
      },
      children: people('child', CSV_CHILDREN),
      adults: people('adult', CSV_ADULTS),
      // Only when a missing column has a value: other categories leave them out or empty.
      ...(MISSING_FIELDS.some((f) => cell(missingColumn(f)))
        ? { missing: Object.fromEntries(MISSING_FIELDS.map((f) => [f, cell(missingColumn(f))])) }
        : {}),
    };
    const checked = checkNotification(schema, raw);
    if (!checked.ok) {
      const reported = new Set<string>();
      for (const e of checked.errors) {
        const column = columnOf(e.field);
        // A family address shared by every person is reported once.
        if (reported.has(`${column}:${e.message}`)) continue;
        reported.add(`${column}:${e.message}`);
        problems.push({ row, column, message: e.message });
      }
    }
    const reference = checked.ok ? checked.value.police_reference : raw.police_reference.toUpperCase();
    const earlier = reference ? seen.get(reference) : undefined;
    if (earlier !== undefined)
      problems.push({
        row,
        column: 'police_reference',
        message: `The same police reference is in row ${earlier}: each notification must be in the file once`,
      });
    else if (reference) seen.set(reference, row);
    return {
      row,
      policeReference: reference,
      notification: checked.ok && problems.length === 0 ? checked.value : null,
      problems,
    };
  });
  return { fileProblems: [], rows };
}

/** A header row and one example, for the upload page and the docs. */
export const CSV_EXAMPLE = [
  'police_reference,incident_date,concern_category,summary,district,officer_name,officer_number,address,postcode,child_1_first_name,child_1_last_name,child_1_date_of_birth,child_1_gender,adult_1_first_name,adult_1_last_name,adult_1_relationship',
  '42/12345/24,03/06/2024,domestic-abuse,"Called to a verbal argument between the parents; the children were upstairs.",chelmsford,PC Amy Clarke,4417,"12 Mill Road, Chelmsford",CM1 1QH,Lily,Turner,14/02/2016,F,Sarah,Turner,mother',
].join('\n');
