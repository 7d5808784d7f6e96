import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';

/** Kysely queries of the escalation tables only. */
export class EscalationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Every escalation (null), or those the user raised or was asked at the first stage (a plan's lead professional). */
  list(userId: string | null) {
    let query = this.db
      .selectFrom('escalations as e')
      .innerJoin('users as u', 'u.id', 'e.raised_by')
      .select([
        'e.id',
        'e.subject_type',
        'e.reference',
        'e.stage',
        'e.raised_at',
        'e.resolved_at',
        'e.addressed_to',
        'u.display_name as raised_by_name',
      ]);
    if (userId) query = query.where((eb) => eb.or([eb('e.raised_by', '=', userId), eb('e.addressed_to', '=', userId)]));
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
      .leftJoin('users as a', 'a.id', 'e.addressed_to')
      .selectAll('e')
      .select([
        'u.display_name as raised_by_name',
        'r.display_name as resolved_by_name',
        'a.display_name as addressed_to_name',
      ])
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

  /** Active users holding one of these roles, by name: whom a manager may ask at the first stage instead. */
  candidates(roles: readonly string[]) {
    if (roles.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('users as u')
      .select(['u.id', 'u.display_name'])
      .where('u.is_active', '=', true)
      .where('u.id', 'in', (eb) =>
        eb
          .selectFrom('user_roles')
          .select('user_id')
          .where('role', 'in', [...roles]),
      )
      .orderBy('u.display_name')
      .limit(500)
      .execute();
  }

  /** A user's name (the lead professional a plan's escalation asks first), or null. */
  async userName(id: string | null) {
    if (!id) return null;
    const row = await this.db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst();
    return row?.display_name ?? null;
  }

  /** By what escalations are about: how many were raised and resolved, and the median days from raising to resolving. */
  byKind() {
    return sql<{ subject_type: string; raised: number; resolved: number; median_days_to_resolve: number | null }>`
      select subject_type, count(*)::int as raised, count(resolved_at)::int as resolved,
        round((percentile_cont(0.5) within group (order by extract(epoch from resolved_at - raised_at))
          filter (where resolved_at is not null) / 86400)::numeric, 1)::float8 as median_days_to_resolve
      from escalations group by subject_type`
      .execute(this.db)
      .then((r) => r.rows);
  }

  /**
   * By what they are about and stage: how many escalations reached it, how many had a response there, how many were resolved there, and
   * the median days from asking to the response and from raising to the resolution.
   */
  byStage() {
    return sql<{
      subject_type: string;
      stage: string;
      reached: number;
      responded: number;
      resolved_here: number;
      median_days_to_response: number | null;
      median_days_to_resolve: number | null;
    }>`
      select e.subject_type, s.stage,
        count(*)::int as reached,
        count(s.responded_at)::int as responded,
        count(*) filter (where e.resolved_at is not null and e.stage = s.stage)::int as resolved_here,
        round((percentile_cont(0.5) within group (order by extract(epoch from s.responded_at - s.asked_at)) / 86400)::numeric, 1)::float8
          as median_days_to_response,
        round((percentile_cont(0.5) within group (order by extract(epoch from e.resolved_at - e.raised_at))
          filter (where e.resolved_at is not null and e.stage = s.stage) / 86400)::numeric, 1)::float8 as median_days_to_resolve
      from escalation_stages s join escalations e on e.id = s.escalation_id
      group by e.subject_type, s.stage`
      .execute(this.db)
      .then((r) => r.rows);
  }
}
