import { parseTimeOfDay } from '../../../platform/time-of-day.ts';
import { londonDay } from '../../../platform/calendar/london.ts';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { RECORD_DATES, checkDateInput, type DateRules } from '../../../platform/views/date-input.ts';
import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';
import type { PlanActionStatus, TafAttendance, TafSupportKind } from '../../../platform/db/schema/index.ts';

/**
 * The TAF meeting and support log forms: one zod schema each, messages as the GOV.UK error summary
 * shows them. Meetings happen in England, so a date and time typed on a form is an instant in
 * Europe/London (the offset changes with the clocks) and days are London days.
 */

const LONDON = 'Europe/London';

export const ATTENDANCE: Record<TafAttendance, string> = {
  attended: 'Attended',
  apologies: 'Sent apologies',
  'did-not-attend': 'Did not attend',
};
export const SUPPORT_KINDS: Record<TafSupportKind, string> = {
  advice: 'Advice',
  'meeting-convened': 'TAF meeting convened',
  'meeting-attended': 'TAF meeting attended',
  'plan-reviewed': 'Early Help Plan reviewed',
};

/** Today in England, as 'YYYY-MM-DD'. */
export { londonDay };
/** The time of day in England, as 'HH:mm'. */
export const londonTime = (instant: Date) => format(new TZDate(instant.getTime(), LONDON), 'HH:mm');

/** 'YYYY-MM-DD' from a GOV.UK date input's boxes (`<name>-day`, `-month`, `-year`), or what is wrong with them. */
const dayOf = (v: Record<string, unknown>, name: string, rules: DateRules) =>
  checkDateInput({ day: v[`${name}-day`], month: v[`${name}-month`], year: v[`${name}-year`] }, rules);

/** A time as people type it ('9.30am', '14:30', '2pm') as 'HH:mm', or null: see platform/time-of-day.ts. */
export const checkTime = parseTimeOfDay;

/** A day and time in England as the instant it is (British Summer Time or not). */
export function londonInstant(day: string, time: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, LONDON).getTime());
}

const version = versionField();
const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);
/** Checkboxes: absent, one value (a string) or several (an array). */
const ticked = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string().trim()),
);
/** One entry per line, blank lines dropped. */
export const lines = (raw: unknown) =>
  typeof raw === 'string'
    ? raw
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
/** A browser leaves out empty fields and unticked boxes: treat them as empty answers so each gets its own message. */
const blanks = (keys: string[]) => (body: unknown) => ({
  ...Object.fromEntries(keys.map((k) => [k, ''])),
  ...(body && typeof body === 'object' ? body : {}),
});
const ALL = { when: () => true };

/**
 * Scheduling a meeting ('upcoming': it must start in the future) or recording one that has already
 * happened ('held': it must have started). Invitees: ticked practitioners and family members (checked
 * against the episode by the service) and other practitioners by email, one a line.
 */
const meetingFields = {
  'date-day': z.unknown(),
  'date-month': z.unknown(),
  'date-year': z.unknown(),
  time: z.unknown(),
  where: z.enum(['in-person', 'online'], 'Select whether the meeting is in person or online'),
  place: optionalText('Where the meeting is', 300),
  practitioners: ticked,
  /** Practitioners in the TAF without a Hearth account (taf_partners). */
  partners: ticked,
  emails: optionalText('The email addresses', 5000),
  familyMembers: ticked,
};
/** A meeting's date and time checked together, each problem on its field: the instant it starts, or null. */
function meetingStart(v: Record<string, unknown>, ctx: z.RefinementCtx, now: Date): Date | null {
  const day = dayOf(v, 'date', { ...RECORD_DATES, label: 'the date of the meeting', today: londonDay(now) });
  if (day.problem !== null) ctx.addIssue({ code: 'custom', path: ['date-day'], message: day.problem });
  const time = checkTime(v.time);
  if (!time)
    ctx.addIssue({ code: 'custom', path: ['time'], message: 'Enter the time the meeting starts, like 9:30am or 2pm' });
  return day.date && day.problem === null && time ? londonInstant(day.date, time) : null;
}
export const meetingSchema = (mode: 'upcoming' | 'held', now: Date) =>
  z.preprocess(
    blanks(Object.keys(meetingFields)),
    z
      .object(meetingFields)
      .superRefine((v, ctx) => {
        const at = meetingStart(v, ctx, now);
        if (at) {
          if (mode === 'upcoming' && at <= now)
            ctx.addIssue({
              code: 'custom',
              path: ['date-day'],
              message:
                'The meeting must be in the future. To record a meeting that has already happened, use “Record a meeting that has already happened”',
            });
          if (mode === 'held' && at > now)
            ctx.addIssue({
              code: 'custom',
              path: ['date-day'],
              message:
                'A meeting you record must already have started. To arrange a future meeting, use “Schedule a meeting”',
            });
        }
        if (v.where === 'in-person' && !v.place)
          ctx.addIssue({ code: 'custom', path: ['place'], message: 'Enter where the meeting is' });
        const bad = lines(v.emails).find((e) => !z.email().safeParse(e).success);
        if (bad)
          ctx.addIssue({
            code: 'custom',
            path: ['emails'],
            message: `“${bad.slice(0, 80)}” is not an email address: enter one email address a line, like name@example.com`,
          });
      }, ALL)
      .transform((v) => {
        const day = dayOf(v, 'date', { label: 'the date of the meeting' }).date!;
        return {
          startsAt: londonInstant(day, checkTime(v.time)!),
          online: v.where === 'online',
          place: v.where === 'in-person' ? v.place : null,
          userIds: [...new Set(v.practitioners.filter(Boolean))],
          partnerIds: [...new Set(v.partners.filter(Boolean))],
          emails: [...new Set(lines(v.emails).map((e) => e.toLowerCase()))],
          personIds: [...new Set(v.familyMembers.filter(Boolean))],
        };
      }),
  );
