import { pageField } from '../../../platform/views/pagination.ts';
import { parseTimeOfDay } from '../../../platform/time-of-day.ts';
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { nameField } from '../../people/index.ts';
import { RECORD_DATES, checkDateInput } from '../../../platform/views/date-input.ts';
import { checkDateOfBirth } from '../schemas.ts';
import { todayInLondon } from '../rules.ts';

/**
 * The consultation form (one page) and the list's filters. A consultation is advice the Hub gave a
 * practitioner, often on the phone: who asked, about whom (if anyone), the question, the advice and
 * the level of need discussed. Free text is kept as typed and escaped when shown.
 */

export const CHANNELS = { phone: 'Phone', email: 'Email', 'in-person': 'In person', online: 'Online meeting' } as const;
export type Channel = keyof typeof CHANNELS;

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);
const required = (max: number, empty: string, label: string) => text(max, label).min(1, empty);

/** The day of the consultation: today or before, in a casework record's years. */
const consultedOn = (v: Record<string, string>, now: Date) =>
  checkDateInput(
    { day: v['consultedOn-day'], month: v['consultedOn-month'], year: v['consultedOn-year'] },
    { ...RECORD_DATES, label: 'the date of the consultation', when: 'past', today: todayInLondon(now) },
  );

/** A moment in England ('YYYY-MM-DD', 'HH:MM') as an instant: the clocks change, so the offset is looked up. */
export function londonInstant(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 'Europe/London').getTime());
}

/** The form's fields in page order, so the error summary lists problems as the page shows them. */
export const CONSULTATION_FIELDS = [
  'consultedOn-day',
  'consultedTime',
  'channel',
  'askerName',
  'askerRole',
  'askerOrganisationId',
  'askerOrganisationName',
  'askerEmail',
  'askerPhone',
  'childFirstName',
  'childLastName',
  'childDateOfBirth-day',
  'about',
  'question',
  'advice',
  'level',
];

