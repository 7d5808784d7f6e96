import { z } from 'zod';

/** Characters as PostgreSQL counts them (code points), so the form and the table's check agree. */
const length = (s: string) => [...s].length;

export const REASON_MIN = 10;
export const REASON_MAX = 1000;
/** The choices on the form; the service accepts any whole number of minutes up to its maximum. */
export const DURATIONS = [
  { minutes: 30, text: '30 minutes' },
  { minutes: 60, text: '1 hour' },
  { minutes: 240, text: '4 hours' },
] as const;

/** Names a record as the audit trail does: a kebab-case type and a UUID. */
export const recordQuerySchema = z.object({
  type: z.string().regex(/^[a-z][a-z0-9-]{0,49}$/),
  id: z.uuid(),
  returnTo: z.string().max(2000).optional(),
});

export const breakGlassSchema = z.object({
  reason: z
    .string({ message: 'Enter why you need emergency access to this record' })
    .trim()
    .refine((s) => length(s) > 0, 'Enter why you need emergency access to this record')
    .refine((s) => length(s) === 0 || length(s) >= REASON_MIN, `Reason must be ${REASON_MIN} characters or more`)
    .refine((s) => length(s) <= REASON_MAX, `Reason must be ${REASON_MAX} characters or fewer`),
  minutes: z
    .string({ message: 'Select how long you need emergency access for' })
    .refine((v) => DURATIONS.some((d) => String(d.minutes) === v), 'Select how long you need emergency access for')
    .transform(Number),
});

export const endGrantSchema = z.object({ grantId: z.uuid() });
