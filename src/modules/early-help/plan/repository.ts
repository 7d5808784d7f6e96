import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, PlanActionsTable, PlansTable } from '../../../platform/db/schema/index.ts';

/** Kysely queries for Early Help Plans and reviews. Rules, transactions and audit are in plan-service.ts. */
export class PlanRepository {
  constructor(private readonly db: Kysely<DB>) {}

  plan(id: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  }

  planOfEpisode(episodeId: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('plans').selectAll().where('episode_id', '=', episodeId).executeTakeFirst();
  }

  insertPlan(tx: Kysely<DB>, row: Insertable<PlansTable>) {
    return tx.insertInto('plans').values(row).execute();
  }

  goals(planId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('plan_goals as g')
      .innerJoin('outcome_areas as a', 'a.code', 'g.outcome_area')
      .selectAll('g')
      .select('a.name as area_name')
      .where('g.plan_id', '=', planId)
      .orderBy('g.created_at')
      .orderBy('g.id')
      .execute();
  }

  /** The plan's actions, each with its latest TAF meeting update (the meeting's London day, status after, note) if any. */
  actions(planId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('plan_actions as a')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('taf_action_updates as u')
            .innerJoin('taf_meetings as m', 'm.id', 'u.meeting_id')
            .select([
              sql<string>`to_char(m.starts_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')`.as('taf_on'),
              'u.status_after as taf_status',
              'u.note as taf_note',
            ])
            .whereRef('u.action_id', '=', 'a.id')
            .orderBy('m.starts_at', 'desc')
            .orderBy('u.created_at', 'desc')
            .limit(1)
            .as('t'),
        (join) => join.onTrue(),
      )
      .selectAll('a')
      .select(['t.taf_on', 't.taf_status', 't.taf_note'])
      .where('a.plan_id', '=', planId)
      .orderBy('a.created_at')
      .orderBy('a.id')
      .execute();
  }

  action(id: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('plan_actions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insertAction(tx: Kysely<DB>, row: Insertable<PlanActionsTable>) {
    return tx.insertInto('plan_actions').values(row).execute();
  }

  /** Open actions of the episode's plan, for the closure check (inside the closing transaction). */
  openActionsOfEpisode(tx: Kysely<DB>, episodeId: string) {
    return tx
      .selectFrom('plan_actions as a')
      .innerJoin('plans as p', 'p.id', 'a.plan_id')
      .select(['a.id', 'a.description', 'a.who_name', 'a.due_date'])
      .where('p.episode_id', '=', episodeId)
      .where('a.status', '=', 'open')
      .orderBy('a.due_date')
      .orderBy('a.created_at')
      .execute();
  }

  reviews(planId: string) {
    return this.db
      .selectFrom('plan_reviews as r')
      .leftJoin('users as u', 'u.id', 'r.recorded_by')
      .selectAll('r')
      .select('u.display_name as recorded_by_name')
      .where('r.plan_id', '=', planId)
      .orderBy('r.review_date')
      .orderBy('r.recorded_at')
      .execute();
  }

  scores(planId: string) {
    return this.db
      .selectFrom('plan_review_scores as s')
      .innerJoin('plan_reviews as r', 'r.id', 's.review_id')
      .select(['s.review_id', 's.goal_id', 's.score'])
      .where('r.plan_id', '=', planId)
      .execute();
  }

  signOffs(planId: string) {
    return this.db
      .selectFrom('plan_sign_offs')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('recorded_at')
      .execute();
  }

  /** Moves the plan's content version on: a change to goals or actions the family has not yet agreed. */
  /**
   * A change to the plan that leaves what the family agreed as it was (an action done or dropped): the
   * plan's version moves (so other open forms are stale) but not its content version, so a sign-off stands.
   */
  bumpProgress(tx: Kysely<DB>, planId: string, userId: string | null) {
    return tx
      .updateTable('plans')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date(), updated_by: userId }))
      .where('id', '=', planId)
      .execute();
  }

  /** A change to what the family agreed (a goal or action's words, who, when): a sign-off lapses. */
  bumpContent(tx: Kysely<DB>, planId: string, userId: string | null) {
    return tx
      .updateTable('plans')
      .set((eb) => ({
        content_version: eb('content_version', '+', 1),
        version: eb('version', '+', 1),
        updated_at: new Date(),
        updated_by: userId,
      }))
      .where('id', '=', planId)
      .execute();
  }

  /**
   * Plans of open episodes whose next review is before `today`, where the user is involved now
   * (lead professional or allocated worker) or the episode is allocated to one of `teamIds`.
   * The service decides, through the policy, which of these each viewer may see.
   */
  overdue(today: string, userId: string, teamIds: readonly string[]) {
    return this.db
      .selectFrom('plans as p')
      .innerJoin('episodes as e', 'e.id', 'p.episode_id')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .leftJoin('users as u', 'u.id', 'e.lead_professional_id')
      .leftJoin('teams as t', 't.id', 'e.allocated_team_id')
      .select([
        'p.id',
        'p.episode_id',
        'p.next_review_date',
        'e.family_id',
        'e.allocated_team_id',
        'f.name as family_name',
        'u.display_name as lead_name',
        't.name as team_name',
      ])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('episode_involvements as i')
              .select('i.id')
              .whereRef('i.episode_id', '=', 'e.id')
              .where('i.user_id', '=', userId)
              .where('i.role', 'in', ['lead-professional', 'allocated-worker'])
              .where('i.to_at', 'is', null),
          )
          .as('is_mine'),
      )
      .where('e.status', '=', 'open')
      .where('p.next_review_date', '<', today)
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('episode_involvements as i')
              .select('i.id')
              .whereRef('i.episode_id', '=', 'e.id')
              .where('i.user_id', '=', userId)
              .where('i.role', 'in', ['lead-professional', 'allocated-worker'])
              .where('i.to_at', 'is', null),
          ),
          ...(teamIds.length ? [eb('e.allocated_team_id', 'in', [...teamIds])] : []),
        ]),
      )
      .orderBy('p.next_review_date')
      .limit(500)
      .execute();
  }
}
