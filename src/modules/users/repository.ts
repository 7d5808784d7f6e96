import { pageWindow } from '../../platform/views/pagination.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';

export const PAGE_SIZE = 25;

/** Kysely queries for user accounts' profiles, roles and team memberships. */
export class UsersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async search(q: string, page: number) {
    let query = this.db.selectFrom('users').innerJoin('organisations', 'organisations.id', 'users.organisation_id');
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
      query = query.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['users.display_name']), 'like', like),
          eb(eb.fn('lower', ['users.email']), 'like', like),
        ]),
      );
    }
    const [rows, total] = await Promise.all([
      query
        .select([
          'users.id',
          'users.display_name',
          'users.email',
          'users.is_active',
          'users.last_signed_in_at',
          'organisations.name as organisation_name',
        ])
        .orderBy('users.display_name')
        .orderBy('users.id')
        .limit(pageWindow(page, PAGE_SIZE).limit)
        .offset(pageWindow(page, PAGE_SIZE).offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  async find(id: string) {
    const user = await this.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([
        'users.id',
        'users.email',
        'users.display_name',
        'users.organisation_id',
        'users.is_active',
        'users.version',
        'users.last_signed_in_at',
        'users.two_factor_enrolled_at',
        'users.password_hash',
        'users.locked_until',
        'users.created_at',
        'organisations.name as organisation_name',
      ])
      .where('users.id', '=', id)
      .executeTakeFirst();
    if (!user) return null;
    const [roles, teams] = await Promise.all([
      this.db.selectFrom('user_roles').select('role').where('user_id', '=', id).orderBy('role').execute(),
      this.db
        .selectFrom('team_members')
        .innerJoin('teams', 'teams.id', 'team_members.team_id')
        .select(['teams.id', 'teams.name'])
        .where('team_members.user_id', '=', id)
        .orderBy('teams.name')
        .execute(),
    ]);
    const { password_hash, ...profile } = user;
    return { ...profile, has_password: password_hash !== null, roles: roles.map((r) => r.role), teams };
  }

  async replaceRolesAndTeams(tx: Kysely<DB>, userId: string, roles: string[], teamIds: string[]) {
    await tx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
    await tx.deleteFrom('team_members').where('user_id', '=', userId).execute();
    if (roles.length)
      await tx
        .insertInto('user_roles')
        .values(roles.map((role) => ({ user_id: userId, role })))
        .execute();
    if (teamIds.length)
      await tx
        .insertInto('team_members')
        .values(teamIds.map((team_id) => ({ team_id, user_id: userId })))
        .execute();
  }

  /** Teams must belong to the user's organisation: the ids that do not. */
  async teamsOutside(tx: Kysely<DB>, organisationId: string, teamIds: string[]) {
    if (teamIds.length === 0) return [];
    const inside = await tx
      .selectFrom('teams')
      .select('id')
      .where('id', 'in', teamIds)
      .where('organisation_id', '=', organisationId)
      .execute();
    const ok = new Set(inside.map((t) => t.id));
    return teamIds.filter((id) => !ok.has(id));
  }
}
