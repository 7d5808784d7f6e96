import { describe, expect, it } from 'vitest';
import { SchoolDays } from './school-days.ts';

const settings = {
  schoolDayStarts: '08:30',
  termDates: {
    note: '',
    terms: [
      { from: '2026-09-03', to: '2026-10-23' },
      { from: '2026-11-02', to: '2026-12-18' },
      { from: '2027-01-05', to: '2027-02-12' },
    ],
  },
};
const holidays = new Set(['2026-12-25', '2026-12-28', '2027-01-01', '2026-08-31']);
const days = new SchoolDays(settings, (d) => holidays.has(d));

describe('Operation Encompass school days', () => {
  it('is due before the start of the next school day, in London time', () => {
    // Police attended on a Monday evening: the school is told before 08:30 on Tuesday (GMT in December).
    expect(days.deadlineFor('2026-12-07').toISOString()).toBe('2026-12-08T08:30:00.000Z');
    // In British Summer Time 08:30 in London is 07:30 UTC.
    expect(days.deadlineFor('2026-09-07').toISOString()).toBe('2026-09-08T07:30:00.000Z');
  });

  it('skips the weekend', () => {
    expect(days.nextSchoolDay('2026-12-04')).toBe('2026-12-07');
    expect(days.nextSchoolDay('2026-12-05')).toBe('2026-12-07');
  });

  it('skips the half-term and the Christmas holidays by the term dates', () => {
    expect(days.nextSchoolDay('2026-10-23')).toBe('2026-11-02');
    expect(days.nextSchoolDay('2026-12-18')).toBe('2027-01-05');
  });

  it('treats every weekday that is not a bank holiday as a school day where the term dates are not known', () => {
    // Before the first listed term: the bank holiday Monday is skipped, the Tuesday counts.
    expect(days.termsKnown('2026-08-30')).toBe(false);
    expect(days.nextSchoolDay('2026-08-28')).toBe('2026-09-01');
    // After the last listed term.
    expect(days.nextSchoolDay('2027-03-05')).toBe('2027-03-08');
  });

  it('counts school days since a notification was sent', () => {
    const sent = new Date('2026-12-04T10:00:00Z'); // a Friday
    expect(days.schoolDaysSince(sent, new Date('2026-12-06T10:00:00Z'))).toBe(0);
    expect(days.schoolDaysSince(sent, new Date('2026-12-08T10:00:00Z'))).toBe(2);
  });
});
