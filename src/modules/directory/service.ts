import { recordSearchEvent } from './search-events.ts';
import { pageWindow } from '../../platform/views/pagination.ts';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { isUuid } from '../../platform/db/ids.ts';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { can, type Principal } from '../../platform/permissions/policy.ts';
import { ReferenceService } from '../reference/index.ts';
import type { TenantConfig } from '../reference/index.ts';
import { DELIVERY_MODES, serviceContentSchema, type ServiceContent } from './content.ts';
import { loadPostcodeDistricts, locatePostcode, parsePostcode } from './postcodes.ts';
import { PostcodeAreas } from './postcode-areas.ts';
import { DirectoryRepository } from './repository.ts';
import { importServices, seedTaxonomies } from './loading.ts';
import { DirectoryModeration } from './moderation/service.ts';
import { DirectoryTransfers } from './transfers/service.ts';
import type { Notify } from '../../platform/notify/notify.ts';
import { OrukRepository } from './oruk/repository.ts';
import { importOnsPostcodes, type OnsPostcodeReport } from './onspd.ts';
import type { ListingQuery, ListingRow } from './search.ts';
import { readDirectorySeed } from './seed.ts';
import { alternativeWords, readSynonyms, type SynonymGroups } from './synonyms.ts';
import { CATEGORY_TAXONOMY } from './taxonomy.ts';
import {
  DirectorySearchError,
  MAX_PAGE,
  MAX_PAGE_SIZE,
  PAGE_SIZE,
  type DirectoryOptions,
  type DirectorySearch,
  type DirectorySearchResult,
  type PublicService,
  type ServiceSummary,
  SEARCH_MESSAGES,
} from './types.ts';

export { DirectorySearchError } from './types.ts';
export type {
  DirectoryOptions,
  DirectorySearch,
  DirectorySearchResult,
  PublicService,
  ServiceSummary,
} from './types.ts';

const SEED_ACTOR: AuditActor = { userId: null, label: 'Directory of Services demonstration data' };

/**
 * The Directory of Services. Every change to a service is a new version; the approved one is
 * live (public pages, search, the ORUK API) until a moderator approves the next.
 */
