import type { Selectable } from 'kysely';
import type { DirectoryTaxonomiesTable, DirectoryTaxonomyTermsTable } from '../../../platform/db/schema/index.ts';
import type { ServiceContent, ServiceLocation } from '../content.ts';
import { WINDSCREEN_TAXONOMY, derivedId } from '../taxonomy.ts';

/**
 * Maps Directory of Services entries to Open Referral UK 3.0 (HSDS 3.0 with the UK profile).
 * Pure functions: the repository loads rows, these shape them. Field names, types and enums are
 * those of the standard's schemas; an optional field with no value is left out, never sent as null.
 *
 * Hearth data with no field in the UK profile is not published: eligibility, how to access,
 * delivery modes, contact phone numbers, and language names (the profile's language object holds
 * only ids). The profile's contacts have no email, so the service's `email` is the entry's own or,
 * failing that, its first contact's.
 */

export const ORUK_VERSION = 'HSDS-UK-3.0';
export const ORUK_PROFILE_URL = 'https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md';
const ONS_AREA_URI = 'http://statistics.data.gov.uk/id/statistical-geography/';

/** A live, public service as the repository loads it. */
export interface ListingRow {
  service_id: string;
  organisation_id: string;
  organisation_name: string;
  organisation_type: string;
  content: ServiceContent;
  term_ids: string[];
  modified_at: Date;
  last_checked_at: Date;
}

export type TaxonomyRow = Selectable<DirectoryTaxonomiesTable>;

export type TermRow = Omit<Selectable<DirectoryTaxonomyTermsTable>, 'term_order'> & {
  taxonomy_code: string;
  taxonomy_name: string;
};

export interface OrganisationRow {
  id: string;
  name: string;
  type_name: string;
}

/** What a full service needs besides its own row: the authority, its districts and every term. */
export interface OrukContext {
  authority: { name: string; shortName: string; onsCode: string | null };
  districts: Map<string, { name: string; onsCode: string | null }>;
  terms: Map<string, TermRow>;
}

type Json = Record<string, unknown>;

/** Drops keys whose value is undefined or null: the UK profile omits optional fields instead. */
export function compact<T extends Json>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

// Stable ids for objects Hearth does not store separately, derived from their parent's id.
export const serviceAtLocationId = (serviceId: string, locationId: string) =>
  derivedId(serviceId, `service_at_location/${locationId}`);
const addressId = (locationId: string) => derivedId(locationId, 'address');
const attributeId = (serviceId: string, termId: string) => derivedId(serviceId, `attribute/${termId}`);
const costOptionId = (serviceId: string) => derivedId(serviceId, 'cost_option');
const languageId = (serviceId: string, language: string) => derivedId(serviceId, `language/${language.toLowerCase()}`);
const serviceAreaId = (serviceId: string, area: string) => derivedId(serviceId, `service_area/${area}`);

