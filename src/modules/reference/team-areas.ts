import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';

/**
 * Teams by id, each with the names of the districts it covers (none: the whole area), in the order given: where a
 * person works, for their account page and the start-up banner's demo users.
 */
export async function teamAreas(
  db: Kysely<DB>,
  teamIds: readonly string[],
): Promise<{ name: string; districts: string[] }[]> {
  if (teamIds.length === 0) return [];
  const rows = await db
    .selectFrom('teams')
    .leftJoin('team_districts', 'team_districts.team_id', 'teams.id')
    .leftJoin('districts', 'districts.id', 'team_districts.district_id')
    .select(['teams.id', 'teams.name', 'districts.name as district_name'])
    .where('teams.id', 'in', teamIds)
    .orderBy('districts.name')
    .execute();
  const teams = new Map<string, { name: string; districts: string[] }>();
  for (const row of rows) {
    const team = teams.get(row.id) ?? { name: row.name, districts: [] };
    if (row.district_name) team.districts.push(row.district_name);
    teams.set(row.id, team);
  }
  return teamIds.flatMap((id) => teams.get(id) ?? []);
}