/** The consultation form: one page. */
export const consultationSchema = (organisations: string[], levels: number[], now = new Date()) =>
  z
    .object({
      'consultedOn-day': z.string(),
      'consultedOn-month': z.string(),
      'consultedOn-year': z.string(),
      consultedTime: z.string().trim(),
      channel: z.enum(Object.keys(CHANNELS) as [Channel, ...Channel[]], 'Select how they contacted the Hub'),
      askerName: required(100, 'Enter the name of the practitioner who asked', 'Their name'),
      askerRole: text(100, 'Their role'),
      askerOrganisationId: z
        .string()
        .refine((v) => v === '' || (isUuid(v) && organisations.includes(v)), 'Select their organisation from the list'),
      askerOrganisationName: text(200, 'The organisation’s name'),
      askerEmail: text(254, 'Their email address').refine(
        (v) => v === '' || z.email().safeParse(v).success,
        'Enter an email address in the correct format, like name@example.com',
      ),
      askerPhone: text(30, 'Their phone number'),
      childFirstName: nameField({ label: 'the child’s first name', empty: null }),
      childLastName: nameField({ label: 'the child’s last name', empty: null }),
      'childDateOfBirth-day': z.string(),
      'childDateOfBirth-month': z.string(),
      'childDateOfBirth-year': z.string(),
      about: text(2000, 'What you were told about the family'),
      question: required(5000, 'Enter what the practitioner asked', 'The question'),
      advice: required(5000, 'Enter the advice the Hub gave', 'The advice'),
      level: z
        .string()
        .refine(
          (v) => v === '' || levels.map(String).includes(v),
          'Select the level of need discussed, or ‘Not discussed’',
        ),
    })
    .superRefine(
      (input, ctx) => {
        // Runs even when a field above failed (see `when`), so every problem is listed at once: read
        // each value defensively, as it may not be a string.
        const v = Object.fromEntries(
          Object.entries(input).map(([k, x]) => [k, typeof x === 'string' ? x.trim() : '']),
        ) as Record<keyof typeof input, string>;
        const day = consultedOn(v, now);
        if (day.problem) ctx.addIssue({ code: 'custom', path: ['consultedOn-day'], message: day.problem });
        const time = parseTimeOfDay(v.consultedTime);
        if (!time)
          ctx.addIssue({
            code: 'custom',
            path: ['consultedTime'],
            message: 'Enter the time as hours and minutes, like 9:30am or 2:30pm',
          });
        else if (day.date && !day.problem && londonInstant(day.date, time).getTime() > now.getTime() + 5 * 60_000) {
          ctx.addIssue({
            code: 'custom',
            path: ['consultedTime'],
            message: 'Time of the consultation must be now or in the past',
          });
        }
        if (!v.askerOrganisationId && !v.askerOrganisationName) {
          ctx.addIssue({
            code: 'custom',
            path: ['askerOrganisationId'],
            message: 'Select their organisation, or enter its name if it is not in the list',
          });
        }
        if (v.askerPhone && !(/^\+?[0-9 ()-]+$/.test(v.askerPhone) && v.askerPhone.replace(/\D/g, '').length >= 10)) {
          ctx.addIssue({
            code: 'custom',
            path: ['askerPhone'],
            message: 'Enter a phone number, like 01632 960 001 or 07700 900 982',
          });
        }
        if (Boolean(v.childFirstName) !== Boolean(v.childLastName)) {
          ctx.addIssue({
            code: 'custom',
            path: [v.childFirstName ? 'childLastName' : 'childFirstName'],
            message: 'Enter the child’s first and last name, or neither',
          });
        }
        const dob = checkDateOfBirth(
          { day: v['childDateOfBirth-day'], month: v['childDateOfBirth-month'], year: v['childDateOfBirth-year'] },
          { expected: false, required: false, today: todayInLondon(now) },
        );
        if (dob.problem)
          ctx.addIssue({
            code: 'custom',
            path: ['childDateOfBirth-day'],
            message: dob.problem
              .replace('Date of birth', 'The child’s date of birth')
              .replace(/ For an unborn baby.*$/, ''),
          });
      },
      { when: () => true },
    )
    .transform((v) => {
      const day = consultedOn(v, now).date!;
      return {
        consultedAt: londonInstant(day, parseTimeOfDay(v.consultedTime)!),
        channel: v.channel,
        askerName: v.askerName,
        askerRole: v.askerRole || null,
        askerOrganisationId: v.askerOrganisationId || null,
        askerOrganisationName: v.askerOrganisationId ? null : v.askerOrganisationName,
        askerEmail: v.askerEmail.toLowerCase() || null,
        askerPhone: v.askerPhone || null,
        childFirstName: v.childFirstName || null,
        childLastName: v.childLastName || null,
        childDateOfBirth: checkDateOfBirth(
          { day: v['childDateOfBirth-day'], month: v['childDateOfBirth-month'], year: v['childDateOfBirth-year'] },
          { expected: false, required: false },
        ).date,
        about: v.about || null,
        question: v.question,
        advice: v.advice,
        levelDiscussed: v.level ? Number(v.level) : null,
      };
    });
export type ConsultationInput = z.output<ReturnType<typeof consultationSchema>>;

export const linkSchema = z.object({
  version: versionField(),
  reference: z
    .string()
    .trim()
    .min(1, 'Enter the reference of the request, like K7QX M2PA')
    .max(20, 'Enter the reference of the request, like K7QX M2PA'),
});

/** '1/6/2024' or '2024-06-01' → '2024-06-01'; '' stays ''; anything else is null (not a date). */
export function filterDate(raw: string): string | null {
  const v = raw.trim();
  if (!v) return '';
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : v;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? Date.parse(`${iso}T00:00:00Z`) : NaN;
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === iso ? iso : null;
}

export const filterSchema = (organisations: string[]) =>
  z
    .object({
      from: z.string().transform((v, ctx) => {
        const d = filterDate(v);
        if (d === null) ctx.addIssue({ code: 'custom', message: 'From must be a real date, like 1/6/2024' });
        return d ?? '';
      }),
      to: z.string().transform((v, ctx) => {
        const d = filterDate(v);
        if (d === null) ctx.addIssue({ code: 'custom', message: 'To must be a real date, like 30/6/2024' });
        return d ?? '';
      }),
      organisation: z
        .string()
        .refine((v) => v === '' || organisations.includes(v), 'Select an organisation from the list'),
      linked: z.enum(['', 'yes', 'no'], 'Select whether it led to a request'),
      // A page link nobody typed: a bad one is the first page, not a problem to show.
      page: pageField().catch(1),
    })
    .superRefine((v, ctx) => {
      if (v.from && v.to && v.from > v.to)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'To must be the same as or after From' });
    });
