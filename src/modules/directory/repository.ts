import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { ServiceContent } from './content.ts';
import { CATEGORY_TAXONOMY, WINDSCREEN_TAXONOMY, levelCode } from './taxonomy.ts';

/** Kysely queries for the Directory of Services' write side and its search read model. */
export class DirectoryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async nextVersionNumber(tx: Kysely<DB>, serviceId: string): Promise<number> {
    const row = await tx
      .selectFrom('directory_service_versions')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('service_id', '=', serviceId)
      .executeTakeFirst();
    return Number(row?.n ?? 0) + 1;
  }

  /** Term ids for a service's categories and levels, from the two taxonomies. */
  async termIdsFor(tx: Kysely<DB>, content: ServiceContent): Promise<{ ids: string[]; categoryNames: string[] }> {
    const rows = await tx
      .selectFrom('directory_taxonomy_terms as t')
      .innerJoin('directory_taxonomies as x', 'x.id', 't.taxonomy_id')
      .select(['t.id', 't.name', 'x.code as taxonomy'])
      .where((eb) =>
        eb.or([
          eb.and([eb('x.code', '=', CATEGORY_TAXONOMY), eb('t.code', 'in', content.categories.length ? content.categories : ['-'])]),
          eb.and([eb('x.code', '=', WINDSCREEN_TAXONOMY), eb('t.code', 'in', content.levels.map(levelCode))]),
        ]),
      )
      .execute();
    return { ids: rows.map((r) => r.id), categoryNames: rows.filter((r) => r.taxonomy === CATEGORY_TAXONOMY).map((r) => r.name) };
  }

  /**
   * Rebuilds the search row of one service from its live version (or removes it when the
   * service has none). Called in the same transaction as whatever changed the live version.
   */
  async rebuildListing(tx: Kysely<DB>, serviceId: string): Promise<void> {
    const live = await tx
      .selectFrom('directory_services as s')
      .innerJoin('directory_service_versions as v', 'v.id', 's.live_version_id')
      .select(['s.id', 's.organisation_id', 's.last_checked_at', 'v.id as version_id', 'v.content', 'v.decided_at', 'v.submitted_at'])
      .where('s.id', '=', serviceId)
      .executeTakeFirst();
    await tx.deleteFrom('directory_listing_locations').where('service_id', '=', serviceId).execute();
    await tx.deleteFrom('directory_listings').where('service_id', '=', serviceId).execute();
    if (!live) return;
    const content = live.content as unknown as ServiceContent;
    const { ids, categoryNames } = await this.termIdsFor(tx, content);
    const categories = categoryNames.join(' ');
    await sql`
      insert into directory_listings (service_id, version_id, organisation_id, name, description, status, professionals_only,
        search, keywords, term_ids, levels, min_age, max_age, is_free, delivery, districts, countywide, modified_at, last_checked_at)
      values (${serviceId}, ${live.version_id}, ${live.organisation_id}, ${content.name}, ${content.description}, ${content.status},
        ${content.professionalsOnly},
        setweight(to_tsvector('english', ${content.name}), 'A')
          || setweight(to_tsvector('english', ${categories}), 'B')
          || setweight(to_tsvector('english', ${content.description} || ' ' || ${content.eligibility ?? ''}), 'C'),
        lower(${`${content.name} ${categories}`}),
        ${sql.val(ids)}::uuid[], ${sql.val(content.levels)}::integer[], ${content.minimumAge ?? null}, ${content.maximumAge ?? null},
        ${content.isFree}, ${sql.val(content.deliveryModes)}::text[], ${sql.val(content.districts)}::text[], ${content.countywide},
        ${live.decided_at ?? live.submitted_at}, ${live.last_checked_at})`.execute(tx);
    const located = content.locations.filter((l) => l.postcode);
    if (located.length > 0) {
      await tx
        .insertInto('directory_listing_locations')
        .values(
          located.map((l) => ({
            location_id: l.id,
            service_id: serviceId,
            postcode: l.postcode,
            latitude: l.latitude ?? null,
            longitude: l.longitude ?? null,
          })),
        )
        .execute();
    }
  }
}
