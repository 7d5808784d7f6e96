import { add, format, isValid, parse, parseISO, type Duration } from 'date-fns';
import { z } from 'zod';
import { todayInLondon } from '../calendar/london.ts';

/**
 * The GOV.UK date input (three boxes: day, month, year) read one way for every form: the messages of the design
 * system's pattern (https://design-system.service.gov.uk/components/date-input/), the calendar of date-fns, and
 * "today" as the day in England (Europe/London), so a child born after midnight in summer is born today.
 * NUL and broken Unicode never get here: the input guard refuses them first (platform/http/input-guard.ts).
 */

/** The three boxes as typed. */
export interface DateParts {
  day: unknown;
  month: unknown;
  year: unknown;
}

/** A limit: a day ('YYYY-MM-DD') or a distance from today (`{ years: -120 }`, `{ months: 10 }`), with its message. */
export interface DateLimit {
  date: string | Duration;
  /** What to say when the date is beyond it; by default "… must be the same as or after 1 January 2000". */
  message?: string;
}

export interface DateRules {
  /** What the date is, as messages name it: 'the date of the review', 'their date of birth'. */
  label: string;
  /**
   * How the other messages begin, when not the label as a sentence: GOV.UK asks "Enter their date of birth" and
   * says "Date of birth must include a month".
   */
  subject?: string;
  /** false: three empty boxes are no answer (null), not a problem. Default true. */
  required?: boolean;
  /** 'past': today or before; 'future': today or after. Either by default. */
  when?: 'past' | 'future';
  /** Overrides the message of `when` (for example to say what to do instead). */
  whenMessage?: string;
  earliest?: DateLimit;
  latest?: DateLimit;
  /** A real date in the example of the "must be a real date" message. Default '27 3 2026'. */
  example?: string;
  /** Today in England ('YYYY-MM-DD'); tests and forms that carry their own clock pass it. */
  today?: string | (() => string);
}

export type DateCheck = { date: string; problem: null } | { date: string | null; problem: string } | NoAnswer;
type NoAnswer = { date: null; problem: null };

const PARTS = ['day', 'month', 'year'] as const;
const DIGITS = { day: /^\d{1,2}$/, month: /^\d{1,2}$/, year: /^\d{4}$/ };
const longDate = (iso: string) => format(parseISO(iso), 'd MMMM yyyy');

/** 'the date of the review' → 'The date of the review', as a sentence starts. */
export const sentence = (label: string) => label.replace(/^./, (c) => c.toUpperCase());

/** The day of a limit: an ISO day as it is, a distance counted from today on the calendar. */
function limitDay(limit: DateLimit, today: string): string {
  return typeof limit.date === 'string' ? limit.date : format(add(parseISO(today), limit.date), 'yyyy-MM-dd');
}

/**
 * The date typed into a GOV.UK date input, as 'YYYY-MM-DD', or the problem with it in the design system's words.
 * A date that is real but outside the rules comes back with its problem and the date (for messages that name it).
 */
export function checkDateInput(parts: DateParts, rules: DateRules): DateCheck {
  const typed = PARTS.map((part) => {
    const value = parts[part];
    return typeof value === 'string' ? value.trim() : '';
  }) as [string, string, string];
  const Label = rules.subject ?? sentence(rules.label);
  if (typed.every((value) => !value)) {
    return rules.required === false ? { date: null, problem: null } : { date: null, problem: `Enter ${rules.label}` };
  }
  const missing = PARTS.filter((_, i) => !typed[i]);
  if (missing.length) return { date: null, problem: `${Label} must include a ${missing.join(' and ')}` };
  const realDate = `${Label} must be a real date, like ${rules.example ?? '27 3 2026'}`;
  if (!PARTS.every((part, i) => DIGITS[part].test(typed[i]!))) return { date: null, problem: realDate };
  const [day, month, year] = typed;
  const parsed = parse(`${year}-${month}-${day}`, 'yyyy-M-d', new Date(2000, 0, 1));
  if (!isValid(parsed)) return { date: null, problem: realDate };
  const date = format(parsed, 'yyyy-MM-dd');

  const today = typeof rules.today === 'function' ? rules.today() : (rules.today ?? todayInLondon());
  if (rules.when === 'past' && date > today)
    return { date, problem: rules.whenMessage ?? `${Label} must be today or in the past` };
  if (rules.when === 'future' && date < today)
    return { date, problem: rules.whenMessage ?? `${Label} must be today or in the future` };
  if (rules.earliest) {
    const earliest = limitDay(rules.earliest, today);
    if (date < earliest)
      return { date, problem: rules.earliest.message ?? `${Label} must be the same as or after ${longDate(earliest)}` };
  }
  if (rules.latest) {
    const latest = limitDay(rules.latest, today);
    if (date > latest)
      return { date, problem: rules.latest.message ?? `${Label} must be the same as or before ${longDate(latest)}` };
  }
  return { date, problem: null };
}

