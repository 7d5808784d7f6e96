import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { newId } from '../../platform/db/ids.ts';
import type { TenantConfig } from './tenant-config.ts';

/**
 * Loads a tenant file into the reference tables. Safe to run at every start: configuration-owned
 * data (levels, districts, quadrants, outcome areas) follows the file; organisations and teams are
 * only added if missing, so an administrator's later changes are never overwritten.
 */
export async function seedTenant(db: Kysely<DB>, config: TenantConfig): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const la = config.localAuthority;
    const laRow = {
      code: la.code,
      name: la.name,
      short_name: la.shortName,
      ons_code: la.onsCode ?? null,
      partnership_name: la.partnershipName,
      hub_name: la.hubName,
      hub_phone: la.hubPhone ?? null,
      out_of_hours_phone: la.outOfHoursPhone ?? null,
      website: la.website ?? null,
    };
    await tx.deleteFrom('local_authority').where('code', '<>', la.code).execute();
    await tx
      .insertInto('local_authority')
      .values(laRow)
      .onConflict((oc) => oc.column('code').doUpdateSet({ ...laRow, updated_at: new Date() }))
      .execute();

    for (const [i, q] of config.quadrants.entries()) {
      await tx
        .insertInto('quadrants')
        .values({ id: newId(), code: q.code, name: q.name, sort_order: i })
        .onConflict((oc) => oc.column('code').doUpdateSet({ name: q.name, sort_order: i }))
        .execute();
    }
    const quadrantIds = new Map(
      (await tx.selectFrom('quadrants').select(['id', 'code']).execute()).map((q) => [q.code, q.id]),
    );
    for (const [i, d] of config.districts.entries()) {
      const values = {
        name: d.name,
        ons_code: d.onsCode ?? null,
        quadrant_id: quadrantIds.get(d.quadrant)!,
        sort_order: i,
      };
      await tx
        .insertInto('districts')
        .values({ id: newId(), code: d.code, ...values })
        .onConflict((oc) => oc.column('code').doUpdateSet(values))
        .execute();
    }
    for (const level of config.windscreenLevels) {
      const values = {
        code: level.code,
        name: level.name,
        summary: level.summary,
        support: level.support,
        descriptors: JSON.stringify(level.descriptors),
      };
      await tx
        .insertInto('windscreen_levels')
        .values({ level: level.level, ...values })
        .onConflict((oc) => oc.column('level').doUpdateSet(values))
        .execute();
    }
    for (const [i, area] of config.outcomeAreas.entries()) {
      const values = { name: area.name, description: area.description, sort_order: i };
      await tx
        .insertInto('outcome_areas')
        .values({ code: area.code, ...values })
        .onConflict((oc) => oc.column('code').doUpdateSet(values))
        .execute();
    }
    for (const [i, type] of config.organisationTypes.entries()) {
      await tx
        .insertInto('organisation_types')
        .values({ code: type.code, name: type.name, sort_order: i })
        .onConflict((oc) => oc.column('code').doUpdateSet({ name: type.name, sort_order: i }))
        .execute();
    }
    for (const org of config.organisations) {
      await tx
        .insertInto('organisations')
        .values({
          id: newId(),
          code: org.code,
          name: org.name,
          type_code: org.type,
          created_by: null,
          updated_by: null,
        })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
    const organisationIds = new Map(
      (await tx.selectFrom('organisations').select(['id', 'code']).execute()).map((o) => [o.code, o.id]),
    );
    const districtIds = new Map(
      (await tx.selectFrom('districts').select(['id', 'code']).execute()).map((d) => [d.code, d.id]),
    );
    for (const team of config.teams) {
      const inserted = await tx
        .insertInto('teams')
        .values({
          id: newId(),
          code: team.code,
          name: team.name,
          organisation_id: organisationIds.get(team.organisation)!,
          created_by: null,
          updated_by: null,
        })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted && team.districts?.length) {
        await tx
          .insertInto('team_districts')
          .values(team.districts.map((d) => ({ team_id: inserted.id, district_id: districtIds.get(d)! })))
          .execute();
      }
    }
  });
}
