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
  /** Which of TWO_FACTOR_KEYS encrypts totp_secret ('legacy': the key derived from SESSION_SECRET). */
  totp_key_id: string | null;
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

export interface SignInThrottlesTable {
  key: string;
  failures: number;
  last_failure_at: Date;
  wait_until: Date | null;
  notified_at: Date | null;
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
  /** 0009: who a family calls out of hours. */
  out_of_hours_phone: Generated<string | null>;
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

export interface DB
  extends
    HubTables,
    DirectoryTables,
    CalendarTables,
    FrontDoorTables,
    PeopleTables,
    BreakGlassTables,
    ConsultationPoliceTables,
    EarlyHelpTables,
    AssessmentTables,
    PlanTables,
    TafTables,
    TafActionUpdateTables,
    FamilySolutionsTables {
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
  sign_in_throttles: SignInThrottlesTable;
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
}

// ---- Calendar (migrations/0008_calendar.sql) ----

export interface BankHolidaysTable {
  division: 'england-and-wales' | 'scotland' | 'northern-ireland';
  /** 'YYYY-MM-DD' (dates are normalised to strings in platform/db/database.ts). */
  date: string;
  title: string;
}

export interface CalendarTables {
  bank_holidays: BankHolidaysTable;
}

// ---- The front door: Requests for Support (migrations/0009_front_door.sql) ----

export type RequestSource = 'practitioner' | 'family' | 'police';
export type RequestStatus = 'new' | 'in-screening' | 'awaiting-information' | 'decided';
export type RequestPersonRole = 'child' | 'parent-carer' | 'other';
/** A new request, or a change of level for a family already getting support (migrations/0014_level_changes.sql). */
export type RequestKind = 'new' | 'step-up' | 'step-down';

export interface RequestsForSupportTable extends Audited {
  id: string;
  reference: string;
  source: RequestSource;
  status: Generated<RequestStatus>;
  /** A code of the tenant's Hub priorities. */
  priority: Generated<string>;
  received_at: Generated<Date>;
  district_code: string;
  requester_user_id: string | null;
  requester_organisation_id: string | null;
  requester_name: string;
  requester_relationship: string | null;
  requester_email: string | null;
  requester_phone: string | null;
  requester_contact_notes: string | null;
  worries: Json<{ area: string; details: string }[]>;
  worry_areas: string[];
  strengths: string;
  tried: string;
  has_early_help_plan: boolean | null;
  has_taf: boolean | null;
  requested_level: number | null;
  level_reasons: string | null;
  consent_to_request: boolean;
  consent_to_sharing: boolean;
  no_consent_reason: string | null;
  flags: Generated<string[]>;
  assigned_to: string | null;
  idempotency_key: string;
  request_kind: Generated<RequestKind>;
  /** The family's level now, for a step up or down. */
  current_level: number | null;
  handover_summary: string | null;
  /** The casework episode a level change comes from (no foreign key: another module). */
  from_episode_id: string | null;
}

export interface RequestPeopleTable {
  id: string;
  request_id: string;
  position: number;
  role: RequestPersonRole;
  relationship: string | null;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  is_expected: Generated<boolean>;
  gender: string | null;
  address: string | null;
  postcode: string | null;
  school: string | null;
  gp: string | null;
  language: string | null;
  interpreter_needed: Generated<boolean>;
  has_send: Generated<boolean>;
  send_details: string | null;
  person_id: string | null;
  created_at: CreatedAt;
  /** migrations/0027: as entered, compact. */
  nhs_number: string | null;
  upn: string | null;
}

export interface RequestDraftsTable extends Audited {
  id: string;
  user_id: string;
  data: Json<Record<string, unknown>>;
  submitted_request_id: string | null;
}

export interface FrontDoorTables {
  requests_for_support: RequestsForSupportTable;
  request_people: RequestPeopleTable;
  request_drafts: RequestDraftsTable;
}

// ---- People (migrations/0007_people.sql) ----

export interface PeopleTable extends Audited {
  id: string;
  first_name: string;
  middle_names: string | null;
  last_name: string;
  date_of_birth: string | null;
  expected_date: string | null;
  gender: 'female' | 'male' | 'other' | 'not-known' | null;
  address: string | null;
  postcode: string | null;
  first_key: string;
  last_key: string;
  first_phon: string;
  last_phon: string;
  postcode_key: string | null;
  postcode_outward: string | null;
  /** migrations/0027: compact, check digit valid. */
  nhs_number: string | null;
  upn: string | null;
  merged_into: string | null;
  merged_at: Date | null;
  merged_by: string | null;
  merge_reason: string | null;
}

export interface PeopleTables {
  people: PeopleTable;
}

// ---- The Hub's decisions and the work they hand on (migrations/0010_hub.sql) ----

export type HubPathway = 'advice-signposting' | 'taf' | 'family-solutions' | 'social-care' | 'no-further-action';

export interface HubDecisionsTable {
  id: string;
  request_id: string;
  level: number;
  descriptors: Generated<string[]>;
  reasons: string;
  pathway: HubPathway;
  social_care_route: 'statutory-assessment' | 'strategy-discussion' | null;
  no_further_action_reason: string | null;
  family_consent: boolean | null;
  lead_professional: string | null;
  signposted_service_ids: Generated<string[]>;
  overrides_requested_level: boolean;
  state: 'final' | 'awaiting-approval' | 'returned';
  decided_by: string;
  decided_at: Generated<Date>;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
}

export interface HubWorkItemsTable {
  id: string;
  request_id: string;
  decision_id: string;
  kind: 'taf' | 'family-solutions' | 'social-care';
  district_code: string;
  level: number;
  status: Generated<'open' | 'accepted' | 'closed'>;
  created_at: Generated<Date>;
  accepted_by: string | null;
  accepted_at: Date | null;
  version: Generated<number>;
}

export interface HubTables {
  hub_decisions: HubDecisionsTable;
  hub_work_items: HubWorkItemsTable;
}

// ---- Break-glass access (migrations/0012_break_glass.sql) ----

export interface BreakGlassGrantsTable {
  id: string;
  user_id: string;
  record_type: string;
  record_id: string;
  record_label: string;
  reason: string;
  granted_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  ended_by: string | null;
  alerted_user_ids: ColumnType<string[], string[] | undefined, string[]>;
  manager_alerted_at: Date | null;
}

export interface BreakGlassTables {
  break_glass_grants: BreakGlassGrantsTable;
}

// ---- Consultations, police notifications and API clients (migrations/0011_consultations_police.sql) ----

export interface ApiClientsTable extends Audited {
  id: string;
  name: string;
  organisation_id: string;
  key_id: string;
  secret_sha256: string;
  is_active: Generated<boolean>;
  last_used_at: Date | null;
}

export type PoliceTriageOutcome = 'no-further-action' | 'passed-to-worker' | 'screen';

export interface PoliceNotificationsTable extends Audited {
  id: string;
  request_id: string;
  organisation_id: string;
  api_client_id: string | null;
  police_reference: string;
  /** 'YYYY-MM-DD'. */
  incident_date: string;
  concern_category: string;
  officer_name: string;
  officer_number: string | null;
  officer_email: string | null;
  officer_phone: string | null;
  triage_outcome: PoliceTriageOutcome | null;
  triage_reason: string | null;
  passed_to: string | null;
  passed_to_team_id: string | null;
  triaged_by: string | null;
  triaged_at: Date | null;
}

export interface ConsultationsTable extends Audited {
  id: string;
  consulted_at: Date;
  channel: 'phone' | 'email' | 'in-person' | 'online';
  asker_name: string;
  asker_user_id: string | null;
  asker_organisation_id: string | null;
  asker_organisation_name: string | null;
  asker_role: string | null;
  asker_phone: string | null;
  asker_email: string | null;
  child_first_name: string | null;
  child_last_name: string | null;
  /** 'YYYY-MM-DD'. */
  child_date_of_birth: string | null;
  about: string | null;
  question: string;
  advice: string;
  level_discussed: number | null;
  recorded_by: string;
  request_id: string | null;
  linked_at: Date | null;
  linked_by: string | null;
}

export interface ConsultationPoliceTables {
  api_clients: ApiClientsTable;
  police_notifications: PoliceNotificationsTable;
  consultations: ConsultationsTable;
}

// ---- Early help: families and episodes (migrations/0015_early_help.sql) ----

export type FamilyRelationship = 'parent' | 'carer' | 'child' | 'sibling' | 'partner' | 'grandparent' | 'other';
export type EpisodeClosureReason =
  'needs-met' | 'stepped-up' | 'stepped-down-to-universal' | 'consent-withdrawn' | 'moved-away';
export type EpisodeRole = 'lead-professional' | 'taf-member' | 'allocated-worker' | 'team-manager';
export type NeedOutcome = 'achieved' | 'partly' | 'not';

export interface FamiliesTable extends Audited {
  id: string;
  name: string;
  district_code: string;
}

export interface FamilyMembersTable {
  id: string;
  family_id: string;
  person_id: string;
  relationship: FamilyRelationship;
  /** 'YYYY-MM-DD'. */
  from_date: string;
  to_date: string | null;
  created_at: CreatedAt;
  created_by: string | null;
  ended_by: string | null;
  /** Free text, 200 characters at most (migrations/0023_family_member_details.sql). */
  school_or_setting: string | null;
  gp: string | null;
  /** Why they left, when given (500 characters at most). */
  end_reason: string | null;
}

export interface FamilyAddressesTable {
  id: string;
  family_id: string;
  address: string;
  postcode: string | null;
  from_date: string;
  to_date: string | null;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface EpisodesTable extends Audited {
  id: string;
  family_id: string;
  opened_at: Timestamp;
  opened_from: 'hub-decision' | 'partner-start';
  hub_work_item_id: string | null;
  request_id: string | null;
  level: number;
  pathway: 'taf' | 'family-solutions';
  status: Generated<'open' | 'closed'>;
  closed_at: Date | null;
  closure_reason: EpisodeClosureReason | null;
  lead_professional_id: string | null;
  allocated_team_id: string | null;
}

export interface EpisodeLevelsTable {
  id: string;
  episode_id: string;
  level: number;
  from_at: Timestamp;
  reason: string;
  changed_by: string | null;
  request_id: string | null;
}

export interface EpisodeInvolvementsTable {
  id: string;
  episode_id: string;
  user_id: string;
  role: EpisodeRole;
  from_at: Timestamp;
  to_at: Date | null;
  created_by: string | null;
  ended_by: string | null;
}

export interface EpisodeNeedsTable {
  id: string;
  episode_id: string;
  outcome_area: string;
  description: string;
  identified_at: Timestamp;
  identified_by: string | null;
  outcome: NeedOutcome | null;
  outcome_at: Date | null;
}

export interface EarlyHelpTables {
  families: FamiliesTable;
  family_members: FamilyMembersTable;
  family_addresses: FamilyAddressesTable;
  episodes: EpisodesTable;
  episode_levels: EpisodeLevelsTable;
  episode_involvements: EpisodeInvolvementsTable;
  episode_needs: EpisodeNeedsTable;
}

// ---- Early help: the Shared Family Assessment (migrations/0016_assessment.sql) ----

export type AssessmentParticipation = 'took-part' | 'declined' | 'not-seen';
export type ChildHeardHow = 'conversation' | 'drawing' | 'play' | 'writing' | 'observation' | 'other';

export interface AssessmentsTable extends Audited {
  id: string;
  episode_id: string;
  status: Generated<'draft' | 'completed'>;
  completed_at: Date | null;
  completed_by: string | null;
}

export interface AssessmentSectionsTable extends Audited {
  id: string;
  assessment_id: string;
  kind: 'member' | 'analysis';
  person_id: string | null;
  participation: AssessmentParticipation | null;
  absence_reason: string | null;
  views: Generated<string>;
  strengths: Generated<string>;
  needs: Generated<string>;
  goals: Generated<string>;
  analysis: Generated<string>;
  heard_by: string | null;
  heard_how: ChildHeardHow | null;
  finished: Generated<boolean>;
}

export interface AssessmentNeedsTable {
  need_id: string;
  section_id: string;
}

export interface AssessmentTables {
  assessments: AssessmentsTable;
  assessment_sections: AssessmentSectionsTable;
  assessment_needs: AssessmentNeedsTable;
}

export type PlanActionStatus = 'open' | 'done' | 'dropped';
export type PlanWhoKind = 'family-member' | 'practitioner' | 'service';

export interface PlansTable extends Audited {
  id: string;
  episode_id: string;
  /** 'YYYY-MM-DD'. */
  start_date: string;
  content_version: Generated<number>;
  next_review_date: string;
}

export interface PlanGoalsTable {
  id: string;
  plan_id: string;
  need_id: string | null;
  outcome_area: string;
  description: string;
  start_score: number;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface PlanActionsTable extends Audited {
  id: string;
  plan_id: string;
  goal_id: string;
  description: string;
  who_kind: PlanWhoKind;
  family_member_id: string | null;
  user_id: string | null;
  directory_service_id: string | null;
  who_name: string;
  due_date: string;
  status: Generated<PlanActionStatus>;
}

export interface PlanReviewsTable {
  id: string;
  plan_id: string;
  review_date: string;
  what_changed: string;
  next_review_date: string;
  recorded_at: CreatedAt;
  recorded_by: string | null;
}

export interface PlanReviewScoresTable {
  review_id: string;
  goal_id: string;
  score: number;
}

export interface PlanSignOffsTable {
  id: string;
  plan_id: string;
  content_version: number;
  family_member_id: string;
  typed_name: string;
  signed_on: string;
  recorded_at: CreatedAt;
  recorded_by: string | null;
}

/** The Early Help Plan and its reviews (migrations/0017_plan.sql). */
export interface PlanTables {
  plans: PlansTable;
  plan_goals: PlanGoalsTable;
  plan_actions: PlanActionsTable;
  plan_reviews: PlanReviewsTable;
  plan_review_scores: PlanReviewScoresTable;
  plan_sign_offs: PlanSignOffsTable;
}

// ---- Team Around the Family meetings and the TAF Support Officers' support log (migrations/0018_taf.sql) ----

export type TafMeetingStatus = 'scheduled' | 'held' | 'cancelled';
export type TafAttendance = 'attended' | 'apologies' | 'did-not-attend';
export type TafSupportKind = 'advice' | 'meeting-convened' | 'meeting-attended' | 'plan-reviewed';

export interface TafMeetingsTable extends Audited {
  id: string;
  episode_id: string;
  family_id: string;
  starts_at: Date;
  online: boolean;
  place: string | null;
  status: Generated<TafMeetingStatus>;
  cancelled_reason: string | null;
  notes: string | null;
  decisions: ColumnType<string[], string | undefined, string>;
  action_updates: string | null;
  /** 'YYYY-MM-DD'. */
  next_review_date: string | null;
  lead_changed_to: string | null;
  recorded_at: Date | null;
  recorded_by: string | null;
}

export interface TafMeetingInviteesTable {
  id: string;
  meeting_id: string;
  user_id: string | null;
  person_id: string | null;
  attendance: TafAttendance | null;
  email_id: string | null;
  invited_at: CreatedAt;
  invited_by: string | null;
}

export interface TafSupportLogTable {
  id: string;
  officer_id: string;
  /** 'YYYY-MM-DD'. */
  support_date: string;
  kind: TafSupportKind;
  practitioner_user_id: string | null;
  practitioner_name: string | null;
  organisation_id: string | null;
  organisation_name: string | null;
  episode_id: string | null;
  notes: string | null;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface TafTables {
  taf_meetings: TafMeetingsTable;
  taf_meeting_invitees: TafMeetingInviteesTable;
  taf_support_log: TafSupportLogTable;
}

/** A TAF meeting's update to one Early Help Plan action (migrations/0022_taf_action_updates.sql). */
export interface TafActionUpdatesTable {
  id: string;
  meeting_id: string;
  action_id: string;
  status_before: PlanActionStatus;
  status_after: PlanActionStatus;
  note: string | null;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface TafActionUpdateTables {
  taf_action_updates: TafActionUpdatesTable;
}

// ---- Family Solutions (migrations/0019_family_solutions.sql) ----

export interface FsAllocationsTable {
  id: string;
  episode_id: string;
  team_id: string;
  worker_id: string;
  over_capacity_reason: string | null;
  allocated_at: Timestamp;
  allocated_by: string | null;
  ended_at: Date | null;
}

export interface FsAgreementsTable extends Audited {
  id: string;
  episode_id: string;
  /** 'YYYY-MM-DD'. */
  agreed_on: string;
  agreed_by: string[];
  family_agrees: string;
  service_agrees: string;
}

export interface FsTimeLimitWarningsTable {
  episode_id: string;
  months: number;
  due_on: string;
  worker_id: string | null;
  emailed_at: Date | null;
  created_at: CreatedAt;
}

export interface FsSupervisionsTable {
  id: string;
  episode_id: string;
  supervised_on: string;
  notes: string;
  decisions: string;
  next_due: string;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface FsSustainmentChecksTable extends Audited {
  id: string;
  episode_id: string;
  due_on: string;
  sustained: boolean | null;
  notes: string | null;
  recorded_at: Date | null;
  recorded_by: string | null;
}

export interface FamilySolutionsTables {
  fs_allocations: FsAllocationsTable;
  fs_agreements: FsAgreementsTable;
  fs_time_limit_warnings: FsTimeLimitWarningsTable;
  fs_supervisions: FsSupervisionsTable;
  fs_sustainment_checks: FsSustainmentChecksTable;
}
