import type { Generated } from 'kysely';
import type { Audited, CreatedAt, Json } from './common.ts';

// ---- The front door: Requests for Support (migrations/0009_front_door.sql) ----

export type RequestSource = 'practitioner' | 'family' | 'police';
export type RequestStatus = 'new' | 'in-screening' | 'awaiting-information' | 'decided';
export type RequestPersonRole = 'child' | 'parent-carer' | 'other';
/** A new request, or a change of level for a family already getting support (migrations/0014_level_changes.sql). */
export type RequestKind = 'new' | 'step-up' | 'step-down';
/** How a family asked to be contacted (migrations/0034_family_contact.sql). */
export type RequesterContactBy = 'phone' | 'email' | 'through-helper';

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
  /** migrations/0034: how a family asked to be contacted (null for practitioners and police). */
  requester_contact_by: RequesterContactBy | null;
  /** Who helps the family, and how to reach them, when they asked to be contacted only through them. */
  requester_helper: string | null;
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
  /** migrations/0034: a parent's or carer's phone, and what to know before contacting them. */
  phone: string | null;
  contact_notes: string | null;
  /** migrations/0061: platform/demographics.ts codes, as the form said. */
  ethnicity: string | null;
  send: string | null;
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

// ---- The Hub's decisions and the work they hand on (migrations/0010_hub.sql) ----

export type HubPathway =
  'advice-signposting' | 'taf' | 'family-solutions' | 'social-care' | 'no-further-action' | 'linked-request';

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
  state: HubDecisionState;
  decided_by: string;
  decided_at: Generated<Date>;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
  /** migrations/0035: the other request about the same child that this one is linked to. */
  linked_request_id: string | null;
  /** Why the outcome email was held back (a sensitive case); null when it was sent as usual. */
  email_withheld_reason: string | null;
  /** migrations/0053: optimistic locking for the reviews. */
  version: Generated<number>;
}

/** migrations/0053: waiting for the Hub social worker (a missing child at level 3 or 4), then for a manager. */
export type HubDecisionState = 'final' | 'awaiting-social-work-review' | 'awaiting-approval' | 'returned';

/** migrations/0053: the Hub social worker's review of a decision, one per decision. */
export interface HubSocialWorkReviewsTable {
  id: string;
  decision_id: string;
  reviewer_id: string;
  reviewed_at: Generated<Date>;
  outcome: 'agreed' | 'changes-asked';
  reasons: string | null;
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

export type RequestContactKind = 'call' | 'multi-agency-check' | 'awaiting' | 'note';

/** The Hub's contact log on a request (migrations/0037_request_contacts.sql). */
export interface RequestContactsTable {
  id: string;
  request_id: string;
  kind: RequestContactKind;
  with_whom: string;
  details: string;
  /** 'YYYY-MM-DD', for what is awaited. */
  due_on: string | null;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface HubTables {
  hub_decisions: HubDecisionsTable;
  hub_work_items: HubWorkItemsTable;
  hub_social_work_reviews: HubSocialWorkReviewsTable;
  request_contacts: RequestContactsTable;
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
