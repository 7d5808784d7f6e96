import { describe, expect, it } from 'vitest';
import { plannedMeetings } from './calendar.ts';

const ESSEX = {
  slots: [
    { code: 'morning', name: 'Morning MARAC', time: '10:00' },
    { code: 'afternoon', name: 'Afternoon MARAC', time: '14:00' },
  ],
  days: 'weekdays' as const,
  researchHours: 2,
};

describe('MARAC meeting slots', () => {
  it('plans two meetings each weekday, London time, and none at the weekend or on a bank holiday', () => {
    // Friday 24 December 2027 to Tuesday 28 December 2027; the 27th and 28th are bank holidays.
    const planned = plannedMeetings(ESSEX, '2027-12-24', 5, (d) => ['2027-12-27', '2027-12-28'].includes(d));
    expect(planned.map((p) => [p.startsAt.toISOString(), p.slot])).toEqual([
      ['2027-12-24T10:00:00.000Z', 'morning'],
      ['2027-12-24T14:00:00.000Z', 'afternoon'],
    ]);
  });

  it('keeps the London hour in British Summer Time', () => {
    const planned = plannedMeetings(ESSEX, '2027-06-01', 1, () => false);
    expect(planned.map((p) => p.startsAt.toISOString())).toEqual([
      '2027-06-01T09:00:00.000Z',
      '2027-06-01T13:00:00.000Z',
    ]);
  });

  it('sits every day when the tenant says so', () => {
    expect(plannedMeetings({ ...ESSEX, days: 'every-day' }, '2027-06-05', 2, () => false)).toHaveLength(4);
  });
});