/**
 * Dates in casework records (a plan's start, a meeting, a review, an agreement): from 2000, when no record here
 * began earlier, so a mistyped year ('0226') is caught rather than stored. How far ahead a date may be is each
 * form's rule (a next review, a supervision), so there is no common latest day.
 */
export const RECORD_DATES = {
  earliest: { date: '2000-01-01' },
} as const satisfies Pick<DateRules, 'earliest'>;

/** A date of birth: today or before, and no more than 120 years ago (an age over 120 is a mistyped year). */
export const BIRTH_DATES = {
  when: 'past',
  earliest: {
    date: { years: -121, days: 1 },
    message: 'Date of birth must be within the last 120 years: check the year',
  },
  example: '27 3 2015',
} as const satisfies Pick<DateRules, 'when' | 'earliest' | 'example'>;

const partsSchema = z.object({ day: z.unknown(), month: z.unknown(), year: z.unknown() });

/**
 * A zod field for a date input gathered by `withDateInputs` under `<name>-day` (where the error summary links):
 * 'YYYY-MM-DD', or null when `required: false` and left blank.
 */
export function dateInput(rules: DateRules & { required?: true }): z.ZodType<string, unknown>;
export function dateInput(rules: DateRules & { required: false }): z.ZodType<string | null, unknown>;
export function dateInput(rules: DateRules): z.ZodType<string | null, unknown> {
  return partsSchema.catch({ day: '', month: '', year: '' }).transform((parts, ctx) => {
    const checked = checkDateInput(parts, rules);
    if (checked.problem !== null) {
      ctx.addIssue({ code: 'custom', message: checked.problem });
      return z.NEVER;
    }
    return checked.date;
  });
}

/**
 * A form body with each named date input's three boxes (`<name>-day`, `<name>-month`, `<name>-year`) gathered into
 * one value under `<name>-day`, for a schema using `dateInput`. The boxes themselves stay, so the page refills them.
 */
export function withDateInputs(body: unknown, names: readonly string[]): Record<string, unknown> {
  const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const gathered = names.map((name) => [
    `${name}-day`,
    { day: values[`${name}-day`] ?? '', month: values[`${name}-month`] ?? '', year: values[`${name}-year`] ?? '' },
  ]);
  return { ...values, ...Object.fromEntries(gathered) };
}

/** A stored 'YYYY-MM-DD' as the three boxes' values, to fill the input again ('2026-03-07' → 7, 3, 2026). */
export function dateInputValues(name: string, iso: string | null | undefined): Record<string, string> {
  const [year = '', month = '', day = ''] = (iso ?? '').split('-');
  const unpadded = (value: string) => (value ? String(Number(value)) : '');
  return { [`${name}-day`]: unpadded(day), [`${name}-month`]: unpadded(month), [`${name}-year`]: year };
}

/** The `items` of govukDateInput for the boxes of `name`, refilled from `values`, marked when the date has an error. */
export const dateInputItems = (name: string, values: Record<string, unknown>, error: boolean) =>
  PARTS.map((part) => ({
    id: `${name}-${part}`,
    name: `${name}-${part}`,
    label: part[0]!.toUpperCase() + part.slice(1),
    value: values[`${name}-${part}`] ?? '',
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${error ? ' govuk-input--error' : ''}`,
  }));

/** A day typed as text ('2015-03-27'), as in a CSV file or an API: the same day back if it is real, else null. */
export function realIsoDate(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const parsed = parse(value, 'yyyy-MM-dd', new Date(2000, 0, 1));
  return isValid(parsed) ? value : null;
}
