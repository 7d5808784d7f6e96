import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import type { Mace1ActionStatus, Mace1Kind, Mace1RiskLevel } from '../../../platform/db/schema/index.ts';
import { parseTimeOfDay } from '../../../platform/time-of-day.ts';
import { BIRTH_DATES, RECORD_DATES, dateInput } from '../../../platform/views/date-input.ts';
import { versionField, boundedText as text, requiredText as required, oneOf } from '../../../platform/views/fields.ts';
import { nameField } from '../../people/index.ts';

/**
 * MACE 1's forms, one zod schema each (decision 008): a nomination (or a case a coordinator opens directly), a
 * decline, a meeting, an agency's information, the meeting's discussion of a case, and a protection plan action.
 * Free text is kept as typed and escaped when shown. Date inputs are gathered by `withDateInputs` first.
 */

/** Seed 002: "children assessed to be at high risk of being exploited, or vulnerable perpetrators of exploitation to their peers". */
export const KINDS: Record<Mace1Kind, string> = {
  'at-risk': 'At high risk of being exploited',
  'exploiting-peers': 'A vulnerable young person exploiting their peers',
};
export const RISK_LEVELS: Record<Mace1RiskLevel, string> = { high: 'High', medium: 'Medium', low: 'Low' };
export const ACTION_STATUSES: Record<Mace1ActionStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const DATE_FIELDS = {
  nomination: ['childDateOfBirth'],
  meeting: ['date'],
  discussion: ['nextReview'],
  action: ['due'],
} as const;

/** A nomination, or the case a coordinator opens directly (the same questions). */
export const nominationSchema = (districtIds: readonly string[]) =>
  z.object({
    kind: z.enum(['at-risk', 'exploiting-peers'], 'Select why the child is nominated to MACE 1'),
    childFirstName: nameField({ label: 'the child’s first name', empty: 'Enter the child’s first name' }),
    childLastName: nameField({ label: 'the child’s last name', empty: 'Enter the child’s last name' }),
    'childDateOfBirth-day': dateInput({ ...BIRTH_DATES, label: 'the child’s date of birth', required: false }),
    district: oneOf(districtIds, 'Select the district where the child lives'),
    why: required(5000, 'Why the child is nominated', 'Enter why the child is nominated'),
    agencies: text(2000, 'The agencies involved'),
    concernId: z.string().max(36).default(''),
  });
export type NominationInput = z.output<ReturnType<typeof nominationSchema>>;

export const declineSchema = z.object({
  reason: required(
    2000,
    'The reason',
    'Enter why the nomination is declined; the practitioner who nominated the child will see it',
  ),
});

/** A day and time in England as the instant it is (British Summer Time or not). */
export function londonInstant(day: string, time: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 'Europe/London').getTime());
}

export const meetingSchema = (quadrantIds: readonly string[]) =>
  z
    .object({
      quadrant: oneOf(quadrantIds, 'Select the quadrant whose panel meets'),
      'date-day': dateInput({ ...RECORD_DATES, label: 'the date of the meeting', when: 'future' }),
      time: z.unknown().transform((v, ctx) => {
        const time = parseTimeOfDay(v);
        if (!time) {
          ctx.addIssue({ code: 'custom', message: 'Enter the time the meeting starts, like 9:30am or 2pm' });
          return z.NEVER;
        }
        return time;
      }),
      where: z.enum(['in-person', 'online'], 'Select whether the meeting is in person or online'),
      place: required(
        300,
        'Where the meeting is',
        'Enter where the meeting is, or the link or dial-in for an online meeting',
      ),
      chair: required(200, 'The chair’s name', 'Enter who chairs the meeting'),
    })
    .transform((v) => ({
      quadrantId: v.quadrant,
      startsAt: londonInstant(v['date-day'], v.time),
      online: v.where === 'online',
      place: v.place,
      chair: v.chair,
    }));
export type MeetingInput = z.output<ReturnType<typeof meetingSchema>>;

export const informationSchema = z.object({
  information: required(5000, 'Your agency’s information', 'Enter your agency’s information about the child'),
});

/** The meeting's discussion of a case: the summary, the risk level, and a next review or exit with its reason. */
export const discussionSchema = (exitReasons: readonly string[], now = new Date()) =>
  z
    .object({
      version: versionField(),
      summary: required(5000, 'The discussion', 'Enter a summary of the discussion'),
      riskLevel: z.enum(['high', 'medium', 'low'], 'Select the risk level'),
      outcome: z.enum(['review', 'exit'], 'Select whether the child stays in MACE 1 for review, or exits'),
      'nextReview-day': z.unknown(),
      exitReason: z.string().max(100),
    })
    .superRefine((v, ctx) => {
      if (v.outcome === 'review') {
        const due = dateInput({
          ...RECORD_DATES,
          label: 'the next review date',
          when: 'future',
          today: todayInLondon(now),
        }).safeParse(v['nextReview-day']);
        if (!due.success)
          ctx.addIssue({ code: 'custom', path: ['nextReview-day'], message: due.error.issues[0]!.message });
      }
      if (v.outcome === 'exit' && !exitReasons.includes(v.exitReason))
        ctx.addIssue({ code: 'custom', path: ['exitReason'], message: 'Select the reason the child exits MACE 1' });
    })
    .transform((v) => ({
      version: v.version,
      summary: v.summary,
      riskLevel: v.riskLevel,
      outcome: v.outcome,
      nextReviewOn:
        v.outcome === 'review'
          ? (dateInput({ ...RECORD_DATES, label: 'the next review date' }).parse(v['nextReview-day']) as string)
          : null,
      exitReason: v.outcome === 'exit' ? v.exitReason : null,
    }));
export type DiscussionInput = z.output<ReturnType<typeof discussionSchema>>;

/** A protection plan action: the agency, what, who owns it, when it is due and how it stands. */
export const actionSchema = (organisationIds: readonly string[]) =>
  z.object({
    version: versionField()
      .optional()
      .or(z.literal('').transform(() => undefined)),
    organisation: oneOf(organisationIds, 'Select the agency that will do this'),
    action: required(2000, 'The action', 'Enter the action'),
    owner: required(200, 'Who owns it', 'Enter the name of the person who owns the action'),
    'due-day': dateInput({ ...RECORD_DATES, label: 'the date it is due' }),
    status: z.enum(['not-started', 'in-progress', 'done', 'cancelled'], 'Select how the action stands'),
  });
export type ActionInput = z.output<ReturnType<typeof actionSchema>>;

export const panelMemberSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter the email address of the person to add')
    .max(320, 'The email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
});
