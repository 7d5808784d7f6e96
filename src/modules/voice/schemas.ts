import { z } from 'zod';
import { RECORD_DATES, dateInput } from '../../platform/views/date-input.ts';
import { versionField, boundedText as text, requiredText as required } from '../../platform/views/fields.ts';

/**
 * The voice forms (issue 16): a survey round, one response typed in, a pasted import, a Children in Care Council
 * meeting and its follow-up, a revision of the Pledge or the Charter. One schema a form; free text is kept as typed
 * and escaped when shown; NUL and broken Unicode are refused before any of this (platform/http/input-guard.ts).
 * The tenant's lists (age groups, questions, decision-makers, documents) are checked by the service, which knows them.
 */

const code = (message: string) =>
  z
    .string()
    .max(60, message)
    .regex(/^[a-z0-9+-]{1,60}$/, message);
const year = z
  .string()
  .trim()
  .regex(/^\d{4}$/, 'Enter the year as four digits, like 2026')
  .transform(Number)
  .pipe(z.number().int().min(2000, 'The year must be 2000 or later').max(2100, 'The year must be 2100 or earlier'));

export const ROUND_FIELDS = ['year', 'opensOn-day', 'closesOn-day'];
export const roundSchema = z
  .object({
    year,
    'opensOn-day': dateInput({ ...RECORD_DATES, label: 'the day the round opens' }),
    'closesOn-day': dateInput({ ...RECORD_DATES, label: 'the day the round closes' }),
  })
  .superRefine((r, ctx) => {
    if (r['closesOn-day'] < r['opensOn-day'])
      ctx.addIssue({
        code: 'custom',
        path: ['closesOn-day'],
        message: 'The day the round closes must be the same as or after the day it opens',
      });
  })
  .transform((r) => ({ year: r.year, opensOn: r['opensOn-day'], closesOn: r['closesOn-day'] }));
export type RoundInput = z.output<typeof roundSchema>;

/** One response as typed: the day, the age group and `q-<question code>` answers (checked by the service). */
export const RESPONSE_FIELDS = ['respondedOn-day', 'ageGroup'];
export const responseSchema = z
  .object({
    'respondedOn-day': dateInput({ ...RECORD_DATES, label: 'the day of the response', when: 'past' }),
    ageGroup: code('Select the young person’s age group'),
  })
  .transform((r) => ({ respondedOn: r['respondedOn-day'], ageGroup: r.ageGroup }));

/** The answers of a response form: every `q-…` field, as typed ('' for none). Anything else is not an answer. */
export function answersOf(body: unknown): Map<string, string> {
  const answers = new Map<string, string>();
  if (!body || typeof body !== 'object') return answers;
  for (const [name, value] of Object.entries(body as Record<string, unknown>))
    if (name.startsWith('q-') && typeof value === 'string' && value.trim() !== '')
      answers.set(name.slice(2), value.trim());
  return answers;
}

export const importSchema = z.object({
  csv: required(2_000_000, 'The pasted rows', 'Paste the rows of the survey, with the header row first'),
});

export const MEETING_FIELDS = ['heldOn-day', 'title', 'decisionMakers', 'youngPeople', 'raised', 'agreed', 'followUp'];
const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
export const meetingSchema = z
  .object({
    'heldOn-day': dateInput({ ...RECORD_DATES, label: 'the day of the meeting', when: 'past' }),
    title: required(200, 'The meeting', 'Enter what the meeting was, like “Corporate Parenting Panel, themed: Home”'),
    decisionMakers: z.preprocess(
      asList,
      z
        .array(code('Select who attended'), 'Select who attended')
        .min(1, 'Select the decision-makers who attended')
        .max(20, 'Select who attended'),
    ),
    youngPeople: z
      .string()
      .trim()
      .max(4, 'Enter the number of young people as a whole number from 0 to 500')
      .regex(/^\d*$/, 'Enter the number of young people as a whole number, like 6')
      .transform((v) => (v === '' ? 0 : Number(v)))
      .pipe(z.number().int().min(0).max(500, 'The number of young people must be 500 or fewer')),
    raised: required(4000, 'What was raised', 'Enter what the young people raised'),
    agreed: text(4000, 'What was agreed'),
    followUp: text(4000, 'The follow-up'),
  })
  .transform((m) => ({
    heldOn: m['heldOn-day'],
    title: m.title,
    decisionMakers: [...new Set(m.decisionMakers)],
    youngPeople: m.youngPeople,
    raised: m.raised,
    agreed: m.agreed,
    followUp: m.followUp,
  }));
export type MeetingInput = z.output<typeof meetingSchema>;

export const followUpSchema = z.object({
  version: versionField(),
  followUp: required(4000, 'The follow-up', 'Say what was done to follow up what was agreed'),
  followedUp: z.enum(['yes', 'no'], 'Select whether everything agreed is followed up').transform((v) => v === 'yes'),
});

export const VERSION_FIELDS = ['document', 'year', 'agreedOn-day', 'agreedBy', 'promises', 'whatChanged'];
export const versionSchema = z
  .object({
    document: code('Select the Pledge or the Charter'),
    year,
    'agreedOn-day': dateInput({ ...RECORD_DATES, label: 'the day it was agreed', when: 'past' }),
    agreedBy: required(400, 'Who agreed it', 'Enter who agreed it, like “Children in Care Council and the Panel”'),
    promises: required(20_000, 'The promises', 'Enter the promises, one a line'),
    whatChanged: text(4000, 'What changed'),
  })
  .transform((v, ctx) => {
    const promises = v.promises
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    if (promises.length > 100) {
      ctx.addIssue({ code: 'custom', path: ['promises'], message: 'Enter at most 100 promises' });
      return z.NEVER;
    }
    if (promises.some((p) => p.length > 500)) {
      ctx.addIssue({ code: 'custom', path: ['promises'], message: 'Each promise must be 500 characters or fewer' });
      return z.NEVER;
    }
    return {
      document: v.document,
      year: v.year,
      agreedOn: v['agreedOn-day'],
      agreedBy: v.agreedBy,
      promises,
      whatChanged: v.whatChanged,
    };
  });
export type VersionInput = z.output<typeof versionSchema>;
