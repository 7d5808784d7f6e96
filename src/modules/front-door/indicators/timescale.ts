import { addDays, format } from 'date-fns';
import { sql } from 'kysely';
import type { CalendarService } from '../../../platform/calendar/service.ts';
import { WEEKDAYS, type Timescale, type WorkingHours } from '../../../platform/calendar/working-time.ts';
import type { Period } from '../../../platform/indicators/computed.ts';
import type { ReferenceService } from '../../reference/index.ts';

/**
 * When each request was due, in SQL, by the same rules as the Hub's queue (WorkingCalendar.due): the tenant's
 * priorities give each a timescale in working days (due at the close of the nth working day after the one the clock
 * starts on), in working hours (counted only while the Hub is open) or in hours on a continuous clock; working days
 * are the Hub's days and hours less the bank holidays of its division. The working windows are made once per query,
 * numbered, with the working seconds before each, so a request's deadline is a lookup, not a loop.
 */
export interface HubTimescales {
  priorities: {
    code: string;
    name: string;
    working_days: number | null;
    working_hours: number | null;
    hours: number | null;
  }[];
  hours: Pick<WorkingHours, 'timeZone' | 'days' | 'start' | 'end'>;
  holidays: string[];
  /** Days after the period's end that the windows run to: far enough for the longest timescale. */
  horizonDays: number;
}

function horizonDays(timescales: readonly Timescale[], hours: HubTimescales['hours']): number {
  const dayHours =
    (Number(hours.end.slice(0, 2)) * 60 +
      Number(hours.end.slice(3)) -
      Number(hours.start.slice(0, 2)) * 60 -
      Number(hours.start.slice(3))) /
    60;
  const workingDays = Math.max(
    1,
    ...timescales.map((t) =>
      'workingDays' in t ? t.workingDays + 1 : 'workingHours' in t ? Math.ceil(t.workingHours / dayHours) + 1 : 1,
    ),
  );
  // Weeks with one working day and a run of bank holidays still fit: a week per working day, and a month more.
  return workingDays * 7 + 31;
}

export async function hubTimescales(reference: ReferenceService, calendars: CalendarService): Promise<HubTimescales> {
  const [hub, calendar] = await Promise.all([reference.hubSettings(), calendars.calendar()]);
  return {
    priorities: hub.priorities.map((p) => ({
      code: p.code,
      name: p.name,
      working_days: 'workingDays' in p.timescale ? p.timescale.workingDays : null,
      working_hours: 'workingHours' in p.timescale ? p.timescale.workingHours : null,
      hours: 'hours' in p.timescale ? p.timescale.hours : null,
    })),
    hours: hub.workingHours,
    holidays: calendar.bankHolidayDates(),
    horizonDays: horizonDays(
      hub.priorities.map((p) => p.timescale),
      hub.workingHours,
    ),
  };
}

/** For showing the query: the values are parameters, so any will do. */
export const PLACEHOLDER_TIMESCALES: HubTimescales = {
  priorities: [],
  hours: { timeZone: 'Europe/London', days: ['monday'], start: '09:00', end: '17:00' },
  holidays: [],
  horizonDays: 0,
};

/** The working windows from the period's first day to the horizon: `hub_windows(n, opens, closes, len_s, before_s)`. */
export function workingWindows(period: Period, t: HubTimescales) {
  const first = period.from;
  const last = format(addDays(new Date(`${period.to}T12:00:00Z`), t.horizonDays), 'yyyy-MM-dd');
  const isoDays = JSON.stringify(t.hours.days.map((d) => String(WEEKDAYS.indexOf(d) + 1)));
  return sql`hub_days as (
      select ${first}::date + i as day from generate_series(0, ${last}::date - ${first}::date) as i),
    hub_open as (
      select ((day + ${t.hours.start}::time) at time zone ${t.hours.timeZone}) as opens,
        ((day + ${t.hours.end}::time) at time zone ${t.hours.timeZone}) as closes
      from hub_days
      where jsonb_exists(${isoDays}::jsonb, extract(isodow from day)::int::text)
        and not jsonb_exists(${JSON.stringify(t.holidays)}::jsonb, to_char(day, 'YYYY-MM-DD'))),
    hub_windows as (
      select row_number() over (order by opens) as n, opens, closes,
        extract(epoch from closes - opens)::float8 as len_s,
        coalesce(sum(extract(epoch from closes - opens)::float8)
          over (order by opens rows between unbounded preceding and 1 preceding), 0) as before_s
      from hub_open)`;
}

/**
 * Joins to a request `r`: its timescale `tp` (a request whose priority the tenant no longer has is left out) and
 * when it was due, `due.at`.
 */
export function dueJoin(t: HubTimescales) {
  return sql`join jsonb_to_recordset(${JSON.stringify(t.priorities)}::jsonb)
      as tp(code text, name text, working_days int, working_hours float8, hours float8) on tp.code = r.priority
    left join lateral (
      select case
        when tp.hours is not null then r.received_at + make_interval(secs => tp.hours * 3600)
        when tp.working_days is not null then (select w.closes from hub_windows w where w.n = fw.n + tp.working_days)
        else (select w.opens + make_interval(secs => fw.at_s + tp.working_hours * 3600 - w.before_s)
          from hub_windows w where w.before_s + w.len_s >= fw.at_s + tp.working_hours * 3600 order by w.n limit 1)
      end as at
      from (select w.n, w.before_s + greatest(0, extract(epoch from r.received_at - w.opens)::float8) as at_s
        from hub_windows w where w.closes > r.received_at order by w.n limit 1) fw
    ) due on true`;
}
