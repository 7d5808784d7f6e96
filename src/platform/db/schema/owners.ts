import type { DB } from './index.ts';

/**
 * Which module owns each table (docs/decisions/006-module-boundaries.md). A module queries only its own
 * tables; another module's are read through that module's service, exported from its index.ts.
 * `tests/unit/table-ownership.test.ts` scans src/modules for queries and checks them against this list.
 * Typed by DB, so a new table does not compile until it has an owner.
 */
export type TableOwner =
  | 'platform'
  | 'users'
  | 'reference'
  | 'directory'
  | 'people'
  | 'front-door'
  | 'early-help'
  | 'missing'
  | 'exploitation'
  | 'mace'
  | 'performance'
  | 'partnership-plan'
  | 'governance'
  | 'social-care'
  | 'education-compliance'
  | 'training'
  | 'corporate-parenting'
  | 'case-reviews'
  | 'assurance-audits'
  | 'encompass'
  | 'marac'
  | 'voice';

export const TABLE_OWNERS: Record<keyof DB, TableOwner> = {
  // Platform machinery: reached through platform code (sessions, audit, notify, jobs), never by a module.
  sessions: 'platform',
  kept_forms: 'platform',
  rate_limits: 'platform',
  sign_in_throttles: 'platform',
  form_submissions: 'platform',
  audit_events: 'platform',
  notify_outbox: 'platform',
  hearth_migrations: 'platform',
  break_glass_grants: 'platform',
  bank_holidays: 'platform',
  // Who is who.
  users: 'users',
  user_roles: 'users',
  team_members: 'users',
  user_tokens: 'users',
  recovery_codes: 'users',
  // The tenant's reference data.
  organisation_types: 'reference',
  organisations: 'reference',
  teams: 'reference',
  team_districts: 'reference',
  local_authority: 'reference',
  quadrants: 'reference',
  districts: 'reference',
  windscreen_levels: 'reference',
  outcome_areas: 'reference',
  // The Directory of Services.
  directory_taxonomies: 'directory',
  directory_taxonomy_terms: 'directory',
  directory_services: 'directory',
  directory_service_versions: 'directory',
  directory_listings: 'directory',
  directory_listing_locations: 'directory',
  directory_search_words: 'directory',
  directory_service_sources: 'directory',
  directory_imports: 'directory',
  directory_search_events: 'directory',
  postcode_districts: 'directory',
  postcodes: 'directory',
  // People and matching.
  people: 'people',
  // The front door: requests, the Hub, consultations, police notifications.
  requests_for_support: 'front-door',
  request_people: 'front-door',
  request_contacts: 'front-door',
  request_drafts: 'front-door',
  hub_decisions: 'front-door',
  hub_work_items: 'front-door',
  hub_social_work_reviews: 'front-door',
  api_clients: 'front-door',
  police_notifications: 'front-door',
  consultations: 'front-door',
  // Early help: families, episodes, assessment, plan, TAF, Family Solutions.
  families: 'early-help',
  family_members: 'early-help',
  family_addresses: 'early-help',
  episodes: 'early-help',
  episode_levels: 'early-help',
  episode_involvements: 'early-help',
  episode_needs: 'early-help',
  assessments: 'early-help',
  assessment_sections: 'early-help',
  assessment_needs: 'early-help',
  plans: 'early-help',
  plan_goals: 'early-help',
  plan_actions: 'early-help',
  plan_reviews: 'early-help',
  plan_review_scores: 'early-help',
  plan_sign_offs: 'early-help',
  taf_meetings: 'early-help',
  taf_meeting_invitees: 'early-help',
  taf_partners: 'early-help',
  taf_support_log: 'early-help',
  taf_support_events: 'early-help',
  taf_support_event_attendees: 'early-help',
  taf_action_updates: 'early-help',
  fs_allocations: 'early-help',
  fs_agreements: 'early-help',
  fs_time_limit_warnings: 'early-help',
  fs_supervisions: 'early-help',
  fs_sustainment_checks: 'early-help',
  // Missing children: episodes opened and updated by police notifications.
  missing_episodes: 'missing',
  missing_episode_notifications: 'missing',
  // Missing Chats and Parental Missing Chats after a return (migrations/0048).
  missing_chats: 'missing',
  // The Missing Co-ordinator's scrutiny of under-10s' episodes, and its actions.
  missing_scrutinies: 'missing',
  missing_scrutiny_actions: 'missing',
  // Exploitation: the SET Child Exploitation Partner Pathway's concerns (restricted records).
  exploitation_concerns: 'exploitation',
  // MACE (Missing and Child Exploitation): the panels by quadrant, MACE 1 cases, MACE 2 meetings.
  mace_panel_members: 'mace',
  // MACE 1: nominations, cases, meetings and their agendas, agency information, discussions, protection plans.
  mace1_nominations: 'mace',
  mace1_cases: 'mace',
  mace1_meetings: 'mace',
  mace1_agenda_changes: 'mace',
  mace1_agency_information: 'mace',
  mace1_discussions: 'mace',
  mace1_plan_actions: 'mace',
  // MACE 2: places and persons of concern, meetings, disruption actions, problem profiles (mace/mace2/).
  mace2_places: 'mace',
  mace2_persons: 'mace',
  mace2_person_places: 'mace',
  mace2_meetings: 'mace',
  mace2_profiles: 'mace',
  mace2_actions: 'mace',
  mace2_action_updates: 'mace',
  // The performance framework: indicator definitions, values, imports and commentary.
  performance_indicators: 'performance',
  performance_target_changes: 'performance',
  performance_imports: 'performance',
  performance_values: 'performance',
  performance_commentary: 'performance',
  // The partnership plan: versions, items, Locality Children's Partnerships, actions, reviews (partnership-plan/).
  partnership_plan_versions: 'partnership-plan',
  partnership_plan_forums: 'partnership-plan',
  partnership_plan_items: 'partnership-plan',
  partnership_plan_localities: 'partnership-plan',
  partnership_plan_actions: 'partnership-plan',
  partnership_plan_action_updates: 'partnership-plan',
  partnership_plan_reviews: 'partnership-plan',
  // Governance: boards and sub-groups, members, meetings, papers, minutes, decisions, action logs, work programme.
  governance_boards: 'governance',
  governance_members: 'governance',
  governance_meetings: 'governance',
  governance_agenda_items: 'governance',
  governance_papers: 'governance',
  governance_decisions: 'governance',
  governance_minute_corrections: 'governance',
  governance_actions: 'governance',
  governance_action_updates: 'governance',
  governance_work_programme: 'governance',
  // The level 4 hand-off to children's social care and escalations (issue 15).
  social_care_handoffs: 'social-care',
  escalations: 'social-care',
  escalation_stages: 'social-care',
  education_cases: 'education-compliance',
  education_case_events: 'education-compliance',
  education_case_counts: 'education-compliance',
  // The multi-agency training offer and the champions networks (issue 16).
  training_courses: 'training',
  training_sessions: 'training',
  training_bookings: 'training',
  training_evaluations: 'training',
  training_follow_ups: 'training',
  training_champions: 'training',
  // The children in care and care leavers register (issue 16, corporate parenting).
  cp_imports: 'corporate-parenting',
  cp_children: 'corporate-parenting',
  cp_statuses: 'corporate-parenting',
  cp_care_periods: 'corporate-parenting',
  cp_placements: 'corporate-parenting',
  cp_events: 'corporate-parenting',
  // The voice of children in care: surveys, the CiCC's meetings, the Pledge and the Charter (issue 16).
  voice_surveys: 'voice',
  voice_questions: 'voice',
  voice_rounds: 'voice',
  voice_responses: 'voice',
  voice_answers: 'voice',
  voice_imports: 'voice',
  voice_cicc_meetings: 'voice',
  voice_promise_versions: 'voice',
  voice_promises: 'voice',
  // Safeguarding practice reviews and learning (issue 16).
  case_review_referrals: 'case-reviews',
  case_review_triage: 'case-reviews',
  case_review_rapid_reviews: 'case-reviews',
  case_review_csprs: 'case-reviews',
  case_review_stages: 'case-reviews',
  case_review_delays: 'case-reviews',
  case_review_recommendations: 'case-reviews',
  case_review_learning_actions: 'case-reviews',
  case_review_child_links: 'case-reviews',
  // The partnership's audits: Section 11 and 175 cycles, multi-agency case audits (issue 16).
  assurance_cycles: 'assurance-audits',
  assurance_invitations: 'assurance-audits',
  assurance_reminders: 'assurance-audits',
  assurance_returns: 'assurance-audits',
  assurance_return_answers: 'assurance-audits',
  assurance_return_changes: 'assurance-audits',
  case_audits: 'assurance-audits',
  case_audit_cases: 'assurance-audits',
  case_audit_auditors: 'assurance-audits',
  case_audit_findings: 'assurance-audits',
  case_audit_findings_changes: 'assurance-audits',
  case_audit_grades: 'assurance-audits',
  case_audit_attendance: 'assurance-audits',
  case_audit_themes: 'assurance-audits',
  case_audit_actions: 'assurance-audits',
  // Operation Encompass: the schools list and the notifications to schools (issue 15).
  schools: 'encompass',
  encompass_incidents: 'encompass',
  encompass_notifications: 'encompass',
  // MARAC (issue 15): restricted records.
  marac_cases: 'marac',
  marac_case_people: 'marac',
  marac_meetings: 'marac',
  marac_hearings: 'marac',
  marac_research: 'marac',
  marac_invitations: 'marac',
  marac_actions: 'marac',
  marac_action_updates: 'marac',
};

/**
 * The one exception: the tenant's reference data and who is who (names, roles, teams) may be read by any
 * module, in a join beside its own rows (a lead professional's name, a team's districts), because every
 * page shows them and a service call per row would cost a query per name. Only the owner writes them.
 */
export const SHARED_READS: ReadonlySet<keyof DB> = new Set<keyof DB>([
  'users',
  'user_roles',
  'team_members',
  'organisation_types',
  'organisations',
  'teams',
  'team_districts',
  'local_authority',
  'quadrants',
  'districts',
  'windscreen_levels',
  'outcome_areas',
]);
