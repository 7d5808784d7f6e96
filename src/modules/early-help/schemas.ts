import { todayInLondon } from '../../platform/calendar/london.ts';
import { z } from 'zod';
import { versionField } from '../../platform/views/fields.ts';
import type { EpisodeClosureReason, FamilyRelationship } from '../../platform/db/schema/index.ts';
import { parsePostcode } from '../../platform/postcodes.ts';
import { nameField } from '../people/index.ts';
import { CLOSURE_REASONS, RELATIONSHIPS } from './rules.ts';

/** One zod schema per early help form; messages are what the GOV.UK error summary shows. */

const version = versionField();
const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`);
const name = (label: string) => nameField({ label, empty: `Enter ${label}` });

const isRealDate = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/** A GOV.UK date input (day, month, year) as 'YYYY-MM-DD', in the past. The error goes on the day field. */
const dateOfBirth = z
  .object({ day: z.string().trim(), month: z.string().trim(), year: z.string().trim() })
  .transform((v, ctx) => {
    if (!v.day && !v.month && !v.year) {
      ctx.addIssue({ code: 'custom', message: 'Enter their date of birth' });
      return z.NEVER;
    }
    const [d, m, y] = [Number(v.day), Number(v.month), Number(v.year)];
    if (![d, m, y].every(Number.isInteger) || v.year.length !== 4 || !isRealDate(y, m, d)) {
      ctx.addIssue({ code: 'custom', message: 'Their date of birth must be a real date, like 27 3 2015' });
      return z.NEVER;
    }
    const iso = `${v.year}-${v.month.padStart(2, '0')}-${v.day.padStart(2, '0')}`;
    if (iso > todayInLondon() || iso < '1900-01-01') {
      ctx.addIssue({ code: 'custom', message: 'Their date of birth must be in the past' });
      return z.NEVER;
    }
    return iso;
  });

/** The person-finding fields, shared by starting early help and adding a family member. */
const personFields = {
  firstName: name('their first name'),
  lastName: name('their last name'),
  'dateOfBirth-day': dateOfBirth,
  postcode: z.string().trim().max(10, 'The postcode must be 10 characters or fewer'),
  relationship: z.enum(
    RELATIONSHIPS as [FamilyRelationship, ...FamilyRelationship[]],
    'Select how they are related to the family',
  ),
  step: z.enum(['find', 'confirm']).catch('find'),
  /** After "find": a candidate's id, or 'new' for "none of these" (checked against the candidates by the route). */
  choice: z.string().trim(),
};

/** Flattens the date input's three fields into one object for the schema; errors point at the day. */
export function withDateOfBirth(body: unknown): Record<string, unknown> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    ...b,
    'dateOfBirth-day': {
      day: b['dateOfBirth-day'] ?? '',
      month: b['dateOfBirth-month'] ?? '',
      year: b['dateOfBirth-year'] ?? '',
    },
  };
}

export const addMemberSchema = z.object({
  version,
  ...personFields,
  schoolOrSetting: z.string().trim().max(200, 'The school or setting must be 200 characters or fewer').default(''),
  gp: z.string().trim().max(200, 'The GP surgery must be 200 characters or fewer').default(''),
});

export const startSchema = z.object({
  familyName: text('the name the family is known by', 200),
  districtCode: z.string().trim().min(1, 'Select the district the family lives in'),
  address: z.string().trim().max(500, 'The address must be 500 characters or fewer'),
  ...personFields,
});

export const acceptSchema = z.object({ version });

/**
 * Taking on the Hub's Team Around the Family work: who leads (the requester, another practitioner by
 * email, or not yet agreed). The TAF Support Officer taking it on supports; they never lead (seed 004).
 */
export const takeOnTafSchema = z
  .object({
    version,
    lead: z.enum(
      ['requester', 'practitioner', 'not-agreed'],
      'Choose who will be the family’s lead professional, or that it is not yet agreed',
    ),
    leadEmail: z.string().trim().max(320, 'The email address must be 320 characters or fewer').default(''),
  })
  .superRefine((v, ctx) => {
    if (v.lead === 'practitioner' && !v.leadEmail)
      ctx.addIssue({ code: 'custom', path: ['leadEmail'], message: 'Enter the lead professional’s email address' });
  });

export const levelSchema = z.object({
  version,
  level: z.enum(['1', '2', '3', '4'], 'Select the new level of need').transform(Number),
  reason: text('why the level of need has changed', 5000),
});

export const leadSchema = z.object({
  version,
  email: z
    .string()
    .trim()
    .min(1, 'Enter the new lead professional’s email address')
    .max(320, 'The email address must be 320 characters or fewer'),
});
export const tafSchema = z.object({
  version,
  tafEmail: z
    .string()
    .trim()
    .min(1, 'Enter the practitioner’s email address')
    .max(320, 'The email address must be 320 characters or fewer'),
});

export const needSchema = z.object({
  version,
  area: z.string().trim().min(1, 'Select the outcome area'),
  description: text('the need, in the family’s words where you can', 2000),
});

/** Closure: a reason, and outcome-<need id> fields checked by the service against the episode's needs. */
export const closeSchema = z.looseObject({
  version,
  reason: z.enum(
    CLOSURE_REASONS as [EpisodeClosureReason, ...EpisodeClosureReason[]],
    'Select why early help is ending',
  ),
});

/**
 * A GOV.UK date input (day, month, year) as 'YYYY-MM-DD', today or earlier; the error goes on the day field.
 * The service checks the date against the record (joined, current address) and again that it is not in the future.
 */
const pastDate = (label: string) =>
  z.object({ day: z.string().trim(), month: z.string().trim(), year: z.string().trim() }).transform((v, ctx) => {
    if (!v.day && !v.month && !v.year) {
      ctx.addIssue({ code: 'custom', message: `Enter ${label}` });
      return z.NEVER;
    }
    const [d, m, y] = [Number(v.day), Number(v.month), Number(v.year)];
    if (![d, m, y].every(Number.isInteger) || v.year.length !== 4 || !isRealDate(y, m, d) || y < 1900) {
      ctx.addIssue({
        code: 'custom',
        message: `${label[0]!.toUpperCase()}${label.slice(1)} must be a real date, like 27 3 2026`,
      });
      return z.NEVER;
    }
    const iso = `${v.year}-${v.month.padStart(2, '0')}-${v.day.padStart(2, '0')}`;
    if (iso > todayInLondon()) {
      ctx.addIssue({
        code: 'custom',
        message: `${label[0]!.toUpperCase()}${label.slice(1)} must be today or in the past`,
      });
      return z.NEVER;
    }
    return iso;
  });

/** Gathers a date input's three fields under `<name>-day`, so the schema sees one value and errors link to the day. */
export function withDate(body: unknown, name: string): Record<string, unknown> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    ...b,
    [`${name}-day`]: { day: b[`${name}-day`] ?? '', month: b[`${name}-month`] ?? '', year: b[`${name}-year`] ?? '' },
  };
}

export const endMembershipSchema = z.object({
  version,
  'toDate-day': pastDate('the date they left'),
  reason: z.string().trim().max(500, 'The reason must be 500 characters or fewer'),
});

export const moveSchema = z.object({
  version,
  address: text('the new address', 500),
  postcode: z
    .string()
    .trim()
    .min(1, 'Enter the postcode')
    .transform((v, ctx) => {
      const parsed = parsePostcode(v);
      if (!parsed?.inward) {
        ctx.addIssue({ code: 'custom', message: 'Enter a full UK postcode, like CM20 1AB' });
        return z.NEVER;
      }
      return parsed.display;
    }),
  'fromDate-day': pastDate('the date they moved'),
});
