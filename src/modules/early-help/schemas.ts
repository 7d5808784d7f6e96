import { BIRTH_DATES, dateInput } from '../../platform/views/date-input.ts';
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

/** A date of birth, as GOV.UK asks it: today or before, no more than 120 years ago. */
const dateOfBirth = dateInput({ ...BIRTH_DATES, label: 'their date of birth', subject: 'Date of birth' });

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
 * A day in the family's history (joining, leaving, moving), today or earlier. The service checks the date against
 * the record (joined, current address) and again that it is not in the future.
 */
const pastDate = (label: string) => dateInput({ label, when: 'past', earliest: { date: '1900-01-01' } });

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
