import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { newId } from '../../platform/db/ids.ts';
import type { ServiceContent } from './content.ts';
import { searchListings, type ListingQuery } from './search.ts';
import { CATEGORY_TAXONOMY, WINDSCREEN_TAXONOMY, levelCode } from './taxonomy.ts';

/** Services rebuilt per statement: keeps each statement's parameters well under PostgreSQL's limit of 65,535. */
const BATCH = 500;

/** Kysely queries for the Directory of Services' write side and its search read model. */
export class DirectoryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** One page of the public search (see search.ts): the bare SQL that the search page runs. */
  search(query: ListingQuery) {
    return searchListings(this.db, query);
  }

  /** A service's live version and organisation, whatever its status; undefined if it has none. */
  liveService(id: string) {
    return this.db
      .selectFrom('directory_services as s')
      .innerJoin('directory_service_versions as v', 'v.id', 's.live_version_id')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .select([
        's.id',
        's.last_checked_at',
        'v.content',
        'v.decided_at',
        'v.submitted_at',
        'o.name as organisation_name',
      ])
      .where('s.id', '=', id)
      .executeTakeFirst();
  }

  async nextVersionNumber(tx: Kysely<DB>, serviceId: string): Promise<number> {
    const row = await tx
      .selectFrom('directory_service_versions')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('service_id', '=', serviceId)
      .executeTakeFirst();
    return Number(row?.n ?? 0) + 1;
  }

  /**
   * Adds a version of a service: pending (a provider's change, waiting for a moderator) or approved by
   * `decidedBy` (seed data, trusted imports; the caller then makes it live). Returns its id.
   */
  async insertVersion(
    tx: Kysely<DB>,
    version: {
      serviceId: string;
      number?: number;
      content: ServiceContent;
      submittedBy: string | null;
      approvedBy?: string | null;
      reason?: string | null;
    },
  ): Promise<string> {
    const id = newId();
    const approved = version.approvedBy !== undefined;
    await tx
      .insertInto('directory_service_versions')
      .values({
        id,
        service_id: version.serviceId,
        number: version.number ?? (await this.nextVersionNumber(tx, version.serviceId)),
        state: approved ? 'approved' : 'pending',
        content: JSON.stringify(version.content),
        submitted_by: version.submittedBy,
        decided_by: approved ? (version.approvedBy ?? null) : null,
        decided_at: approved ? new Date() : null,
        decision_reason: approved ? (version.reason ?? null) : null,
      })
      .execute();
    return id;
  }

  /** Adds a service with its first version (see insertVersion); approved ones go live at once. */
  async insertService(
    tx: Kysely<DB>,
    service: {
      organisationId: string;
      content: ServiceContent;
      by: string | null;
      approved: boolean;
      reason?: string | null;
    },
  ): Promise<{ serviceId: string; versionId: string }> {
    const serviceId = newId();
    await tx
      .insertInto('directory_services')
      .values({
        id: serviceId,
        organisation_id: service.organisationId,
        live_version_id: null,
        created_by: service.by,
        updated_by: service.by,
      })
      .execute();
    const versionId = await this.insertVersion(tx, {
      serviceId,
      number: 1,
      content: service.content,
      submittedBy: service.by,
      ...(service.approved ? { approvedBy: service.by, reason: service.reason ?? null } : {}),
    });
    if (service.approved)
      await tx
        .updateTable('directory_services')
        .set({ live_version_id: versionId })
        .where('id', '=', serviceId)
        .execute();
    return { serviceId, versionId };
  }

  /**
   * Makes a version the live one: approves it, supersedes the version that was live, marks the
   * entry as checked now and rebuilds its search row. Call inside the transaction that decided it.
   */
  async makeLive(
    tx: Kysely<DB>,
    serviceId: string,
    versionId: string,
    decidedBy: string | null,
    reason: string | null = null,
  ): Promise<void> {
    const now = new Date();
    await tx
      .updateTable('directory_service_versions')
      .set({ state: 'superseded' })
      .where('service_id', '=', serviceId)
      .where('state', '=', 'approved')
      .where('id', '!=', versionId)
      .execute();
    await tx
      .updateTable('directory_service_versions')
      .set({ state: 'approved', decided_by: decidedBy, decided_at: now, decision_reason: reason })
      .where('id', '=', versionId)
      .where('service_id', '=', serviceId)
      .execute();
    await tx
      .updateTable('directory_services')
      .set((eb) => ({
        live_version_id: versionId,
        last_checked_at: now,
        updated_at: now,
        updated_by: decidedBy,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', serviceId)
      .execute();
    await this.rebuildListing(tx, serviceId);
  }

  /** Term ids for a service's categories and levels, from the two taxonomies. */
  async termIdsFor(tx: Kysely<DB>, content: ServiceContent): Promise<{ ids: string[]; categoryNames: string[] }> {
    const rows = await tx
      .selectFrom('directory_taxonomy_terms as t')
      .innerJoin('directory_taxonomies as x', 'x.id', 't.taxonomy_id')
      .select(['t.id', 't.name', 'x.code as taxonomy'])
      .where((eb) =>
        eb.or([
          eb.and([
            eb('x.code', '=', CATEGORY_TAXONOMY),
            eb('t.code', 'in', content.categories.length ? content.categories : ['-']),
          ]),
          eb.and([eb('x.code', '=', WINDSCREEN_TAXONOMY), eb('t.code', 'in', content.levels.map(levelCode))]),
        ]),
      )
      .execute();
    return {
      ids: rows.map((r) => r.id),
      categoryNames: rows.filter((r) => r.taxonomy === CATEGORY_TAXONOMY).map((r) => r.name),
    };
  }

  /**
   * Rebuilds the search row of one service from its live version (or removes it when the
   * service has none). Called in the same transaction as whatever changed the live version.
   */
  async rebuildListing(tx: Kysely<DB>, serviceId: string): Promise<void> {
    await this.rebuildListings(tx, [serviceId]);
  }

  /** rebuildListing for many services at once, in a few statements (imports, benchmarks). */
  async rebuildListings(tx: Kysely<DB>, serviceIds: string[]): Promise<void> {
    if (serviceIds.length === 0) return;
    const terms = await tx
      .selectFrom('directory_taxonomy_terms as t')
      .innerJoin('directory_taxonomies as x', 'x.id', 't.taxonomy_id')
      .select(['t.id', 't.code', 't.name', 'x.code as taxonomy'])
      .where('x.code', 'in', [CATEGORY_TAXONOMY, WINDSCREEN_TAXONOMY])
      .orderBy('t.term_order')
      .execute();
    const category = new Map(terms.filter((t) => t.taxonomy === CATEGORY_TAXONOMY).map((t) => [t.code, t]));
    const level = new Map(terms.filter((t) => t.taxonomy === WINDSCREEN_TAXONOMY).map((t) => [t.code, t]));
    for (let i = 0; i < serviceIds.length; i += BATCH) {
      const ids = serviceIds.slice(i, i + BATCH);
      const live = await tx
        .selectFrom('directory_services as s')
        .innerJoin('directory_service_versions as v', 'v.id', 's.live_version_id')
        .select([
          's.id',
          's.organisation_id',
          's.last_checked_at',
          'v.id as version_id',
          'v.content',
          'v.decided_at',
          'v.submitted_at',
        ])
        .where('s.id', 'in', ids)
        .execute();
      await tx.deleteFrom('directory_listing_locations').where('service_id', 'in', ids).execute();
      await tx.deleteFrom('directory_listings').where('service_id', 'in', ids).execute();
      if (live.length === 0) continue;
      const rows = live.map((row) => {
        const content = row.content as unknown as ServiceContent;
        const categories = [...category.values()].filter((t) => content.categories.includes(t.code));
        const levels = content.levels.map((l) => level.get(levelCode(l))).filter((t) => t !== undefined);
        const categoryNames = categories.map((t) => t.name).join(' ');
        return sql`(${row.id}, ${row.version_id}, ${row.organisation_id}, ${content.name}, ${content.description}, ${content.status},
          ${content.professionalsOnly},
          setweight(to_tsvector('english', ${content.name}), 'A')
            || setweight(to_tsvector('english', ${categoryNames}), 'B')
            || setweight(to_tsvector('english', ${content.description} || ' ' || ${content.eligibility ?? ''}), 'C'),
          lower(${`${content.name} ${categoryNames}`}),
          ${sql.val([...categories, ...levels].map((t) => t.id))}::uuid[], ${sql.val(content.levels)}::integer[],
          ${content.minimumAge ?? null}::integer, ${content.maximumAge ?? null}::integer, ${content.isFree},
          ${sql.val(content.deliveryModes)}::text[], ${sql.val(content.districts)}::text[], ${content.countywide},
          ${row.decided_at ?? row.submitted_at}::timestamptz, ${row.last_checked_at}::timestamptz)`;
      });
      await sql`
        insert into directory_listings (service_id, version_id, organisation_id, name, description, status, professionals_only,
          search, keywords, term_ids, levels, min_age, max_age, is_free, delivery, districts, countywide, modified_at, last_checked_at)
        values ${sql.join(rows)}`.execute(tx);
      const located = live.flatMap((row) =>
        (row.content as unknown as ServiceContent).locations
          .filter((l) => l.postcode)
          .map((l) => ({
            location_id: l.id,
            service_id: row.id,
            postcode: l.postcode,
            latitude: l.latitude ?? null,
            longitude: l.longitude ?? null,
          })),
      );
      for (let j = 0; j < located.length; j += 5 * BATCH) {
        await tx
          .insertInto('directory_listing_locations')
          .values(located.slice(j, j + 5 * BATCH))
          .execute();
      }
      if (located.length > 0) await this.refreshSearchCoordinates(tx, ids);
      const words = new Set(
        live.flatMap((row) => {
          const content = row.content as unknown as ServiceContent;
          const categoryNames = [...category.values()]
            .filter((t) => content.categories.includes(t.code))
            .map((t) => t.name);
          return vocabulary([content.name, ...categoryNames, content.description, content.eligibility ?? ''].join(' '));
        }),
      );
      if (words.size > 0) {
        await sql`insert into directory_search_words (word) select unnest(${sql.val([...words])}::text[]) on conflict do nothing`.execute(
          tx,
        );
      }
    }
  }

  /**
   * Sets where search measures each listed place from: coordinates as entered, else the postcode's,
   * else its district's centre. For some services (a rebuild), or all (after postcode data is loaded).
   */
  async refreshSearchCoordinates(db: Kysely<DB>, serviceIds?: string[]): Promise<void> {
    const squashed = sql`upper(replace(ll.postcode, ' ', ''))`;
    await sql`
      update directory_listing_locations ll set (search_latitude, search_longitude) = (
        select coalesce(ll.latitude, pc.latitude, pd.latitude), coalesce(ll.longitude, pc.longitude, pd.longitude)
        from (values (1)) as one (n)
        left join postcodes pc on pc.postcode in (${squashed}, left(${squashed}, -3) || ' ' || right(${squashed}, 3))
        left join postcode_districts pd on pd.outward = case when length(${squashed}) >= 5 then left(${squashed}, -3) else ${squashed} end
        limit 1)
      ${serviceIds ? sql`where ll.service_id in (${sql.join(serviceIds)})` : sql``}`.execute(db);
  }
}

/** The words of a text as typo-tolerant search knows them: lower case, 3 to 40 letters or digits. */
export function vocabulary(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 3 && w.length <= 40);
}
