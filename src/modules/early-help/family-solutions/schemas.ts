import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';
import { RECORD_DATES, dateInput } from '../../../platform/views/date-input.ts';

/** One zod schema per Family Solutions form; messages are what the GOV.UK error summary shows. */

const version = versionField();
const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`);

/** A GOV.UK date input in a casework record's years; whether it may be past or future is the service's rule. */
const dateField = (label: string) => dateInput({ ...RECORD_DATES, label });

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
  'agreedOn-day': dateField('the date the family agreed'),
  agreedBy: checkboxes.pipe(z.array(z.string()).min(1, 'Select the adults in the family who agreed')),
  familyAgrees: text('what the family agree to', 5000),
  serviceAgrees: text('what Family Solutions agree to', 5000),
});

export const supervisionSchema = z.object({
  'supervisedOn-day': dateField('the date of the supervision'),
  notes: text('the supervision notes', 10000),
  decisions: text('the decisions made', 5000),
  'nextDue-day': dateField('the date of the next supervision'),
});

export const sustainmentSchema = z.object({
  version,
  sustained: z.enum(['yes', 'no'], 'Select whether the family’s progress has lasted').transform((v) => v === 'yes'),
  notes: z.string().trim().max(5000, 'The notes must be 5,000 characters or fewer'),
});
