import { z } from 'zod';
import { RECORD_DATES, checkDateInput, type DateParts } from '../../../platform/views/date-input.ts';
import { versionField, boundedText as text } from '../../../platform/views/fields.ts';

/**
 * The forms of responding to a missing episode: the Missing Co-ordinator's scrutiny (findings, actions, whether a
 * referral is needed) and closing the episode (a note, and the episode's version). Text is kept as typed and
 * escaped when shown; NUL is refused before this by the input guard.
 */

/** How many action rows the scrutiny form offers (without JavaScript): more can be written in the findings. */
export const ACTION_ROWS = 3;
export const actionRows = Array.from({ length: ACTION_ROWS }, (_, i) => i + 1);

/** The scrutiny form's fields in page order, for the error summary. */
export const SCRUTINY_FIELDS = [
  'findings',
  ...actionRows.flatMap((n) => [`action${n}What`, `action${n}Who`, `action${n}By-day`]),
  'referralNeeded',
];

const field = z.string().max(20_000).catch('');
const fieldNames = ['findings', 'referralNeeded', ...actionRows.flatMap((n) => [`action${n}What`, `action${n}Who`])];
/** Each action's date input, gathered by withDateInputs under `action<n>By-day`. */
const dateParts = z
  .object({ day: z.unknown(), month: z.unknown(), year: z.unknown() })
  .catch({ day: '', month: '', year: '' });
const dateNames = actionRows.map((n) => `action${n}By-day`);

export interface ScrutinyInput {
  findings: string;
  actions: { what: string; who: string; byWhen: string }[];
  referralNeeded: boolean;
}

/** Every problem at once: the object's fields are only strings, and each rule is checked here in page order. */
export const scrutinySchema = z
  .object({
    ...Object.fromEntries(fieldNames.map((name) => [name, field])),
    ...Object.fromEntries(dateNames.map((name) => [name, dateParts])),
  })
  .transform((form, ctx): ScrutinyInput => {
    const v = form as Record<string, string>;
    const dates = form as Record<string, DateParts>;
    let problems = 0;
    let started = 0;
    const problem = (path: string, message: string) => {
      problems++;
      ctx.addIssue({ code: 'custom', path: [path], message });
    };
    const trimmed = (name: string) => (v[name] ?? '').trim();
    const tooLong = (name: string, max: number, label: string) => {
      const over = trimmed(name).length > max;
      if (over) problem(name, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);
      return over;
    };
    const findings = trimmed('findings');
    if (!findings) problem('findings', 'Enter the findings of the scrutiny');
    else tooLong('findings', 5000, 'The findings');
    const actions: ScrutinyInput['actions'] = [];
    for (const n of actionRows) {
      const [whatName, whoName] = [`action${n}What`, `action${n}Who`];
      const what = trimmed(whatName);
      const who = trimmed(whoName);
      const parts = dates[`action${n}By-day`] ?? { day: '', month: '', year: '' };
      if (!what && !who && ![parts.day, parts.month, parts.year].some((p) => typeof p === 'string' && p.trim()))
        continue;
      started++;
      const before = problems;
      if (!what) problem(whatName, `Enter what action ${n} is`);
      else tooLong(whatName, 1000, `Action ${n}`);
      if (!who) problem(whoName, `Enter who will do action ${n}`);
      else tooLong(whoName, 200, `Who will do action ${n}`);
      const by = checkDateInput(parts, {
        ...RECORD_DATES,
        label: `the date action ${n} is to be done by`,
        subject: `The date for action ${n}`,
        when: 'future',
      });
      if (by.problem) problem(`action${n}By-day`, by.problem);
      if (problems === before && by.date) actions.push({ what, who, byWhen: by.date });
    }
    if (!started) problem('action1What', 'Enter at least one action: what is to be done, who will do it and by when');
    const referral = v.referralNeeded;
    if (referral !== 'yes' && referral !== 'no') problem('referralNeeded', 'Select whether a referral is needed');
    return { findings, actions, referralNeeded: referral === 'yes' };
  });

export const closeSchema = z.object({
  closingNote: text(2000, 'The closing note').refine((v) => v.length > 0, 'Enter a closing note'),
  version: versionField(),
});

export const scrutinyListSchema = z.object({ show: z.enum(['waiting', 'done']).catch('waiting') });
