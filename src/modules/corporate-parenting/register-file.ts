import type { CpEet, CpLifeStory } from '../../platform/db/schema/index.ts';
import { ETHNICITY_CODES } from '../../platform/demographics.ts';

/**
 * The register file (issue 16): one CSV or XLSX the social care system exports, one row per fact with a `kind` column
 * saying what the row is. Every row names the child by their social care id; the `child` row carries who they are and
 * their current health, identity and (for care leavers) leaving-care status; the other kinds add dated rows.
 *
 *   child        social_care_id, name, date_of_birth, gender, ethnicity, separated_migrant_child, status, and optional
 *                immunisations_up_to_date, sdq_score, health_passport, life_story, personal_adviser,
 *                accommodation_suitable, eet
 *   care-period  social_care_id, start_date, end_date (empty while in care)
 *   placement    social_care_id, start_date, end_date (empty while placed), placement_type, in_house, distance_miles,
 *                in_area
 *   health-check social_care_id, date (an annual health check)
 *   pep          social_care_id, date (a Personal Education Plan meeting)
 *
 * The file is the whole register: a good file replaces it, a file with any wrong row is refused whole.
 */
export const KINDS = ['child', 'care-period', 'placement', 'health-check', 'pep'] as const;
export type RowKind = (typeof KINDS)[number];

export const COLUMNS = [
  'kind',
  'social_care_id',
  'name',
  'date_of_birth',
  'gender',
  'ethnicity',
  'separated_migrant_child',
  'status',
  'nhs_number',
  'as_at',
  'immunisations_up_to_date',
  'sdq_score',
  'health_passport',
  'life_story',
  'personal_adviser',
  'accommodation_suitable',
  'eet',
  'start_date',
  'end_date',
  'placement_type',
  'in_house',
  'distance_miles',
  'in_area',
  'carer_ethnicity',
  'date',
] as const;
export type Column = (typeof COLUMNS)[number];

/** The columns each kind must fill. */
export const REQUIRED: Record<RowKind, readonly Column[]> = {
  child: ['name', 'date_of_birth', 'gender', 'ethnicity', 'separated_migrant_child', 'status'],
  'care-period': ['start_date'],
  placement: ['start_date', 'placement_type', 'in_house', 'distance_miles', 'in_area'],
  'health-check': ['date'],
  pep: ['date'],
};

/** The SSDA903-style codes the file uses (national, not Essex's own). */
export const GENDERS: Record<string, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  'not-known': 'Not known',
};
export const ETHNICITIES: Record<string, string> = {
  'white-british': 'White British',
  'white-other': 'White other',
  mixed: 'Mixed',
  asian: 'Asian or Asian British',
  black: 'Black or Black British',
  other: 'Other ethnic group',
  'not-known': 'Not known',
};
export const PLACEMENT_TYPES: Record<string, string> = {
  foster: 'Foster care',
  'family-and-friends': 'Foster care with family or friends',
  residential: 'Residential children’s home',
  'semi-independent': 'Semi-independent living',
  'placed-with-parents': 'Placed with parents',
  adoption: 'Placed for adoption',
  secure: 'Secure unit',
  other: 'Other placement',
};
/** A foster carer's ethnicity: the codes of a person's ethnicity in Hearth (the ONS 2021 census's groups). */
export const CARER_ETHNICITIES: readonly string[] = ETHNICITY_CODES;
/** The placement types that count as foster care (the "% fostered" measure). */
export const FOSTER_TYPES = ['foster', 'family-and-friends'] as const;
export const LIFE_STORIES: Record<CpLifeStory, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  complete: 'Complete',
};
export const EET_WORDS: Record<CpEet, string> = {
  education: 'In education',
  employment: 'In employment',
  training: 'In training',
  'neet-seeking-work': 'Not in education, employment or training: seeking work',
  'neet-other': 'Not in education, employment or training: other',
};
export const STATUS_WORDS = { 'in-care': 'In care', 'care-leaver': 'Care leaver' } as const;

