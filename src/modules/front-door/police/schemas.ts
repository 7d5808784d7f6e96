import { londonDay, todayInLondon } from '../../../platform/calendar/london.ts';
import { realIsoDate } from '../../../platform/views/date-input.ts';
import { z } from 'zod';
import { text } from './text-fields.ts';
import { findUnstorableText } from '../../../platform/http/input-guard.ts';
import { parsePostcode } from '../../../platform/postcodes.ts';
import { nameField } from '../../people/index.ts';
import { OLDEST_CHILD_AGE } from '../person-schema.ts';
import { ageOn } from '../rules.ts';
import { missingSchema } from './missing-fields.ts';

/**
 * A police notification as the API receives it and as a CSV row becomes: one zod schema for both,
 * so the JSON API and the upload page accept exactly the same things and say the same about
 * anything wrong. Column-by-column documentation: docs/police-notifications.md.
 */

/** More than this in one API call is refused as too large (413): send several batches. */
export const MAX_BATCH = 200;
/** More rows than this is more than one person can check in a report: split the file. */
export const CSV_MAX_ROWS = 2000;
export const CSV_CHILDREN = 4;
export const CSV_ADULTS = 2;

/**
 * What the police were concerned about, each counted under one Supporting Families outcome area so
 * notifications sit beside other requests in the figures.
 */
export const CONCERN_CATEGORIES = {
  'domestic-abuse': { name: 'Domestic abuse', area: 'domestic-abuse' },
  missing: { name: 'Missing episode', area: 'abuse-and-exploitation' },
  exploitation: { name: 'Exploitation (criminal or sexual)', area: 'abuse-and-exploitation' },
  'abuse-or-neglect': { name: 'Abuse or neglect', area: 'abuse-and-exploitation' },
  'online-harm': { name: 'Online harm', area: 'abuse-and-exploitation' },
  'youth-crime': { name: 'Crime or anti-social behaviour by a child', area: 'crime' },
  'family-conflict': { name: 'Conflict in the family', area: 'relationships' },
  'mental-health': { name: 'Mental health', area: 'health' },
  'substance-use': { name: 'Drugs or alcohol', area: 'substance-use' },
} as const;
export type ConcernCategory = keyof typeof CONCERN_CATEGORIES;
const CATEGORY_CODES = Object.keys(CONCERN_CATEGORIES) as [ConcernCategory, ...ConcernCategory[]];

/** Police systems say F/M/U; request_people keeps the front door's words. */
const GENDER_WORDS: Record<string, string> = {
  f: 'female',
  female: 'female',
  m: 'male',
  male: 'male',
  x: 'another',
  other: 'another',
  another: 'another',
  u: 'not-known',
  unknown: 'not-known',
  'not-known': 'not-known',
  'not known': 'not-known',
};

const isRealDate = (v: string) => realIsoDate(v) !== null;
const required = (label: string, max: number) =>
  text(label, max).refine((v) => v.length > 0, `Enter the ${label.toLowerCase()}`);
/** Absent, null and '' are all "not given". */
const optional = <T extends z.ZodType>(inner: T) =>
  z.preprocess(
    (v) => (v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v),
    inner.optional(),
  );

const pastDate = (label: string, oldest: string) =>
  z
    .string({ error: `${label} must be a date, like 2015-03-27` })
    .trim()
    .refine(isRealDate, `${label} must be a real date, like 2015-03-27 or 27/03/2015`)
    .refine((v) => !isRealDate(v) || v <= todayInLondon(), `${label} must be today or in the past`)
    .refine((v) => !isRealDate(v) || v >= oldest, `${label} must be after ${oldest}: check the year`);

const dateOfBirth = z
  .string({ error: 'Date of birth must be a date, like 2015-03-27' })
  .trim()
  .refine(isRealDate, 'Date of birth must be a real date, like 2015-03-27 or 27/03/2015')
  .refine((v) => !isRealDate(v) || v <= todayInLondon(), 'Date of birth must be today or in the past')
  .refine(
    (v) => !isRealDate(v) || ageOn(v, todayInLondon()) <= 120,
    'Date of birth must be within the last 120 years: check the year',
  );

const gender = z
  .string({ error: 'Gender must be female, male, another or not-known' })
  .transform((v) => GENDER_WORDS[v.trim().toLowerCase()] ?? '')
  .refine((v) => v !== '', 'Gender must be female, male, another or not-known (or F, M, X, U)');

const postcode = z
  .string({ error: 'Postcode must be text' })
  .refine((v) => parsePostcode(v)?.inward !== undefined, 'Enter a full UK postcode, like CM1 1QH')
  .transform((v) => parsePostcode(v)!.display);

/**
 * A person's name by the one name rule (people's nameField), checked only once the text can be stored:
 * a NUL or broken character is the one problem reported for that cell.
 */
const personName = (label: string) =>
  required(label, 100).pipe(
    z.string().superRefine((v, ctx) => {
      // Broken text (a NUL, a lone surrogate, or the replacement character a decoder left) has its own message.
      if (findUnstorableText(v) !== null || v.includes('\uFFFD')) return;
      const checked = nameField({ label: label.toLowerCase(), empty: `Enter the ${label.toLowerCase()}` }).safeParse(v);
      if (!checked.success) ctx.addIssue({ code: 'custom', message: checked.error.issues[0]!.message });
    }),
  );

const person = {
  first_name: personName('First name'),
  last_name: personName('Last name'),
  date_of_birth: optional(dateOfBirth),
  gender: optional(gender),
  address: optional(text('Address', 500)),
  postcode: optional(postcode),
};