export class DirectoryService {
  readonly repository: DirectoryRepository;
  /** Read-only queries behind the public Open Referral UK API (oruk/routes.ts). */
  readonly oruk: OrukRepository;
  /** Provider changes, the moderators' queue and decisions, and 12-month reviews (moderation/). */
  readonly moderation: DirectoryModeration;
  /** Imports (Open Referral UK APIs, CSV files) and the CSV export (transfers/). */
  readonly transfers: DirectoryTransfers;
  /** Which district a postcode is in (the ONS Postcode Directory), for forms that take it from a postcode. */
  readonly postcodeAreas: PostcodeAreas;
  private readonly reference: ReferenceService;
  /** Categories, levels and areas: they come from the tenant file, so they change only at start-up. */
  private cachedOptions: Promise<DirectoryOptions> | undefined;
  /** The tenant's search synonyms (config/tenants/<tenant>.search-synonyms.csv), read once. */
  private synonyms: Promise<SynonymGroups> | undefined;
  private readonly tenant: string | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    reference?: ReferenceService,
    settings: { notify?: Notify; publicUrl?: string; tenant?: string } = {},
  ) {
    this.tenant = settings.tenant;
    this.repository = new DirectoryRepository(db);
    this.oruk = new OrukRepository(db);
    this.postcodeAreas = new PostcodeAreas(db);
    this.reference = reference ?? new ReferenceService(db, audit);
    this.moderation = new DirectoryModeration(db, audit, this.repository, settings.notify, {
      publicUrl: settings.publicUrl ?? '',
    });
    this.transfers = new DirectoryTransfers(db, audit, this.repository, this.reference);
  }

  /**
   * Loads the two ORUK taxonomies from the tenant file: the directory's categories and the
   * Effective Support Windscreen levels, so other ORUK readers understand both (loading.ts).
   */
  async seedTaxonomies(tenant: TenantConfig): Promise<void> {
    this.cachedOptions = undefined;
    await seedTaxonomies(this.db, tenant);
  }

  /**
   * Adds a service with its first version. `approved` makes it live at once (seed data and
   * trusted imports); otherwise it waits for a moderator.
   */
  async createService(
    actor: AuditActor,
    organisationId: string,
    input: ServiceContent,
    options: { approved: boolean; db?: Kysely<DB> } = { approved: false },
  ): Promise<{ serviceId: string; versionId: string }> {
    const content = serviceContentSchema.parse(input);
    let ids = { serviceId: '', versionId: '' };
    const work = async (tx: Kysely<DB>) => {
      ids = await this.repository.insertService(tx, {
        organisationId,
        content,
        by: actor.userId,
        approved: options.approved,
      });
      const { serviceId } = ids;
      if (options.approved) await this.repository.rebuildListing(tx, serviceId);
      await this.audit.record(
        actor,
        {
          action: 'directory.service.created',
          outcome: 'success',
          subjectType: 'directory-service',
          subjectId: serviceId,
          details: { approved: options.approved },
        },
        tx,
      );
    };
    const db = options.db ?? this.db;
    if (db.isTransaction) await work(db);
    else await db.transaction().execute(work);
    return ids;
  }
  /** Adds many services in a few statements, with one audit event for the lot (loading.ts). */
  importServices(
    actor: AuditActor,
    entries: { organisationId: string; content: ServiceContent }[],
    options: { approved: boolean },
  ): Promise<string[]> {
    return importServices(this.db, this.audit, this.repository, actor, entries, options);
  }

  /**
   * Loads the approximate centres of postcode districts shipped with Hearth, then re-measures where
   * listed places are. Safe at every start. Returns how many districts the file has.
   */
  async loadPostcodeDistricts(file?: string): Promise<number> {
    const count = await loadPostcodeDistricts(this.db, file);
    await this.repository.refreshSearchCoordinates(this.db);
    return count;
  }

  /**
   * Loads the ONS Postcode Directory (see onspd.ts), then re-measures where listed places are, so
   * distances use exact postcodes rather than district centres.
   */
  async importOnsPostcodes(actor: AuditActor, input: Readable): Promise<OnsPostcodeReport> {
    const report = await importOnsPostcodes(this.db, input);
    this.postcodeAreas.forget();
    await this.repository.refreshSearchCoordinates(this.db);
    await this.audit.record(actor, {
      action: 'directory.postcodes.imported',
      outcome: 'success',
      details: { ...report, rejected: report.rejected.length },
    });
    return report;
  }

  /**
   * Adds the tenant's demonstration services (config/tenants/<tenant>.directory.json), live at once,
   * when the directory is empty. Returns how many were added.
   */
  async seedDemoServices(tenant: string): Promise<number> {
    const existing = await this.db.selectFrom('directory_services').select('id').limit(1).executeTakeFirst();
    if (existing) return 0;
    const services = await readDirectorySeed(tenant);
    if (services.length === 0) return 0;
    const organisations = new Map(
      (await this.db.selectFrom('organisations').select(['id', 'code']).execute()).map((o) => [o.code, o.id]),
    );
    await this.db.transaction().execute(async (tx) => {
      for (const service of services) {
        const organisationId = organisations.get(service.organisationCode);
        if (!organisationId)
          throw new Error(
            `${tenant}.directory.json: ${service.content.name}: unknown organisation ${service.organisationCode}`,
          );
        await this.createService(SEED_ACTOR, organisationId, service.content, { approved: true, db: tx });
      }
    });
    return services.length;
  }

  /** What a search can be filtered by: the tenant's categories, levels, districts and quadrants. */
  options(): Promise<DirectoryOptions> {
    this.cachedOptions ??= this.loadOptions().catch((error: unknown) => {
      this.cachedOptions = undefined;
      throw error;
    });
    return this.cachedOptions;
  }

  private async loadOptions(): Promise<DirectoryOptions> {
    const [terms, levels, districts, quadrants] = await Promise.all([
      this.db
        .selectFrom('directory_taxonomy_terms as t')
        .innerJoin('directory_taxonomies as x', 'x.id', 't.taxonomy_id')
        .select(['t.id', 't.code', 't.name'])
        .where('x.code', '=', CATEGORY_TAXONOMY)
        .orderBy('t.term_order')
        .execute(),
      this.reference.windscreenLevels(),
      this.reference.districts(),
      this.reference.quadrants(),
    ]);
    return {
      categories: terms.map((t) => ({ code: t.code, name: t.name, termId: t.id })),
      levels: levels.map((l) => ({ level: l.level, name: l.name })),
      districts: districts.map((d) => ({ code: d.code, name: d.name, quadrant: d.quadrant_code })),
      quadrants: quadrants.map((q) => ({
        code: q.code,
        name: q.name,
        districts: districts.filter((d) => d.quadrant_code === q.code).map((d) => d.code),
      })),
    };
  }

  /**
   * Finds live, active services. Professionals-only services are included for viewers the
   * policy allows ('directory:view-professional'). Throws DirectorySearchError for a search
   * that cannot be run (an unknown category or area, a postcode we cannot place…).
   */
  async search(query: DirectorySearch, viewer: Principal | null): Promise<DirectorySearchResult> {
    const { listing, origin, requestedPage } = await this.prepareSearch(query, viewer);
    let found = await this.repository.search(listing);
    const pages = Math.max(1, Math.ceil(found.total / listing.limit));
    const pastEnd = requestedPage > pages;
    if (pastEnd && found.total > 0)
      found = await this.repository.search({ ...listing, offset: (pages - 1) * listing.limit });
    return {
      services: found.rows.map(toSummary),
      total: found.total,
      page: Math.min(requestedPage, pages),
      pages,
      pageSize: listing.limit,
      pastEnd,
      requestedPage,
      sortedBy: listing.origin ? 'distance' : listing.words ? 'relevance' : 'name',
      origin,
    };
  }

  /** Records a public search for "searches with no results" (search-events.ts); never rejects, so not awaited. */
  noteSearch(query: DirectorySearch, results: number): Promise<void> {
    return recordSearchEvent(this.db, query, results);
  }

  /** Checks a search and resolves it to what the read model holds (term ids, districts, a point). */
  async prepareSearch(
    query: DirectorySearch,
    viewer: Principal | null,
  ): Promise<{ listing: ListingQuery; origin: DirectorySearchResult['origin']; requestedPage: number }> {
    const options = await this.options();
    const unknown = (values: readonly (string | number)[] | undefined, known: readonly (string | number)[]) =>
      (values ?? []).some((v) => !known.includes(v));
    if ((query.words ?? '').length > 200) throw new DirectorySearchError('words', SEARCH_MESSAGES.words);
    if (
      unknown(
        query.categories,
        options.categories.map((c) => c.code),
      )
    )
      throw new DirectorySearchError('category', SEARCH_MESSAGES.category);
    if (
      unknown(
        query.levels,
        options.levels.map((l) => l.level),
      )
    )
      throw new DirectorySearchError('level', SEARCH_MESSAGES.level);
    if (unknown(query.delivery, DELIVERY_MODES)) throw new DirectorySearchError('delivery', SEARCH_MESSAGES.delivery);
    if (query.age !== undefined && !(Number.isInteger(query.age) && query.age >= 0 && query.age <= 25))
      throw new DirectorySearchError('age', SEARCH_MESSAGES.ageRange);
    const quadrant = query.quadrant ? options.quadrants.find((q) => q.code === query.quadrant) : undefined;
    if (
      (query.quadrant && !quadrant) ||
      unknown(
        query.districts,
        options.districts.map((d) => d.code),
      )
    )
      throw new DirectorySearchError('area', SEARCH_MESSAGES.area);
    const requestedPage = query.page ?? 1;
    if (!Number.isInteger(requestedPage) || requestedPage < 1 || requestedPage > MAX_PAGE)
      throw new DirectorySearchError('page', SEARCH_MESSAGES.page);
    const pageSize = Math.min(Math.max(1, query.pageSize ?? PAGE_SIZE), MAX_PAGE_SIZE);

    let origin: DirectorySearchResult['origin'] = null;
    let point: { latitude: number; longitude: number } | undefined;
    if (query.postcode?.trim()) {
      const postcode = parsePostcode(query.postcode);
      if (!postcode) throw new DirectorySearchError('postcode', SEARCH_MESSAGES.postcodeFormat);
      const found = await locatePostcode(this.db, postcode);
      if (!found) throw new DirectorySearchError('postcode', SEARCH_MESSAGES.postcodeUnknown(postcode.display));
      point = { latitude: found.latitude, longitude: found.longitude };
      origin = { postcode: postcode.display, approximate: found.approximate };
    }
    const words = query.words?.trim() || undefined;
    this.synonyms ??= this.tenant ? readSynonyms(this.tenant) : Promise.resolve([]);
    const listing: ListingQuery = {
      words,
      alternatives: words ? alternativeWords(words, await this.synonyms) : undefined,
      termIds: options.categories.filter((c) => query.categories?.includes(c.code)).map((c) => c.termId),
      levels: query.levels,
      age: query.age,
      districts: [...new Set([...(query.districts ?? []), ...(quadrant?.districts ?? [])])],
      freeOnly: query.freeOnly,
      delivery: query.delivery,
      origin: point,
      includeProfessionalsOnly: can(viewer, 'directory:view-professional').allowed,
      limit: pageSize,
      offset: pageWindow(requestedPage, pageSize).offset,
    };
    return { listing, origin, requestedPage };
  }

  /**
   * The names of listed services by id, for another module that recorded them (the Hub's signposting).
   * Pass the caller's transaction when inside one (on PGlite a query outside it would wait for it).
   */
  async serviceNames(ids: string[], db: Kysely<DB> = this.db): Promise<{ id: string; name: string }[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('directory_listings')
      .select(['service_id', 'name'])
      .where('service_id', 'in', [...new Set(ids)])
      .execute();
    return rows.map((r) => ({ id: r.service_id, name: r.name }));
  }

  /**
   * One live service as the public (or, for professionals-only services, a practitioner) sees it;
   * null when there is no such live service or the viewer may not see it.
   */
  async publicService(id: string, viewer: Principal | null): Promise<PublicService | null> {
    if (!isUuid(id)) return null;
    const row = await this.repository.liveService(id);
    if (!row) return null;
    const content = row.content as unknown as ServiceContent;
    if (content.professionalsOnly && !can(viewer, 'directory:view-professional').allowed) return null;
    const options = await this.options();
    return {
      id: row.id,
      organisationName: row.organisation_name,
      content,
      categories: options.categories
        .filter((c) => content.categories.includes(c.code))
        .map(({ code, name }) => ({ code, name })),
      lastCheckedAt: row.last_checked_at,
      updatedAt: row.decided_at ?? row.submitted_at,
    };
  }
}

/** A search result: enough to choose a service from a list. */
function toSummary(row: ListingRow): ServiceSummary {
  const content = row.content;
  const place = content.locations.find((l) => l.id === row.nearest_location_id) ?? content.locations[0];
  return {
    id: row.service_id,
    name: row.name,
    organisationName: row.organisation_name,
    summary: shorten(row.description, 220),
    levels: row.levels,
    minimumAge: row.min_age,
    maximumAge: row.max_age,
    isFree: row.is_free,
    fees: content.fees ?? null,
    deliveryModes: row.delivery,
    accessRoute: content.accessRoute,
    professionalsOnly: row.professionals_only,
    countywide: content.countywide,
    districts: content.districts,
    place: place ? { name: place.name, city: place.city, postcode: place.postcode } : null,
    placeCount: content.locations.length,
    distanceMetres: row.distance === null ? null : Number(row.distance),
    lastCheckedAt: row.last_checked_at,
  };
}

/** The start of a text, cut at a word and marked with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}
