import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';
import { RECORD_DATES, dateInput } from '../../../platform/views/date-input.ts';
import type { PlanActionStatus, PlanWhoKind } from '../../../platform/db/schema/index.ts';
import { ACTION_STATUSES, WHO_KINDS } from './rules.ts';

/** One zod schema per Early Help Plan form; messages are what the GOV.UK error summary shows. */

const version = versionField();
const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`);

/** A GOV.UK date input in a casework record's years; whether it may be past or future is the service's rule. */
const dateField = (label: string) => dateInput({ ...RECORD_DATES, label });

export const startPlanSchema = z.object({ 'startDate-day': dateField('the date the plan starts') });

export const goalSchema = z.object({
  version,
  /** A need's id, or 'typed' for a goal of its own (then the outcome area is chosen). */
  source: z.string().trim().min(1, 'Select the need this goal is about, or that it is a goal of its own'),
  area: z.string().trim(),
  description: text('the goal, in the family’s words where you can', 2000),
  startScore: z.string(),
});

export const actionSchema = z.object({
  version,
  goalId: z.string().trim().min(1, 'Select the goal this action helps with'),
  description: text('what will be done', 1000),
  whoKind: z.enum(WHO_KINDS as [PlanWhoKind, ...PlanWhoKind[]], 'Select who will do it'),
  memberId: z.string().trim(),
  userId: z.string().trim(),
  serviceWords: z.string().trim().max(200, 'The words to search for must be 200 characters or fewer'),
  serviceId: z.string().trim(),
  step: z.enum(['find', 'save']).catch('save'),
  'dueDate-day': dateField('the date the action is due'),
});

export const actionStatusSchema = z.object({
  version,
  status: z.enum(ACTION_STATUSES as [PlanActionStatus, ...PlanActionStatus[]], 'Select the action’s status'),
});

export const signOffSchema = z.object({
  contentVersion: version,
  memberId: z.string().trim().min(1, 'Select who is signing the plan'),
  childAppropriate: z.string().optional(),
  typedName: text('the name they sign with', 200),
  'signedOn-day': dateField('the date they signed'),
});

/** A review: scores arrive as score-<goal id> fields, checked by the service against the plan's goals. */
export const reviewSchema = z.looseObject({
  version,
  'reviewDate-day': dateField('the date of the review'),
  whatChanged: text('what has changed since the last review', 5000),
  'nextReviewDate-day': dateField('the date of the next review'),
});
