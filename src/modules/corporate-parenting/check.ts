import type { CpEet, CpImportProblem, CpLifeStory } from '../../platform/db/schema/index.ts';
import { realIsoDate } from '../../platform/views/date-input.ts';
import { nhsNumberField } from '../people/index.ts';
import {
  CARER_ETHNICITIES,
  COLUMNS,
  ETHNICITIES,
  EET_WORDS,
  GENDERS,
  KINDS,
  FOSTER_TYPES,
  LIFE_STORIES,
  MAX_ROWS,
  PLACEMENT_TYPES,
  REQUIRED,
  type Column,
  type RowKind,
} from './register-file.ts';

/**
 * Checks a register file (register-file.ts) row by row: every field of every row, then the rows together (a placement
 * for a child the file does not have, a placement ending before it starts, two placements or two periods in care at
 * once, a child twice, one NHS number for two children). Any problem refuses the whole file; the report names each row
 * and column.
 */
export const MAX_REPORTED = 200;

export interface CheckedChild {
  socialCareId: string;
  name: string;
  dateOfBirth: string;
  gender: string;
  ethnicity: string;
  separatedMigrant: boolean;
  status: 'in-care' | 'care-leaver';
  nhsNumber: string | null;
}
/** A child's statuses as at a day (the child row's as_at, or the day of the import). */
export interface CheckedStatus {
  socialCareId: string;
  asAt: string;
  immunisationsUpToDate: boolean | null;
  sdqScore: number | null;
  healthPassport: boolean;
  lifeStory: CpLifeStory;
  personalAdviser: string;
  accommodationSuitable: boolean | null;
  eet: CpEet | null;
}
export interface CheckedSpan {
  socialCareId: string;
  row: number;
  startsOn: string;
  endsOn: string | null;
}
export interface CheckedPlacement extends CheckedSpan {
  placementType: string;
  inHouse: boolean;
  distanceMiles: number;
  inArea: boolean;
  carerEthnicity: string | null;
}
export interface CheckedEvent {
  socialCareId: string;
  kind: 'health-check' | 'pep';
  onDate: string;
}
export interface Register {
  children: CheckedChild[];
  /** The statuses the register adds to those kept (a file: one per child; the demo: a history). */
  statuses: CheckedStatus[];
  periods: CheckedSpan[];
  placements: CheckedPlacement[];
  events: CheckedEvent[];
}
export type Checked =
  | { ok: true; register: Register; total: number }
  | { ok: false; problems: CpImportProblem[]; total: number; refused: number };

const normalise = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
const clip = (text: string) => (text.length > 30 ? `${text.slice(0, 30)}…` : text);
// eslint-disable-next-line no-control-regex -- control characters and NUL are what is refused
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f<>]|[\uD800-\uDFFF]/;
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);

/** A day as the file gives it: 'YYYY-MM-DD', or 'DD/MM/YYYY' as a UK spreadsheet writes it. */
export function readDay(text: string): string | null {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
  return realIsoDate(iso);
}

