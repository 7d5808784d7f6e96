import { addDays, format, getISODay, parseISO } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { londonDay } from '../../platform/calendar/london.ts';
import type { EncompassSettings } from './settings.ts';

const ZONE = 'Europe/London';
/** Far enough to cross any summer holiday; a calendar with no school day in a year is a broken calendar. */
const LOOK_AHEAD_DAYS = 400;

/**
 * School days for Operation Encompass: a weekday that is not a bank holiday and, where the tenant's term dates cover
 * the day, inside a term. A day outside every listed school year counts every such weekday (the term dates are not
 * known there). Worked out with date-fns and @date-fns/tz, like the working calendar.
 */
export class SchoolDays {
  private readonly first: string | null;
  private readonly last: string | null;

  constructor(
    private readonly settings: Pick<EncompassSettings, 'schoolDayStarts' | 'termDates'>,
    private readonly isBankHoliday: (day: string) => boolean,
  ) {
    const terms = settings.termDates.terms;
    this.first = terms.length ? terms.map((t) => t.from).sort()[0]! : null;
    this.last = terms.length
      ? terms
          .map((t) => t.to)
          .sort()
          .at(-1)!
      : null;
  }

  /** Whether the term dates say anything about this day ('YYYY-MM-DD'). */
  termsKnown(day: string): boolean {
    return this.first !== null && this.last !== null && day >= this.first && day <= this.last;
  }

  isSchoolDay(day: string): boolean {
    if (getISODay(parseISO(day)) > 5 || this.isBankHoliday(day)) return false;
    if (!this.termsKnown(day)) return true;
    return this.settings.termDates.terms.some((t) => day >= t.from && day <= t.to);
  }

  /** The first school day after `day` ('YYYY-MM-DD'). */
  nextSchoolDay(day: string): string {
    let next = parseISO(day);
    for (let i = 0; i < LOOK_AHEAD_DAYS; i++) {
      next = addDays(next, 1);
      const candidate = format(next, 'yyyy-MM-dd');
      if (this.isSchoolDay(candidate)) return candidate;
    }
    throw new RangeError(`No school day within ${LOOK_AHEAD_DAYS} days of ${day}: check the term dates`);
  }

  /** The start of the school day ('HH:mm', London time) on `day`, as an instant. */
  startOf(day: string): Date {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const [hh, mm] = this.settings.schoolDayStarts.split(':').map(Number) as [number, number];
    return new Date(new TZDate(y, m - 1, d, hh, mm, ZONE).getTime());
  }

  /** When police attended on `incidentDate`: the school is told before the start of the next school day. */
  deadlineFor(incidentDate: string): Date {
    return this.startOf(this.nextSchoolDay(incidentDate));
  }

  /** School days after the London day of `since`, up to and including the London day of `now`. */
  schoolDaysSince(since: Date, now: Date): number {
    const end = londonDay(now);
    let day = londonDay(since);
    let count = 0;
    while (count < LOOK_AHEAD_DAYS) {
      day = format(addDays(parseISO(day), 1), 'yyyy-MM-dd');
      if (day > end) break;
      if (this.isSchoolDay(day)) count++;
    }
    return count;
  }

  /**
   * The latest London day from which at least `n` school days have passed by `now` (schoolDaysSince(day, now) ≥ n):
   * a notification sent on or before it has waited `n` school days. For the Hub's list, counted in SQL by day.
   */
  latestDayWithSchoolDaysSince(now: Date, n: number): string {
    let day = londonDay(now);
    let count = 0;
    for (let i = 0; i < LOOK_AHEAD_DAYS && count < n; i++) {
      if (this.isSchoolDay(day)) count++;
      day = format(addDays(parseISO(day), -1), 'yyyy-MM-dd');
    }
    return day;
  }
}
