import { z } from 'zod';
import { newId } from '../../../platform/db/ids.ts';
import { parsePostcode } from '../../../platform/postcodes.ts';
import {
  ACCESS_ROUTES,
  DELIVERY_MODES,
  DELIVERY_MODE_NAMES,
  SERVICE_STATUSES,
  serviceContentSchema,
  type ServiceContent,
  type ServiceLocation,
} from '../content.ts';
import { DAYS, parseOpeningTimes } from '../opening-times.ts';
import {
  CONTACT_FIELDS,
  CSV_CONTACTS,
  CSV_LOCATIONS,
  LOCATION_FIELDS,
  REQUIRED_COLUMNS,
  type CsvContext,
  type CsvProblem,
  type CsvRow,
} from './csv.ts';

/**
 * One row of the Directory of Services CSV file (csv.ts) checked and turned into a service entry,
 * with every problem named by its row and column in words a moderator can act on.
 */

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
