import { TZDate } from '@date-fns/tz';
import { addDays, format, parseISO } from 'date-fns';
import type { MaracSettings } from '../../reference/index.ts';

/** A day and time in England as the instant it is (British Summer Time or not). */
export function londonInstant(day: string, time: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 'Europe/London').getTime());
}

export interface PlannedMeeting {
  startsAt: Date;
  slot: string;
}

/**
 * The meetings the tenant's slots give over `days` days from `fromDay` ('YYYY-MM-DD', London): each slot of each
 * sitting day (weekdays in Essex), never on a bank holiday.
 */
export function plannedMeetings(
  meetings: MaracSettings['meetings'],
  fromDay: string,
  days: number,
  isBankHoliday: (day: string) => boolean,
): PlannedMeeting[] {
  const planned: PlannedMeeting[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(parseISO(fromDay), i);
    const day = format(date, 'yyyy-MM-dd');
    const weekday = date.getDay();
    if (meetings.days === 'weekdays' && (weekday === 0 || weekday === 6)) continue;
    if (isBankHoliday(day)) continue;
    for (const slot of meetings.slots) planned.push({ startsAt: londonInstant(day, slot.time), slot: slot.code });
  }
  return planned;
}
