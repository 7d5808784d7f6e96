import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import type { ServiceContent } from '../content.ts';
import {
  serviceAtLocationId,
  type ListingRow,
  type OrganisationRow,
  type OrukContext,
  type TaxonomyRow,
  type TermRow,
} from './mapping.ts';

/**
 * Kysely queries for the Open Referral UK API. Only live, public services appear: the listing's
 * version is the service's approved live version, not for professionals only, and active.
 */

export interface Paging {
  page: number;
  perPage: number;
}

export interface ServiceFilters {
  search?: string;
  taxonomyTermId?: string;
  taxonomyId?: string;
  organizationId?: string;
  modifiedAfter?: Date;
  minimumAge?: number;
  maximumAge?: number;
  /** RFC 5545 day (MO…SU) the service opens on. */
  day?: string;
  /** 'HH:MM[:SS]': opens at or after. */
  startTime?: string;
  /** 'HH:MM[:SS]': closes at or before. */
  endTime?: string;
}

export interface LocationFilters extends ServiceFilters {
  /** Nearest first from this point; only within `proximity` metres when given. */
  near?: { latitude: number; longitude: number; proximity?: number };
}

export interface Point {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_METRES = 6_371_008.8;

// A location's postcode, squashed ('CM11AA'), spaced ('CM1 1AA') and its outward code ('CM1').
const squashed = sql`upper(regexp_replace(ll.postcode, '[[:space:]]', '', 'g'))`;
const spaced = sql`left(${squashed}, -3) || ' ' || right(${squashed}, 3)`;
const outward = sql`left(${squashed}, -3)`;
// A location's coordinates: as entered, else its postcode's, else its postcode district's centre.
const locationLatitude = sql`coalesce(ll.latitude, pc.latitude, pd.latitude)`;
const locationLongitude = sql`coalesce(ll.longitude, pc.longitude, pd.longitude)`;

/** Great-circle distance in metres from a point to a location (haversine). */
const distanceFrom = (p: Point) => sql<number>`(2 * ${EARTH_RADIUS_METRES}::float8 * asin(least(1, sqrt(
  power(sin(radians(${locationLatitude} - ${p.latitude}::float8) / 2), 2)
  + cos(radians(${p.latitude}::float8)) * cos(radians(${locationLatitude}))
    * power(sin(radians(${locationLongitude} - ${p.longitude}::float8) / 2), 2)))))`;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
const tsQuery = (search: string) => sql`websearch_to_tsquery('english', ${search})`;

/** The filters of GET /services and /service_at_locations, as conditions that must all hold. */
function conditions(f: ServiceFilters, schedulesOf: 'service' | 'location'): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [];
  if (f.search) {
    const pattern = `%${escapeLike(f.search.toLowerCase())}%`;
    where.push(sql<SqlBool>`(l.search @@ ${tsQuery(f.search)} or l.keywords like ${pattern})`);
  }
  if (f.taxonomyTermId) where.push(sql<SqlBool>`l.term_ids @> array[${f.taxonomyTermId}::uuid]`);
  if (f.taxonomyId) {
    where.push(
      sql<SqlBool>`l.term_ids && array(select t.id from directory_taxonomy_terms t where t.taxonomy_id = ${f.taxonomyId}::uuid)`,
    );
  }
  if (f.organizationId) where.push(sql<SqlBool>`l.organisation_id = ${f.organizationId}::uuid`);
  if (f.modifiedAfter) where.push(sql<SqlBool>`l.modified_at >= ${f.modifiedAfter}`);
  if (f.minimumAge !== undefined) where.push(sql<SqlBool>`l.min_age >= ${f.minimumAge}::numeric`);
  if (f.maximumAge !== undefined) where.push(sql<SqlBool>`l.max_age <= ${f.maximumAge}::numeric`);
  if (f.day || f.startTime || f.endTime) {
    // One schedule must meet every schedule condition; for a service_at_location, one of its own.
    const checks = [sql`true`];
    if (f.day) checks.push(sql`sch.value -> 'byday' @> jsonb_build_array(${f.day}::text)`);
    if (f.startTime) checks.push(sql`(sch.value ->> 'opensAt')::time >= ${f.startTime}::time`);
    if (f.endTime) checks.push(sql`(sch.value ->> 'closesAt')::time <= ${f.endTime}::time`);
    const sameLocation = schedulesOf === 'location' ? sql`and loc.value ->> 'id' = ll.location_id::text` : sql``;
    where.push(sql<SqlBool>`exists (
      select 1 from jsonb_array_elements(v.content -> 'locations') as loc(value)
        cross join jsonb_array_elements(loc.value -> 'schedules') as sch(value)
      where ${sql.join(checks, sql` and `)} ${sameLocation})`);
  }
  return where;
}

