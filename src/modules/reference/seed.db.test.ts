import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { AuditLog } from '../../platform/audit/audit.ts';
import { seedTenant } from './seed.ts';
import { ReferenceService } from './service.ts';
import { loadTenantConfig, type TenantConfig } from './tenant-config.ts';

let testDb: TestDatabase;
let db: Kysely<DB>;
let essex: TenantConfig;

const TABLES = [
  'local_authority',
  'quadrants',
  'districts',
  'windscreen_levels',
  'outcome_areas',
  'organisation_types',
  'organisations',
  'teams',
  'team_districts',
] as const;

async function counts() {
  const result: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  return result;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  essex = await loadTenantConfig('essex');
});
afterAll(async () => {
  await testDb?.close();
});

describe('seedTenant', () => {
  it('loads everything in the Essex file', async () => {
    expect(await counts()).toEqual({
      local_authority: 1,
      quadrants: 4,
      districts: 12,
      windscreen_levels: 4,
      outcome_areas: essex.outcomeAreas.length,
      organisation_types: essex.organisationTypes.length,
      organisations: essex.organisations.length,
      teams: essex.teams.length,
      team_districts: essex.teams.reduce((n, t) => n + (t.districts?.length ?? 0), 0),
    });
  });

  it('puts each Essex district in the right quadrant', async () => {
    const rows = await db
      .selectFrom('districts')
      .innerJoin('quadrants', 'quadrants.id', 'districts.quadrant_id')
      .select(['quadrants.name as quadrant', 'districts.name as district'])
      .execute();
    const byQuadrant: Record<string, string[]> = {};
    for (const row of rows) (byQuadrant[row.quadrant] ??= []).push(row.district);
    for (const list of Object.values(byQuadrant)) list.sort();
    expect(byQuadrant).toEqual({
      'North East': ['Colchester', 'Tendring'],
      Mid: ['Braintree', 'Chelmsford', 'Maldon'],
      West: ['Epping Forest', 'Harlow', 'Uttlesford'],
      South: ['Basildon', 'Brentwood', 'Castle Point', 'Rochford'],
    });
  });

  it('keeps levels of need in order with their descriptors', async () => {
    const levels = await db
      .selectFrom('windscreen_levels')
      .select(['level', 'code', 'descriptors'])
      .orderBy('level')
      .execute();
    expect(levels.map((l) => l.level)).toEqual([1, 2, 3, 4]);
    expect(levels.map((l) => l.code)).toEqual(essex.windscreenLevels.map((l) => l.code));
    expect(levels[0]!.descriptors).toEqual(essex.windscreenLevels[0]!.descriptors);
  });

  it('is idempotent: seeding again changes no counts and no ids', async () => {
    const before = await counts();
    const idsBefore = await db.selectFrom('districts').select(['code', 'id']).orderBy('code').execute();
    await seedTenant(db, essex);
    await seedTenant(db, essex);
    expect(await counts()).toEqual(before);
    expect(await db.selectFrom('districts').select(['code', 'id']).orderBy('code').execute()).toEqual(idsBefore);
  });

  it('does not overwrite an organisation an administrator has renamed', async () => {
    const service = new ReferenceService(db, new AuditLog(db));
    const org = await db
      .selectFrom('organisations')
      .select(['id', 'version', 'type_code'])
      .where('code', '=', 'essex-county-council')
      .executeTakeFirstOrThrow();
    await service.updateOrganisation({ userId: null, label: 'admin' }, org.id, org.version, {
      name: 'Essex County Council (renamed)',
      typeCode: org.type_code,
      isActive: true,
    });

    await seedTenant(db, essex);
    const after = await db
      .selectFrom('organisations')
      .select(['id', 'name', 'version'])
      .where('code', '=', 'essex-county-council')
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ id: org.id, name: 'Essex County Council (renamed)', version: org.version + 1 });
  });

  it('does not put back team districts an administrator removed', async () => {
    const team = essex.teams.find((t) => (t.districts?.length ?? 0) > 0)!;
    const row = await db.selectFrom('teams').select('id').where('code', '=', team.code).executeTakeFirstOrThrow();
    await db.deleteFrom('team_districts').where('team_id', '=', row.id).execute();
    await seedTenant(db, essex);
    expect(await db.selectFrom('team_districts').select('district_id').where('team_id', '=', row.id).execute()).toEqual(
      [],
    );
  });

  it('makes configuration-owned data follow the file', async () => {
    const changed = structuredClone(essex);
    changed.quadrants[1]!.name = 'Mid Essex';
    changed.districts.find((d) => d.code === 'maldon')!.quadrant = 'south';
    await seedTenant(db, changed);
    const maldon = await db
      .selectFrom('districts')
      .innerJoin('quadrants', 'quadrants.id', 'districts.quadrant_id')
      .select('quadrants.code')
      .where('districts.code', '=', 'maldon')
      .executeTakeFirstOrThrow();
    expect(maldon.code).toBe('south');
    const mid = await db.selectFrom('quadrants').select('name').where('code', '=', 'mid').executeTakeFirstOrThrow();
    expect(mid.name).toBe('Mid Essex');

    await seedTenant(db, essex);
    const restored = await db
      .selectFrom('districts')
      .innerJoin('quadrants', 'quadrants.id', 'districts.quadrant_id')
      .select(['quadrants.code', 'quadrants.name'])
      .where('districts.code', '=', 'maldon')
      .executeTakeFirstOrThrow();
    expect(restored).toEqual({ code: 'mid', name: 'Mid' });
  });
});
