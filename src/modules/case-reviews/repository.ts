import { sql, type Kysely } from 'kysely';
import type { CaseReviewStatus, DB } from '../../platform/db/schema/index.ts';

/** The case reviews' queries (Kysely only). Names of organisations and users come from the shared reference tables. */
export class CaseReviewRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The referrals list: no child's name, only the reference (the name is shown, and audited, on the referral). */
  list(filter: { status?: CaseReviewStatus | undefined; offset: number; limit: number }) {
    let q = this.db
      .selectFrom('case_review_referrals as r')
      .leftJoin('case_review_rapid_reviews as rr', 'rr.referral_id', 'r.id')
      .leftJoin('case_review_csprs as c', 'c.referral_id', 'r.id')
      .select([
        'r.id',
        'r.reference',
        'r.referred_on',
        'r.status',
        'r.rapid_review_due_on',
        'rr.held_on',
        'c.stage',
        sql<number>`cardinality(r.criteria)`.as('criteria_count'),
        sql<number>`(select count(*)::int from case_review_triage t where t.referral_id = r.id)`.as('triaged'),
      ]);
    if (filter.status) q = q.where('r.status', '=', filter.status);
    return q
      .orderBy('r.referred_on', 'desc')
      .orderBy('r.reference', 'desc')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute();
  }

  async count(status?: CaseReviewStatus) {
    let q = this.db.selectFrom('case_review_referrals').select((eb) => eb.fn.countAll<number>().as('n'));
    if (status) q = q.where('status', '=', status);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /** Referrals waiting for a partner's triage decision. */
  awaitingTriage(partner: string) {
    return this.db
      .selectFrom('case_review_referrals as r')
      .select(['r.id', 'r.reference', 'r.referred_on', 'r.rapid_review_due_on'])
      .where('r.status', '=', 'triage')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('case_review_triage as t')
              .select('t.id')
              .whereRef('t.referral_id', '=', 'r.id')
              .where('t.partner', '=', partner as 'council'),
          ),
        ),
      )
      .orderBy('r.rapid_review_due_on')
      .execute();
  }

  referral(id: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('case_review_referrals as r')
      .leftJoin('organisations as o', 'o.id', 'r.referrer_organisation_id')
      .selectAll('r')
      .select('o.name as referrer_organisation')
      .where('r.id', '=', id)
      .executeTakeFirst();
  }

  lockReferral(tx: Kysely<DB>, id: string) {
    return tx.selectFrom('case_review_referrals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  triage(referralId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('case_review_triage as t')
      .leftJoin('users as u', 'u.id', 't.decided_by')
      .leftJoin('organisations as o', 'o.id', 't.organisation_id')
      .selectAll('t')
      .select(['u.display_name as decided_by_name', 'o.name as organisation_name'])
      .where('t.referral_id', '=', referralId)
      .orderBy('t.decided_at')
      .execute();
  }

  rapidReview(referralId: string) {
    return this.db
      .selectFrom('case_review_rapid_reviews')
      .selectAll()
      .where('referral_id', '=', referralId)
      .executeTakeFirst();
  }

  cspr(referralId: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('case_review_csprs').selectAll().where('referral_id', '=', referralId).executeTakeFirst();
  }

  stages(csprId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('case_review_stages')
      .selectAll()
      .where('cspr_id', '=', csprId)
      .orderBy('reached_on')
      .orderBy('recorded_at')
      .execute();
  }

  delays(csprId: string) {
    return this.db
      .selectFrom('case_review_delays')
      .selectAll()
      .where('cspr_id', '=', csprId)
      .orderBy('from_on')
      .execute();
  }

  recommendations(csprId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('case_review_recommendations')
      .selectAll()
      .where('cspr_id', '=', csprId)
      .orderBy('number')
      .execute();
  }

  /** Learning actions, with their review's reference and agency; never the child. */
  actions(filter: {
    referralId?: string;
    organisationId?: string | null;
    overdueOn?: string;
    id?: string;
    offset?: number;
    limit?: number;
  }) {
    let q = this.db
      .selectFrom('case_review_learning_actions as a')
      .innerJoin('case_review_referrals as r', 'r.id', 'a.referral_id')
      .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
      .leftJoin('case_review_recommendations as rec', 'rec.id', 'a.recommendation_id')
      .selectAll('a')
      .select([
        'r.reference',
        'o.name as organisation_name',
        'rec.number as recommendation_number',
        'rec.text as recommendation',
      ])
      .orderBy('a.due_on')
      .orderBy('a.created_at');
    if (filter.id) q = q.where('a.id', '=', filter.id);
    if (filter.referralId) q = q.where('a.referral_id', '=', filter.referralId);
    if (filter.organisationId) q = q.where('a.organisation_id', '=', filter.organisationId);
    if (filter.overdueOn) q = q.where('a.status', '!=', 'accepted').where('a.due_on', '<', filter.overdueOn);
    if (filter.offset !== undefined) q = q.offset(filter.offset);
    if (filter.limit !== undefined) q = q.limit(filter.limit);
    return q.execute();
  }

  organisations() {
    return this.db
      .selectFrom('organisations')
      .select(['id', 'name', 'type_code'])
      .where('is_active', '=', true)
      .orderBy('name')
      .execute();
  }
}