/** ISO date in UK time (the date a person checked it), for assured_date. */
const ukDate = (value: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(value);

export function taxonomy(row: TaxonomyRow, terms?: TermRow[]) {
  return compact({
    id: row.id,
    name: row.name,
    description: row.description,
    uri: row.uri,
    version: row.version,
    ...(terms ? { taxonomy_terms: terms.map(taxonomyTerm) } : {}),
  });
}

export function taxonomyTerm(row: TermRow) {
  return compact({
    id: row.id,
    name: row.name,
    description: row.description,
    parent_id: row.parent_id,
    taxonomy: row.taxonomy_name,
    taxonomy_id: row.taxonomy_id,
    term: row.name,
  });
}

export function organization(row: OrganisationRow) {
  return { id: row.id, name: row.name, description: row.type_name };
}

/** The one-to-one fields of a service, with its organisation: an item of GET /services. */
export function serviceSummary(row: ListingRow, options: { withOrganization?: boolean } = {}) {
  const c = row.content;
  return compact({
    id: row.service_id,
    organization_id: row.organisation_id,
    name: c.name,
    description: c.description,
    url: c.url,
    email: serviceEmail(c),
    status: c.status,
    minimum_age: c.minimumAge,
    maximum_age: c.maximumAge,
    assured_date: ukDate(row.last_checked_at),
    last_modified: row.modified_at.toISOString(),
    ...(options.withOrganization === false
      ? {}
      : {
          organization: organization({
            id: row.organisation_id,
            name: row.organisation_name,
            type_name: row.organisation_type,
          }),
        }),
  });
}

/** The address a family writes to: the entry's own email, else its first contact's (the profile's contacts have none). */
export const serviceEmail = (c: ServiceContent) => c.email ?? c.contacts.find((contact) => contact.email)?.email;

/** minimal=true: only the id and when it last changed. */
export const serviceMinimal = (row: ListingRow) => ({
  id: row.service_id,
  last_modified: row.modified_at.toISOString(),
});

export function location(row: ListingRow, loc: ServiceLocation, context: OrukContext, full: boolean) {
  return compact({
    id: loc.id,
    location_type: 'physical',
    name: loc.name,
    latitude: loc.latitude,
    longitude: loc.longitude,
    ...(full
      ? {
          addresses: [
            {
              id: addressId(loc.id),
              location_id: loc.id,
              address_1: loc.address1,
              city: loc.city,
              state_province: context.authority.shortName,
              postal_code: loc.postcode,
              country: 'GB',
              address_type: 'physical',
            },
          ],
        }
      : {}),
  });
}

function schedules(row: ListingRow, locations: ServiceLocation[]) {
  return locations.flatMap((loc) =>
    loc.schedules.map((s) =>
      compact({
        id: s.id,
        service_at_location_id: serviceAtLocationId(row.service_id, loc.id),
        freq: 'WEEKLY',
        byday: s.byday.join(','),
        opens_at: s.opensAt,
        closes_at: s.closesAt,
        description: s.description,
      }),
    ),
  );
}

function serviceAreas(row: ListingRow, context: OrukContext) {
  const area = (key: string, name: string, onsCode: string | null) =>
    compact({
      id: serviceAreaId(row.service_id, key),
      service_id: row.service_id,
      name,
      service_area: name,
      uri: onsCode ? `${ONS_AREA_URI}${onsCode}` : null,
    });
  if (row.content.countywide) return [area('countywide', context.authority.name, context.authority.onsCode)];
  return row.content.districts.map((code) => {
    const district = context.districts.get(code);
    return area(code, district?.name ?? code, district?.onsCode ?? null);
  });
}

function costOptions(row: ListingRow) {
  const c = row.content;
  const id = costOptionId(row.service_id);
  if (c.isFree)
    return [compact({ id, service_id: row.service_id, option: 'Free', amount: 0, amount_description: c.fees })];
  return c.fees ? [{ id, service_id: row.service_id, amount_description: c.fees }] : [];
}

/** Categories and Windscreen levels, as attributes with their taxonomy term, in the taxonomies' order. */
function attributes(row: ListingRow, context: OrukContext) {
  const linked = new Set(row.term_ids);
  return [...context.terms.values()]
    .filter((term) => linked.has(term.id))
    .map((term) => ({
      id: attributeId(row.service_id, term.id),
      link_id: row.service_id,
      taxonomy_term_id: term.id,
      link_type: term.taxonomy_code === WINDSCREEN_TAXONOMY ? 'level_of_need' : 'category',
      taxonomy_term: taxonomyTerm(term),
    }));
}

/**
 * A fully nested service (GET /services/{id}). `atLocation` gives the service as nested in
 * one service_at_location: without service_at_locations, with that location's schedules only.
 */
export function serviceFull(row: ListingRow, context: OrukContext, atLocation?: string) {
  const c = row.content;
  const locations = atLocation ? c.locations.filter((l) => l.id === atLocation) : c.locations;
  return {
    ...serviceSummary(row),
    schedules: schedules(row, locations),
    service_areas: serviceAreas(row, context),
    ...(atLocation
      ? {}
      : {
          service_at_locations: c.locations.map((loc) => ({
            id: serviceAtLocationId(row.service_id, loc.id),
            service_id: row.service_id,
            location_id: loc.id,
            location: location(row, loc, context, true),
          })),
        }),
    languages: c.languages.map((name) => ({ id: languageId(row.service_id, name), service_id: row.service_id })),
    cost_options: costOptions(row),
    contacts: c.contacts
      .filter((contact) => contact.name || contact.title)
      .map((contact) =>
        compact({ id: contact.id, service_id: row.service_id, name: contact.name, title: contact.title }),
      ),
    attributes: attributes(row, context),
  };
}

type ServiceAtLocation<S> = {
  id: string;
  service_id: string;
  location_id: string;
  location: ReturnType<typeof location>;
  service: S;
};

/** A service_at_location: list form (one-to-one fields) or fully nested. */
export function serviceAtLocation(
  row: ListingRow,
  locationId: string,
  context: OrukContext,
  full: false,
): ServiceAtLocation<ReturnType<typeof serviceSummary>>;
export function serviceAtLocation(
  row: ListingRow,
  locationId: string,
  context: OrukContext,
  full: true,
): ServiceAtLocation<ReturnType<typeof serviceFull>>;
export function serviceAtLocation(row: ListingRow, locationId: string, context: OrukContext, full: boolean) {
  const loc = row.content.locations.find((l) => l.id === locationId);
  if (!loc) throw new Error(`location ${locationId} is not in the live version of service ${row.service_id}`);
  return {
    id: serviceAtLocationId(row.service_id, loc.id),
    service_id: row.service_id,
    location_id: loc.id,
    location: location(row, loc, context, full),
    service: full ? serviceFull(row, context, loc.id) : serviceSummary(row),
  };
}

/** The ORUK paging envelope. `size` is the number of items on this page, as the profile defines it. */
export function page<T>(contents: T[], totalItems: number, pageNumber: number, perPage: number) {
  const totalPages = Math.ceil(totalItems / perPage);
  return {
    total_items: totalItems,
    total_pages: totalPages,
    page_number: pageNumber,
    size: contents.length,
    first_page: pageNumber === 1,
    last_page: pageNumber >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
