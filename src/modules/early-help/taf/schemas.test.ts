import { describe, expect, it } from 'vitest';
import { parseForm } from '../../../platform/views/forms.ts';
import { checkTime, londonDay, londonInstant, meetingSchema, recordSchema, supportSchema } from './schemas.ts';
import { meetingWhen } from './service.ts';

/** The TAF forms' rules, without a database: dates and times in England, invitees, records, support entries. */

const NOW = new Date('2026-03-10T12:00:00Z');
const meeting = (fields: Record<string, unknown>) => ({
  'date-day': '20',
  'date-month': '3',
  'date-year': '2026',
  time: '10:30',
  where: 'online',
  ...fields,
});

describe('dates and times in England', () => {
  it('reads real dates and refuses others', () => {
    const problem = (fields: Record<string, unknown>) => {
      const form = parseForm(meetingSchema('held', NOW), meeting(fields));
      return form.ok ? null : form.errors.fields['date-day']?.text;
    };
    expect(problem({ 'date-day': '1', 'date-month': '2' })).toBeNull();
    expect(problem({ 'date-day': '', 'date-month': '', 'date-year': '' })).toBe('Enter the date of the meeting');
    expect(problem({ 'date-day': '30', 'date-month': '2' })).toBe(
      'The date of the meeting must be a real date, like 27 3 2026',
    );
    expect(problem({ 'date-year': '26' })).toMatch(/real date/);
    expect(problem({ 'date-year': '1999' })).toBe(
      'The date of the meeting must be the same as or after 1 January 2000',
    );
  });

  it('reads times as people type them, 24-hour or am and pm', () => {
    expect(checkTime('9:05')).toBe('09:05');
    expect(checkTime('14.30')).toBe('14:30');
    expect(checkTime('9.30am')).toBe('09:30');
    expect(checkTime('2pm')).toBe('14:00');
    expect(checkTime('24:00')).toBeNull();
    expect(checkTime('13pm')).toBeNull();
  });

  it('turns a London day and time into the instant, summer time or not', () => {
    expect(londonInstant('2026-01-15', '10:00').toISOString()).toBe('2026-01-15T10:00:00.000Z');
    expect(londonInstant('2026-07-15', '10:00').toISOString()).toBe('2026-07-15T09:00:00.000Z');
    expect(londonDay(new Date('2026-07-15T23:30:00Z'))).toBe('2026-07-16');
    expect(meetingWhen(new Date('2026-11-20T14:30:00Z'))).toBe('20 November 2026 at 2:30pm');
    expect(meetingWhen(new Date('2026-07-01T23:05:00Z'))).toBe('2 July 2026 at 12:05am');
  });
});

describe('scheduling a meeting', () => {
  it('takes a future meeting with its invitees', () => {
    const form = parseForm(
      meetingSchema('upcoming', NOW),
      meeting({ practitioners: ['a', 'a'], familyMembers: 'p', emails: 'One@Example.com\n\n two@example.com ' }),
    );
    expect(form.ok && form.data).toEqual({
      startsAt: new Date('2026-03-20T10:30:00Z'),
      online: true,
      place: null,
      userIds: ['a'],
      partnerIds: [],
      emails: ['one@example.com', 'two@example.com'],
      personIds: ['p'],
    });
  });

  it('refuses a past meeting for scheduling and a future one for recording, and lists every problem', () => {
    const past = parseForm(meetingSchema('upcoming', NOW), meeting({ 'date-day': '1' }));
    expect(!past.ok && past.errors.list.map((e) => e.text)).toEqual([
      expect.stringMatching(/^The meeting must be in the future/),
    ]);
    expect(parseForm(meetingSchema('held', NOW), meeting({ 'date-day': '1' })).ok).toBe(true);
    const future = parseForm(meetingSchema('held', NOW), meeting({}));
    expect(!future.ok && future.errors.fields['date-day']?.text).toMatch(/must already have started/);
    const bad = parseForm(meetingSchema('upcoming', NOW), {
      'date-day': '31',
      'date-month': '4',
      'date-year': '2026',
      time: 'half nine',
      where: 'in-person',
      emails: 'not an email',
    });
    expect(!bad.ok && bad.errors.list.map((e) => e.href)).toEqual(['#date-day', '#time', '#place', '#emails']);
  });
});