/** What every ORUK answer about a service needs from a public listing. */
const LISTING_COLUMNS = [
  'l.service_id',
  'l.organisation_id',
  'o.name as organisation_name',
  'ot.name as organisation_type',
  'v.content',
  'l.term_ids',
  'l.modified_at',
  'l.last_checked_at',
] as const;

export class OrukRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Live, public, active listings with their live version. */
  private publicListings() {
    return this.db
      .selectFrom('directory_listings as l')
      .innerJoin('directory_services as s', (join) =>
        join.onRef('s.id', '=', 'l.service_id').onRef('s.live_version_id', '=', 'l.version_id'),
      )
      .innerJoin('directory_service_versions as v', 'v.id', 'l.version_id')
      .where('v.state', '=', 'approved')
      .where('l.professionals_only', '=', false)
      .where('l.status', '=', 'active');
  }

  private withOrganisation() {
    return this.publicListings()
      .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
      .innerJoin('organisation_types as ot', 'ot.code', 'o.type_code');
  }

  private listingColumns() {
    return this.withOrganisation().select(LISTING_COLUMNS);
  }

  private static asListing<T extends { content: unknown }>(row: T): T & { content: ServiceContent } {
    return { ...row, content: row.content as ServiceContent };
  }

  /** The authority, districts and every taxonomy term: what a full service refers to. */
  async context(): Promise<OrukContext> {
    const authority = await this.db
      .selectFrom('local_authority')
      .select(['name', 'short_name', 'ons_code'])
      .executeTakeFirstOrThrow();
    const districts = await this.db.selectFrom('districts').select(['code', 'name', 'ons_code']).execute();
    const terms = await this.termsQuery().execute();
    return {
      authority: { name: authority.name, shortName: authority.short_name, onsCode: authority.ons_code },
      districts: new Map(districts.map((d) => [d.code, { name: d.name, onsCode: d.ons_code }])),
      terms: new Map(terms.map((t) => [t.id, t])),
    };
  }

  async services(filters: ServiceFilters, paging: Paging): Promise<{ rows: ListingRow[]; total: number }> {
    let query = this.withOrganisation();
    for (const condition of conditions(filters, 'service')) query = query.where(condition);
    const { n } = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = this.listingColumns();
    for (const condition of conditions(filters, 'service')) rows = rows.where(condition);
    if (filters.search) rows = rows.orderBy(sql`ts_rank(l.search, ${tsQuery(filters.search)})`, 'desc');
    const found = await rows
      .orderBy('l.name')
      .orderBy('l.service_id')
      .limit(paging.perPage)
      .offset((paging.page - 1) * paging.perPage)
      .execute();
    return { rows: found.map(OrukRepository.asListing), total: Number(n) };
  }

  async service(id: string): Promise<ListingRow | undefined> {
    const row = await this.listingColumns().where('l.service_id', '=', id).executeTakeFirst();
    return row && OrukRepository.asListing(row);
  }

  async servicesOf(organisationId: string): Promise<ListingRow[]> {
    const rows = await this.listingColumns()
      .where('l.organisation_id', '=', organisationId)
      .orderBy('l.name')
      .orderBy('l.service_id')
      .execute();
    return rows.map(OrukRepository.asListing);
  }

  private locationsQuery(filters: LocationFilters) {
    let query = this.withOrganisation()
      .innerJoin('directory_listing_locations as ll', 'll.service_id', 'l.service_id')
      .leftJoin('postcodes as pc', (join) => join.on(sql<SqlBool>`pc.postcode = ${spaced}`))
      .leftJoin('postcode_districts as pd', (join) => join.on(sql<SqlBool>`pd.outward = ${outward}`));
    for (const condition of conditions(filters, 'location')) query = query.where(condition);
    const near = filters.near;
    if (near?.proximity !== undefined)
      query = query.where(sql<SqlBool>`${distanceFrom(near)} <= ${near.proximity}::float8`);
    return query;
  }

  async serviceAtLocations(
    filters: LocationFilters,
    paging: Paging,
  ): Promise<{ rows: (ListingRow & { location_id: string })[]; total: number }> {
    const { n } = await this.locationsQuery(filters)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    let rows = this.locationsQuery(filters).select([...LISTING_COLUMNS, 'll.location_id']);
    if (filters.near) rows = rows.orderBy(sql`${distanceFrom(filters.near)} asc nulls last`);
    if (filters.search) rows = rows.orderBy(sql`ts_rank(l.search, ${tsQuery(filters.search)})`, 'desc');
    const found = await rows
      .orderBy('l.name')
      .orderBy('l.service_id')
      .orderBy('ll.location_id')
      .limit(paging.perPage)
      .offset((paging.page - 1) * paging.perPage)
      .execute();
    return { rows: found.map(OrukRepository.asListing), total: Number(n) };
  }

  /**
   * Service-at-location ids are derived (a UUID v5 of the service and location ids), so they
   * cannot be looked up by index: the public locations are few enough to check each.
   */
  async serviceAtLocation(id: string): Promise<{ row: ListingRow; locationId: string } | undefined> {
    const wanted = id.toLowerCase();
    const candidates = await this.publicListings()
      .innerJoin('directory_listing_locations as ll', 'll.service_id', 'l.service_id')
      .select(['ll.service_id', 'll.location_id'])
      .execute();
    const match = candidates.find((c) => serviceAtLocationId(c.service_id, c.location_id) === wanted);
    if (!match) return undefined;
    const row = await this.service(match.service_id);
    return row && { row, locationId: match.location_id };
  }

  /** The centre of a full postcode ('CM1 1AA'), else of its district ('CM1'); outward codes alone too. */
  async postcodeCentre(postcode: { outward: string; inward?: string }): Promise<Point | undefined> {
    if (postcode.inward) {
      const full = await this.db
        .selectFrom('postcodes')
        .select(['latitude', 'longitude'])
        .where('postcode', 'in', [`${postcode.outward} ${postcode.inward}`, `${postcode.outward}${postcode.inward}`])
        .executeTakeFirst();
      if (full) return full;
    }
    return this.db
      .selectFrom('postcode_districts')
      .select(['latitude', 'longitude'])
      .where('outward', '=', postcode.outward)
      .executeTakeFirst();
  }

  private termsQuery() {
    return this.db
      .selectFrom('directory_taxonomy_terms as t')
      .innerJoin('directory_taxonomies as x', 'x.id', 't.taxonomy_id')
      .select([
        't.id',
        't.code',
        't.name',
        't.description',
        't.parent_id',
        't.taxonomy_id',
        'x.code as taxonomy_code',
        'x.name as taxonomy_name',
      ])
      .orderBy('x.code')
      .orderBy('t.term_order')
      .orderBy('t.id');
  }

  async taxonomies(paging: Paging): Promise<{ rows: TaxonomyRow[]; total: number }> {
    const { n } = await this.db
      .selectFrom('directory_taxonomies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await this.db
      .selectFrom('directory_taxonomies')
      .selectAll()
      .orderBy('code')
      .limit(paging.perPage)
      .offset((paging.page - 1) * paging.perPage)
      .execute();
    return { rows, total: Number(n) };
  }

  async taxonomy(id: string): Promise<{ taxonomy: TaxonomyRow; terms: TermRow[] } | undefined> {
    const taxonomy = await this.db
      .selectFrom('directory_taxonomies')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!taxonomy) return undefined;
    return { taxonomy, terms: await this.termsQuery().where('t.taxonomy_id', '=', id).execute() };
  }

  async terms(paging: Paging, taxonomyId?: string): Promise<{ rows: TermRow[]; total: number }> {
    let count = this.db.selectFrom('directory_taxonomy_terms as t').select((eb) => eb.fn.countAll<number>().as('n'));
    let rows = this.termsQuery();
    if (taxonomyId) {
      count = count.where('t.taxonomy_id', '=', taxonomyId);
      rows = rows.where('t.taxonomy_id', '=', taxonomyId);
    }
    const { n } = await count.executeTakeFirstOrThrow();
    const found = await rows
      .limit(paging.perPage)
      .offset((paging.page - 1) * paging.perPage)
      .execute();
    return { rows: found, total: Number(n) };
  }

  async term(id: string): Promise<TermRow | undefined> {
    return this.termsQuery().where('t.id', '=', id).executeTakeFirst();
  }

  async organisationExists(id: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst());
  }

  /** Organisations that provide at least one public service. */
  private providers() {
    return this.db
      .selectFrom('organisations as o')
      .innerJoin('organisation_types as ot', 'ot.code', 'o.type_code')
      .where('o.id', 'in', this.publicListings().select('l.organisation_id'));
  }

  async organisations(paging: Paging): Promise<{ rows: OrganisationRow[]; total: number }> {
    const { n } = await this.providers()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await this.providers()
      .select(['o.id', 'o.name', 'ot.name as type_name'])
      .orderBy('o.name')
      .orderBy('o.id')
      .limit(paging.perPage)
      .offset((paging.page - 1) * paging.perPage)
      .execute();
    return { rows, total: Number(n) };
  }

  async organisation(id: string): Promise<OrganisationRow | undefined> {
    return this.providers()
      .select(['o.id', 'o.name', 'ot.name as type_name'])
      .where('o.id', '=', id)
      .executeTakeFirst();
  }
}
