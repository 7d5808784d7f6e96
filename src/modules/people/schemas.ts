import { realIsoDate } from '../../platform/views/date-input.ts';
import { TZDate } from '@date-fns/tz';
import { addDays, format } from 'date-fns';
import { z } from 'zod';
import { GENDERS, formatPostcode } from './matching.ts';
import { compactNhsNumber, compactUpn, isValidNhsNumber, isValidUpn } from './matching/identifiers.ts';

/**
 * THE rule for a person's name, used by every form and service that takes one (the family's and the
 * practitioner's request, the Hub, early help, consultations, police notifications, the people module):
 * letters of any alphabet with their accents, then letters, spaces, hyphens, apostrophes and full stops.
 * A form that accepted what the people module refuses left a person who could never be recorded.
 */
export const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M}'’.\- ]*$/u;

const capital = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;

/**
 * A name field: `label` as a sentence names it ("their first name", "your full name"); `empty` is the
 * message for a blank one, or null when it may be left blank.
 */
export function nameField({ label, empty, max = 100 }: { label: string; empty: string | null; max?: number }) {
  const tooLong = `${capital(label)} must be ${max} characters or fewer`;
  const letters = `${capital(label)} must only include letters, spaces, hyphens and apostrophes`;
  return z
    .string({ message: empty ?? tooLong })
    .trim()
    .min(empty === null ? 0 : 1, empty ?? '')
    .max(max, tooLong)
    .refine((v) => v === '' || NAME_PATTERN.test(v), letters);
}

const isRealDate = (value: string) => realIsoDate(value) !== null;
/** The day in England, 'YYYY-MM-DD', `days` from today: a child born after midnight in London is born today. */
const londonDay = (days = 0) => format(addDays(TZDate.tz('Europe/London'), days), 'yyyy-MM-dd');
const today = () => londonDay();
const shiftDays = (days: number) => londonDay(days);

const name = (label: string, max = 100) => nameField({ label: `the ${label}`, empty: `Enter the ${label}`, max });

const blankToNull = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;
const optional = <T extends z.ZodType>(inner: T) => z.preprocess(blankToNull, inner.nullable());

const date = (label: string) =>
  z
    .string({ message: `Enter the ${label} as YYYY-MM-DD` })
    .trim()
    .refine(isRealDate, `The ${label} must be a real date, like 2015-03-27`);

/** An NHS number: ten digits (spaces allowed), its check digit valid; kept without spaces. */
export const nhsNumberField = z
  .string()
  .trim()
  .max(20, 'Enter an NHS number that is 10 digits, like 943 476 5919')
  .transform((v, ctx) => {
    const compact = compactNhsNumber(v);
    if (!/^\d{10}$/.test(compact))
      ctx.addIssue({ code: 'custom', message: 'Enter an NHS number that is 10 digits, like 943 476 5919' });
    else if (!isValidNhsNumber(compact))
      ctx.addIssue({ code: 'custom', message: 'Enter a real NHS number: check the digits, one may be wrong' });
    return compact;
  });

/** A Unique Pupil Number: a letter and 12 characters, its check letter valid; kept in capitals without spaces. */
export const upnField = z
  .string()
  .trim()
  .max(20, 'Enter a Unique Pupil Number that is 13 characters, like A123456789012')
  .transform((v, ctx) => {
    const compact = compactUpn(v);
    if (!/^[A-Z]\d{11}[\dA-Z]$/.test(compact))
      ctx.addIssue({
        code: 'custom',
        message: 'Enter a Unique Pupil Number that is 13 characters, like A123456789012',
      });
    else if (!isValidUpn(compact))
      ctx.addIssue({
        code: 'custom',
        message: 'Enter a real Unique Pupil Number: check the characters, one may be wrong',
      });
    return compact;
  });

/**
 * A person as entered on the Hub's screens or given to the match command. Names keep what was typed
 * (accents, hyphens, apostrophes); a postcode is kept in its usual form ("CM1 1QH").
 */
export const personSchema = z
  .object({
    firstName: name('first name'),
    middleNames: optional(name('middle names', 200)),
    lastName: name('last name'),
    dateOfBirth: optional(
      date('date of birth')
        .refine((v) => v <= today(), 'The date of birth must be today or in the past')
        .refine((v) => v >= '1900-01-01', 'The date of birth must be after 1 January 1900'),
    ),
    expectedDate: optional(
      date('expected date')
        .refine(
          (v) => v >= shiftDays(-31),
          'The expected date must be in the future (or the last month): after the birth, give the date of birth',
        )
        .refine((v) => v <= shiftDays(305), 'The expected date must be within the next 10 months'),
    ),
    gender: optional(z.enum(GENDERS, { message: 'Gender must be female, male, other or not-known' })),
    address: optional(z.string().trim().max(500, 'The address must be 500 characters or fewer')),
    postcode: optional(
      z
        .string()
        .trim()
        .max(10, 'Enter a real postcode, like CM1 1QH')
        .transform((v, ctx) => {
          const formatted = formatPostcode(v);
          if (!formatted) ctx.addIssue({ code: 'custom', message: 'Enter a real postcode, like CM1 1QH' });
          return formatted ?? v;
        }),
    ),
  })
  .extend({ nhsNumber: optional(nhsNumberField), upn: optional(upnField) })
  .refine((p) => !(p.dateOfBirth && p.expectedDate), {
    path: ['expectedDate'],
    message: 'Give a date of birth or an expected date, not both',
  });

export type PersonInput = z.output<typeof personSchema>;
