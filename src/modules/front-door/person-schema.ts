import { z } from 'zod';
import { ageOn, todayInLondon } from './rules.ts';
import { BIRTH_DATES, checkDateInput } from '../../platform/views/date-input.ts';
import { nameField, nhsNumberField, upnField } from '../people/index.ts';
import { LIMITS, checked, phone, postcode, text } from './schema-parts.ts';
import { ETHNICITY_CODES, SEND_STATUSES } from '../../platform/demographics.ts';

/** Optional, as on the family's pages where it is not asked: '' when blank, else checked by the people module. */
const identifier = (field: z.ZodType<string, string>) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = (v ?? '').trim();
      if (!value) return '';
      const result = field.safeParse(value);
      if (result.success) return result.data;
      ctx.addIssue({ code: 'custom', message: result.error.issues[0]!.message });
      return value;
    });

// ---- Dates of birth ----

export type DateProblem = string | null;

/**
 * A date of birth, or an unborn baby's expected date, from the GOV.UK date input's three boxes.
 * Returns the date ('YYYY-MM-DD') or what is wrong, in the words the page shows.
 */
export function checkDateOfBirth(
  parts: { day: string; month: string; year: string },
  options: { expected: boolean; required: boolean; today?: string },
): { date: string | null; problem: DateProblem } {
  const today = options.today ?? todayInLondon();
  if (options.expected)
    return checkDateInput(parts, {
      label: 'the expected date of birth',
      required: options.required,
      when: 'future',
      whenMessage:
        'The expected date of birth must be today or in the future. If the baby has been born, untick ‘Not born yet’ and enter their date of birth',
      latest: { date: { months: 10 }, message: 'The expected date of birth must be within the next 10 months' },
      example: '27 3 2015',
      today,
    });
  return checkDateInput(parts, {
    ...BIRTH_DATES,
    label: 'their date of birth',
    subject: 'Date of birth',
    required: options.required,
    whenMessage:
      'Date of birth must be today or in the past. For an unborn baby, tick ‘Not born yet’ and enter the expected date',
    today,
  });
}

// ---- A child or another family member ----

/**
 * The oldest a 'child' on a request can be: young people with special educational needs or a disability are
 * served up to 25 (seed 002: "0-18, and young people with SEND up to the age of 25"; flagged to the screener, see
 * rules.ts). Older than that is a mistyped year or an adult entered as a child.
 */
export const OLDEST_CHILD_AGE = 25;

export const PERSON_ROLES = ['child', 'parent-carer', 'other'] as const;
export const GENDERS = ['female', 'male', 'another', 'not-known'] as const;

/** The person page of the practitioner's form; the family's child page uses the same, with role 'child'. */
export const personSchema = z
  .object({
    role: z.enum(PERSON_ROLES, { message: 'Select who this person is' }),
    relationship: text(LIMITS.name, `Relationship must be ${LIMITS.name} characters or fewer`),
    firstName: nameField({ label: 'first name', empty: 'Enter their first name', max: LIMITS.name }),
    lastName: nameField({ label: 'last name', empty: 'Enter their last name', max: LIMITS.name }),
    isExpected: checked,
    'dateOfBirth-day': z.string(),
    'dateOfBirth-month': z.string(),
    'dateOfBirth-year': z.string(),
    gender: z.union([z.literal(''), z.enum(GENDERS, { message: 'Select their gender from the list' })]),
    address: text(LIMITS.address, `Address must be ${LIMITS.address} characters or fewer`),
    postcode,
    school: text(LIMITS.short, `School or setting must be ${LIMITS.short} characters or fewer`),
    gp: text(LIMITS.short, `GP must be ${LIMITS.short} characters or fewer`),
    nhsNumber: identifier(nhsNumberField),
    upn: identifier(upnField),
    phone,
    contactNotes: text(LIMITS.notes, `What to know before contacting them must be ${LIMITS.notes} characters or fewer`),
    language: text(LIMITS.name, `Language must be ${LIMITS.name} characters or fewer`),
    interpreterNeeded: checked,
    hasSend: z.enum(['yes', 'no', ''], { message: 'Select yes or no' }).transform((v) => v === 'yes'),
    sendDetails: text(
      LIMITS.worry,
      `Special educational needs or disability must be ${LIMITS.worry} characters or fewer`,
    ),
    // Optional (issue 14's breakdowns); absent from older drafts and other modules' entries.
    ethnicity: z
      .string()
      .max(50)
      .optional()
      .refine((v) => !v || ETHNICITY_CODES.includes(v), { message: 'Select their ethnicity from the list' })
      .transform((v) => v ?? ''),
    send: z
      .union([z.literal(''), z.enum(SEND_STATUSES, { message: 'Select the support they get from the list' })])
      .optional()
      .transform((v) => v ?? ''),
  })
  .superRefine((v, ctx) => {
    if (v.role && v.role !== 'child' && !v.relationship) {
      ctx.addIssue({
        code: 'custom',
        path: ['relationship'],
        message: 'Enter their relationship to the child or children, like mother or grandparent',
      });
    }
    if (v.isExpected && v.role !== 'child') {
      ctx.addIssue({
        code: 'custom',
        path: ['dateOfBirth-day'],
        message: 'Only a child can be not born yet: untick ‘Not born yet’',
      });
      return;
    }
    const { date, problem } = checkDateOfBirth(
      { day: v['dateOfBirth-day'], month: v['dateOfBirth-month'], year: v['dateOfBirth-year'] },
      { expected: v.isExpected, required: v.role === 'child' },
    );
    if (problem) ctx.addIssue({ code: 'custom', path: ['dateOfBirth-day'], message: problem });
    else if (v.role === 'child' && !v.isExpected && date && ageOn(date, todayInLondon()) > OLDEST_CHILD_AGE)
      ctx.addIssue({
        code: 'custom',
        path: ['dateOfBirth-day'],
        message: `A child must be ${OLDEST_CHILD_AGE} or younger: check the year of birth`,
      });
  })
  .transform((v) => ({
    role: v.role,
    relationship: v.relationship,
    firstName: v.firstName,
    lastName: v.lastName,
    dateOfBirth: checkDateOfBirth(
      { day: v['dateOfBirth-day'], month: v['dateOfBirth-month'], year: v['dateOfBirth-year'] },
      { expected: v.isExpected, required: false },
    ).date,
    isExpected: v.isExpected,
    gender: v.gender,
    address: v.address,
    postcode: v.postcode,
    school: v.school,
    gp: v.gp,
    nhsNumber: v.nhsNumber,
    upn: v.upn,
    phone: v.phone,
    contactNotes: v.contactNotes,
    language: v.language,
    interpreterNeeded: v.interpreterNeeded,
    hasSend: v.hasSend,
    sendDetails: v.hasSend ? v.sendDetails : '',
    ethnicity: v.ethnicity,
    send: v.send,
  }));

/** Field order of the person page, so the error summary lists problems as the page shows them. */
export const PERSON_FIELDS = [
  'role',
  'relationship',
  'firstName',
  'lastName',
  'dateOfBirth-day',
  'gender',
  'address',
  'postcode',
  'school',
  'gp',
  'nhsNumber',
  'upn',
  'phone',
  'contactNotes',
  'language',
  'hasSend',
  'sendDetails',
  'send',
  'ethnicity',
];