const childSchema = z
  .object({
    ...person,
    date_of_birth: optional(
      dateOfBirth.refine(
        (v) => !isRealDate(v) || ageOn(v, todayInLondon()) <= OLDEST_CHILD_AGE,
        `A child must be ${OLDEST_CHILD_AGE} or younger: check the year of birth`,
      ),
    ),
  })
  .strict();
const adultSchema = z
  .object({
    ...person,
    role: optional(z.enum(['parent-carer', 'other'], { error: 'Role must be parent-carer or other' })),
    relationship: optional(text('Relationship', 100)),
  })
  .strict();

/**
 * One notification, as JSON. `districts` are the tenant's (code and name): the Hub's queue is
 * organised by district, so the district is required (code or name, in any case).
 */
export function notificationSchema(districts: { code: string; name: string }[]) {
  const byWord = new Map(
    districts.flatMap((d) => [
      [d.code.toLowerCase(), d.code],
      [d.name.toLowerCase(), d.code],
    ]),
  );
  return z
    .object({
      police_reference: required('Police reference', 50)
        .refine(
          (v) => v === '' || /^[A-Za-z0-9][A-Za-z0-9/_.:-]*$/.test(v),
          'Police reference must only include letters, numbers and / _ . : -',
        )
        .transform((v) => v.toUpperCase()),
      incident_date: pastDate('Incident date', '2000-01-01'),
      concern_category: z.preprocess(
        (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
        z.enum(CATEGORY_CODES, { error: `Concern category must be one of: ${CATEGORY_CODES.join(', ')}` }),
      ),
      summary: required('Summary', 5000),
      district: z.string({ error: 'Enter the district, as a code or name, like chelmsford' }).transform((v, ctx) => {
        const code = byWord.get(v.trim().toLowerCase());
        if (code) return code;
        ctx.addIssue({
          code: 'custom',
          message: v.trim()
            ? `District must be one of: ${districts.map((d) => d.code).join(', ')}`
            : 'Enter the district, as a code or name, like chelmsford',
        });
        return z.NEVER;
      }),
      officer: z
        .object(
          {
            name: required('Officer name', 100),
            number: optional(text('Officer number', 30)),
            email: optional(
              z
                .string()
                .trim()
                .max(254, 'Officer email must be 254 characters or fewer')
                .pipe(z.email('Officer email must be an email address, like name@example.com')),
            ),
            phone: optional(text('Officer phone', 30)),
          },
          { error: 'Give the officer, with at least their name' },
        )
        .strict(),
      children: z
        .array(childSchema, { error: 'Give the children as a list' })
        .min(1, 'Give at least one child')
        .max(10, 'Give 10 children or fewer'),
      adults: optional(z.array(adultSchema, { error: 'Give the adults as a list' }).max(10, 'Give 10 adults or fewer')),
      /** The missing episode (missing-fields.ts): required for category missing, refused for any other. */
      missing: optional(missingSchema),
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v.concern_category === 'missing') {
        if (!v.missing)
          ctx.addIssue({
            code: 'custom',
            path: ['missing'],
            message: 'Give the missing episode (missing) for a notification of category missing',
          });
        if (v.children.length > 1)
          ctx.addIssue({
            code: 'custom',
            path: ['children'],
            message: 'Give one child for a notification of category missing: send one notification for each child',
          });
        // The episode keeps the child's age when reported missing: a report before the child was born is a mistake.
        const born = v.children[0]?.date_of_birth;
        if (v.missing && born && isRealDate(born) && londonDay(v.missing.reported_at) < born)
          ctx.addIssue({
            code: 'custom',
            path: ['missing', 'reported_at'],
            message: `Reported at must be on or after the child's date of birth (${born}): check both`,
          });
      } else if (v.missing) {
        ctx.addIssue({
          code: 'custom',
          path: ['missing'],
          message: 'Give the missing episode (missing) only for a notification of category missing',
        });
      }
    })
    .transform((v) => ({ ...v, adults: v.adults ?? [] }));
}
export type NotificationInput = z.output<ReturnType<typeof notificationSchema>>;

export interface FieldError {
  field: string;
  message: string;
}

/** ['children', 0, 'date_of_birth'] → 'children[0].date_of_birth', as an API client names it. */
export const fieldPath = (path: PropertyKey[]) =>
  path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)),
    '',
  );

/** Validates one notification; the errors name fields the way the JSON does. */
export function checkNotification(
  schema: ReturnType<typeof notificationSchema>,
  raw: unknown,
): { ok: true; value: NotificationInput } | { ok: false; errors: FieldError[] } {
  // The API checks its body item by item (config.bodyTextChecked), so one bad character loses only its item.
  const unstorable = findUnstorableText(raw);
  if (unstorable !== null)
    return {
      ok: false,
      errors: [{ field: unstorable, message: 'contains a NUL or broken Unicode character: remove it and send again' }],
    };
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        errors.push({
          field: fieldPath([...issue.path, key]),
          message: `${key} is not a field Hearth knows: check its spelling`,
        });
    } else {
      errors.push({ field: fieldPath(issue.path) || 'notification', message: issue.message });
    }
  }
  return { ok: false, errors };
}

/** The top level of the API's body: checked before any item is. */
export const batchSchema = z.object(
  {
    notifications: z
      .array(z.unknown(), { error: 'notifications must be a list' })
      .min(1, 'notifications must have at least one notification'),
  },
  { error: 'Send a JSON object with a notifications list' },
);