/** The register file's size limit (the bench's 20,000 children is about 6 MB as CSV). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_ROWS = 200_000;

/** The downloadable template: the header and one example of each kind (a made-up child). */
export function templateRows(): string[][] {
  const row = (values: Partial<Record<Column, string>>) => COLUMNS.map((c) => values[c] ?? '');
  return [
    [...COLUMNS],
    row({
      kind: 'child',
      social_care_id: 'EX-000123',
      name: 'Example Child',
      date_of_birth: '2012-05-17',
      gender: 'female',
      ethnicity: 'white-british',
      separated_migrant_child: 'no',
      status: 'in-care',
      immunisations_up_to_date: 'yes',
      sdq_score: '14',
      health_passport: 'no',
      life_story: 'in-progress',
    }),
    row({ kind: 'care-period', social_care_id: 'EX-000123', start_date: '2021-09-01' }),
    row({
      kind: 'placement',
      social_care_id: 'EX-000123',
      start_date: '2021-09-01',
      end_date: '2022-03-14',
      placement_type: 'foster',
      in_house: 'no',
      distance_miles: '24.5',
      in_area: 'no',
    }),
    row({
      kind: 'placement',
      social_care_id: 'EX-000123',
      start_date: '2022-03-14',
      placement_type: 'foster',
      in_house: 'yes',
      distance_miles: '6',
      in_area: 'yes',
      carer_ethnicity: 'white-british',
    }),
    row({ kind: 'health-check', social_care_id: 'EX-000123', date: '2025-11-03' }),
    row({ kind: 'pep', social_care_id: 'EX-000123', date: '2026-01-20' }),
  ];
}

/** A register as the file's rows (header first): what the social care system would send for it. */
export function registerRows(register: {
  children: readonly {
    socialCareId: string;
    name: string;
    dateOfBirth: string;
    gender: string;
    ethnicity: string;
    separatedMigrant: boolean;
    status: string;
    nhsNumber: string | null;
  }[];
  statuses: readonly {
    socialCareId: string;
    asAt: string;
    immunisationsUpToDate: boolean | null;
    sdqScore: number | null;
    healthPassport: boolean;
    lifeStory: string;
    personalAdviser: string;
    accommodationSuitable: boolean | null;
    eet: string | null;
  }[];
  periods: readonly { socialCareId: string; startsOn: string; endsOn: string | null }[];
  placements: readonly {
    socialCareId: string;
    startsOn: string;
    endsOn: string | null;
    placementType: string;
    inHouse: boolean;
    distanceMiles: number;
    inArea: boolean;
    carerEthnicity: string | null;
  }[];
  events: readonly { socialCareId: string; kind: string; onDate: string }[];
}): string[][] {
  const yn = (v: boolean | null) => (v === null ? '' : v ? 'yes' : 'no');
  const row = (values: Partial<Record<Column, string>>) => COLUMNS.map((c) => values[c] ?? '');
  // A file carries one set of statuses per child: the newest the register has.
  const latest = new Map<string, (typeof register.statuses)[number]>();
  for (const s of register.statuses)
    if ((latest.get(s.socialCareId)?.asAt ?? '') < s.asAt) latest.set(s.socialCareId, s);
  return [
    [...COLUMNS],
    ...register.children.map((c) => {
      const s = latest.get(c.socialCareId);
      return row({
        kind: 'child',
        social_care_id: c.socialCareId,
        name: c.name,
        date_of_birth: c.dateOfBirth,
        gender: c.gender,
        ethnicity: c.ethnicity,
        separated_migrant_child: yn(c.separatedMigrant),
        status: c.status,
        nhs_number: c.nhsNumber ?? '',
        ...(s
          ? {
              as_at: s.asAt,
              immunisations_up_to_date: yn(s.immunisationsUpToDate),
              sdq_score: s.sdqScore === null ? '' : String(s.sdqScore),
              health_passport: yn(s.healthPassport),
              life_story: s.lifeStory,
              personal_adviser: s.personalAdviser,
              accommodation_suitable: yn(s.accommodationSuitable),
              eet: s.eet ?? '',
            }
          : {}),
      });
    }),
    ...register.periods.map((p) =>
      row({ kind: 'care-period', social_care_id: p.socialCareId, start_date: p.startsOn, end_date: p.endsOn ?? '' }),
    ),
    ...register.placements.map((p) =>
      row({
        kind: 'placement',
        social_care_id: p.socialCareId,
        start_date: p.startsOn,
        end_date: p.endsOn ?? '',
        placement_type: p.placementType,
        in_house: yn(p.inHouse),
        distance_miles: String(p.distanceMiles),
        in_area: yn(p.inArea),
        carer_ethnicity: p.carerEthnicity ?? '',
      }),
    ),
    ...register.events.map((e) => row({ kind: e.kind, social_care_id: e.socialCareId, date: e.onDate })),
  ];
}
