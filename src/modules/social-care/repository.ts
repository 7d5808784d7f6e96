import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';

/** Kysely queries of the hand-off table only (the request and decision are read through the front door). */
export class HandOffRepository {
  constructor(private readonly db: Kysely<DB>) {}

  find(id: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('social_care_handoffs as h')
      .leftJoin('users as o', 'o.id', 'h.outcome_by')
      .selectAll('h')
      .select('o.display_name as outcome_by_name')
      .where('h.id', '=', id)
      .executeTakeFirst();
  }

  /** The hand-off of a decision, with who recorded its outcome (an escalation about social care's outcome). */
  byDecision(decisionId: string) {
    return this.db
      .selectFrom('social_care_handoffs as h')
      .leftJoin('users as o', 'o.id', 'h.outcome_by')
      .selectAll('h')
      .select('o.display_name as outcome_by_name')
      .where('h.decision_id', '=', decisionId)
      .executeTakeFirst();
  }

  /** Of these decisions, those social care sent back to the Hub with no further action. */
  async sentBack(decisionIds: string[]) {
    if (decisionIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('social_care_handoffs')
      .select('decision_id')
      .where('decision_id', 'in', decisionIds)
      .where('outcome', '=', 'no-further-action')
      .execute();
    return rows.map((r) => r.decision_id);
  }

  existsForDecision(decisionId: string) {
    return this.db
      .selectFrom('social_care_handoffs')
      .select('id')
      .where('decision_id', '=', decisionId)
      .executeTakeFirst()
      .then(Boolean);
  }

  /** The intake queue: waiting for an outcome (not yet acknowledged first), oldest first; or the latest done. */
  list(done: boolean, limit: number) {
    const query = this.db
      .selectFrom('social_care_handoffs as h')
      .leftJoin('districts as di', 'di.code', 'h.district_code')
      .select([
        'h.id',
        'h.reference',
        'h.level',
        'h.route',
        'h.created_at',
        'h.acknowledged_at',
        'h.acknowledged_by_name',
        'h.outcome',
        'h.outcome_at',
        'di.name as district_name',
      ]);
    return done
      ? query.where('h.outcome', 'is not', null).orderBy('h.outcome_at', 'desc').limit(limit).execute()
      : query
          .where('h.outcome', 'is', null)
          .orderBy(sql`h.acknowledged_at is not null`)
          .orderBy('h.created_at')
          .limit(limit)
          .execute();
  }

  /** Hand-offs created after the cursor (created_at, id), oldest first: the outbound API's page. */
  since(after: { at: Date; id: string } | null, limit: number) {
    let query = this.db.selectFrom('social_care_handoffs').selectAll();
    if (after)
      query = query.where((eb) =>
        eb.or([eb('created_at', '>', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '>', after.id)])]),
      );
    return query.orderBy('created_at').orderBy('id').limit(limit).execute();
  }

  unacknowledged() {
    return this.db
      .selectFrom('social_care_handoffs')
      .selectAll()
      .where('acknowledged_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }
}
