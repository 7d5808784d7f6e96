import { z } from 'zod';
import { RECORD_DATES, dateInput } from '../../platform/views/date-input.ts';
import { versionField, boundedText as text, requiredText as required } from '../../platform/views/fields.ts';
import type { AssuranceRating } from '../../platform/db/schema/index.ts';
import type { Standard } from './standards.ts';
import { ACTION_STATUSES, GRADES, RATINGS } from './standards.ts';

/**
 * The audits' forms (issue 16): one schema a form. Free text is kept as typed and escaped when shown; NUL and broken
 * Unicode are refused before any of this (platform/http/input-guard.ts).
 */
const whole = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .max(6, `${label} must be between ${min} and ${max}`)
    .regex(/^\d+$/, `Enter ${label.toLowerCase()} as a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `${label} must be between ${min} and ${max}`)
        .max(max, `${label} must be between ${min} and ${max}`),
    );

export const CYCLE_FIELDS = ['kind', 'title', 'opensOn-day', 'dueOn-day'];
export const cycleSchema = z
  .object({
    kind: z.enum(['section-11', 'section-175'], 'Select Section 11 or Section 175'),
    title: required(200, 'The title', 'Enter the audit’s title'),
    'opensOn-day': dateInput({ ...RECORD_DATES, label: 'the date the audit opens' }),
    'dueOn-day': dateInput({ ...RECORD_DATES, label: 'the date returns are due' }),
  })
  .refine((v) => v['dueOn-day'] >= v['opensOn-day'], {
    path: ['dueOn-day'],
    message: 'The date returns are due must be the same as or after the date the audit opens',
  })
  .transform((v) => ({ kind: v.kind, title: v.title, opensOn: v['opensOn-day'], dueOn: v['dueOn-day'] }));

export const inviteSchema = z.object({ organisationId: z.string().uuid('Select an organisation to invite') });
export const versionOnly = z.object({ version: versionField() });

/** The return: for every standard a rating, with evidence and actions (each up to 4,000 characters). */
export const returnSchema = (standards: readonly Standard[]) =>
  z.object(
    Object.fromEntries(
      standards.flatMap((s) => [
        [
          `rating-${s.code}`,
          z.enum(Object.keys(RATINGS) as [string, ...string[]], `Select how far “${s.name}” is met`),
        ],
        [`evidence-${s.code}`, text(4000, `The evidence for “${s.name}”`)],
        [`actions-${s.code}`, text(4000, `The actions for “${s.name}”`)],
      ]),
    ),
  );

/** The return's form as answers by standard (after returnSchema passed). */
export const returnAnswers = (standards: readonly Standard[], data: Record<string, unknown>) =>
  Object.fromEntries(
    standards.map((s) => [
      s.code,
      {
        rating: data[`rating-${s.code}`] as AssuranceRating,
        evidence: String(data[`evidence-${s.code}`] ?? ''),
        actions: String(data[`actions-${s.code}`] ?? ''),
      },
    ]),
  );

/** A correction to the return: the same form, with the version of the return it was drawn from. */
export const correctionSchema = (standards: readonly Standard[]) =>
  returnSchema(standards).extend({ version: versionField() });

export const CASE_AUDIT_FIELDS = ['kind', 'theme', 'closedFrom-day', 'closedTo-day', 'level', 'sampleSize'];
export const caseAuditSchema = z
  .object({
    kind: z.enum(['single', 'thematic'], 'Select a single-case or a thematic audit'),
    theme: required(200, 'The theme', 'Enter the audit’s theme, like neglect'),
    'closedFrom-day': dateInput({ ...RECORD_DATES, label: 'the first day of closure', when: 'past' }),
    'closedTo-day': dateInput({ ...RECORD_DATES, label: 'the last day of closure', when: 'past' }),
    level: z.enum(['', '1', '2', '3', '4'], 'Select a level of need, or any level'),
    sampleSize: whole('The number of cases', 1, 50),
  })
  .refine((v) => v['closedTo-day'] >= v['closedFrom-day'], {
    path: ['closedTo-day'],
    message: 'The last day of closure must be the same as or after the first',
  })
  .transform((v) => ({
    kind: v.kind,
    theme: v.theme,
    closedFrom: v['closedFrom-day'],
    closedTo: v['closedTo-day'],
    level: v.level ? Number(v.level) : null,
    sampleSize: v.sampleSize,
  }));

export const auditorSchema = z.object({
  email: required(254, 'The email address', 'Enter the auditor’s email address').email(
    'Enter an email address like name@example.org',
  ),
});

export const findingsSchema = (caseIds: readonly { id: string; position: number }[]) =>
  z.object({
    summary: required(8000, 'The findings', 'Enter your agency’s overview of findings'),
    ...Object.fromEntries(
      caseIds.map((k) => [
        `grade-${k.id}`,
        z.enum(Object.keys(GRADES) as [string, ...string[]], `Select a grade for case ${k.position}`),
      ]),
    ),
  });

/** A correction to the findings: the same form, with the version of the report it was drawn from. */
export const findingsCorrectionSchema = (caseIds: readonly { id: string; position: number }[]) =>
  findingsSchema(caseIds).extend({ version: versionField() });

export const attendanceSchema = z.object({
  'meetingOn-day': dateInput({ ...RECORD_DATES, label: 'the date of the findings meeting' }),
  organisationId: z.string().uuid('Select the agency that attended'),
  attendees: whole('The number who attended', 1, 500),
});

export const themeSchema = z.object({
  title: required(200, 'The theme', 'Enter the cross-cutting theme'),
  detail: text(4000, 'What the meeting found'),
});

export const actionSchema = z.object({
  action: required(1000, 'The action', 'Enter the action'),
  owner: required(200, 'The owner', 'Enter who owns the action'),
  'dueOn-day': dateInput({ ...RECORD_DATES, label: 'the date the action is due' }),
});

export const actionStatusSchema = z.object({
  status: z.enum(Object.keys(ACTION_STATUSES) as ['not-started', 'in-progress', 'done'], 'Select the action’s status'),
  version: versionField(),
});
