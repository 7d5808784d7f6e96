import type { Expression, ExpressionBuilder, Insertable, Kysely, SqlBool } from 'kysely';
import type {
  DB,
  EpisodeNeedsTable,
  EpisodeRole,
  EpisodesTable,
  FamiliesTable,
} from '../../platform/db/schema/index.ts';
import { isRole, type Role } from '../../platform/permissions/roles.ts';

/** Kysely queries for families and early help episodes. Rules, transactions and audit are in service.ts. */
export class EarlyHelpRepository {
  constructor(private readonly db: Kysely<DB>) {}

  family(id: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('families').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insertFamily(tx: Kysely<DB>, row: Insertable<FamiliesTable>) {
    return tx.insertInto('families').values(row).execute();
  }

  /** The family's members (current and past); their people's details come from PeopleService (EarlyHelpCore.members). */
  members(familyId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('family_members as m')
      .select([
        'm.id',
        'm.person_id',
        'm.relationship',
        'm.from_date',
        'm.to_date',
        'm.school_or_setting',
        'm.gp',
        'm.end_reason',
      ])
      .where('m.family_id', '=', familyId)
      .execute();
  }

  activeMember(familyId: string, personId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('family_members')
      .select('id')
      .where('family_id', '=', familyId)
      .where('person_id', '=', personId)
      .where('to_date', 'is', null)
      .executeTakeFirst();
  }

  addresses(familyId: string) {
    // The current address first; a move on the day the last one began ties on from_date, so the newest row wins.
    return this.db
      .selectFrom('family_addresses')
      .selectAll()
      .where('family_id', '=', familyId)
      .orderBy('from_date', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
  }

  /** Families these people belong to now, most recently changed first. */
  familiesOf(personIds: string[]) {
    if (!personIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('family_members as m')
      .innerJoin('families as f', 'f.id', 'm.family_id')
      .select(['f.id', 'f.name'])
      .distinct()
      .select('f.updated_at')
      .where('m.person_id', 'in', personIds)
      .where('m.to_date', 'is', null)
      .orderBy('f.updated_at', 'desc')
      .execute();
  }

  episode(id: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('episodes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  episodeForWorkItem(workItemId: string) {
    return this.db
      .selectFrom('episodes as e')
      .leftJoin('users as u', 'u.id', 'e.lead_professional_id')
      .select(['e.id', 'e.family_id', 'u.display_name as lead_name'])
      .where('e.hub_work_item_id', '=', workItemId)
      .executeTakeFirst();
  }

  openEpisodeOf(familyId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('episodes as e')
      .leftJoin('users as u', 'u.id', 'e.lead_professional_id')
      .select(['e.id', 'u.display_name as lead_name'])
      .where('e.family_id', '=', familyId)
      .where('e.status', '=', 'open')
      .executeTakeFirst();
  }

  episodesOf(familyId: string) {
    return this.db
      .selectFrom('episodes as e')
      .leftJoin('users as u', 'u.id', 'e.lead_professional_id')
      .leftJoin('teams as t', 't.id', 'e.allocated_team_id')
      .selectAll('e')
      .select(['u.display_name as lead_name', 't.name as team_name'])
      .where('e.family_id', '=', familyId)
      .orderBy('e.opened_at', 'desc')
      .execute();
  }

  insertEpisode(tx: Kysely<DB>, row: Insertable<EpisodesTable>) {
    return tx.insertInto('episodes').values(row).execute();
  }

  levels(episodeIds: string[]) {
    if (!episodeIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('episode_levels as l')
      .leftJoin('users as u', 'u.id', 'l.changed_by')
      .selectAll('l')
      .select('u.display_name as changed_by_name')
      .where('l.episode_id', 'in', episodeIds)
      .orderBy('l.from_at', 'desc')
      .execute();
  }

  needs(episodeIds: string[], db: Kysely<DB> = this.db) {
    if (!episodeIds.length) return Promise.resolve([]);
    return db
      .selectFrom('episode_needs as n')
      .innerJoin('outcome_areas as a', 'a.code', 'n.outcome_area')
      .selectAll('n')
      .select('a.name as area_name')
      .where('n.episode_id', 'in', episodeIds)
      .orderBy('n.identified_at')
      .orderBy('a.sort_order')
      .execute();
  }

  /** A need of the episode, inside the caller's transaction (the assessment adds needs it finds this way). */
  insertNeed(tx: Kysely<DB>, row: Insertable<EpisodeNeedsTable>) {
    return tx.insertInto('episode_needs').values(row).execute();
  }

  involvements(episodeIds: string[]) {
    if (!episodeIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('episode_involvements as i')
      .innerJoin('users as u', 'u.id', 'i.user_id')
      .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
      .selectAll('i')
      .select(['u.display_name', 'u.email', 'o.name as organisation_name'])
      .where('i.episode_id', 'in', episodeIds)
      .orderBy('i.from_at')
      .execute();
  }

  /** Practitioners in these episodes' TAF without a Hearth account now (taf_partners, written by the TAF service). */
  tafPartners(episodeIds: string[]) {
    if (!episodeIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('taf_partners as p')
      .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
      .select(['p.id', 'p.episode_id', 'p.name', 'p.role', 'p.email', 'p.phone'])
      .select((eb) => eb.fn.coalesce('o.name', 'p.organisation_name').as('organisation_name'))
      .where('p.episode_id', 'in', episodeIds)
      .where('p.removed_at', 'is', null)
      .orderBy('p.name')
      .execute();
  }

  /** How this user is involved now with any episode of the family, and the teams those episodes are allocated to. */
  async involvementOf(familyId: string, userId: string): Promise<{ roles: EpisodeRole[]; teamIds: string[] }> {
    const [roles, teams] = await Promise.all([
      this.db
        .selectFrom('episode_involvements as i')
        .innerJoin('episodes as e', 'e.id', 'i.episode_id')
        .select('i.role')
        .distinct()
        .where('e.family_id', '=', familyId)
        .where('i.user_id', '=', userId)
        .where('i.to_at', 'is', null)
        .execute(),
      this.db
        .selectFrom('episodes')
        .select('allocated_team_id')
        .where('family_id', '=', familyId)
        .where('allocated_team_id', 'is not', null)
        .execute(),
    ]);
    return { roles: roles.map((r) => r.role), teamIds: teams.map((t) => t.allocated_team_id!) };
  }

  /** The user's families with an open episode they are involved in now: "my families". */
  /** Which of these people are members of a family the user is involved with now (any role on any episode). */
  async peopleKnownTo(userId: string, personIds: string[]): Promise<Set<string>> {
    if (!personIds.length) return new Set();
    const rows = await this.db
      .selectFrom('family_members as m')
      .innerJoin('episodes as e', 'e.family_id', 'm.family_id')
      .innerJoin('episode_involvements as i', 'i.episode_id', 'e.id')
      .select('m.person_id')
      .distinct()
      .where('m.person_id', 'in', personIds)
      .where('i.user_id', '=', userId)
      .where('i.to_at', 'is', null)
      .execute();
    return new Set(rows.map((r) => r.person_id));
  }

  myOpenEpisodes(userId: string) {
    return this.db
      .selectFrom('episodes as e')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .leftJoin('users as u', 'u.id', 'e.lead_professional_id')
      .select([
        'e.id',
        'e.family_id',
        'e.level',
        'e.pathway',
        'e.opened_at',
        'f.name as family_name',
        'u.display_name as lead_name',
      ])
      .where('e.status', '=', 'open')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('episode_involvements as i')
            .select('i.id')
            .whereRef('i.episode_id', '=', 'e.id')
            .where('i.user_id', '=', userId)
            .where('i.to_at', 'is', null),
        ),
      )
      .orderBy('e.opened_at', 'desc')
      .limit(500)
      .execute();
  }

  /** An active user by email, as the policy sees them (roles, organisation, teams). */
  activeUserByEmail(email: string) {
    return this.activeUserWhere((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()));
  }

  /** An active user by id, as the policy sees them. */
  activeUser(id: string) {
    return this.activeUserWhere((eb) => eb('id', '=', id));
  }

  private async activeUserWhere(where: (eb: ExpressionBuilder<DB, 'users'>) => Expression<SqlBool>) {
    const user = await this.db
      .selectFrom('users')
      .select(['id', 'display_name', 'organisation_id'])
      .where(where)
      .where('is_active', '=', true)
      .executeTakeFirst();
    if (!user) return null;
    const [roles, teams] = await Promise.all([
      this.db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute(),
      this.db.selectFrom('team_members').select('team_id').where('user_id', '=', user.id).execute(),
    ]);
    return {
      id: user.id,
      displayName: user.display_name,
      organisationId: user.organisation_id,
      roles: roles.map((r) => r.role).filter(isRole) as Role[],
      teamIds: teams.map((t) => t.team_id),
    };
  }
}
