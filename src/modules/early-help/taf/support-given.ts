import { sql, type RawBuilder } from 'kysely';
import type { TafSupportEventKind, TafSupportKind } from '../../../platform/db/schema/index.ts';

/**
 * The support TAF Support Officers gave from the day `from` up to (not including) the SQL day `before`, one row each
 * (id: the log entry's, the meeting's or the event's; day, kind, episode): the officers' own entries, and the TAF meetings held in Hearth that a TAF Support Officer
 * convened (scheduled) or attended, which they need not log again. A meeting an officer also logged by hand (same
 * officer, family episode and day) is counted once. Workshops and networking events (support-events.ts) are one row
 * each, with no episode. The support log's figures and the computed indicator
 * `early-help.taf-meetings-supported` both count from here, so they agree.
 */
export function supportGiven(
  from: string,
  before: RawBuilder<unknown>,
): RawBuilder<{ id: string; day: string; kind: TafSupportKind | TafSupportEventKind; episode_id: string | null }> {
  return sql`
    with logged as (
      select id, support_date as day, kind, episode_id
      from taf_support_log
      where support_date >= cast(${from} as date) and support_date < ${before}
    ),
    held as (
      select m.id, m.episode_id, (m.starts_at at time zone 'Europe/London')::date as day,
        (select m.created_by where exists (
           select 1 from user_roles r where r.user_id = m.created_by and r.role = 'taf-support-officer')) as convener,
        (select min(i.user_id::text)::uuid from taf_meeting_invitees i
           join user_roles r on r.user_id = i.user_id and r.role = 'taf-support-officer'
           where i.meeting_id = m.id and i.attendance = 'attended') as attendee
      from taf_meetings m
      where m.status = 'held'
        and (m.starts_at at time zone 'Europe/London')::date >= cast(${from} as date)
        and (m.starts_at at time zone 'Europe/London')::date < ${before}
    ),
    from_meetings as (
      select h.id, h.day, case when h.convener is not null then 'meeting-convened' else 'meeting-attended' end as kind,
        h.episode_id
      from held h
      where (h.convener is not null or h.attendee is not null)
        and not exists (
          select 1 from taf_support_log l
          where l.kind in ('meeting-convened', 'meeting-attended') and l.episode_id = h.episode_id
            and l.support_date = h.day and l.officer_id in (h.convener, h.attendee))
    )
    select id, day, kind, episode_id from logged union all select id, day, kind, episode_id from from_meetings
    union all
    select id, event_date as day, kind, null::uuid as episode_id from taf_support_events
    where event_date >= cast(${from} as date) and event_date < ${before}`;
}
