import { sql, type Kysely } from 'kysely';
import type { DB, EpisodeRole } from '../../../platform/db/schema/index.ts';

const RESPONSIBLE: EpisodeRole[] = ['lead-professional', 'allocated-worker'];
/** No page lists more than this many rows of one kind: a caseload is dozens, not thousands. */
const CAP = 500;

/**
 * Kysely queries for the worker's home page and the manager's team view. Each is one statement
 * driven from an index on the user's current involvements (episode_involvements_user_idx) or the
 * team's open episodes (episodes_open_team_idx, 0020), never one query per family. Which rows the
 * viewer may see is decided again by the policy in home-service.ts.
 */
export class HomeRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Episodes the user is involved with now, in any role, or only as lead professional or allocated worker. */
  private involved(userId: string, roles?: EpisodeRole[]) {
    let q = this.db
      .selectFrom('episode_involvements')
      .select('episode_id')
      .where('user_id', '=', userId)
      .where('to_at', 'is', null);
    if (roles) q = q.where('role', 'in', roles);
    return q;
  }

  /** Open episodes the user is involved with now, with their roles (comma-separated) and, for Family Solutions, whether the family agreement is recorded. */
  myFamilies(userId: string) {
    return this.db
      .selectFrom('episode_involvements as i')
      .innerJoin('episodes as e', 'e.id', 'i.episode_id')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .leftJoin('users as u', 'u.id', 'e.lead_professional_id')
      .select([
        'e.id',
        'e.family_id',
        'e.level',
        'e.pathway',
        'e.opened_at',
        'f.name as family_name',
        'e.lead_professional_id',
        'u.display_name as lead_name',
      ])
      .select([
        sql<string>`string_agg(i.role, ',' order by i.role)`.as('roles'),
        (eb) =>
          eb
            .exists(eb.selectFrom('fs_agreements as g').select('g.id').whereRef('g.episode_id', '=', 'e.id'))
            .as('has_agreement'),
      ])
      .where('i.user_id', '=', userId)
      .where('i.to_at', 'is', null)
      .where('e.status', '=', 'open')
      .groupBy(['e.id', 'f.name', 'u.display_name'])
      .orderBy('f.name')
      .orderBy('e.id')
      .limit(CAP)
      .execute();
  }

  /**
   * Open plan actions due on or before `until` (so overdue ones too) on open episodes the user is
   * involved with: those the user is to do, and every action of families they lead or are allocated to.
   */
  actionsDue(userId: string, until: string) {
    // Driven from the user's involvements (one row per episode, saying whether they lead it), so the
    // planner walks their few episodes by index rather than scanning every open action (bench:load).
    return this.db
      .with('mine', (db) =>
        db
          .selectFrom('episode_involvements')
          .select('episode_id')
          .select(sql<boolean>`bool_or(role in ('lead-professional', 'allocated-worker'))`.as('responsible'))
          .where('user_id', '=', userId)
          .where('to_at', 'is', null)
          .groupBy('episode_id'),
      )
      .selectFrom('mine as m')
      .innerJoin('episodes as e', 'e.id', 'm.episode_id')
      .innerJoin('plans as p', 'p.episode_id', 'e.id')
      .innerJoin('plan_actions as a', 'a.plan_id', 'p.id')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .select([
        'a.id',
        'a.description',
        'a.who_name',
        'a.due_date',
        'p.id as plan_id',
        'p.episode_id',
        'e.family_id',
        'f.name as family_name',
      ])
      .select((eb) => eb('a.user_id', '=', userId).as('mine'))
      .where('a.status', '=', 'open')
      .where('a.due_date', '<=', until)
      .where('e.status', '=', 'open')
      .where((eb) => eb.or([eb('a.user_id', '=', userId), eb('m.responsible', '=', true)]))
      .orderBy('a.due_date')
      .orderBy('f.name')
      .orderBy('a.id')
      .limit(CAP)
      .execute();
  }

  /** Plans of open episodes the user leads or is allocated to whose next review is on or before `until`. */
  reviewsDue(userId: string, until: string) {
    return this.db
      .selectFrom('plans as p')
      .innerJoin('episodes as e', 'e.id', 'p.episode_id')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .select(['p.id', 'p.episode_id', 'p.next_review_date', 'e.family_id', 'f.name as family_name'])
      .where('e.status', '=', 'open')
      .where('p.next_review_date', '<=', until)
      .where('p.episode_id', 'in', this.involved(userId, RESPONSIBLE))
      .orderBy('p.next_review_date')
      .orderBy('f.name')
      .limit(CAP)
      .execute();
  }

  /**
   * Scheduled TAF meetings starting in [from, to) of open episodes the user is involved with, where
   * they are invited, lead the family or support its lead (a lead professional, and the TAF Support
   * Officer who helps them convene the Team Around the Family, should know of every meeting).
   */
  meetings(userId: string, from: Date, to: Date) {
    return this.db
      .selectFrom('taf_meetings as m')
      .innerJoin('episodes as e', 'e.id', 'm.episode_id')
      .innerJoin('families as f', 'f.id', 'm.family_id')
      .select(['m.id', 'm.starts_at', 'm.online', 'm.place', 'm.family_id', 'f.name as family_name'])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('taf_meeting_invitees as v')
              .select('v.id')
              .whereRef('v.meeting_id', '=', 'm.id')
              .where('v.user_id', '=', userId),
          )
          .as('invited'),
      )
      .where('m.status', '=', 'scheduled')
      .where('m.starts_at', '>=', from)
      .where('m.starts_at', '<', to)
      .where('e.status', '=', 'open')
      .where('m.episode_id', 'in', this.involved(userId))
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('taf_meeting_invitees as v')
              .select('v.id')
              .whereRef('v.meeting_id', '=', 'm.id')
              .where('v.user_id', '=', userId),
          ),
          eb('m.episode_id', 'in', this.involved(userId, ['lead-professional', 'taf-support'])),
        ]),
      )
      .orderBy('m.starts_at')
      .limit(CAP)
      .execute();
  }

  /**
   * Active members of the teams with their caseloads: open episodes where they are lead professional
   * or allocated worker (any team's), and of those the Family Solutions families they are allocated
   * (what the tenant's worker capacity counts).
   */
  caseloads(teamIds: readonly string[]) {
    if (!teamIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('team_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('teams as t', 't.id', 'm.team_id')
      .select(['u.id', 'u.display_name', 't.id as team_id', 't.name as team_name'])
      .select((eb) => [
        eb
          .selectFrom('episode_involvements as i')
          .innerJoin('episodes as e', 'e.id', 'i.episode_id')
          .select((c) => c.fn.count<string>('i.episode_id').distinct().as('n'))
          .whereRef('i.user_id', '=', 'u.id')
          .where('i.to_at', 'is', null)
          .where('i.role', 'in', RESPONSIBLE)
          .where('e.status', '=', 'open')
          .as('families'),
        eb
          .selectFrom('episode_involvements as i')
          .innerJoin('episodes as e', 'e.id', 'i.episode_id')
          .select((c) => c.fn.countAll<string>().as('n'))
          .whereRef('i.user_id', '=', 'u.id')
          .where('i.to_at', 'is', null)
          .where('i.role', '=', 'allocated-worker')
          .where('e.status', '=', 'open')
          .where('e.pathway', '=', 'family-solutions')
          .as('fs_families'),
      ])
      .where('m.team_id', 'in', [...teamIds])
      .where('u.is_active', '=', true)
      .orderBy('t.name')
      .orderBy('u.display_name')
      .limit(CAP)
      .execute();
  }

  /** Plans of open episodes allocated to these teams whose next review is before `today`, with the lead professional. */
  teamOverdueReviews(teamIds: readonly string[], today: string) {
    if (!teamIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('episodes as e')
      .innerJoin('plans as p', 'p.episode_id', 'e.id')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .leftJoin('users as u', 'u.id', 'e.lead_professional_id')
      .select([
        'p.id',
        'p.episode_id',
        'p.next_review_date',
        'e.family_id',
        'e.lead_professional_id',
        'f.name as family_name',
        'u.display_name as lead_name',
      ])
      .where('e.allocated_team_id', 'in', [...teamIds])
      .where('e.status', '=', 'open')
      .where('p.next_review_date', '<', today)
      .orderBy('p.next_review_date')
      .orderBy('f.name')
      .limit(CAP)
      .execute();
  }
}
