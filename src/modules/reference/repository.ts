import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';

/** Kysely queries for reference data. No rules here: see service.ts. */
export class ReferenceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  localAuthority() {
    return this.db.selectFrom('local_authority').selectAll().executeTakeFirst();
  }

  windscreenLevels() {
    return this.db.selectFrom('windscreen_levels').selectAll().orderBy('level').execute();
  }

  quadrants() {
    return this.db.selectFrom('quadrants').selectAll().orderBy('sort_order').execute();
  }

  districts() {
    return this.db
      .selectFrom('districts')
      .innerJoin('quadrants', 'quadrants.id', 'districts.quadrant_id')
      .select([
        'districts.id',
        'districts.code',
        'districts.name',
        'districts.ons_code',
        'quadrants.code as quadrant_code',
        'quadrants.name as quadrant_name',
      ])
      .orderBy('districts.sort_order')
      .execute();
  }

  outcomeAreas() {
    return this.db.selectFrom('outcome_areas').selectAll().orderBy('sort_order').execute();
  }

  organisationTypes() {
    return this.db.selectFrom('organisation_types').selectAll().orderBy('sort_order').execute();
  }

  organisations() {
    return this.db
      .selectFrom('organisations')
      .innerJoin('organisation_types', 'organisation_types.code', 'organisations.type_code')
      .select((eb) => [
        'organisations.id',
        'organisations.code',
        'organisations.name',
        'organisations.type_code',
        'organisations.is_active',
        'organisation_types.name as type_name',
        eb
          .selectFrom('teams')
          .whereRef('teams.organisation_id', '=', 'organisations.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('team_count'),
        eb
          .selectFrom('users')
          .whereRef('users.organisation_id', '=', 'organisations.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('user_count'),
      ])
      .orderBy('organisations.name')
      .execute();
  }

  organisation(id: string) {
    return this.db
      .selectFrom('organisations')
      .innerJoin('organisation_types', 'organisation_types.code', 'organisations.type_code')
      .selectAll('organisations')
      .select('organisation_types.name as type_name')
      .where('organisations.id', '=', id)
      .executeTakeFirst();
  }

  teamsOf(organisationId: string) {
    return this.db
      .selectFrom('teams')
      .select((eb) => [
        'teams.id',
        'teams.code',
        'teams.name',
        'teams.is_active',
        'teams.version',
        eb
          .selectFrom('team_members')
          .whereRef('team_members.team_id', '=', 'teams.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('member_count'),
      ])
      .where('organisation_id', '=', organisationId)
      .orderBy('name')
      .execute();
  }

  team(id: string) {
    return this.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
  }

  allTeams() {
    return this.db
      .selectFrom('teams')
      .innerJoin('organisations', 'organisations.id', 'teams.organisation_id')
      .select(['teams.id', 'teams.name', 'teams.organisation_id', 'organisations.name as organisation_name'])
      .where('teams.is_active', '=', true)
      .orderBy('organisations.name')
      .orderBy('teams.name')
      .execute();
  }

  teamDistrictCodes(teamId: string) {
    return this.db
      .selectFrom('team_districts')
      .innerJoin('districts', 'districts.id', 'team_districts.district_id')
      .select('districts.code')
      .where('team_districts.team_id', '=', teamId)
      .execute();
  }
}