describe('recording a meeting', () => {
  it('reads attendance, decisions a line each and the next review', () => {
    const form = parseForm(recordSchema, {
      version: '2',
      notes: ' Met at school. ',
      decisions: 'Refer to the school nurse\n\nReview in six weeks',
      'nextReview-day': '1',
      'nextReview-month': '5',
      'nextReview-year': '2026',
      lead: '',
      'attendance-x': 'attended',
    });
    expect(form.ok && form.data).toEqual({
      version: 2,
      notes: 'Met at school.',
      decisions: ['Refer to the school nurse', 'Review in six weeks'],
      actionUpdates: null,
      planVersion: null,
      actionChanges: [],
      nextReviewDate: '2026-05-01',
      leadUserId: null,
      attendance: { x: 'attended' },
    });
  });

  it('reads a status and a note for each of the plan’s actions, and refuses a bad status or a note over 1,000 characters', () => {
    const fields = {
      version: '1',
      notes: 'Met.',
      'nextReview-day': '1',
      'nextReview-month': '5',
      'nextReview-year': '2026',
      planVersion: '4',
    };
    const form = parseForm(recordSchema, {
      ...fields,
      'action-a1-status': 'done',
      'action-a1-note': ' Finished. ',
      'action-a2-note': '',
      'action-a2-status': 'open',
    });
    expect(form.ok && [form.data.planVersion, form.data.actionChanges]).toEqual([
      4,
      [
        { actionId: 'a1', status: 'done', note: 'Finished.' },
        { actionId: 'a2', status: 'open', note: null },
      ],
    ]);
    const bad = parseForm(recordSchema, {
      ...fields,
      planVersion: '0',
      'action-a1-status': 'finished',
      'action-a2-note': 'x'.repeat(1001),
    });
    expect(!bad.ok && bad.errors.list.map((e) => e.href)).toEqual([
      '#planActions',
      '#action-a1-status',
      '#action-a2-note',
    ]);
  });

  it('asks for notes and the next review', () => {
    const form = parseForm(recordSchema, { version: '1' });
    expect(!form.ok && form.errors.list.map((e) => e.text)).toEqual([
      'Enter the notes of the meeting',
      'Enter the date of the next review',
    ]);
  });
});

describe('a support log entry', () => {
  const entry = (fields: Record<string, unknown>) => ({
    'date-day': '9',
    'date-month': '3',
    'date-year': '2026',
    kind: 'advice',
    ...fields,
  });

  it('takes a named practitioner with an organisation, or a Hearth user by email', () => {
    const named = parseForm(
      supportSchema(NOW),
      entry({ practitionerName: 'Ann Lee', organisationName: 'Little Stars Nursery' }),
    );
    expect(named.ok && named.data).toMatchObject({
      supportDate: '2026-03-09',
      practitionerEmail: null,
      practitionerName: 'Ann Lee',
      organisationId: null,
      organisationName: 'Little Stars Nursery',
    });
    const user = parseForm(
      supportSchema(NOW),
      entry({ practitionerEmail: 'Teacher@Essex.example', practitionerName: 'ignored' }),
    );
    expect(user.ok && user.data).toMatchObject({ practitionerEmail: 'teacher@essex.example', practitionerName: null });
  });

  it('refuses a future date, nobody named, or no organisation', () => {
    const future = parseForm(
      supportSchema(NOW),
      entry({ 'date-day': '11', practitionerName: 'Ann Lee', organisationName: 'X' }),
    );
    expect(!future.ok && future.errors.list.map((e) => e.text)).toEqual([
      'The date of the support must be today or in the past',
    ]);
    const nobody = parseForm(supportSchema(NOW), entry({ kind: '' }));
    expect(!nobody.ok && nobody.errors.list.map((e) => e.text)).toEqual([
      'Select the kind of support you gave',
      'Enter the practitioner’s email address if they use Hearth, or their name',
    ]);
    const noOrganisation = parseForm(supportSchema(NOW), entry({ practitionerName: 'Ann Lee' }));
    expect(!noOrganisation.ok && noOrganisation.errors.list.map((e) => e.href)).toEqual(['#organisationId']);
  });
});
