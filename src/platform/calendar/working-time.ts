import { addDays, format, getISODay, startOfDay } from 'date-fns';
import { TZDate, tz } from '@date-fns/tz';
import { z } from 'zod';
import { DIVISIONS } from './bank-holidays.ts';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as "09:00"');
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * When the office is open: which days, from when to when (local clock time in `timeZone`), and
 * whose bank holidays close it. One window a day keeps timescales easy to explain to practitioners.
 */
export const workingHoursSchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'must be a time zone such as "Europe/London"'),
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1, 'needs at least one working day')
      .refine((days) => new Set(days).size === days.length, 'names a day twice'),
    start: clock,
    end: clock,
    bankHolidays: z.enum(DIVISIONS),
  })
  .refine((hours) => minutesOf(hours.end) > minutesOf(hours.start), {
    path: ['end'],
    message: 'must be later than start',
  });
export type WorkingHours = z.infer<typeof workingHoursSchema>;

/**
 * How long something may take: a number of working hours (counted only while the office is open),
 * of working days (due at the close of that working day; 0 means the same working day), or of hours
 * on a continuous clock (round the clock, nights, weekends and bank holidays included: for
 * safeguarding priorities, where a concern that arrives on Friday evening cannot wait for Monday).
 */
export const timescaleSchema = z
  .object({
    workingHours: z.number().positive('must be more than 0').max(10_000).optional(),
    workingDays: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0 (the same working day) or more')
      .max(1_000)
      .optional(),
    hours: z.number().positive('must be more than 0').max(10_000).optional(),
  })
  .strict()
  .refine(
    (t) => [t.workingHours, t.workingDays, t.hours].filter((v) => v !== undefined).length === 1,
    'give one of workingHours, workingDays or hours (a continuous clock)',
  )
  .transform((t): Timescale =>
    t.workingHours !== undefined
      ? { workingHours: t.workingHours }
      : t.workingDays !== undefined
        ? { workingDays: t.workingDays }
        : { hours: t.hours! },
  );
export type Timescale = { workingHours: number } | { workingDays: number } | { hours: number };

/** Whether a timescale runs on a continuous clock rather than in working time. */
export const isContinuous = (timescale: Timescale): timescale is { hours: number } => 'hours' in timescale;

export type RagStatus = 'green' | 'amber' | 'red';

export interface RagResult {
  status: RagStatus;
  /** When the timescale runs out. */
  due: Date;
  /** Working minutes the timescale allows, from the first working moment after receipt to `due`. */
  allowedMinutes: number;
  /** Working minutes gone since receipt. */
  usedMinutes: number;
  /** Working minutes left; negative once overdue. */
  remainingMinutes: number;
  /** For people: "due in 3 working hours", "2 working days overdue". */
  words: string;
}

/** Opening and closing instants (milliseconds) of one working day. */
interface Window {
  start: number;
  end: number;
}

interface Day {
  window: Window | null;
  /** The next local day's midnight. */
  next: number;
}

/** Days remembered per calendar (about ten years' worth; cleared when full). */
const DAY_CACHE_SIZE = 4_000;

/** Local midnights remembered per calendar, by the UTC hour they were found for (cleared when full). */
const HOUR_CACHE_SIZE = 20_000;
const HOUR_MS = 3_600_000;

/** No timescale runs ten years: a loop that gets this far has a calendar with no working days left. */
const MAX_DAYS = 3_660;

/**
 * Working time in one office: its hours, its time zone and its bank holidays. All arithmetic runs
 * on local days in the office's time zone through date-fns and @date-fns/tz, so the clock changes
 * in March and October move nothing: 09:00 is 09:00 whether it is GMT or BST. Results are plain
 * Date instants (UTC inside), as stored in the database.
 */
export class WorkingCalendar {
  private readonly zone: ReturnType<typeof tz>;
  private readonly days: Set<number>;
  private readonly holidays: Set<string>;
  private readonly open: number;
  private readonly close: number;
  private readonly dayCache = new Map<number, Day>();
  private readonly midnightCache = new Map<number, number>();

  constructor(
    readonly hours: { timeZone: string; days: readonly Weekday[]; start: string; end: string },
    holidays: Iterable<string>,
  ) {
    this.zone = tz(hours.timeZone);
    this.days = new Set(hours.days.map((d) => WEEKDAYS.indexOf(d) + 1));
    this.holidays = new Set(holidays);
    this.open = minutesOf(hours.start);
    this.close = minutesOf(hours.end);
    if (!(this.close > this.open) || this.days.size === 0 || this.days.has(0))
      throw new RangeError('Working hours need a working day and an end after the start');
  }

