import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';
import type { AssessmentParticipation, ChildHeardHow } from '../../../platform/db/schema/index.ts';
import { HEARD_HOW, LIMITS, PARTICIPATION } from './rules.ts';

/** One zod schema per Shared Family Assessment form; cross-field rules are in assessment-rules.ts. */

const version = versionField(0);

/** Free text as the person typed it: browsers send CRLF, counted as one character like the character count does. */
const words = (label: string, max: number) =>
  z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`));

const finished = z.enum(['yes', 'no', ''], 'Select whether you have finished this section');
const need = {
  needArea: z.string().trim().max(100, 'Select the Supporting Families outcome area of the need'),
  needDescription: words('The need', LIMITS.need),
  /** "Add this need" saves the section and stays on it; "Save" goes back to the task list. */
  action: z.enum(['save', 'add-need']).catch('save'),
};

export const memberSectionSchema = z.object({
  version,
  participation: z.enum(
    PARTICIPATION as [AssessmentParticipation, ...AssessmentParticipation[]],
    'Select whether they took part in the assessment',
  ),
  /** Why they did not take part: asked only when they declined or were not seen. */
  absenceReason: words('Why they did not take part', LIMITS.reason),
  views: words('Their views', LIMITS.text),
  strengths: words('Their strengths', LIMITS.text),
  needs: words('What they need', LIMITS.text),
  goals: words('Their goals', LIMITS.text),
  heardBy: words('Who heard them', LIMITS.heardBy),
  heardHow: z.enum([...(HEARD_HOW as ChildHeardHow[]), ''], 'Select how they were heard'),
  finished,
  ...need,
});

export const analysisSchema = z.object({
  version,
  analysis: words('The analysis', LIMITS.analysis),
  finished,
  ...need,
});

export const completeSchema = z.object({ version });
