import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { text } from './text-fields.ts';
import { realIsoDate } from '../../../platform/views/date-input.ts';

/**
 * The missing episode's fields of a police notification of category `missing` (issue 13; seed 002 "Responding to
 * missing children"): what happened (report, update, return), where the child went missing from, when and by whom
 * it was reported, the police's risk grading, and, on a return, when, where and how they were found. The episode is
 * named by `episode_reference` (the police reference of its first report when not given), so the report, its
 * updates and the return stay one episode. Column-by-column documentation: docs/police-notifications.md.
 */

export const MISSING_EVENTS = { report: 'Reported missing', update: 'Update', return: 'Returned or found' } as const;
export const MISSING_FROM = {
  home: 'Home',
  'care-placement': 'Care placement',
  school: 'School',
  other: 'Somewhere else',
} as const;
/** The police's risk grades for a missing person. */
export const RISK_GRADINGS = {
  'no-apparent-risk': 'No apparent risk',
  low: 'Low risk',
  medium: 'Medium risk',
  high: 'High risk',
} as const;

const codes = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const oneOf = <T extends Record<string, string>>(label: string, o: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(codes(o), { error: `${label} must be one of: ${codes(o).join(', ')}` }),
  );

const blankIsAbsent = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

const LONDON = 'Europe/London';
const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/;

/**
 * '2026-12-06T14:30', '2026-12-06T14:30:00Z', '2026-12-06 14:30+01:00' or '06/12/2026 14:30' as the instant it is;
 * a time without an offset is the time in England (British Summer Time or not). Null when it is not a real one.
 */
export function policeInstant(raw: string): Date | null {
  const v = raw.trim();
  let day: string,
    hh: number,
    mm: number,
    ss = 0,
    zone: string | undefined;
  const iso = ISO.exec(v);
  const uk = UK.exec(v);
  if (iso) {
    [day, hh, mm, ss, zone] = [iso[1]!, Number(iso[2]), Number(iso[3]), Number(iso[4] ?? 0), iso[5]];
  } else if (uk) {
    day = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
    [hh, mm] = [Number(uk[4]), Number(uk[5])];
  } else return null;
  if (realIsoDate(day) === null || hh > 23 || mm > 59 || ss > 59) return null;
  if (zone) {
    const at = new Date(
      `${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`,
    );
    return Number.isNaN(at.getTime()) ? null : at;
  }
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, ss, LONDON).getTime());
}

/** Five minutes' grace for a police system's clock running a little ahead of Hearth's. */
const CLOCK_GRACE_MS = 5 * 60_000;
const instant = (label: string) =>
  z.string({ error: `${label} must be a date and time, like 2026-12-06T14:30` }).transform((v, ctx) => {
    const at = policeInstant(v);
    if (!at) {
      ctx.addIssue({ code: 'custom', message: `${label} must be a real date and time, like 2026-12-06T14:30` });
      return z.NEVER;
    }
    if (at.getTime() > Date.now() + CLOCK_GRACE_MS) {
      ctx.addIssue({ code: 'custom', message: `${label} must be now or in the past` });
      return z.NEVER;
    }
    if (at.getFullYear() < 2000) {
      ctx.addIssue({ code: 'custom', message: `${label} must be after 2000: check the year` });
      return z.NEVER;
    }
    return at;
  });

export const missingSchema = z
  .object(
    {
      event: oneOf('Missing event', MISSING_EVENTS),
      episode_reference: z.preprocess(
        blankIsAbsent,
        text('Episode reference', 50)
          .refine(
            (v) => /^[A-Za-z0-9][A-Za-z0-9/_.:-]*$/.test(v),
            'Episode reference must only include letters, numbers and / _ . : -',
          )
          .transform((v) => v.toUpperCase())
          .optional(),
      ),
      missing_from: oneOf('Missing from', MISSING_FROM),
      reported_at: instant('Reported at'),
      reported_by: text('Reported by', 200).refine((v) => v.length > 0, 'Enter who reported the child missing'),
      risk_grading: oneOf('Risk grading', RISK_GRADINGS),
      returned_at: z.preprocess(blankIsAbsent, instant('Returned at').optional()),
      returned_where: z.preprocess(blankIsAbsent, text('Returned where', 1000).optional()),
      returned_how: z.preprocess(blankIsAbsent, text('Returned how', 1000).optional()),
    },
    { error: 'Give the missing episode (missing) for a notification of category missing' },
  )
  .strict()
  .superRefine((v, ctx) => {
    if (v.event === 'return') {
      if (!v.returned_at)
        ctx.addIssue({ code: 'custom', path: ['returned_at'], message: 'Enter when the child returned or was found' });
      if (!v.returned_where)
        ctx.addIssue({ code: 'custom', path: ['returned_where'], message: 'Enter where the child was found' });
    } else if (v.returned_at || v.returned_where || v.returned_how) {
      ctx.addIssue({
        code: 'custom',
        path: ['event'],
        message: 'Missing event must be return when the return (returned_at, returned_where, returned_how) is given',
      });
    }
    if (v.returned_at && v.reported_at && v.returned_at < v.reported_at)
      ctx.addIssue({
        code: 'custom',
        path: ['returned_at'],
        message: 'Returned at must be after the child was reported missing (reported_at): check both times',
      });
  });
export type MissingInput = z.output<typeof missingSchema>;