  /** Minutes in a normal working day (8 hours for 09:00–17:00): the unit of "working days" in words. */
  get dayMinutes(): number {
    return this.close - this.open;
  }

  /** Whether the office opens on the local day that contains `instant`. */
  isWorkingDay(instant: Date): boolean {
    return this.day(this.localDay(instant)).window !== null;
  }

  /** The bank holidays this calendar closes on ('YYYY-MM-DD'), for counting timescales in SQL (issue 14). */
  bankHolidayDates(): string[] {
    return [...this.holidays].sort();
  }

  /** Whether `date` ('YYYY-MM-DD') is a bank holiday here. */
  isBankHoliday(date: string): boolean {
    return this.holidays.has(date);
  }

  /**
   * The close of the nth working day after the one on which the clock starts: the day of `start`
   * if the office is still open then (or opens later that day), else the next working day. So 0 is
   * "by the end of the same working day", and a Saturday request's 1 working day ends on Tuesday.
   */
  addWorkingDays(start: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`working days must be a whole number, 0 or more (was ${n})`);
    let day = this.localDay(start);
    let counted = -1;
    for (let i = 0; i < MAX_DAYS; i++) {
      const { window, next } = this.day(day);
      day = next;
      if (!window || (counted < 0 && window.end <= start.getTime())) continue;
      counted++;
      if (counted === n) return new Date(window.end);
    }
    throw new Error('The working calendar has no working days left to count');
  }

  /**
   * The moment `hours` working hours after `start`, counting only time inside working hours. A
   * request received at 16:30 on a Friday with 4 working hours is due at 12:30 on Monday (Tuesday
   * when Monday is a bank holiday); time that runs out exactly at closing is due at closing.
   */
  addWorkingHours(start: Date, hours: number): Date {
    if (!(hours >= 0) || !Number.isFinite(hours))
      throw new RangeError(`working hours must be 0 or more (was ${hours})`);
    let remaining = Math.round(hours * 60 * 60_000);
    let day = this.localDay(start);
    for (let i = 0; i < MAX_DAYS; i++) {
      const { window, next } = this.day(day);
      day = next;
      if (!window) continue;
      const from = Math.max(window.start, start.getTime());
      const available = window.end - from;
      if (available <= 0) continue;
      if (remaining <= available) return new Date(from + remaining);
      remaining -= available;
    }
    throw new Error('The working calendar has no working days left to count');
  }

  /** Working minutes between two instants (0 when `end` is not after `start`). */
  elapsedWorking(start: Date, end: Date): number {
    let total = 0;
    const until = end.getTime();
    for (let day = this.localDay(start); day < until;) {
      const { window, next } = this.day(day);
      day = next;
      if (!window) continue;
      const from = Math.max(window.start, start.getTime());
      const to = Math.min(window.end, until);
      if (to > from) total += to - from;
    }
    return total / 60_000;
  }

  /** When something received at `received` is due under `timescale`. */
  due(received: Date, timescale: Timescale): Date {
    if (isContinuous(timescale)) return new Date(received.getTime() + timescale.hours * 3_600_000);
    return 'workingHours' in timescale
      ? this.addWorkingHours(received, timescale.workingHours)
      : this.addWorkingDays(received, timescale.workingDays);
  }

  /**
   * Red once overdue; amber once `amberAt` (a share, 0.75 by default) of the working time allowed
   * has gone; green before that. The words count working time, as practitioners do.
   */
  rag(received: Date, now: Date, timescale: Timescale, options: { amberAt?: number } = {}): RagResult {
    const amberAt = options.amberAt ?? 0.75;
    if (isContinuous(timescale)) return continuousRag(received, now, timescale.hours, amberAt);
    const due = this.due(received, timescale);
    const allowedMinutes = this.elapsedWorking(received, due);
    const usedMinutes = this.elapsedWorking(received, now);
    const overdue = now.getTime() > due.getTime();
    const remainingMinutes = overdue ? 0 - this.elapsedWorking(due, now) : this.elapsedWorking(now, due);
    const share = allowedMinutes > 0 ? usedMinutes / allowedMinutes : 1;
    const status: RagStatus = overdue ? 'red' : share >= amberAt ? 'amber' : 'green';
    return { status, due, allowedMinutes, usedMinutes, remainingMinutes, words: this.words(remainingMinutes, overdue) };
  }

  /** "due in 3 working hours", "1 working day overdue": whole units, the largest that fits. */
  private words(remainingMinutes: number, overdue: boolean): string {
    const minutes = Math.abs(remainingMinutes);
    if (!overdue && minutes === 0) return 'due now';
    if (overdue && minutes < 1) return 'overdue';
    const [count, unit] =
      minutes >= this.dayMinutes
        ? [Math.floor(minutes / this.dayMinutes), 'day']
        : minutes >= 60
          ? [Math.floor(minutes / 60), 'hour']
          : [overdue ? Math.floor(minutes) : Math.ceil(minutes), 'minute'];
    const amount = `${count} working ${unit}${count === 1 ? '' : 's'}`;
    return overdue ? `${amount} overdue` : `due in ${amount}`;
  }

  /**
   * The instant of local midnight starting the day that contains `instant`. A page's timescales ask this for the same
   * few instants' days again and again (four times a Hub queue row), and each answer was a time-zone conversion: the
   * midnight found for an instant is remembered by its UTC hour and used again for an instant in the same hour when
   * that instant lies inside the day it starts (a zone whose midnight falls within an hour, +05:30, asks again).
   */
  private localDay(instant: Date): number {
    const time = instant.getTime();
    const hour = Math.floor(time / HOUR_MS);
    const known = this.midnightCache.get(hour);
    if (known !== undefined && time >= known && time < this.day(known).next) return known;
    const midnight = startOfDay(instant, { in: this.zone }).getTime();
    if (this.midnightCache.size >= HOUR_CACHE_SIZE) this.midnightCache.clear();
    this.midnightCache.set(hour, midnight);
    return midnight;
  }

  private isWorkingLocalDay(day: TZDate): boolean {
    return (
      this.days.has(getISODay(day, { in: this.zone })) &&
      !this.holidays.has(format(day, 'yyyy-MM-dd', { in: this.zone }))
    );
  }

  /**
   * A local day (by the instant of its midnight): its opening and closing instants (null when the
   * office is closed all day) and the next day's midnight. Time-zone arithmetic is costly and the
   * same days come up in every timescale on a page, so each day is worked out once per calendar.
   */
  private day(midnight: number): Day {
    let found = this.dayCache.get(midnight);
    if (!found) {
      const day = new TZDate(midnight, this.hours.timeZone);
      found = { window: this.window(day), next: addDays(day, 1, { in: this.zone }).getTime() };
      if (this.dayCache.size >= DAY_CACHE_SIZE) this.dayCache.clear();
      this.dayCache.set(midnight, found);
    }
    return found;
  }

  /** Opening and closing on a local day, or null when the office is closed all day. */
  private window(day: TZDate): Window | null {
    if (!this.isWorkingLocalDay(day)) return null;
    const at = (minutes: number) =>
      new TZDate(
        day.getFullYear(),
        day.getMonth(),
        day.getDate(),
        Math.floor(minutes / 60),
        minutes % 60,
        this.hours.timeZone,
      ).getTime();
    return { start: at(this.open), end: at(this.close) };
  }
}

