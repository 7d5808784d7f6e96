import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { z } from 'zod';
import type { TrainingAttendance } from '../../platform/db/schema/index.ts';
import { parseTimeOfDay } from '../../platform/time-of-day.ts';
import { RECORD_DATES, dateInput } from '../../platform/views/date-input.ts';
import { versionField, boundedText as text, requiredText as required } from '../../platform/views/fields.ts';

/**
 * The training forms (issue 16): a course, a session, attendance, the two evaluations and a champion. One schema a
 * form; free text is kept as typed and escaped when shown; NUL and broken Unicode are refused before any of this.
 * The tenant's lists (themes, levels, networks, quadrants) are checked by the service, which knows them.
 */

const LONDON = 'Europe/London';
/** An instant from a day and 'HH:mm' in England. */
export function londonInstant(day: string, time: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, LONDON).getTime());
}
/** An instant as people in England read it: "Tuesday 3 March 2026, 9:30am". */
export const whenText = (instant: Date) =>
  format(new TZDate(instant.getTime(), LONDON), 'EEEE d MMMM yyyy, h:mmaaa').replace(':00', '');

const code = (message: string) =>
  z
    .string()
    .max(60, message)
    .regex(/^[a-z0-9-]{1,60}$/, message);
const whole = (label: string, min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .max(6, message)
    .regex(/^\d+$/, `Enter ${label} as a whole number, like ${min === 1 ? 20 : 180}`)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
const scale = (message: string) => z.enum(['1', '2', '3', '4', '5'], message).transform(Number);

export const COURSE_FIELDS = ['title', 'theme', 'level', 'audience', 'outcomes', 'active'];
export const courseSchema = z.object({
  title: required(300, 'The title', 'Enter the course’s title'),
  theme: code('Select the course’s theme'),
  level: code('Select the course’s level'),
  audience: text(1000, 'Who it is for'),
  outcomes: text(4000, 'The learning outcomes'),
  active: z.enum(['yes', 'no'], 'Select whether the course is offered now').transform((v) => v === 'yes'),
});
export type CourseInput = z.output<typeof courseSchema>;
export const courseEditSchema = courseSchema.extend({ version: versionField() });

const TIME = 'Enter the start time like 9:30am or 14:00';
export const SESSION_FIELDS = ['courseId', 'startsOn-day', 'time', 'durationMinutes', 'mode', 'venue', 'capacity'];
export const sessionSchema = (now: Date) =>
  z
    .object({
      courseId: z.string().uuid('Select the course'),
      'startsOn-day': dateInput({ ...RECORD_DATES, label: 'the date of the session', when: 'future' }),
      time: z
        .string()
        .trim()
        .max(20, TIME)
        .refine((v) => parseTimeOfDay(v) !== null, TIME)
        .transform((v) => parseTimeOfDay(v)!),
      durationMinutes: whole('the length in minutes', 15, 1440, 'The length must be between 15 and 1,440 minutes'),
      mode: z.enum(['venue', 'online'], 'Select whether the session is in a venue or online'),
      venue: text(400, 'The venue or joining details'),
      capacity: whole('the number of places', 1, 1000, 'The number of places must be between 1 and 1,000'),
      trainer: text(200, 'The trainer'),
      quadrant: z.string().max(60, 'Select the quadrant'),
    })
    .superRefine((s, ctx) => {
      if (s.mode === 'venue' && !s.venue) ctx.addIssue({ code: 'custom', path: ['venue'], message: 'Enter the venue' });
      if (londonInstant(s['startsOn-day'], s.time) <= now)
        ctx.addIssue({ code: 'custom', path: ['time'], message: 'The session must start in the future' });
    })
    .transform((s) => ({
      courseId: s.courseId,
      startsAt: londonInstant(s['startsOn-day'], s.time),
      durationMinutes: s.durationMinutes,
      online: s.mode === 'online',
      venue: s.venue,
      capacity: s.capacity,
      trainer: s.trainer,
      quadrant: s.quadrant || null,
    }));
export type SessionInput = z.output<ReturnType<typeof sessionSchema>>;

export const ATTENDANCE: Record<TrainingAttendance, string> = {
  attended: 'Attended',
  'did-not-attend': 'Did not attend',
  'cancelled-late': 'Cancelled late',
};
/** One radio group a booked person, named `attendance-<booking id>`; a group left unanswered is left as it was. */
export function attendanceOf(body: unknown): Map<string, TrainingAttendance> | string {
  const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const marked = new Map<string, TrainingAttendance>();
  for (const [name, value] of Object.entries(values)) {
    const id = /^attendance-([0-9a-f-]{36})$/.exec(name)?.[1];
    if (!id || value === '' || value === undefined) continue;
    if (typeof value !== 'string' || !(value in ATTENDANCE)) return 'Select attended, did not attend or cancelled late';
    marked.set(id, value as TrainingAttendance);
  }
  if (!marked.size) return 'Select whether each person attended';
  return marked;
}

export const SCALE = ['1', '2', '3', '4', '5'];
export const AFTER_FIELDS = ['outcomesMet', 'confidenceBefore', 'confidenceAfter', 'comment'];
export const afterSchema = z.object({
  outcomesMet: scale('Select how far the session met its learning outcomes'),
  confidenceBefore: scale('Select how confident you felt before the session'),
  confidenceAfter: scale('Select how confident you feel now'),
  comment: text(4000, 'What you will do differently'),
});
export type AfterInput = z.output<typeof afterSchema>;

export const FOLLOW_UP_FIELDS = ['impact', 'comment'];
export const followUpSchema = z.object({
  impact: scale('Select how much the training changed your practice'),
  comment: required(4000, 'How it changed your practice', 'Say how the training changed your practice, if it did'),
});
export type FollowUpInput = z.output<typeof followUpSchema>;

export const CHAMPION_FIELDS = ['network', 'name', 'organisationId', 'organisationName', 'quadrant', 'startedOn-day'];
export const championSchema = z
  .object({
    network: code('Select the network'),
    name: required(200, 'The name', 'Enter the champion’s name'),
    organisationId: z
      .string()
      .max(36, 'Select the organisation')
      .refine((v) => v === '' || /^[0-9a-f-]{36}$/.test(v)),
    organisationName: text(200, 'The organisation'),
    quadrant: code('Select the quadrant'),
    'startedOn-day': dateInput({ ...RECORD_DATES, label: 'the date they became a champion' }),
    'endedOn-day': dateInput({ ...RECORD_DATES, label: 'the date they stopped', required: false }),
  })
  .superRefine((c, ctx) => {
    if (!c.organisationId && !c.organisationName)
      ctx.addIssue({ code: 'custom', path: ['organisationId'], message: 'Select the organisation, or type its name' });
    if (c['endedOn-day'] && c['endedOn-day'] < c['startedOn-day'])
      ctx.addIssue({
        code: 'custom',
        path: ['endedOn-day'],
        message: 'The date they stopped must be the same as or after the date they started',
      });
  })
  .transform((c) => ({
    network: c.network,
    name: c.name,
    organisationId: c.organisationId || null,
    organisationName: c.organisationName,
    quadrant: c.quadrant,
    startedOn: c['startedOn-day'],
    endedOn: c['endedOn-day'],
  }));
export type ChampionInput = z.output<typeof championSchema>;

export const versionOnly = z.object({ version: versionField() });
