import { parse } from 'csv-parse/sync';
import { findUnstorableText } from '../../platform/http/input-guard.ts';
import { SCHOOL_COLUMNS, schoolSchema, type SchoolInput } from './settings.ts';

export const SCHOOLS_CSV_MAX_ROWS = 5000;

export interface SchoolsCsvProblem {
  /** The row in the file (the header is row 1); 0 for the file as a whole. */
  row: number;
  column: string;
  message: string;
}

const FIELD: Record<string, (typeof SCHOOL_COLUMNS)[number]> = {
  urn: 'urn',
  name: 'name',
  district: 'district',
  phase: 'phase',
  ageFrom: 'age_from',
  ageTo: 'age_to',
  dslName: 'dsl_name',
  dslEmail: 'dsl_email',
  deputyName: 'deputy_name',
  deputyEmail: 'deputy_email',
};

/**
 * The schools list as CSV (one row a school, SCHOOL_COLUMNS as the header), checked row by row with the same schema as
 * the tenant file. Any problem refuses the whole file: the report names every row and column to correct.
 */
export function checkSchoolsCsv(
  text: string,
  districts: readonly string[],
): { ok: true; schools: SchoolInput[] } | { ok: false; problems: SchoolsCsvProblem[] } {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    return {
      ok: false,
      problems: [{ row: 0, column: '', message: `The file is not readable CSV: ${(error as Error).message}` }],
    };
  }
  const [header, ...body] = rows;
  if (!header) return { ok: false, problems: [{ row: 0, column: '', message: 'The file is empty' }] };
  const names = header.map((h) => h.toLowerCase());
  const missing = SCHOOL_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !(SCHOOL_COLUMNS as readonly string[]).includes(n));
  const problems: SchoolsCsvProblem[] = [
    ...missing.map((c) => ({ row: 1, column: c, message: `The column ${c} is missing` })),
    ...unknown.map((c) => ({ row: 1, column: c, message: `${c} is not a column Hearth knows: check its spelling` })),
  ];
  if (problems.length) return { ok: false, problems };
  if (body.length === 0) return { ok: false, problems: [{ row: 0, column: '', message: 'The file has no schools' }] };
  if (body.length > SCHOOLS_CSV_MAX_ROWS)
    return {
      ok: false,
      problems: [{ row: 0, column: '', message: `The file has more than ${SCHOOLS_CSV_MAX_ROWS} schools` }],
    };
  const schema = schoolSchema(districts);
  const schools: SchoolInput[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, index) => {
    const row = index + 2;
    const cell = (c: string) => cells[names.indexOf(c)] ?? '';
    for (const c of SCHOOL_COLUMNS)
      if (findUnstorableText(cell(c)) !== null)
        problems.push({ row, column: c, message: 'contains a NUL or broken Unicode character: remove it' });
    if (problems.some((p) => p.row === row)) return;
    const parsed = schema.safeParse(
      Object.fromEntries(Object.entries(FIELD).map(([key, column]) => [key, cell(column)])),
    );
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ row, column: FIELD[String(issue.path[0])] ?? '', message: issue.message });
      return;
    }
    const first = seen.get(parsed.data.urn);
    if (first) {
      problems.push({
        row,
        column: 'urn',
        message: `URN ${parsed.data.urn} is also on row ${first}: each school once`,
      });
      return;
    }
    seen.set(parsed.data.urn, row);
    schools.push(parsed.data);
  });
  return problems.length ? { ok: false, problems } : { ok: true, schools };
}

export const SCHOOLS_CSV_EXAMPLE = [
  SCHOOL_COLUMNS.join(','),
  '990001,Meadowside Primary School,chelmsford,primary,4,11,Martin Keane,school.dsl@essex.example,Helen Ward,meadowside.deputy@essex.example',
].join('\n');
