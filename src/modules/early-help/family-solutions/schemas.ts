import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';

/** One zod schema per Family Solutions form; messages are what the GOV.UK error summary shows. */

const version = versionField();
const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`);

const isRealDate = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/** A GOV.UK date input (day, month, year) as 'YYYY-MM-DD'. Whether it may be past or future is the service's rule. */
const dateInput = (label: string) =>
  z.object({ day: z.string().trim(), month: z.string().trim(), year: z.string().trim() }).transform((v, ctx) => {
    if (!v.day && !v.month && !v.year) {
      ctx.addIssue({ code: 'custom', message: `Enter ${label}` });
      return z.NEVER;
    }
    const [d, m, y] = [Number(v.day), Number(v.month), Number(v.year)];
    if (![d, m, y].every(Number.isInteger) || v.year.length !== 4 || !isRealDate(y, m, d) || y < 2000) {
      ctx.addIssue({
        code: 'custom',
        message: `${label[0]!.toUpperCase()}${label.slice(1)} must be a real date, like 27 3 2026`,
      });
      return z.NEVER;
    }
    return `${v.year}-${v.month.padStart(2, '0')}-${v.day.padStart(2, '0')}`;
  });

/** Gathers each date input's three fields into one object, under `<name>-day` so errors link to the day field. */
export function withDates(body: unknown, names: string[]): Record<string, unknown> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    ...b,
    ...Object.fromEntries(
      names.map((n) => [
        `${n}-day`,
        { day: b[`${n}-day`] ?? '', month: b[`${n}-month`] ?? '', year: b[`${n}-year`] ?? '' },
      ]),
    ),
  };
}

/** Checkboxes arrive as one string, an array, or nothing. */
const checkboxes = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string()),
);

export const allocateSchema = z.object({
  version,
  teamId: z.string().trim().min(1, 'Select a Family Solutions team'),
  workerId: z.string().trim().min(1, 'Select the worker to allocate'),
  overCapacityReason: z.string().trim().max(2000, 'The reason must be 2,000 characters or fewer'),
});

export const agreementSchema = z.object({
  /** 0 when no agreement was recorded as the form opened. */
  version: versionField(0),
  'agreedOn-day': dateInput('the date the family agreed'),
  agreedBy: checkboxes.pipe(z.array(z.string()).min(1, 'Select the adults in the family who agreed')),
  familyAgrees: text('what the family agree to', 5000),
  serviceAgrees: text('what Family Solutions agree to', 5000),
});

export const supervisionSchema = z.object({
  'supervisedOn-day': dateInput('the date of the supervision'),
  notes: text('the supervision notes', 10000),
  decisions: text('the decisions made', 5000),
  'nextDue-day': dateInput('the date of the next supervision'),
});

export const sustainmentSchema = z.object({
  version,
  sustained: z.enum(['yes', 'no'], 'Select whether the family’s progress has lasted').transform((v) => v === 'yes'),
  notes: z.string().trim().max(5000, 'The notes must be 5,000 characters or fewer'),
});
