import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';

/** Kysely queries of the escalation tables only. */
export class EscalationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(raisedBy: string | null) {
    let query = this.db
      .selectFrom('escalations as e')
      .innerJoin('users as u', 'u.id', 'e.raised_by')
      .select(['e.id', 'e.reference', 'e.stage', 'e.raised_at', 'e.resolved_at', 'u.display_name as raised_by_name']);
    if (raisedBy) query = query.where('e.raised_by', '=', raisedBy);
    return query
      .orderBy('e.resolved_at', (ob) => ob.desc().nullsFirst())
      .orderBy('e.raised_at', 'desc')
      .limit(500)
      .execute();
  }

  async find(id: string) {
    const escalation = await this.db
      .selectFrom('escalations as e')
      .innerJoin('users as u', 'u.id', 'e.raised_by')
      .leftJoin('users as r', 'r.id', 'e.resolved_by')
      .selectAll('e')
      .select(['u.display_name as raised_by_name', 'r.display_name as resolved_by_name'])
      .where('e.id', '=', id)
      .executeTakeFirst();
    if (!escalation) return null;
    const stages = await this.db
      .selectFrom('escalation_stages as s')
      .innerJoin('users as a', 'a.id', 's.asked_by')
      .leftJoin('users as r', 'r.id', 's.responded_by')
      .selectAll('s')
      .select(['a.display_name as asked_by_name', 'r.display_name as responded_by_name'])
      .where('s.escalation_id', '=', id)
      .orderBy('s.asked_at')
      .orderBy('s.id')
      .execute();
    return { ...escalation, stages };
  }

  /**
   * By stage: how many escalations reached it, how many had a response there, how many were resolved there, and
   * the median days from asking to the response and from raising to the resolution.
   */
  byStage() {
    return sql<{
      stage: string;
      reached: number;
      responded: number;
      resolved_here: number;
      median_days_to_response: number | null;
      median_days_to_resolve: number | null;
    }>`
      select s.stage,
        count(*)::int as reached,
        count(s.responded_at)::int as responded,
        count(*) filter (where e.resolved_at is not null and e.stage = s.stage)::int as resolved_here,
        round((percentile_cont(0.5) within group (order by extract(epoch from s.responded_at - s.asked_at)) / 86400)::numeric, 1)::float8
          as median_days_to_response,
        round((percentile_cont(0.5) within group (order by extract(epoch from e.resolved_at - e.raised_at))
          filter (where e.resolved_at is not null and e.stage = s.stage) / 86400)::numeric, 1)::float8 as median_days_to_resolve
      from escalation_stages s join escalations e on e.id = s.escalation_id
      group by s.stage`
      .execute(this.db)
      .then((r) => r.rows);
  }
}