/** The RAG of a continuous clock: every minute counts, and the words say hours, not working hours. */
function continuousRag(received: Date, now: Date, hours: number, amberAt: number): RagResult {
  const due = new Date(received.getTime() + hours * 3_600_000);
  const allowedMinutes = hours * 60;
  const usedMinutes = Math.max(0, (now.getTime() - received.getTime()) / 60_000);
  const overdue = now.getTime() > due.getTime();
  const remainingMinutes = (due.getTime() - now.getTime()) / 60_000;
  const share = usedMinutes / allowedMinutes;
  const status: RagStatus = overdue ? 'red' : share >= amberAt ? 'amber' : 'green';
  const minutes = Math.abs(remainingMinutes);
  let words: string;
  if (!overdue && minutes < 1) words = 'due now';
  else if (overdue && minutes < 1) words = 'overdue';
  else {
    const [count, unit] = minutes >= 60 ? [Math.floor(minutes / 60), 'hour'] : [Math.floor(minutes), 'minute'];
    const amount = `${count} ${unit}${count === 1 ? '' : 's'}`;
    words = overdue ? `${amount} overdue` : `due in ${amount}`;
  }
  words = `${words} (continuous clock)`;
  return { status, due, allowedMinutes, usedMinutes, remainingMinutes, words };
}
