import { z } from 'zod';
import { parsePostcode } from '../../platform/postcodes.ts';
import { HANDOVER_LIMIT } from './rules.ts';

/** The building blocks of the front door's form schemas: field limits and the common field types. */

export const LIMITS = {
  name: 100,
  short: 200,
  address: 500,
  worry: 1000,
  long: 3000,
  handover: HANDOVER_LIMIT,
  email: 254,
  phone: 30,
  notes: 500,
} as const;

export const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong);
export const required = (max: number, empty: string, tooLong: string) =>
  z.string().trim().min(1, empty).max(max, tooLong);
export const yesNo = (message: string) => z.enum(['yes', 'no'], { message }).transform((v) => v === 'yes');
export const checked = z.preprocess((v) => v === 'yes' || (Array.isArray(v) && v.includes('yes')), z.boolean());
export const list = (inner: z.ZodType) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(inner));

export const postcode = z
  .string()
  .trim()
  .max(10, 'Enter a full UK postcode, like CM1 1QH')
  .refine((v) => v === '' || parsePostcode(v)?.inward !== undefined, 'Enter a full UK postcode, like CM1 1QH')
  .transform((v) => (v === '' ? '' : parsePostcode(v)!.display));

export const email = (empty: string) =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(LIMITS.email, `Email address must be ${LIMITS.email} characters or fewer`)
    .pipe(z.email('Enter an email address in the correct format, like name@example.com'));

export const phone = z
  .string()
  .trim()
  .max(LIMITS.phone, 'Enter a phone number, like 01632 960 001 or 07700 900 982')
  .refine(
    (v) => v === '' || (/^\+?[0-9 ()-]+$/.test(v) && v.replace(/\D/g, '').length >= 10),
    'Enter a phone number, like 01632 960 001 or 07700 900 982',
  );
