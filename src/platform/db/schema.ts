import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables in migrations/. Keep in step with the SQL. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

interface Audited {
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  version: Generated<number>;
}

export interface OrganisationTypesTable {
  code: string;
  name: string;
  sort_order: Generated<number>;
}

export interface OrganisationsTable extends Audited {
  id: string;
  code: string;
  name: string;
  type_code: string;
  is_active: Generated<boolean>;
}

export interface TeamsTable extends Audited {
  id: string;
  organisation_id: string;
  code: string;
  name: string;
  is_active: Generated<boolean>;
}

export interface UsersTable extends Audited {
  id: string;
  email: string;
  display_name: string;
  organisation_id: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_last_counter: number | null;
  two_factor_enrolled_at: Date | null;
  failed_sign_in_count: Generated<number>;
  locked_until: Date | null;
  is_active: Generated<boolean>;
  last_signed_in_at: Date | null;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
}

export interface UserTokensTable {
  id: string;
  user_id: string;
  purpose: 'set-password';
  token_hash: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string | null;
  data: Json<Record<string, unknown>>;
  expires_at: Date;
}

export interface RateLimitsTable {
  key: string;
  count: number;
  reset_at: Date;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  id: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_label: string;
  session_ref: string | null;
  ip: string | null;
  request_id: string | null;
  action: string;
  outcome: 'success' | 'failure' | 'allowed' | 'denied';
  subject_type: string | null;
  subject_id: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface NotifyOutboxTable {
  id: string;
  channel: 'email' | 'sms';
  template: string;
  recipient: string;
  subject: string;
  body: string;
  status: Generated<'queued' | 'sent' | 'failed'>;
  created_at: CreatedAt;
  sent_at: Date | null;
}

export interface HearthMigrationsTable {
  name: string;
  applied_at: Generated<Date>;
}

export interface LocalAuthorityTable {
  code: string;
  name: string;
  short_name: string;
  ons_code: string | null;
  partnership_name: string;
  hub_name: string;
  hub_phone: string | null;
  website: string | null;
  updated_at: Generated<Date>;
}

export interface QuadrantsTable {
  id: string;
  code: string;
  name: string;
  sort_order: number;
}

export interface DistrictsTable {
  id: string;
  code: string;
  name: string;
  ons_code: string | null;
  quadrant_id: string;
  sort_order: number;
}

export interface WindscreenLevelsTable {
  level: number;
  code: string;
  name: string;
  summary: string;
  support: string;
  descriptors: Json<string[]>;
}

export interface OutcomeAreasTable {
  code: string;
  name: string;
  description: string;
  sort_order: number;
}

export interface TeamDistrictsTable {
  team_id: string;
  district_id: string;
}

export interface DB extends DirectoryTables {
  organisation_types: OrganisationTypesTable;
  organisations: OrganisationsTable;
  teams: TeamsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  team_members: TeamMembersTable;
  user_tokens: UserTokensTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  audit_events: AuditEventsTable;
  notify_outbox: NotifyOutboxTable;
  hearth_migrations: HearthMigrationsTable;
  local_authority: LocalAuthorityTable;
  quadrants: QuadrantsTable;
  districts: DistrictsTable;
  windscreen_levels: WindscreenLevelsTable;
  outcome_areas: OutcomeAreasTable;
  team_districts: TeamDistrictsTable;
}

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
}
