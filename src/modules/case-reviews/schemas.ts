import { z } from 'zod';
import { BIRTH_DATES, RECORD_DATES, dateInput } from '../../platform/views/date-input.ts';
import { boundedText as text, requiredText as required, versionField } from '../../platform/views/fields.ts';

/**
 * The case review forms (issue 16): one schema a form. Free text is kept as typed and escaped when shown; NUL and
 * broken Unicode are refused at the edge before any of this. The tenant's lists (criteria, methods, themes, delay
 * reasons) are checked by the service, which knows them.
 */
const code = (message: string) =>
  z
    .string(message)
    .max(60, message)
    .regex(/^[a-z0-9-]{1,60}$/, message);
/** A checkbox group: one value or many, each a code; none is an empty list. */
const codes = (message: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(code(message)).max(20, message));
const uuidOrEmpty = (message: string) =>
  z
    .string(message)
    .max(36, message)
    .refine((v) => v === '' || /^[0-9a-f-]{36}$/.test(v), message);
const yesNo = (message: string) => z.enum(['yes', 'no'], message).transform((v) => v === 'yes');

export const REFERRAL_FIELDS = [
  'firstName',
  'lastName',
  'dateOfBirth-day',
  'referrerName',
  'referrerOrganisationId',
  'referredOn-day',
  'criteria',
  'summary',
];
export const referralSchema = z
  .object({
    firstName: required(100, 'The child’s first name', 'Enter the child’s first name'),
    lastName: required(100, 'The child’s last name', 'Enter the child’s last name'),
    'dateOfBirth-day': dateInput({ ...BIRTH_DATES, label: 'the child’s date of birth', required: false }),
    referrerName: required(200, 'The referrer’s name', 'Enter the name of the person who referred the case'),
    referrerOrganisationId: uuidOrEmpty('Select the referrer’s organisation'),
    'referredOn-day': dateInput({
      ...RECORD_DATES,
      label: 'the date the partnership became aware',
      when: 'past',
    }),
    criteria: codes('Select the criteria the case meets'),
    summary: required(4000, 'What happened', 'Say briefly what happened'),
  })
  .superRefine((r, ctx) => {
    if (!r.criteria.length)
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'Select at least one criterion the case meets' });
  })
  .transform((r) => ({
    firstName: r.firstName,
    lastName: r.lastName,
    dateOfBirth: r['dateOfBirth-day'],
    referrerName: r.referrerName,
    referrerOrganisationId: r.referrerOrganisationId || null,
    referredOn: r['referredOn-day'],
    criteria: r.criteria,
    summary: r.summary,
  }));
export type ReferralInput = z.output<typeof referralSchema>;

export const TRIAGE_FIELDS = ['meetsCriteria', 'reason'];
export const triageSchema = z.object({
  meetsCriteria: yesNo('Select whether the case meets the criteria for a Rapid Review'),
  reason: required(2000, 'The reason', 'Give the reason for your partner’s decision'),
});
export type TriageInput = z.output<typeof triageSchema>;

export const RAPID_REVIEW_FIELDS = ['heldOn-day', 'localReview', 'panelNotified', 'panelNotifiedOn-day', 'reason'];
export const rapidReviewSchema = z
  .object({
    'heldOn-day': dateInput({ ...RECORD_DATES, label: 'the date of the Rapid Review', when: 'past' }),
    localReview: yesNo('Select whether a local Child Safeguarding Practice Review follows'),
    panelNotified: yesNo('Select whether the National Panel was notified'),
    'panelNotifiedOn-day': dateInput({
      ...RECORD_DATES,
      label: 'the date the National Panel was notified',
      when: 'past',
      required: false,
    }),
    reason: required(4000, 'The reason', 'Give the reason for the decision'),
  })
  .superRefine((r, ctx) => {
    if (r.panelNotified && !r['panelNotifiedOn-day'])
      ctx.addIssue({
        code: 'custom',
        path: ['panelNotifiedOn-day'],
        message: 'Enter the date the National Panel was notified',
      });
  })
  .transform((r) => ({
    heldOn: r['heldOn-day'],
    localReview: r.localReview,
    panelNotifiedOn: r.panelNotified ? r['panelNotifiedOn-day'] : null,
    reason: r.reason,
  }));
export type RapidReviewInput = z.output<typeof rapidReviewSchema>;

