import { z } from 'zod';
import { BIRTH_DATES, RECORD_DATES, dateInput } from '../../platform/views/date-input.ts';
import { versionField } from '../../platform/views/fields.ts';
import { pageField } from '../../platform/views/pagination.ts';
import { nameField } from '../people/index.ts';

/**
 * The Education Compliance forms, one schema each. Text is kept as typed and escaped when shown (markup is only
 * text); NUL and broken Unicode are refused before this by the input guard. Codes from the tenant's lists (sources,
 * districts) are checked against the lists in the service, which knows them.
 */
const text = (max: number, label: string, empty?: string) => {
  const base = z.string({ message: empty ?? `${label} must be text` }).trim();
  const bounded = base.max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);
  return empty ? bounded.refine((v) => v.length > 0, empty) : bounded;
};
const code = (empty: string) =>
  z
    .string({ message: empty })
    .trim()
    .max(100, empty)
    .regex(/^[a-z0-9-]+$/, empty);
const past = (label: string) => dateInput({ ...RECORD_DATES, label, when: 'past' });

/** The date inputs of each form, gathered by withDateInputs. */
export const NEW_CASE_DATES = ['dateOfBirth', 'reportedOn'] as const;
export const ON_DATES = ['on'] as const;
export const OUTCOME_DATES = ['on', 'confirmedOn'] as const;

/** Who the child is: one of the records the matching offered, a new person, or (first time) not chosen yet. */
const personChoice = z
  .string({ message: 'Choose one record: the one that is this child, or record a new person' })
  .trim()
  .max(40)
  .refine((v) => v === '' || v === 'new' || z.uuid().safeParse(v).success, {
    message: 'Choose the record that is this child, or record a new person',
  });

/** Reporting a child missing education, or registering a child as home educated. */
export const newCaseSchema = z.object({
  kind: z.enum(['cme', 'ehe'], { message: 'Reload the page and try again' }),
  firstName: nameField({ label: 'their first name', empty: 'Enter the child’s first name' }),
  lastName: nameField({ label: 'their last name', empty: 'Enter the child’s last name' }),
  'dateOfBirth-day': dateInput({ ...BIRTH_DATES, label: 'their date of birth', subject: 'Date of birth' }),
  district: code('Select the district the child lives in'),
  source: code('Select who reported it'),
  'reportedOn-day': past('the date it was reported'),
  school: text(200, 'The school'),
  details: text(5000, 'What was reported'),
  personId: personChoice.optional().default(''),
});
export type NewCaseInput = z.infer<typeof newCaseSchema>;

/** A whereabouts enquiry (CME) or a concern (EHE): whom, when, and what it found or said. */
export const eventSchema = z.object({
  source: code('Select the source'),
  'on-day': past('the date'),
  details: text(5000, 'The details', 'Enter what was found or said'),
});

export const outcomeSchema = z
  .object({
    outcome: z.enum(['on-roll', 'moved-authority', 'left-country', 'school-leaving-age'], {
      message: 'Select the outcome',
    }),
    'on-day': past('the date of the outcome'),
    school: text(200, 'The school'),
    authority: text(200, 'The local authority'),
    'confirmedOn-day': dateInput({ ...RECORD_DATES, label: 'the date they confirmed', when: 'past', required: false }),
    version: versionField(),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'on-roll' && !v.school)
      ctx.addIssue({ code: 'custom', path: ['school'], message: 'Enter the school whose roll the child is on' });
    if (v.outcome === 'moved-authority') {
      if (!v.authority)
        ctx.addIssue({ code: 'custom', path: ['authority'], message: 'Enter the local authority the child moved to' });
      if (!v['confirmedOn-day'])
        ctx.addIssue({
          code: 'custom',
          path: ['confirmedOn-day'],
          message: 'Enter the date the other local authority confirmed the child lives there',
        });
    }
  });
export type OutcomeInput = z.infer<typeof outcomeSchema>;

export const saoSchema = z.object({
  stage: z.enum(['notice', 'order', 'prosecution-referral'], { message: 'Select the stage' }),
  'on-day': past('the date of the stage'),
  version: versionField(),
});

export const assessmentSchema = z.object({
  result: z.enum(['suitable', 'unsuitable'], { message: 'Select whether the home education is suitable' }),
  'on-day': past('the date of the assessment'),
  notes: text(5000, 'The notes', 'Enter what the assessment found'),
  version: versionField(),
});

/** The list's filters: which cases, a quadrant, a year group (0 is Reception), priority only; and the page. */
export const listQuerySchema = z.object({
  kind: z.enum(['all', 'cme', 'ehe']).catch('all'),
  quadrant: z
    .string()
    .trim()
    .max(50)
    .regex(/^[a-z0-9-]*$/)
    .catch(''),
  yearGroup: z.union([z.literal(''), z.coerce.number().int().min(0).max(11)]).catch(''),
  priority: z.enum(['', 'yes']).catch(''),
  page: pageField().catch(1),
});
export type ListFilters = z.infer<typeof listQuerySchema>;