/** The form gives partnerIds always; callers in code (demo data, tests) may leave them out. */
export type MeetingInput = Omit<z.output<ReturnType<typeof meetingSchema>>, 'partnerIds'> & { partnerIds?: string[] };

/** Changing a scheduled meeting's time or place: it must still be in the future; everyone invited is told. */
const changeFields = {
  version,
  'date-day': z.unknown(),
  'date-month': z.unknown(),
  'date-year': z.unknown(),
  time: z.unknown(),
  where: meetingFields.where,
  place: meetingFields.place,
};
export const changeSchema = (now: Date) =>
  z.preprocess(
    blanks(Object.keys(changeFields)),
    z
      .object(changeFields)
      .superRefine((v, ctx) => {
        const at = meetingStart(v, ctx, now);
        if (at && at <= now)
          ctx.addIssue({ code: 'custom', path: ['date-day'], message: 'The meeting must be in the future' });
        if (v.where === 'in-person' && !v.place)
          ctx.addIssue({ code: 'custom', path: ['place'], message: 'Enter where the meeting is' });
      }, ALL)
      .transform((v) => ({
        version: v.version,
        startsAt: londonInstant(dayOf(v, 'date', { label: 'the date of the meeting' }).date!, checkTime(v.time)!),
        online: v.where === 'online',
        place: v.where === 'in-person' ? v.place : null,
      })),
  );
export type ChangeInput = z.output<ReturnType<typeof changeSchema>>;

/** The choices for each of the plan's actions still to do, on the meeting's record. */
export const PLAN_ACTION_CHOICES: Record<PlanActionStatus, string> = {
  open: 'Leave as to do',
  done: 'Done',
  dropped: 'Dropped',
};
/** action-<action id>-status and action-<action id>-note: one pair for each plan action listed on the record form. */
const ACTION_FIELD = /^action-(.+)-(status|note)$/;
/** The plan's actions the form answered, each with its status (to do when left unanswered) and note. */
function planActionChanges(v: Record<string, unknown>) {
  const byId = new Map<string, { actionId: string; status: PlanActionStatus; note: string | null }>();
  for (const [key, value] of Object.entries(v)) {
    const field = ACTION_FIELD.exec(key);
    if (!field || typeof value !== 'string') continue;
    const change = byId.get(field[1]!) ?? { actionId: field[1]!, status: 'open', note: null };
    if (field[2] === 'status') change.status = value as PlanActionStatus;
    else change.note = value.trim() || null;
    byId.set(change.actionId, change);
  }
  return [...byId.values()];
}

/**
 * Recording a held meeting: attendance-<invitee id> for each invitee (checked against the invitees
 * by the service), notes, decisions (one a line), for each of the plan's actions still to do a status
 * and an optional note (action-<id>-status, action-<id>-note, checked against the plan by the service,
 * with the plan's version the form showed), other action updates as free text, the next review date
 * and, optionally, a new lead professional.
 */
