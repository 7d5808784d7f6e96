import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import { personIdentitySql } from '../../people/index.ts';

/**
 * The partnership's figures about the Hub for a period, in SQL over the front door's tables (see
 * HubService.figures). Dashboards come later; these keep the questions answerable now.
 */
export async function hubFigures(db: Kysely<DB>, from: Date, to: Date) {
  const inPeriod = sql`r.received_at >= ${from} and r.received_at < ${to}`;
  const [bySource, byArea, decisions, timing, rerequests, socialWork] = await Promise.all([
    sql<{
      source: string;
      requests: number;
    }>`select r.source, count(*)::int as requests from requests_for_support r where ${inPeriod} group by r.source order by r.source`.execute(
      db,
    ),
    sql<{ quadrant: string; district: string; requests: number }>`
      select q.name as quadrant, d.name as district, count(*)::int as requests
      from requests_for_support r join districts d on d.code = r.district_code join quadrants q on q.id = d.quadrant_id
      where ${inPeriod} group by q.name, d.name order by q.name, d.name`.execute(db),
    sql<{ level: number; pathway: string; decisions: number }>`
      select h.level, h.pathway, count(*)::int as decisions from hub_decisions h join requests_for_support r on r.id = h.request_id
      where h.state = 'final' and ${inPeriod} group by h.level, h.pathway order by h.level, h.pathway`.execute(db),
    sql<{ decided: number; median_hours: number | null; p90_hours: number | null }>`
      select count(*)::int as decided,
        percentile_cont(0.5) within group (order by extract(epoch from h.decided_at - r.received_at) / 3600)::float8 as median_hours,
        percentile_cont(0.9) within group (order by extract(epoch from h.decided_at - r.received_at) / 3600)::float8 as p90_hours
      from hub_decisions h join requests_for_support r on r.id = h.request_id where h.state = 'final' and ${inPeriod}`.execute(
      db,
    ),
    // A child is the same child under a record merged into another (personIdentitySql follows every merge), as the
    // computed indicator hub.re-requests-12-months counts it: children only, not the adults named on a request.
    sql<{ rerequests: number }>`
      with about as (
        select r.id as request_id, r.received_at, ${personIdentitySql(sql`p.person_id`)} as person
        from requests_for_support r join request_people p on p.request_id = r.id
        where p.role = 'child' and p.person_id is not null
          and r.received_at >= ${from}::timestamptz - interval '12 months' and r.received_at < ${to})
      select count(distinct a.request_id)::int as rerequests
      from about a join requests_for_support r on r.id = a.request_id
      where ${inPeriod} and exists (
        select 1 from about b where b.person = a.person and b.request_id <> a.request_id
          and b.received_at < a.received_at and b.received_at >= a.received_at - interval '12 months')`.execute(db),
    // The Hub social worker's reviews (a missing child at level 3 or 4, seed 002), by when they were made.
    sql<{ agreed: number; changes_asked: number }>`
      select count(*) filter (where s.outcome = 'agreed')::int as agreed,
        count(*) filter (where s.outcome = 'changes-asked')::int as changes_asked
      from hub_social_work_reviews s where s.reviewed_at >= ${from} and s.reviewed_at < ${to}`.execute(db),
  ]);
  // "Progressed" as the Board counts it (004_…): to children's social care or Family Solutions.
  const police = bySource.rows.find((s) => s.source === 'police')?.requests ?? 0;
  const policeProgressed = police
    ? Number(
        (
          await sql<{
            n: number;
          }>`select count(*)::int as n from requests_for_support r join hub_decisions h on h.request_id = r.id and h.state = 'final'
            where r.source = 'police' and h.pathway in ('social-care', 'family-solutions') and ${inPeriod}`.execute(db)
        ).rows[0]?.n ?? 0,
      )
    : 0;
  return {
    bySource: bySource.rows,
    byArea: byArea.rows,
    decisions: decisions.rows,
    timeToDecision: timing.rows[0] ?? { decided: 0, median_hours: null, p90_hours: null },
    police: { notifications: police, progressed: policeProgressed },
    rerequestsWithin12Months: rerequests.rows[0]?.rerequests ?? 0,
    socialWorkReviews: {
      agreed: socialWork.rows[0]?.agreed ?? 0,
      changesAsked: socialWork.rows[0]?.changes_asked ?? 0,
    },
  };
}
