import { z } from 'zod';
import type { PartnershipPlanRag, PartnershipPlanReviewDecision } from '../../platform/db/schema/index.ts';
import { RECORD_DATES, dateInput } from '../../platform/views/date-input.ts';
import { versionField, boundedText as text, requiredText as required } from '../../platform/views/fields.ts';

/**
 * The partnership plan's forms: a delivery action (add, edit), its dated update, and a priority's yearly review. One
 * schema a form; free text is kept as typed and escaped when shown; NUL and broken Unicode are refused before any of
 * this (decision 008).
 */

export const RAG: Record<PartnershipPlanRag, { text: string; tag: string }> = {
  red: { text: 'Red', tag: 'govuk-tag--red' },
  amber: { text: 'Amber', tag: 'govuk-tag--orange' },
  green: { text: 'Green', tag: 'govuk-tag--green' },
  complete: { text: 'Complete', tag: 'govuk-tag--blue' },
};
export const RAGS = Object.keys(RAG) as PartnershipPlanRag[];

export const DECISIONS: Record<PartnershipPlanReviewDecision, { text: string; hint: string }> = {
  continue: { text: 'Continue', hint: 'The priority stays as it is for another year' },
  change: { text: 'Change', hint: 'The priority continues with changes: say what they are' },
  retire: { text: 'Retire', hint: 'The priority has done its work or is no longer a priority' },
};

const rag = z.enum(['red', 'amber', 'green', 'complete'], 'Select the RAG status');

export const ACTION_FIELDS = ['title', 'ownerName', 'ownerOrganisation', 'dueOn-day', 'rag', 'itemCode'];
/** A delivery action; a Locality Children's Partnership's may name the priority it serves (`items`). */
export const actionSchema = (items: readonly string[] = []) =>
  z.object({
    title: required(400, 'The action', 'Enter what the action is'),
    ownerName: required(200, 'The owner’s name', 'Enter the name of the person who owns the action'),
    ownerOrganisation: required(200, 'The owner’s organisation', 'Enter the organisation of the owner'),
    'dueOn-day': dateInput({ ...RECORD_DATES, label: 'the date it is due', latest: { date: { years: 20 } } }),
    rag,
    itemCode: z
      .string()
      .max(100, 'Select a priority from the list')
      .refine((c) => c === '' || items.includes(c), 'Select a priority from the list')
      .transform((c) => c || null),
  });
export type ActionInput = z.output<ReturnType<typeof actionSchema>>;

export const actionEditSchema = (items: readonly string[] = []) =>
  actionSchema(items).extend({ version: versionField() });
export type ActionEditInput = z.output<ReturnType<typeof actionEditSchema>>;

export const UPDATE_FIELDS = ['updateOn-day', 'rag', 'note'];
export const updateSchema = z.object({
  'updateOn-day': dateInput({ ...RECORD_DATES, label: 'the date of the update', when: 'past' }),
  rag,
  note: required(5000, 'The update', 'Enter what has happened'),
  version: versionField(),
});
export type UpdateInput = z.output<typeof updateSchema>;

export const REVIEW_FIELDS = ['reviewedOn-day', 'findings', 'decision'];
export const reviewSchema = z.object({
  'reviewedOn-day': dateInput({ ...RECORD_DATES, label: 'the date of the review', when: 'past' }),
  findings: required(5000, 'What the review found', 'Enter what the review found'),
  decision: z.enum(['continue', 'change', 'retire'], 'Select whether to continue, change or retire the priority'),
});
export type ReviewInput = z.output<typeof reviewSchema>;

/** An outcome's lead ("A lead for each of these outcomes will sit on the … Board", seed 000); blank clears it. */
export const leadSchema = z.object({
  lead: text(400, 'The outcome lead').transform((v) => v || null),
});
export type LeadInput = z.output<typeof leadSchema>;