const recordFields = {
  version,
  notes: z
    .string()
    .trim()
    .min(1, 'Enter the notes of the meeting')
    .max(20000, 'The notes must be 20,000 characters or fewer'),
  decisions: optionalText('The decisions', 10000),
  actionUpdates: optionalText('The other action updates', 20000),
  planVersion: z.string().trim().max(20),
  'nextReview-day': z.unknown(),
  'nextReview-month': z.unknown(),
  'nextReview-year': z.unknown(),
  lead: z.string().trim().max(100),
};
export const recordSchema = z.preprocess(
  blanks(Object.keys(recordFields)),
  z
    .looseObject(recordFields)
    .superRefine((v, ctx) => {
      const day = dayOf(v, 'nextReview', { ...RECORD_DATES, label: 'the date of the next review' });
      if (day.problem !== null) ctx.addIssue({ code: 'custom', path: ['nextReview-day'], message: day.problem });
      if (v.planVersion && !/^[1-9]\d{0,8}$/.test(v.planVersion))
        ctx.addIssue({ code: 'custom', path: ['planActions'], message: 'Reload the page and try again' });
      for (const [key, value] of Object.entries(v)) {
        const field = ACTION_FIELD.exec(key);
        if (!field) continue;
        if (field[2] === 'status' && !(typeof value === 'string' && value in PLAN_ACTION_CHOICES))
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'Select whether each action is still to do, done or dropped',
          });
        if (field[2] === 'note' && !(typeof value === 'string' && value.trim().length <= 1000))
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'An update on an action must be 1,000 characters or fewer',
          });
      }
    }, ALL)
    .transform((v) => ({
      version: v.version,
      notes: v.notes,
      decisions: lines(v.decisions),
      actionUpdates: v.actionUpdates || null,
      planVersion: v.planVersion ? Number(v.planVersion) : null,
      actionChanges: planActionChanges(v),
      nextReviewDate: dayOf(v, 'nextReview', { label: 'the date of the next review' }).date!,
      leadUserId: v.lead || null,
      attendance: Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k.startsWith('attendance-'))
          .map(([k, a]) => [k.slice('attendance-'.length), typeof a === 'string' ? a : '']),
      ),
    })),
);
export type RecordInput = z.output<typeof recordSchema>;

export const cancelSchema = z.object({
  version,
  reason: z
    .string()
    .trim()
    .min(1, 'Enter why the meeting is cancelled')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
});

/** A support log entry: on a day up to today, for a practitioner who uses Hearth (by email) or one named with their organisation. */
const supportFields = {
  'date-day': z.unknown(),
  'date-month': z.unknown(),
  'date-year': z.unknown(),
  kind: z.enum(
    Object.keys(SUPPORT_KINDS) as [TafSupportKind, ...TafSupportKind[]],
    'Select the kind of support you gave',
  ),
  practitionerEmail: optionalText('The email address', 320),
  practitionerName: optionalText('Their name', 200),
  organisationId: z.string().trim(),
  organisationName: optionalText('The organisation’s name', 200),
  episodeId: z.string().trim(),
  notes: optionalText('The notes', 5000),
};
/** A day of support: today or before, and not before TAF Support Officers began. */
const SUPPORT_DATE = (now: Date): DateRules => ({
  label: 'the date of the support',
  when: 'past',
  earliest: {
    date: '2018-01-01',
    message: 'The date of the support must be after 2018 (when TAF Support Officers began): check the year',
  },
  today: londonDay(now),
});
export const supportSchema = (now: Date) =>
  z.preprocess(
    blanks(Object.keys(supportFields)),
    z
      .object(supportFields)
      .superRefine((v, ctx) => {
        const day = dayOf(v, 'date', SUPPORT_DATE(now));
        if (day.problem !== null) ctx.addIssue({ code: 'custom', path: ['date-day'], message: day.problem });
        if (v.practitionerEmail && !z.email().safeParse(v.practitionerEmail).success)
          ctx.addIssue({
            code: 'custom',
            path: ['practitionerEmail'],
            message: 'Enter an email address in the correct format, like name@example.com',
          });
        if (!v.practitionerEmail && !v.practitionerName)
          ctx.addIssue({
            code: 'custom',
            path: ['practitionerEmail'],
            message: 'Enter the practitioner’s email address if they use Hearth, or their name',
          });
        if (!v.practitionerEmail && v.practitionerName && !v.organisationId && !v.organisationName) {
          ctx.addIssue({
            code: 'custom',
            path: ['organisationId'],
            message: 'Select their organisation, or enter its name if it is not in the list',
          });
        }
      }, ALL)
      .transform((v) => ({
        supportDate: dayOf(v, 'date', SUPPORT_DATE(now)).date!,
        kind: v.kind,
        practitionerEmail: v.practitionerEmail.toLowerCase() || null,
        practitionerName: v.practitionerEmail ? null : v.practitionerName,
        organisationId: v.practitionerEmail ? null : v.organisationId || null,
        organisationName: v.practitionerEmail || v.organisationId ? null : v.organisationName,
        episodeId: v.episodeId || null,
        notes: v.notes || null,
      })),
  );
export type SupportInput = z.output<ReturnType<typeof supportSchema>>;
