import { z } from 'zod';
import { boundedText, versionField } from '../../platform/views/fields.ts';

/**
 * Operation Encompass's forms, one schema each. Text is kept as typed and escaped when shown; NUL and broken Unicode
 * are refused before this by the input guard. Support kinds are checked against the tenant's list by the service.
 */

/** The school records that it received the notification. */
export const receivedSchema = z.object({ version: versionField() });

/** The Hub chooses the child's school from the schools list. */
export const schoolSchema = z.object({
  version: versionField(),
  school: z
    .string({ message: 'Select the child’s school' })
    .trim()
    .refine((v) => /^[0-9]{6}$/.test(v), 'Select the child’s school'),
});

/**
 * The Hub's school search (a GET form on the notification's page): words of the school's name, its URN or its
 * district. A query is not a list of schools: it is any text, escaped when shown back, and only narrows the list.
 */
export const schoolSearchSchema = z.object({
  q: z.preprocess((v) => (typeof v === 'string' ? v : ''), boundedText(100, 'The search')),
});

/** What support the school gave: kinds from the tenant's list, and what it did in its own words. */
export const supportSchema = z.object({
  version: versionField(),
  kinds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((k) => k !== ''))
    .pipe(z.array(z.string().max(40, 'Select support from the list')).max(20, 'Select support from the list')),
  details: z
    .string({ message: 'Describe the support as text' })
    .trim()
    .max(2000, 'The support must be 2,000 characters or fewer'),
});

/** The schools list as CSV, pasted. */
export const schoolsImportSchema = z.object({
  csv: z
    .string({ message: 'Paste the schools list as CSV text' })
    .refine((v) => v.trim().length > 0, 'Paste the schools list as CSV text')
    .refine(
      (v) => v.length <= 2_000_000,
      'The list must be 2,000,000 characters or fewer: a CSV of every school in a county is well under that',
    ),
});
