import type { Generated } from 'kysely';
import type { Audited, CreatedAt, Json } from './common.ts';

// ---- Directory of Services (migrations/0003_directory.sql) ----

export interface DirectoryTaxonomiesTable {
  id: string;
  code: string;
  name: string;
  description: string;
  uri: string | null;
  version: string | null;
}

export interface DirectoryTaxonomyTermsTable {
  id: string;
  taxonomy_id: string;
  code: string;
  name: string;
  description: string;
  parent_id: string | null;
  term_order: Generated<number>;
}

export interface DirectoryServicesTable extends Audited {
  id: string;
  organisation_id: string;
  live_version_id: string | null;
  last_checked_at: Generated<Date>;
  /** When the provider was last told the entry is due for its 12-month review. */
  review_reminded_at: Date | null;
}

export interface DirectoryServiceVersionsTable {
  id: string;
  service_id: string;
  number: number;
  state: 'pending' | 'approved' | 'rejected' | 'superseded' | 'withdrawn';
  content: Json<Record<string, unknown>>;
  submitted_by: string | null;
  submitted_at: Generated<Date>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

export interface DirectoryListingsTable {
  service_id: string;
  version_id: string;
  organisation_id: string;
  name: string;
  description: string;
  status: string;
  professionals_only: boolean;
  search: string;
  keywords: string;
  term_ids: string[];
  levels: number[];
  min_age: number | null;
  max_age: number | null;
  is_free: boolean;
  delivery: string[];
  districts: string[];
  countywide: boolean;
  modified_at: Date;
  last_checked_at: Date;
}

export interface DirectoryListingLocationsTable {
  location_id: string;
  service_id: string;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  /** 0004: as entered, else the postcode's, else the postcode district's centre. */
  search_latitude: Generated<number | null>;
  search_longitude: Generated<number | null>;
}

export interface DirectorySearchWordsTable {
  word: string;
}

export interface PostcodeDistrictsTable {
  outward: string;
  latitude: number;
  longitude: number;
}

export interface PostcodesTable {
  postcode: string;
  latitude: number;
  longitude: number;
  /** The ONS code of the postcode's local authority district (ONSPD oslaua), e.g. E07000070. */
  local_authority_code: string | null;
}

// ---- Directory imports and exports (migrations/0006_directory_transfers.sql) ----

export interface DirectoryServiceSourcesTable {
  source: string;
  external_id: string;
  service_id: string;
  created_at: CreatedAt;
}

export interface DirectoryImportsTable {
  id: string;
  kind: 'oruk' | 'csv';
  source: string;
  started_by: string | null;
  started_at: Date;
  finished_at: Generated<Date>;
  counts: Json<Record<string, number>>;
  report: Json<Record<string, unknown>>;
}

/**
 * migrations/0058: one public search (its first page), for counting searches that found nothing (issue 14). The
 * filters chosen from the page's lists, never the words or the postcode typed (they may identify someone).
 */
export interface DirectorySearchEventsTable {
  id: string;
  searched_at: Generated<Date>;
  results: number;
  categories: Generated<string[]>;
  districts: Generated<string[]>;
  quadrant: string | null;
  levels: Generated<number[]>;
  with_words: Generated<boolean>;
  with_postcode: Generated<boolean>;
}

export interface DirectoryTables {
  directory_taxonomies: DirectoryTaxonomiesTable;
  directory_taxonomy_terms: DirectoryTaxonomyTermsTable;
  directory_services: DirectoryServicesTable;
  directory_service_versions: DirectoryServiceVersionsTable;
  directory_listings: DirectoryListingsTable;
  directory_listing_locations: DirectoryListingLocationsTable;
  postcode_districts: PostcodeDistrictsTable;
  postcodes: PostcodesTable;
  directory_search_words: DirectorySearchWordsTable;
  directory_service_sources: DirectoryServiceSourcesTable;
  directory_imports: DirectoryImportsTable;
  directory_search_events: DirectorySearchEventsTable;
}
