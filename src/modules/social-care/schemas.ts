import { z } from 'zod';
import { versionField } from '../../platform/views/fields.ts';

/**
 * The social care forms: the outcome of a hand-off (and why, which no further action needs), an escalation raised,
 * a stage's response, moving up a stage, the resolution. Text is kept as typed and escaped when shown; NUL is
 * refused before this by the input guard.
 */
const required = (max: number, label: string, missing: string) =>
  z
    .string({ message: missing })
    .trim()
    .min(1, missing)
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);

export const outcomeSchema = z
  .object({
    outcome: z.enum(['strategy-discussion', 'assessment', 'no-further-action'], {
      message: 'Select the outcome',
    }),
    reason: z
      .string()
      .trim()
      .max(2000, 'The reason must be 2,000 characters or fewer')
      .catch((ctx) => (typeof ctx.value === 'string' ? ctx.value.trim().slice(0, 2001) : '')),
    version: versionField(),
  })
  .superRefine((form, ctx) => {
    if (form.reason.length > 2000)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'The reason must be 2,000 characters or fewer' });
    if (form.outcome === 'no-further-action' && !form.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why there is no further action at level 4' });
  });

export const raiseSchema = z.object({
  stage: z.string({ message: 'Select the stage' }).trim().min(1, 'Select the stage').max(60, 'Select the stage'),
  asked: required(5000, 'What you are asking', 'Enter what you disagree with and what you are asking for'),
});

export const respondSchema = z.object({
  response: required(5000, 'The response', 'Enter the response'),
  version: versionField(),
});

export const moveUpSchema = z.object({
  asked: required(5000, 'What you are asking', 'Enter what you are asking at the next stage'),
  version: versionField(),
});

/** A manager asks someone else at the first stage: one of the users the page lists (checked by the service). */
export const reassignSchema = z.object({
  addressedTo: z
    .string({ message: 'Select who is to answer' })
    .trim()
    .refine((v) => /^[0-9a-f-]{36}$/i.test(v), 'Select who is to answer'),
  version: versionField(),
});

export const resolveSchema = z.object({
  resolution: required(2000, 'The resolution', 'Enter how the escalation was resolved'),
  version: versionField(),
});

/** The outbound API's acknowledgement body: the social care system's own reference, if it has one. */
export const acknowledgementSchema = z
  .object({ external_reference: z.string().trim().min(1).max(100).optional() })
  .strict()
  .nullish();
