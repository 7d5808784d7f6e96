import { beforeAll, describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { BANK_HOLIDAYS_FILE, readBankHolidaysFile } from './bank-holidays.ts';
import { WorkingCalendar, timescaleSchema, workingHoursSchema, type Timescale } from './working-time.ts';

const HOURS = {
  timeZone: 'Europe/London',
  days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
  start: '09:00',
  end: '17:00',
} as const;

/** A London wall-clock time, 'YYYY-MM-DD HH:mm', as an instant. */
function london(text: string): Date {
  const [y, mo, d, h, mi] = text.split(/[- :]/).map(Number) as [number, number, number, number, number];
  return new Date(new TZDate(y, mo - 1, d, h, mi, 'Europe/London').getTime());
}

let calendar: WorkingCalendar;
beforeAll(async () => {
  // The real England and Wales dates Hearth ships, so substitute days are the published ones.
  const file = await readBankHolidaysFile(BANK_HOLIDAYS_FILE);
  calendar = new WorkingCalendar(
    HOURS,
    file['england-and-wales']!.events.map((e) => e.date),
  );
});

describe('isWorkingDay', () => {
  it.each([
    ['2024-01-15 10:00', true, 'a Monday'],
    ['2024-01-13 10:00', false, 'a Saturday'],
    ['2024-01-14 10:00', false, 'a Sunday'],
    ['2024-12-25 10:00', false, 'Christmas Day'],
    ['2026-12-28 10:00', false, 'the Boxing Day substitute of 2026'],
    ['2027-12-27 10:00', false, 'the Christmas Day substitute of 2027'],
    ['2022-06-03 10:00', false, 'the Platinum Jubilee'],
    ['2022-09-19 10:00', false, 'the State Funeral of Queen Elizabeth II'],
    ['2023-05-08 10:00', false, 'the coronation'],
    ['2020-05-08 10:00', false, 'the early May holiday of 2020, moved to VE day'],
    ['2020-05-04 10:00', true, 'the first Monday of May 2020, a working day'],
    ['2024-08-26 20:00', false, 'a bank holiday evening'],
  ])('%s is %s (%s)', (when, expected) => {
    expect(calendar.isWorkingDay(london(when))).toBe(expected);
  });

  it('takes the day in the office time zone, not UTC', () => {
    // 23:30 UTC on Monday 6 May 2024 (a bank holiday) is 00:30 on Tuesday in London.
    expect(calendar.isWorkingDay(new Date('2024-05-06T23:30:00Z'))).toBe(true);
    expect(calendar.isWorkingDay(new Date('2024-05-06T22:30:00Z'))).toBe(false);
  });

  it('knows the bank holiday dates it was given', () => {
    expect(calendar.isBankHoliday('2024-12-26')).toBe(true);
    expect(calendar.isBankHoliday('2024-12-27')).toBe(false);
  });
});

describe('addWorkingHours', () => {
  it.each([
    ['Friday 16:30 + 4 → Monday 12:30', '2024-01-12 16:30', 4, '2024-01-15T12:30:00.000Z'],
    [
      'Friday 16:30 + 4 → Tuesday 12:30 when Monday is a bank holiday (BST)',
      '2024-05-03 16:30',
      4,
      '2024-05-07T11:30:00.000Z',
    ],
    [
      'Thursday before Easter, across Good Friday, Easter Monday and the March clock change',
      '2024-03-28 16:00',
      4,
      '2024-04-02T11:00:00.000Z',
    ],
    [
      'Christmas Eve 2026 past Christmas and the Boxing Day substitute',
      '2026-12-24 16:00',
      4,
      '2026-12-29T12:00:00.000Z',
    ],
    ['received in the evening: the clock starts at 09:00 next day', '2024-01-15 20:00', 4, '2024-01-16T13:00:00.000Z'],
    ['received before opening: the clock starts at 09:00', '2024-01-15 07:00', 4, '2024-01-15T13:00:00.000Z'],
    ['received on a Saturday', '2024-01-13 11:00', 4, '2024-01-15T13:00:00.000Z'],
    ['received on a bank holiday', '2024-05-06 10:00', 4, '2024-05-07T12:00:00.000Z'],
    ['running out exactly at closing is due at closing', '2024-01-15 13:00', 4, '2024-01-15T17:00:00.000Z'],
    ['received exactly at closing starts next morning', '2024-01-15 17:00', 1, '2024-01-16T10:00:00.000Z'],
    ['received exactly at opening, a whole day', '2024-01-15 09:00', 8, '2024-01-15T17:00:00.000Z'],
    ['half an hour', '2024-01-15 16:45', 0.5, '2024-01-16T09:15:00.000Z'],
    ['a working week', '2024-01-15 09:00', 40, '2024-01-19T17:00:00.000Z'],
  ])('%s', (_name, received, hours, due) => {
    expect(calendar.addWorkingHours(london(received), hours).toISOString()).toBe(due);
  });

  it('counts local hours across the March clock change (GMT Friday, BST Monday)', () => {
    const due = calendar.addWorkingHours(london('2025-03-28 15:00'), 4);
    expect(due.toISOString()).toBe('2025-03-31T10:00:00.000Z'); // 11:00 BST
    expect(calendar.elapsedWorking(london('2025-03-28 15:00'), due)).toBe(240);
  });

  it('counts local hours across the October clock change (BST Friday, GMT Monday)', () => {
    const due = calendar.addWorkingHours(london('2025-10-24 15:00'), 4);
    expect(due.toISOString()).toBe('2025-10-27T11:00:00.000Z'); // 11:00 GMT
    expect(calendar.elapsedWorking(london('2025-10-24 15:00'), due)).toBe(240);
  });

  it('refuses a negative or impossible number of hours', () => {
    expect(() => calendar.addWorkingHours(london('2024-01-15 10:00'), -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingHours(london('2024-01-15 10:00'), Number.NaN)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['1 day from Monday morning: end of Tuesday', '2024-01-15 10:00', 1, '2024-01-16T17:00:00.000Z'],
    ['0 days: the end of the same working day', '2024-01-15 16:59', 0, '2024-01-15T17:00:00.000Z'],
    [
      '0 days received exactly at closing: the end of the next working day',
      '2024-01-15 17:00',
      0,
      '2024-01-16T17:00:00.000Z',
    ],
    ['0 days received before opening: that day', '2024-01-15 06:00', 0, '2024-01-15T17:00:00.000Z'],
    ['1 day from a Saturday: day 0 is Monday, due Tuesday', '2024-01-13 11:00', 1, '2024-01-16T17:00:00.000Z'],
    ['1 day from Friday evening: day 0 is Monday', '2024-01-12 18:00', 1, '2024-01-16T17:00:00.000Z'],
    ['3 days from Wednesday', '2024-12-18 10:00', 3, '2024-12-23T17:00:00.000Z'],
    ['3 days over Christmas 2024', '2024-12-23 10:00', 3, '2024-12-30T17:00:00.000Z'],
    ['1 day over the Christmas and Boxing Day substitutes of 2027', '2027-12-24 10:00', 1, '2027-12-29T17:00:00.000Z'],
    ['1 day over the New Year substitute of 2022', '2021-12-31 10:00', 1, '2022-01-04T17:00:00.000Z'],
    ['received on a bank holiday: day 0 is the next working day', '2024-05-06 10:00', 1, '2024-05-08T16:00:00.000Z'],
    ['3 days across the March clock change: 17:00 BST', '2024-03-27 10:00', 3, '2024-04-03T16:00:00.000Z'],
    ['1 day across the October clock change: 17:00 GMT', '2024-10-25 10:00', 1, '2024-10-28T17:00:00.000Z'],
  ])('%s', (_name, received, days, due) => {
    expect(calendar.addWorkingDays(london(received), days).toISOString()).toBe(due);
  });

  it('refuses a fraction or a negative number of days', () => {
    expect(() => calendar.addWorkingDays(london('2024-01-15 10:00'), 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(london('2024-01-15 10:00'), -1)).toThrow(RangeError);
  });
});

describe('elapsedWorking', () => {
  it.each([
    ['within one day', '2024-01-15 10:00', '2024-01-15 12:30', 150],
    ['over a weekend', '2024-01-12 16:00', '2024-01-15 10:00', 120],
    ['out of hours on both sides', '2024-01-12 18:00', '2024-01-15 08:00', 0],
    ['a whole working week', '2024-01-13 00:00', '2024-01-20 00:00', 2400],
    ['Christmas week 2024 (two bank holidays)', '2024-12-23 00:00', '2024-12-28 00:00', 3 * 480],
    ['the end before the start', '2024-01-15 12:00', '2024-01-15 10:00', 0],
    ['the whole night of the March clock change', '2024-03-29 00:00', '2024-04-02 00:00', 0],
  ])('%s', (_name, start, end, minutes) => {
    expect(calendar.elapsedWorking(london(start), london(end))).toBe(minutes);
  });

  it('agrees with addWorkingHours', () => {
    const start = london('2024-12-20 15:10');
    expect(calendar.elapsedWorking(start, calendar.addWorkingHours(start, 13.5))).toBe(13.5 * 60);
  });
});

describe('rag', () => {
  const immediate: Timescale = { workingHours: 4 };
  const standard: Timescale = { workingDays: 3 };
  const received = london('2024-01-15 09:00');

  it.each([
    ['2024-01-15 09:00', 'green', 'due in 4 working hours'],
    ['2024-01-15 11:00', 'green', 'due in 2 working hours'],
    ['2024-01-15 12:00', 'amber', 'due in 1 working hour'],
    ['2024-01-15 12:30', 'amber', 'due in 30 working minutes'],
    ['2024-01-15 13:00', 'amber', 'due now'],
    ['2024-01-15 13:01', 'red', '1 working minute overdue'],
    ['2024-01-15 15:30', 'red', '2 working hours overdue'],
    ['2024-01-15 20:00', 'red', '4 working hours overdue'],
    ['2024-01-16 13:00', 'red', '1 working day overdue'],
  ])('4 working hours from Monday 09:00, at %s: %s, "%s"', (now, status, words) => {
    const result = calendar.rag(received, london(now), immediate);
    expect(result).toMatchObject({ status, words, due: london('2024-01-15 13:00'), allowedMinutes: 240 });
  });

  it('turns amber at exactly 75% of the working time', () => {
    expect(calendar.rag(received, london('2024-01-15 11:59'), immediate).status).toBe('green');
    expect(calendar.rag(received, london('2024-01-15 12:00'), immediate).status).toBe('amber');
  });

  it('takes another amber threshold', () => {
    expect(calendar.rag(received, london('2024-01-15 11:00'), immediate, { amberAt: 0.5 }).status).toBe('amber');
    expect(calendar.rag(received, london('2024-01-15 10:59'), immediate, { amberAt: 0.5 }).status).toBe('green');
  });

  it('counts working days, ignoring nights and the weekend', () => {
    const start = london('2024-01-15 10:00'); // due Thursday 18 January 17:00: 7 + 8 + 8 + 8 hours
    const tuesday = calendar.rag(start, london('2024-01-16 10:00'), standard);
    expect(tuesday).toMatchObject({
      status: 'green',
      allowedMinutes: 31 * 60,
      usedMinutes: 8 * 60,
      words: 'due in 2 working days',
    });
    expect(tuesday.due.toISOString()).toBe('2024-01-18T17:00:00.000Z');
    expect(calendar.rag(start, london('2024-01-17 17:00'), standard)).toMatchObject({
      status: 'green',
      words: 'due in 1 working day',
    });
    expect(calendar.rag(start, london('2024-01-18 11:00'), standard)).toMatchObject({
      status: 'amber',
      words: 'due in 6 working hours',
    });
    expect(calendar.rag(start, london('2024-01-18 18:00'), standard)).toMatchObject({
      status: 'red',
      words: 'overdue',
      remainingMinutes: 0,
    });
    expect(calendar.rag(start, london('2024-01-23 12:00'), standard)).toMatchObject({
      status: 'red',
      words: '2 working days overdue',
      remainingMinutes: -19 * 60,
    });
  });

  it('does not let a weekend make a Friday afternoon request overdue', () => {
    const friday = london('2024-01-12 16:30');
    expect(calendar.rag(friday, london('2024-01-14 20:00'), immediate)).toMatchObject({
      status: 'green',
      usedMinutes: 30,
      words: 'due in 3 working hours',
    });
  });
});

describe('a continuous clock', () => {
  const safeguarding: Timescale = { hours: 4 };
  const fridayEvening = london('2024-01-19 18:00');

  it('runs through the night and the weekend: a concern on Friday evening is due that night, not on Monday', () => {
    expect(calendar.due(fridayEvening, safeguarding)).toEqual(london('2024-01-19 22:00'));
    expect(calendar.due(fridayEvening, { workingHours: 4 })).toEqual(london('2024-01-22 13:00'));
  });

  it.each([
    ['2024-01-19 18:00', 'green', 'due in 4 hours (continuous clock)'],
    ['2024-01-19 21:00', 'amber', 'due in 1 hour (continuous clock)'],
    ['2024-01-19 21:59:30', 'amber', 'due now (continuous clock)'],
    ['2024-01-20 00:00', 'red', '2 hours overdue (continuous clock)'],
  ])('4 hours from Friday 18:00, at %s: %s, "%s"', (now, status, words) => {
    const at = now.length > 16 ? new Date(london(now.slice(0, 16)).getTime() + 30_000) : london(now);
    const result = calendar.rag(fridayEvening, at, safeguarding);
    expect(result).toMatchObject({ status, words, due: london('2024-01-19 22:00'), allowedMinutes: 240 });
  });

  it('is configured as hours, one kind of timescale at a time', () => {
    expect(timescaleSchema.parse({ hours: 4 })).toEqual({ hours: 4 });
    expect(timescaleSchema.safeParse({ hours: 4, workingHours: 4 }).success).toBe(false);
    expect(timescaleSchema.safeParse({ hours: 0 }).success).toBe(false);
    expect(timescaleSchema.safeParse({}).success).toBe(false);
  });
});

describe('other offices', () => {
  it('works any days and hours in any time zone', () => {
    const saturdays = new WorkingCalendar(
      { timeZone: 'America/New_York', days: ['tuesday', 'saturday'], start: '08:30', end: '12:30' },
      ['2024-03-12'],
    );
    // Saturday 9 March 2024 11:30 EST; Tuesday 12 March is a holiday; the US clocks changed on 10 March.
    const due = saturdays.addWorkingHours(new Date('2024-03-09T16:30:00Z'), 3);
    expect(due.toISOString()).toBe('2024-03-16T14:30:00.000Z'); // Saturday 16 March 10:30 EDT
    expect(saturdays.dayMinutes).toBe(240);
  });
});

describe('the days it remembers', () => {
  // India's midnight falls at 18:30 UTC, inside an hour: Friday 23:50 and Saturday 00:10 are both 18:xx UTC.
  const weekdays = () =>
    new WorkingCalendar(
      {
        timeZone: 'Asia/Kolkata',
        days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        start: '09:00',
        end: '17:00',
      },
      [],
    );
  const fridayLate = new Date('2024-03-15T18:20:00Z');
  const saturdayEarly = new Date('2024-03-15T18:40:00Z');

  it('tells two days apart within one hour, whichever it was asked first', () => {
    const saturdayFirst = weekdays();
    expect([saturdayFirst.isWorkingDay(saturdayEarly), saturdayFirst.isWorkingDay(fridayLate)]).toEqual([false, true]);
    const fridayFirst = weekdays();
    expect([fridayFirst.isWorkingDay(fridayLate), fridayFirst.isWorkingDay(saturdayEarly)]).toEqual([true, false]);
    // And again, from what it remembers.
    expect([fridayFirst.isWorkingDay(saturdayEarly), fridayFirst.isWorkingDay(fridayLate)]).toEqual([false, true]);
  });

  it('gives the same answers asked again as asked once, across the clocks going back', () => {
    // London's clocks went back at 01:00 UTC on Sunday 27 October 2024; a Friday-evening request, asked hour by hour.
    const received = london('2024-10-25 16:30');
    const asked = Array.from({ length: 24 * 5 }, (_, i) => new Date(received.getTime() + i * 3_600_000 + 59_000));
    const answers = (c: WorkingCalendar) => asked.map((now) => c.rag(received, now, { workingDays: 1 }).words);
    // A new calendar for each question remembers nothing.
    const fresh = asked.map((now) => new WorkingCalendar(HOURS, []).rag(received, now, { workingDays: 1 }).words);
    expect(new Set(fresh).size).toBeGreaterThan(5);
    const remembering = new WorkingCalendar(HOURS, []);
    expect(answers(remembering)).toEqual(fresh);
    expect(answers(remembering)).toEqual(fresh);
  });
});

describe('schemas', () => {
  it('reads a timescale in working hours or working days, not both', () => {
    expect(timescaleSchema.parse({ workingHours: 4 })).toEqual({ workingHours: 4 });
    expect(timescaleSchema.parse({ workingDays: 0 })).toEqual({ workingDays: 0 });
    expect(timescaleSchema.safeParse({ workingHours: 4, workingDays: 1 }).error?.issues[0]?.message).toBe(
      'give one of workingHours, workingDays or hours (a continuous clock)',
    );
    expect(timescaleSchema.safeParse({}).success).toBe(false);
    expect(timescaleSchema.safeParse({ workingDays: 1.5 }).error?.issues[0]?.message).toBe('must be a whole number');
    expect(timescaleSchema.safeParse({ workingHours: 0 }).error?.issues[0]?.message).toBe('must be more than 0');
  });

  it('checks working hours', () => {
    const ok = { ...HOURS, days: [...HOURS.days], bankHolidays: 'england-and-wales' };
    expect(workingHoursSchema.parse(ok)).toEqual(ok);
    const issue = (change: object) => workingHoursSchema.safeParse({ ...ok, ...change }).error?.issues[0];
    expect(issue({ timeZone: 'Europe/Londres' })).toMatchObject({
      path: ['timeZone'],
      message: 'must be a time zone such as "Europe/London"',
    });
    expect(issue({ end: '08:00' })).toMatchObject({ path: ['end'], message: 'must be later than start' });
    expect(issue({ start: '9am' })).toMatchObject({
      path: ['start'],
      message: 'must be a 24-hour time such as "09:00"',
    });
    expect(issue({ days: [] })).toMatchObject({ path: ['days'], message: 'needs at least one working day' });
    expect(issue({ days: ['monday', 'monday'] })).toMatchObject({ path: ['days'], message: 'names a day twice' });
    expect(issue({ days: ['funday'] })?.path).toEqual(['days', 0]);
    expect(issue({ bankHolidays: 'wales' })?.path).toEqual(['bankHolidays']);
  });
});
