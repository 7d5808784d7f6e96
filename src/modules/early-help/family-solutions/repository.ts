import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';

const FS = 'family-solutions' as const;

/** Kysely queries for Family Solutions. Rules, transactions and audit are in family-solutions-service.ts. */
export class FamilySolutionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** An episode with what Family Solutions pages show about it: family, team, lead professional. */
  episode(id: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('episodes as e')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .innerJoin('districts as d', 'd.code', 'f.district_code')
      .leftJoin('teams as t', 't.id', 'e.allocated_team_id')
      .leftJoin('users as u', 'u.id', 'e.lead_professional_id')
      .selectAll('e')
      .select([
        'f.name as family_name',
        'f.district_code',
        'd.name as district_name',
        't.name as team_name',
        'u.display_name as lead_name',
      ])
      .where('e.id', '=', id)
      .executeTakeFirst();
  }

  /**
   * Open Family Solutions episodes no manager has allocated yet, in these districts or already
   * with one of these teams, oldest first, with who took the work on.
   */
  unallocated(districts: string[], teamIds: string[]) {
    if (!districts.length && !teamIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('episodes as e')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .innerJoin('districts as d', 'd.code', 'f.district_code')
      .leftJoin('users as u', 'u.id', 'e.lead_professional_id')
      .select([
        'e.id',
        'e.version',
        'e.opened_at',
        'e.family_id',
        'f.name as family_name',
        'f.district_code',
        'd.name as district_name',
        'u.display_name as lead_name',
      ])
      .where('e.pathway', '=', FS)
      .where('e.status', '=', 'open')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('fs_allocations as a')
              .select('a.id')
              .whereRef('a.episode_id', '=', 'e.id')
              .where('a.ended_at', 'is', null),
          ),
        ),
      )
      .where((eb) =>
        eb.or([
          ...(districts.length ? [eb('f.district_code', 'in', districts)] : []),
          ...(teamIds.length ? [eb('e.allocated_team_id', 'in', teamIds)] : []),
        ]),
      )
      .orderBy('e.opened_at')
      .execute();
  }

  /** Active teams with at least one active Family Solutions worker, with the districts they cover. */
  async teams() {
    const teams = await this.db
      .selectFrom('teams as t')
      .select(['t.id', 't.name'])
      .where('t.is_active', '=', true)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('team_members as m')
            .innerJoin('users as u', 'u.id', 'm.user_id')
            .innerJoin('user_roles as r', 'r.user_id', 'u.id')
            .select('m.user_id')
            .whereRef('m.team_id', '=', 't.id')
            .where('u.is_active', '=', true)
            .where('r.role', '=', 'family-solutions-worker'),
        ),
      )
      .orderBy('t.name')
      .execute();
    if (!teams.length) return [];
    const districts = await this.db
      .selectFrom('team_districts as td')
      .innerJoin('districts as d', 'd.id', 'td.district_id')
      .select(['td.team_id', 'd.code'])
      .where(
        'td.team_id',
        'in',
        teams.map((t) => t.id),
      )
      .execute();
    return teams.map((t) => ({ ...t, districts: districts.filter((d) => d.team_id === t.id).map((d) => d.code) }));
  }

  /** Active Family Solutions workers of these teams. */
  workers(teamIds: string[]) {
    if (!teamIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('team_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('user_roles as r', 'r.user_id', 'u.id')
      .select(['m.team_id', 'u.id', 'u.display_name', 'u.email'])
      .where('m.team_id', 'in', teamIds)
      .where('u.is_active', '=', true)
      .where('r.role', '=', 'family-solutions-worker')
      .orderBy('u.display_name')
      .execute();
  }

  /** Families each worker holds now: open Family Solutions episodes where they are the allocated worker. */
  async workerCaseloads(
    userIds: string[],
    db: Kysely<DB> = this.db,
    exceptEpisodeId?: string,
  ): Promise<Map<string, number>> {
    if (!userIds.length) return new Map();
    let query = db
      .selectFrom('episode_involvements as i')
      .innerJoin('episodes as e', 'e.id', 'i.episode_id')
      .select(['i.user_id', (eb) => eb.fn.countAll<number>().as('families')])
      .where('i.user_id', 'in', userIds)
      .where('i.role', '=', 'allocated-worker')
      .where('i.to_at', 'is', null)
      .where('e.status', '=', 'open')
      .where('e.pathway', '=', FS)
      .groupBy('i.user_id');
    if (exceptEpisodeId) query = query.where('e.id', '!=', exceptEpisodeId);
    const rows = await query.execute();
    return new Map(rows.map((r) => [r.user_id, Number(r.families)]));
  }

  /** Families each team holds now: open Family Solutions episodes allocated to it. */
  async teamCaseloads(
    teamIds: string[],
    db: Kysely<DB> = this.db,
    exceptEpisodeId?: string,
  ): Promise<Map<string, number>> {
    if (!teamIds.length) return new Map();
    let query = db
      .selectFrom('episodes')
      .select(['allocated_team_id', (eb) => eb.fn.countAll<number>().as('families')])
      .where('allocated_team_id', 'in', teamIds)
      .where('status', '=', 'open')
      .where('pathway', '=', FS)
      .groupBy('allocated_team_id');
    if (exceptEpisodeId) query = query.where('id', '!=', exceptEpisodeId);
    const rows = await query.execute();
    return new Map(rows.map((r) => [r.allocated_team_id!, Number(r.families)]));
  }

  currentAllocation(episodeId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('fs_allocations as a')
      .innerJoin('users as u', 'u.id', 'a.worker_id')
      .innerJoin('teams as t', 't.id', 'a.team_id')
      .leftJoin('users as by', 'by.id', 'a.allocated_by')
      .selectAll('a')
      .select(['u.display_name as worker_name', 't.name as team_name', 'by.display_name as allocated_by_name'])
      .where('a.episode_id', '=', episodeId)
      .where('a.ended_at', 'is', null)
      .executeTakeFirst();
  }

  agreement(episodeId: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('fs_agreements').selectAll().where('episode_id', '=', episodeId).executeTakeFirst();
  }

  supervisions(episodeId: string) {
    return this.db
      .selectFrom('fs_supervisions as s')
      .leftJoin('users as u', 'u.id', 's.created_by')
      .selectAll('s')
      .select('u.display_name as manager_name')
      .where('s.episode_id', '=', episodeId)
      .orderBy('s.supervised_on', 'desc')
      .orderBy('s.created_at', 'desc')
      .execute();
  }

  sustainmentCheck(episodeId: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('fs_sustainment_checks').selectAll().where('episode_id', '=', episodeId).executeTakeFirst();
  }

  /**
   * Open Family Solutions episodes of these teams, with the allocated worker's name and the next
   * supervision date from the latest note: the manager's time-limit and supervision lists.
   */
  openEpisodesOfTeams(teamIds: string[]) {
    if (!teamIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('episodes as e')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .select(['e.id', 'e.opened_at', 'e.family_id', 'f.name as family_name'])
      .select((eb) => [
        eb
          .selectFrom('episode_involvements as i')
          .innerJoin('users as u', 'u.id', 'i.user_id')
          .select('u.display_name')
          .whereRef('i.episode_id', '=', 'e.id')
          .where('i.role', '=', 'allocated-worker')
          .where('i.to_at', 'is', null)
          .orderBy('i.from_at', 'desc')
          .limit(1)
          .as('worker_name'),
        eb
          .selectFrom('fs_supervisions as s')
          .select('s.next_due')
          .whereRef('s.episode_id', '=', 'e.id')
          .orderBy('s.supervised_on', 'desc')
          .orderBy('s.created_at', 'desc')
          .limit(1)
          .as('next_due'),
      ])
      .where('e.allocated_team_id', 'in', teamIds)
      .where('e.status', '=', 'open')
      .where('e.pathway', '=', FS)
      .orderBy('e.opened_at')
      .execute();
  }

  /** Open Family Solutions episodes where this user is the allocated worker: "my Family Solutions families". */
  myOpenEpisodes(userId: string) {
    return this.db
      .selectFrom('episode_involvements as i')
      .innerJoin('episodes as e', 'e.id', 'i.episode_id')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .select(['e.id', 'e.opened_at', 'e.family_id', 'f.name as family_name'])
      .select((eb) =>
        eb
          .exists(eb.selectFrom('fs_agreements as g').select('g.id').whereRef('g.episode_id', '=', 'e.id'))
          .as('has_agreement'),
      )
      .where('i.user_id', '=', userId)
      .where('i.role', '=', 'allocated-worker')
      .where('i.to_at', 'is', null)
      .where('e.status', '=', 'open')
      .where('e.pathway', '=', FS)
      .orderBy('e.opened_at')
      .execute();
  }

  /** Sustainment checks due and not yet recorded, for these teams' closed episodes. */
  sustainmentChecksDue(teamIds: string[], today: string) {
    if (!teamIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('fs_sustainment_checks as c')
      .innerJoin('episodes as e', 'e.id', 'c.episode_id')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .select(['c.episode_id', 'c.due_on', 'f.name as family_name'])
      .where('e.allocated_team_id', 'in', teamIds)
      .where('c.sustained', 'is', null)
      .where('c.due_on', '<=', today)
      .orderBy('c.due_on')
      .execute();
  }

  /** Open Family Solutions episodes with their current allocated workers' emails, for the warnings job. */
  openEpisodesWithWorkers() {
    return this.db
      .selectFrom('episodes as e')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .leftJoin('episode_involvements as i', (join) =>
        join.onRef('i.episode_id', '=', 'e.id').on('i.role', '=', 'allocated-worker').on('i.to_at', 'is', null),
      )
      .leftJoin('users as u', 'u.id', 'i.user_id')
      .select([
        'e.id',
        'e.opened_at',
        'f.name as family_name',
        'u.id as worker_id',
        'u.email as worker_email',
        'u.display_name as worker_name',
      ])
      .where('e.status', '=', 'open')
      .where('e.pathway', '=', FS)
      .execute();
  }

  /** Closed Family Solutions episodes with no sustainment check yet, for the sustainment job. */
  closedWithoutSustainmentCheck() {
    return this.db
      .selectFrom('episodes as e')
      .select(['e.id', 'e.family_id', 'e.closed_at'])
      .where('e.status', '=', 'closed')
      .where('e.pathway', '=', FS)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('fs_sustainment_checks as c').select('c.id').whereRef('c.episode_id', '=', 'e.id')),
        ),
      )
      .execute();
  }

  /** Whether a table of another part of early help exists yet (the assessment and plan slices arrive separately). */
  async tableExists(name: string): Promise<boolean> {
    const { rows } = await sql<{ found: boolean }>`select to_regclass(${name}) is not null as found`.execute(this.db);
    return rows[0]?.found === true;
  }

  /** The episode's whole-family assessment status, read from the assessment slice's table. */
  async assessmentCompleted(episodeId: string): Promise<boolean> {
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from assessments where episode_id = ${episodeId} and status = 'completed'`.execute(this.db);
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /** Whether the episode has a plan, read from the plan slice's table. */
  async planRecorded(episodeId: string): Promise<boolean> {
    const { rows } = await sql<{ n: number }>`select count(*) as n from plans where episode_id = ${episodeId}`.execute(
      this.db,
    );
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /** Everyone who was in the family at any time since `openedOn` (the episode's people), for the re-request count. */
  async peopleSince(familyId: string, openedOn: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('family_members as m')
      .select('m.person_id')
      .distinct()
      .where('m.family_id', '=', familyId)
      .where((w) => w.or([w('m.to_date', 'is', null), w('m.to_date', '>=', openedOn)]))
      .execute();
    return rows.map((r) => r.person_id);
  }
}
