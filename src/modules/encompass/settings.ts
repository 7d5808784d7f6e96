import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { realIsoDate } from '../../platform/views/date-input.ts';
import { TENANTS_DIR } from '../reference/index.ts';

/**
 * Operation Encompass's tenant files: config/tenants/<tenant>/encompass.json (when the school day starts, the term
 * dates, the kinds of support a school records) and config/tenants/<tenant>.schools.json (the schools and their
 * designated safeguarding leads, loaded into the schools table at start-up). Both are checked with zod; a file that
 * does not pass stops start-up naming the problem.
 */

const day = z.string().refine((v) => realIsoDate(v) === v, 'must be a real date as YYYY-MM-DD');

export const encompassSettingsSchema = z.strictObject({
  note: z.string(),
  /** The school day starts at this time ('HH:mm', Europe/London): the notification is due before it. */
  schoolDayStarts: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time as HH:mm'),
  /** A notification sent but not acknowledged after this many school days is listed for the Hub. */
  acknowledgeWithinSchoolDays: z.number().int().min(1).max(20),
  termDates: z.strictObject({
    note: z.string(),
    terms: z
      .array(z.strictObject({ from: day, to: day }).refine((t) => t.from <= t.to, 'a term must end after it starts'))
      .max(200),
  }),
  supportKinds: z
    .array(z.strictObject({ code: z.string().regex(/^[a-z0-9-]{1,40}$/), name: z.string().min(1).max(200) }))
    .min(1),
});
export type EncompassSettings = z.infer<typeof encompassSettingsSchema>;

/** What a school's row holds, as the file and the CSV import give it (names of the CSV's columns). */
export const SCHOOL_COLUMNS = [
  'urn',
  'name',
  'district',
  'phase',
  'age_from',
  'age_to',
  'dsl_name',
  'dsl_email',
  'deputy_name',
  'deputy_email',
] as const;
export const SCHOOL_PHASES = [
  'nursery',
  'primary',
  'middle',
  'secondary',
  'all-through',
  'special',
  '16-plus',
] as const;

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => v || null);
const optionalEmail = (label: string) =>
  z
    .string()
    .trim()
    .max(254, `${label} must be 254 characters or fewer`)
    .nullish()
    .transform((v) => v || null)
    .pipe(z.email(`${label} must be an email address, like name@school.example`).nullable());

/** One school: the same rules for the tenant file and each row of the CSV import. */
export const schoolSchema = (districts: readonly string[]) =>
  z
    .strictObject({
      urn: z
        .string()
        .trim()
        .regex(/^[0-9]{6}$/, 'URN must be the school’s 6-digit unique reference number'),
      name: z.string().trim().min(1, 'Enter the school’s name').max(200, 'Name must be 200 characters or fewer'),
      district: z
        .string()
        .trim()
        .toLowerCase()
        .refine((v) => districts.includes(v), `District must be one of: ${districts.join(', ')}`),
      phase: z.enum(SCHOOL_PHASES, { error: `Phase must be one of: ${SCHOOL_PHASES.join(', ')}` }),
      ageFrom: z.coerce
        .number({ error: 'Age from must be a whole number' })
        .int('Age from must be a whole number')
        .min(2, 'Age from must be 2 or more')
        .max(19, 'Age from must be 19 or less'),
      ageTo: z.coerce
        .number({ error: 'Age to must be a whole number' })
        .int('Age to must be a whole number')
        .min(3, 'Age to must be 3 or more')
        .max(25, 'Age to must be 25 or less'),
      dslName: optionalText('Designated safeguarding lead’s name', 200),
      dslEmail: optionalEmail('Designated safeguarding lead’s email'),
      deputyName: optionalText('Deputy’s name', 200),
      deputyEmail: optionalEmail('Deputy’s email'),
    })
    .refine((s) => s.ageFrom < s.ageTo, { path: ['ageTo'], message: 'Age to must be more than age from' });
export type SchoolInput = z.output<ReturnType<typeof schoolSchema>>;

const schoolsFileSchema = z.strictObject({ note: z.string(), schools: z.array(z.unknown()) });

export async function loadEncompassSettings(tenant: string, dir = TENANTS_DIR): Promise<EncompassSettings> {
  const file = path.join(dir, tenant, 'encompass.json');
  const parsed = encompassSettingsSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The tenant's schools file, each school checked against the tenant's districts. */
export async function loadSchoolsFile(tenant: string, districts: readonly string[], dir = TENANTS_DIR) {
  const file = path.join(dir, `${tenant}.schools.json`);
  const raw = schoolsFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const schema = schoolSchema(districts);
  return raw.schools.map((s, i) => {
    const parsed = schema.safeParse(s);
    if (!parsed.success)
      throw new Error(`${file}: school ${i + 1}: ${parsed.error.issues.map((e) => e.message).join('; ')}`);
    return parsed.data;
  });
}