export function checkRegister(rows: readonly (readonly string[])[], today: string): Checked {
  const problems: CpImportProblem[] = [];
  const [header, ...body] = rows;
  const columns = (header ?? []).map(normalise);
  const missing = ['kind', 'social_care_id'].filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => c !== '' && !(COLUMNS as readonly string[]).includes(c));
  if (!header || missing.length > 0)
    return refuse([
      {
        row: 1,
        column: missing.join(', ') || 'header',
        message: 'The first row must name the columns: download the template',
      },
    ]);
  if (unknown.length > 0)
    return refuse([
      {
        row: 1,
        column: unknown.map(clip).join(', '),
        message: 'Hearth does not know these columns: use the template’s',
      },
    ]);
  const data = body.map((r, i) => ({ r, row: i + 2 })).filter(({ r }) => r.some((cell) => cell.trim() !== ''));
  if (data.length === 0) return refuse([{ row: 2, column: '', message: 'The file has no rows' }]);
  if (data.length > MAX_ROWS)
    return refuse([
      { row: MAX_ROWS + 2, column: '', message: `A file can hold up to ${MAX_ROWS.toLocaleString('en-GB')} rows` },
    ]);

  const register: Register = { children: [], statuses: [], periods: [], placements: [], events: [] };
  const childRow = new Map<string, number>();
  const nhsRow = new Map<string, number>();
  const birth = new Map<string, string>();
  const refusedRows = new Set<number>();

  for (const { r, row } of data) {
    const problem = (column: string, message: string) => {
      problems.push({ row, column, message });
      refusedRows.add(row);
    };
    const at = (name: Column) => {
      const i = columns.indexOf(name);
      return i < 0 ? '' : (r[i] ?? '').trim();
    };
    const unsafe = COLUMNS.find((c) => UNSAFE.test(at(c)));
    if (unsafe) {
      problem(unsafe, 'Remove the markup or invisible characters (<, > or control characters) from this cell');
      continue;
    }
    const kind = at('kind').toLowerCase() as RowKind;
    if (!(KINDS as readonly string[]).includes(kind)) {
      problem(
        'kind',
        at('kind') ? `“${clip(at('kind'))}” is not a kind of row: use ${KINDS.join(', ')}` : 'Enter the kind of row',
      );
      continue;
    }
    const id = at('social_care_id');
    if (!id) problem('social_care_id', 'Enter the child’s social care id');
    else if (!/^[A-Za-z0-9-]{1,40}$/.test(id))
      problem('social_care_id', `“${clip(id)}” is not a social care id: letters, digits and hyphens, up to 40`);
    for (const column of REQUIRED[kind]) if (!at(column)) problem(column, `Enter the ${column.replaceAll('_', ' ')}`);
    const day = (column: Column, notAfterToday = true) => {
      const text = at(column);
      if (!text) return null;
      const value = readDay(text);
      if (!value) problem(column, `“${clip(text)}” is not a date: write it like 2024-03-31 or 31/03/2024`);
      else if (notAfterToday && value > today)
        problem(
          column,
          column === 'as_at'
            ? `The as at date (${value}) is after today: give the day the statuses were recorded, or leave it empty for today`
            : `The ${column.replaceAll('_', ' ')} is after today`,
        );
      return value;
    };
    const yesNo = (column: Column) => {
      const text = at(column).toLowerCase();
      if (!text) return null;
      if (YES.has(text)) return true;
      if (NO.has(text)) return false;
      problem(column, `Write yes or no, not “${clip(at(column))}”`);
      return null;
    };
    const code = (column: Column, codes: Record<string, string>) => {
      const text = at(column).toLowerCase();
      if (!text) return null;
      if (Object.hasOwn(codes, text)) return text;
      problem(column, `“${clip(at(column))}” is not one of ${Object.keys(codes).join(', ')}`);
      return null;
    };
    const before = refusedRows.has(row);

    if (kind === 'child') {
      const name = at('name');
      if (name.length > 200) problem('name', 'The name must be 200 characters or fewer');
      const adviser = at('personal_adviser');
      if (adviser.length > 200) problem('personal_adviser', 'The Personal Adviser must be 200 characters or fewer');
      const dob = day('date_of_birth');
      if (dob && dob < '1990-01-01')
        problem('date_of_birth', 'The date of birth is too long ago for a child or care leaver');
      const status = code('status', { 'in-care': '', 'care-leaver': '' });
      const sdqText = at('sdq_score');
      let sdq: number | null = null;
      if (sdqText) {
        if (!/^\d{1,2}$/.test(sdqText) || Number(sdqText) > 40)
          problem('sdq_score', `An SDQ score is a whole number from 0 to 40, not “${clip(sdqText)}”`);
        else sdq = Number(sdqText);
      }
      const nhsText = at('nhs_number');
      let nhsNumber: string | null = null;
      if (nhsText) {
        const parsed = nhsNumberField.safeParse(nhsText);
        if (!parsed.success) problem('nhs_number', parsed.error.issues[0]!.message);
        else if (nhsRow.has(parsed.data))
          problem('nhs_number', `Another child (row ${nhsRow.get(parsed.data)}) has this NHS number`);
        else nhsNumber = parsed.data;
      }
      const asAt = day('as_at');
      if (asAt && dob && asAt < dob) problem('as_at', `The as at date (${asAt}) is before the child’s date of birth`);
      const child = {
        gender: code('gender', GENDERS),
        ethnicity: code('ethnicity', ETHNICITIES),
        separatedMigrant: yesNo('separated_migrant_child'),
        immunisationsUpToDate: yesNo('immunisations_up_to_date'),
        healthPassport: yesNo('health_passport') ?? false,
        lifeStory: (code('life_story', LIFE_STORIES) ?? 'not-started') as CpLifeStory,
        accommodationSuitable: yesNo('accommodation_suitable'),
        eet: code('eet', EET_WORDS) as CpEet | null,
      };
      if (id && childRow.has(id)) problem('social_care_id', `This child is already on row ${childRow.get(id)}`);
      if (refusedRows.has(row) || before) continue;
      childRow.set(id, row);
      if (nhsNumber) nhsRow.set(nhsNumber, row);
      birth.set(id, dob!);
      register.children.push({
        socialCareId: id,
        name,
        dateOfBirth: dob!,
        gender: child.gender!,
        ethnicity: child.ethnicity!,
        separatedMigrant: child.separatedMigrant!,
        status: status as 'in-care' | 'care-leaver',
        nhsNumber,
      });
      register.statuses.push({
        socialCareId: id,
        asAt: asAt ?? today,
        immunisationsUpToDate: child.immunisationsUpToDate,
        sdqScore: sdq,
        healthPassport: child.healthPassport,
        lifeStory: child.lifeStory,
        personalAdviser: adviser,
        accommodationSuitable: child.accommodationSuitable,
        eet: child.eet,
      });
    } else if (kind === 'care-period' || kind === 'placement') {
      const startsOn = day('start_date');
      const endsOn = day('end_date');
      if (startsOn && endsOn && endsOn < startsOn)
        problem(
          'end_date',
          `The ${kind === 'placement' ? 'placement' : 'period in care'} ends (${endsOn}) before it starts (${startsOn})`,
        );
      if (kind === 'care-period') {
        if (!refusedRows.has(row)) register.periods.push({ socialCareId: id, row, startsOn: startsOn!, endsOn });
        continue;
      }
      const type = code('placement_type', PLACEMENT_TYPES);
      const inHouse = yesNo('in_house');
      const inArea = yesNo('in_area');
      const carerText = at('carer_ethnicity').toLowerCase();
      let carerEthnicity: string | null = null;
      if (carerText) {
        if (!CARER_ETHNICITIES.includes(carerText))
          problem(
            'carer_ethnicity',
            `“${clip(at('carer_ethnicity'))}” is not an ethnicity code: use the ONS 2021 codes Hearth records people’s ethnicity with, like white-british or asian-indian (the import page lists them)`,
          );
        else if (type && !(FOSTER_TYPES as readonly string[]).includes(type))
          problem('carer_ethnicity', 'A carer’s ethnicity is for foster placements only: leave it empty for this one');
        else carerEthnicity = carerText;
      }
      const milesText = at('distance_miles');
      let miles: number | null = null;
      if (milesText) {
        if (!/^\d{1,4}(\.\d+)?$/.test(milesText))
          problem('distance_miles', `The distance from home is a number of miles, like 12.5, not “${clip(milesText)}”`);
        else miles = Math.round(Number(milesText) * 10) / 10;
      }
      if (!refusedRows.has(row))
        register.placements.push({
          socialCareId: id,
          row,
          startsOn: startsOn!,
          endsOn,
          placementType: type!,
          inHouse: inHouse!,
          distanceMiles: miles!,
          inArea: inArea!,
          carerEthnicity,
        });
    } else {
      const onDate = day('date');
      if (!refusedRows.has(row)) register.events.push({ socialCareId: id, kind, onDate: onDate! });
    }
  }

  // The rows together: every row's child is in the file, dated rows fall after the birth, no two spans overlap.
  const together = (row: number, column: string, message: string) => {
    problems.push({ row, column, message });
    refusedRows.add(row);
  };
  data.forEach(({ r, row }) => {
    const kind = (r[columns.indexOf('kind')] ?? '').trim().toLowerCase();
    const id = (r[columns.indexOf('social_care_id')] ?? '').trim();
    if (
      kind !== 'child' &&
      (KINDS as readonly string[]).includes(kind) &&
      id &&
      !childRow.has(id) &&
      !refusedRows.has(row)
    )
      together(row, 'social_care_id', `No child row in the file has the social care id “${clip(id)}”`);
  });
  for (const list of [register.periods, register.placements] as CheckedSpan[][]) {
    const what = list === register.periods ? 'period in care' : 'placement';
    const byChild = new Map<string, CheckedSpan[]>();
    for (const span of list) {
      if (!childRow.has(span.socialCareId)) continue;
      const dob = birth.get(span.socialCareId)!;
      if (span.startsOn < dob)
        together(span.row, 'start_date', `The ${what} starts before the child’s date of birth (${dob})`);
      byChild.set(span.socialCareId, [...(byChild.get(span.socialCareId) ?? []), span]);
    }
    for (const spans of byChild.values()) {
      spans.sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : a.row - b.row));
      for (let i = 1; i < spans.length; i++) {
        const previous = spans[i - 1]!;
        const span = spans[i]!;
        if (previous.endsOn === null || previous.endsOn > span.startsOn)
          together(
            span.row,
            'start_date',
            `The child is in two ${what === 'placement' ? 'placements' : 'periods in care'} at once: this one starts on ${span.startsOn}, while the one on row ${previous.row} ${previous.endsOn === null ? 'has not ended' : `ends on ${previous.endsOn}`}`,
          );
      }
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.row - b.row);
    return { ok: false, problems: problems.slice(0, MAX_REPORTED), total: data.length, refused: refusedRows.size };
  }
  return { ok: true, register, total: data.length };

  function refuse(list: CpImportProblem[]): Checked {
    const total = body.filter((r) => r.some((cell) => cell.trim() !== '')).length;
    return { ok: false, problems: list, total, refused: total };
  }
}