export const CSPR_FIELDS = ['method', 'reviewer', 'startedOn-day'];
export const csprSchema = z
  .object({
    method: code('Select the review’s method'),
    reviewer: text(200, 'The reviewer'),
    'startedOn-day': dateInput({ ...RECORD_DATES, label: 'the date the review started', when: 'past' }),
  })
  .transform((c) => ({ method: c.method, reviewer: c.reviewer, startedOn: c['startedOn-day'] }));
export type CsprInput = z.output<typeof csprSchema>;

export const STAGE_FIELDS = ['stage', 'reachedOn-day'];
export const stageSchema = z
  .object({
    stage: code('Select the stage the review has reached'),
    'reachedOn-day': dateInput({ ...RECORD_DATES, label: 'the date it reached the stage', when: 'past' }),
    version: versionField(),
  })
  .transform((s) => ({ stage: s.stage, reachedOn: s['reachedOn-day'], version: s.version }));

export const DELAY_FIELDS = ['reason', 'details', 'fromOn-day', 'untilOn-day'];
export const delaySchema = z
  .object({
    reason: code('Select the reason for the delay'),
    details: text(2000, 'What the delay is'),
    'fromOn-day': dateInput({ ...RECORD_DATES, label: 'the date the delay began' }),
    'untilOn-day': dateInput({ ...RECORD_DATES, label: 'the date the delay ended', required: false }),
  })
  .superRefine((d, ctx) => {
    if (d.reason === 'other' && !d.details)
      ctx.addIssue({ code: 'custom', path: ['details'], message: 'Say what the delay is' });
    if (d['untilOn-day'] && d['untilOn-day'] < d['fromOn-day'])
      ctx.addIssue({
        code: 'custom',
        path: ['untilOn-day'],
        message: 'The date the delay ended must be the same as or after the date it began',
      });
  })
  .transform((d) => ({ reason: d.reason, details: d.details, fromOn: d['fromOn-day'], untilOn: d['untilOn-day'] }));
export type DelayInput = z.output<typeof delaySchema>;

export const themesSchema = z.object({ themes: codes('Select the themes'), version: versionField() });
export const recommendationSchema = z.object({
  text: required(2000, 'The recommendation', 'Enter the recommendation'),
});

export const ACTION_FIELDS = ['organisationId', 'recommendationId', 'owner', 'action', 'dueOn-day'];
export const actionSchema = z
  .object({
    organisationId: z.string().uuid('Select the agency'),
    recommendationId: uuidOrEmpty('Select the recommendation'),
    owner: required(200, 'The owner', 'Enter who owns the action in the agency'),
    action: required(2000, 'The action', 'Enter the action'),
    'dueOn-day': dateInput({ ...RECORD_DATES, label: 'the due date' }),
  })
  .transform((a) => ({
    organisationId: a.organisationId,
    recommendationId: a.recommendationId || null,
    owner: a.owner,
    action: a.action,
    dueOn: a['dueOn-day'],
  }));
export type ActionInput = z.output<typeof actionSchema>;

export const evidenceSchema = z.object({
  evidence: required(4000, 'The evidence', 'Describe the evidence that practice has changed'),
  version: versionField(),
});
export const checkSchema = z
  .object({
    decision: z.enum(['accept', 'return'], 'Select whether the evidence is accepted'),
    note: text(2000, 'The note'),
    version: versionField(),
  })
  .superRefine((c, ctx) => {
    if (c.decision === 'return' && !c.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say what more evidence the agency should give' });
  });

/** The other spelling the Board manager searched for the child under (kept on the link form, so it is checked alike). */
export const childSearchSchema = z.object({
  firstName: z.string().trim().max(100).catch(''),
  lastName: z.string().trim().max(100).catch(''),
});
export type ChildSearch = z.output<typeof childSearchSchema>;
export const CHILD_LINK_FIELDS = ['personId', 'reason'];
export const childLinkSchema = z.object({
  personId: z
    .string('Choose the record that is this child, or that the child is not linked')
    .refine((v) => v === 'none' || /^[0-9a-f-]{36}$/.test(v), {
      message: 'Choose the record that is this child, or that the child is not linked',
    }),
  reason: required(2000, 'The reason', 'Give the reason for the change'),
  version: versionField(),
  firstName: childSearchSchema.shape.firstName,
  lastName: childSearchSchema.shape.lastName,
});
export type ChildLinkInput = z.output<typeof childLinkSchema>;
