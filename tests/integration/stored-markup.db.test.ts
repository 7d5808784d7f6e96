import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { seedEveryForm } from '../helpers/seed-every-form.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabaseKind } from '../helpers/database.ts';

/**
 * Stored markup is never output raw (issue 11, item 1). Every free-text column a form can fill gets markup
 * appended (a meta refresh that once sent a Hub screener's browser away, a bold tag, an attribute break-out),
 * then every demo user walks every page they can reach from the home page, and no page may contain the
 * markup raw. Every text column of the database must be classified below, so a new one cannot be missed.
 */

const PAYLOAD = ' <meta http-equiv="refresh" content="0;url=https://example.com/"><b>x</b>"><script>x</script>';
const RAW = ['<meta http-equiv="refresh"', '<b>x</b>', '"><script>x'];
const ESCAPED = '&lt;meta http-equiv=';

/** Free text a person types into a form, as stored. */
const FREE_TEXT: Record<string, string[]> = {
  // The voice of children in care (issue 16): the CiCC's meetings, the Pledge and Charter; TAFSOs' workshops.
  voice_cicc_meetings: ['title', 'raised', 'agreed', 'follow_up'],
  voice_promise_versions: ['agreed_by', 'what_changed'],
  voice_promises: ['text'],
  voice_imports: ['file_name'],
  taf_support_events: ['title', 'notes'],
  // Training (issue 16): the Board manager's courses and sessions, evaluations' comments, champions.
  training_courses: ['title', 'audience', 'outcomes'],
  training_sessions: ['venue', 'trainer'],
  training_evaluations: ['comment'],
  training_champions: ['name', 'organisation_name'],
  // Corporate parenting (issue 16): the register's names and Personal Advisers, as the social care system sent them.
  cp_children: ['name'],
  cp_statuses: ['personal_adviser'],
  cp_imports: ['file_name'],
  // Case reviews (issue 16): the referral, each partner's reason, the Rapid Review, the local review, the learning.
  case_review_referrals: ['child_first_name', 'child_last_name', 'referrer_name', 'summary'],
  case_review_triage: ['reason'],
  case_review_rapid_reviews: ['reason'],
  case_review_csprs: ['reviewer'],
  case_review_delays: ['details'],
  case_review_recommendations: ['text'],
  case_review_learning_actions: ['owner', 'action', 'evidence', 'check_note'],
  case_review_child_links: ['reason'],
  // The audits (issue 16): a cycle's title, a return's evidence and actions, a case audit's theme, an agency's
  // findings, the findings meeting's themes and the service development plan.
  assurance_cycles: ['title'],
  assurance_return_answers: ['evidence', 'actions'],
  case_audits: ['theme'],
  case_audit_findings: ['summary'],
  // An agency's corrections (issue 16): each changed field's old and new value, as the agency typed them.
  assurance_return_changes: ['old_value', 'new_value'],
  case_audit_findings_changes: ['old_value', 'new_value'],
  case_audit_themes: ['title', 'detail'],
  case_audit_actions: ['action', 'owner'],
  assessment_sections: ['absence_reason', 'views', 'strengths', 'needs', 'goals', 'analysis', 'heard_by'],
  break_glass_grants: ['reason'],
  consultations: [
    'asker_name',
    'asker_organisation_name',
    'asker_role',
    'child_first_name',
    'child_last_name',
    'about',
    'question',
    'advice',
  ],
  directory_listings: ['name', 'description'],
  directory_service_versions: ['decision_reason'],
  episode_levels: ['reason'],
  episode_needs: ['description'],
  exploitation_concerns: [
    'child_first_name',
    'child_last_name',
    'what_seen',
    'police_reference',
    'police_officer',
    'where_it_happens',
  ],
  mace2_places: ['name', 'description'],
  mace2_persons: ['name', 'description'],
  mace2_meetings: ['notes'],
  mace2_profiles: ['summary', 'themes'],
  mace2_actions: ['what', 'owner_name'],
  mace2_action_updates: ['note'],
  partnership_plan_actions: ['title', 'owner_name', 'owner_organisation'],
  partnership_plan_action_updates: ['note'],
  partnership_plan_reviews: ['findings'],
  // An outcome's lead, named on a form (the rest of an item is the tenant's plan file).
  partnership_plan_items: ['lead'],
  governance_members: ['name', 'organisation'],
  governance_meetings: ['place'],
  governance_agenda_items: ['title', 'presenter', 'purpose', 'minutes'],
  governance_papers: ['title', 'link', 'note'],
  governance_decisions: ['decision'],
  governance_minute_corrections: ['previous', 'corrected', 'reason'],
  governance_actions: ['item_title', 'action', 'owner', 'link_label'],
  governance_action_updates: ['note'],
  social_care_handoffs: ['outcome_reason'],
  escalations: ['resolution'],
  escalation_stages: ['asked', 'response'],
  governance_work_programme: ['when_text', 'topic', 'lead', 'purpose', 'commitment', 'cross_committee'],
  families: ['name'],
  family_addresses: ['address'],
  family_members: ['school_or_setting', 'gp', 'end_reason'],
  fs_agreements: ['family_agrees', 'service_agrees'],
  fs_allocations: ['over_capacity_reason'],
  fs_supervisions: ['notes', 'decisions'],
  fs_sustainment_checks: ['notes'],
  hub_decisions: ['reasons', 'no_further_action_reason', 'lead_professional', 'review_note', 'email_withheld_reason'],
  hub_social_work_reviews: ['reasons'],
  request_contacts: ['with_whom', 'details'],
  organisations: ['name'],
  people: ['first_name', 'middle_names', 'last_name', 'address', 'merge_reason'],
  missing_episodes: ['first_name', 'last_name', 'reported_by', 'returned_where', 'returned_how', 'closing_note'],
  missing_scrutinies: ['findings'],
  education_cases: [
    'first_name',
    'last_name',
    'school',
    'details',
    'assessment_notes',
    'outcome_school',
    'outcome_authority',
  ],
  education_case_events: ['details'],
  // Operation Encompass: a school's name and leads (the schools CSV), a child's name (police), the school's support.
  schools: ['name', 'dsl_name', 'deputy_name'],
  encompass_notifications: ['first_name', 'last_name', 'support_details'],
  marac_cases: ['professional_judgement', 'summary', 'closure_reason'],
  marac_case_people: ['first_name', 'last_name', 'relationship', 'address', 'school'],
  marac_hearings: ['discussion'],
  marac_research: ['information'],
  marac_invitations: ['reason'],
  marac_actions: ['description', 'owner_name'],
  marac_action_updates: ['note'],
  missing_scrutiny_actions: ['what', 'who'],
  mace1_agency_information: ['information'],
  mace1_cases: ['child_first_name', 'child_last_name', 'why', 'agencies'],
  mace1_discussions: ['summary'],
  mace1_meetings: ['place', 'chair'],
  mace1_nominations: ['child_first_name', 'child_last_name', 'why', 'agencies', 'decline_reason'],
  mace1_plan_actions: ['action', 'owner'],
  missing_chats: ['offered_to', 'said', 'factors_other', 'risks', 'actions', 'shared_with_other'],
  performance_commentary: ['body'],
  performance_imports: ['file_name'],
  plan_actions: ['description', 'who_name'],
  plan_goals: ['description'],
  plan_reviews: ['what_changed'],
  plan_sign_offs: ['typed_name'],
  police_notifications: ['officer_name', 'officer_number', 'triage_reason', 'passed_to'],
  request_people: [
    'relationship',
    'first_name',
    'last_name',
    'address',
    'school',
    'gp',
    'language',
    'send_details',
    'contact_notes',
  ],
  requests_for_support: [
    'requester_name',
    'requester_relationship',
    'requester_contact_notes',
    'requester_helper',
    'strengths',
    'tried',
    'level_reasons',
    'no_consent_reason',
    'handover_summary',
  ],
  taf_action_updates: ['note'],
  taf_meetings: ['place', 'cancelled_reason', 'notes', 'action_updates'],
  taf_partners: ['name', 'role', 'organisation_name', 'email'],
  taf_support_log: ['practitioner_name', 'organisation_name', 'notes'],
  teams: ['name'],
  users: ['display_name'],
};
/** JSON holding free text: marked in code below. */
const FREE_TEXT_JSON: Record<string, string[]> = {
  requests_for_support: ['worries'],
  taf_meetings: ['decisions'],
  directory_service_versions: ['content'],
  // An import's report quotes what the file held (“fifty” in a number column).
  performance_imports: ['report'],
  // A refused register file's report quotes what the file held.
  cp_imports: ['report'],
};
/** Text that is not typed into a form: codes, keys, hashes, choices from a list, configuration, machine data. */
const NOT_FORM_TEXT: Record<string, string[]> = {
  // Voice: the tenant's surveys and questions (its file), codes from lists; a response keeps no text but its codes.
  voice_surveys: ['code', 'name'],
  voice_questions: ['code', 'text', 'theme'],
  voice_responses: ['age_group', 'source'],
  // An uploaded file's hash (hex) and kind (csv or xlsx).
  voice_imports: ['sha256', 'file_kind'],
  voice_cicc_meetings: ['decision_makers'],
  voice_promise_versions: ['document'],
  taf_support_events: ['kind', 'quadrant_code'],
  taf_support_event_attendees: ['organisation_type'],
  // Training: the tenant's codes, the forms' radios, and the booker's organisation copied from reference data.
  training_courses: ['theme', 'level', 'seed_key'],
  training_sessions: ['quadrant_code', 'status'],
  training_bookings: ['organisation_name', 'organisation_type', 'status', 'attendance'],
  training_evaluations: ['kind'],
  training_champions: ['network', 'quadrant_code'],
  // The register's codes from the file's lists (checked on import), and an import's changes (social care ids).
  cp_imports: ['file_kind', 'outcome', 'changes', 'counted_periods'],
  cp_children: ['social_care_id', 'gender', 'ethnicity', 'status', 'nhs_number'],
  cp_statuses: ['social_care_id', 'life_story', 'eet'],
  cp_placements: ['placement_type', 'carer_ethnicity'],
  cp_events: ['kind'],
  // Case reviews: a generated reference, the tenant's codes (criteria, methods, themes, delay reasons), the fixed
  // stages, the partners and the forms' radios.
  case_review_referrals: ['reference', 'criteria', 'status'],
  case_review_triage: ['partner'],
  case_review_csprs: ['method', 'stage', 'themes'],
  case_review_stages: ['stage'],
  case_review_delays: ['reason'],
  case_review_learning_actions: ['status'],
  // The audits: the forms' radios and the tenant's standard codes.
  assurance_cycles: ['kind', 'status'],
  assurance_return_answers: ['standard_code', 'rating'],
  assurance_return_changes: ['standard_code', 'field'],
  case_audit_findings_changes: ['field'],
  case_audits: ['kind', 'status'],
  case_audit_grades: ['grade'],
  case_audit_actions: ['status'],
  api_clients: ['name', 'key_id', 'secret_sha256'],
  assessment_sections: ['kind', 'participation', 'heard_how'],
  assessments: ['status'],
  audit_events: [
    'actor_label',
    'session_ref',
    'ip',
    'request_id',
    'action',
    'outcome',
    'subject_type',
    'subject_id',
    'details',
    'prev_hash',
    'hash',
  ],
  bank_holidays: ['division', 'title'],
  break_glass_grants: ['record_type', 'record_label', 'alerted_user_ids'],
  consultations: ['channel', 'asker_phone', 'asker_email'],
  directory_imports: ['kind', 'source', 'counts', 'report'],
  directory_listing_locations: ['postcode'],
  directory_listings: ['status', 'keywords', 'term_ids', 'levels', 'delivery', 'districts'],
  directory_search_words: ['word'],
  // Codes chosen from the search page's lists (migrations/0058); never the words or postcode typed.
  directory_search_events: ['categories', 'districts', 'quadrant', 'levels'],
  directory_service_sources: ['source', 'external_id'],
  directory_service_versions: ['state'],
  directory_taxonomies: ['code', 'name', 'description', 'uri', 'version'],
  directory_taxonomy_terms: ['code', 'name', 'description'],
  districts: ['code', 'name', 'ons_code'],
  episode_involvements: ['role'],
  episode_needs: ['outcome_area', 'outcome'],
  episodes: ['opened_from', 'pathway', 'status', 'closure_reason'],
  // Choices from the tenant's lists and the form's radios.
  exploitation_concerns: ['exploitation_kinds', 'settings', 'indicators', 'vulnerabilities', 'judgement', 'district'],
  // MACE 2: codes from the tenant's lists (kinds of place, districts) and the forms' radios.
  mace2_places: ['kind', 'district', 'status'],
  mace2_persons: ['district', 'status'],
  mace2_meetings: ['csp_districts', 'organisation_ids'],
  mace2_actions: ['category', 'status'],
  mace2_action_updates: ['status'],
  // Education Compliance: the kind, the tenant's codes (district, sources) and the forms' radios.
  education_cases: ['kind', 'district', 'source', 'priority_reasons', 'assessment', 'outcome', 'sao_stage'],
  education_case_events: ['kind', 'source'],
  // The open cases' counts, kept by triggers from the cases' own kind and district codes (migration 0084).
  education_case_counts: ['kind', 'district'],
  // Operation Encompass: URNs (six digits), codes, checked emails, a police reference (letters, digits and / _ . : -),
  // the template's name and the tenant's support codes.
  schools: ['urn', 'district', 'phase', 'dsl_email', 'deputy_email'],
  encompass_incidents: ['police_reference', 'district'],
  encompass_notifications: ['school_urn', 'sent_template', 'sent_to', 'send_problem', 'support_kinds'],
  // MARAC: a generated reference, the tenant's codes (agencies, districts, slots) and the forms' radios.
  marac_cases: ['reference', 'referring_agency', 'risk_basis', 'risk_checklist_ticked', 'district_code', 'status'],
  // A gender chosen from the people module's list, and a postcode checked as one (10 characters at most).
  marac_case_people: ['role', 'gender', 'postcode'],
  marac_meetings: ['slot', 'status', 'agencies_present'],
  marac_research: ['agency'],
  marac_actions: ['agency', 'status'],
  marac_action_updates: ['status_after'],
  // The partnership plan: the tenant's plan file (configuration), codes and the forms' radios.
  partnership_plan_versions: ['code', 'name', 'period', 'summary'],
  partnership_plan_items: ['code', 'version_code', 'kind', 'name', 'description', 'led_by', 'forum_code'],
  partnership_plan_localities: ['quadrant', 'name', 'forum_code', 'description'],
  partnership_plan_forums: ['code', 'name'],
  partnership_plan_actions: ['item_code', 'locality', 'rag'],
  partnership_plan_action_updates: ['rag'],
  partnership_plan_reviews: ['item_code', 'decision'],
  // Governance: the boards come from the tenant's file; the rest are the forms' radios, keys and codes. A report's
  // parameters accept only letters, digits, spaces and . _ : / - (schemas.ts), so no markup can be stored.
  governance_boards: ['code', 'name', 'kind', 'description', 'quadrant_code'],
  governance_members: ['role', 'seed_key'],
  governance_meetings: ['starts_at', 'status', 'seed_key'],
  governance_papers: ['kind', 'report_key', 'report_parameters'],
  governance_actions: ['status', 'link_kind', 'link_ref', 'seed_key'],
  governance_action_updates: ['status'],
  // Codes, copies of a request's reference and district, the requester's address, names of users or API clients.
  social_care_handoffs: [
    'reference',
    'district_code',
    'route',
    'requester_email',
    'acknowledged_by_name',
    'acknowledged_via',
    'external_reference',
    'outcome',
  ],
  escalations: ['subject_type', 'reference', 'stage'],
  escalation_stages: ['stage'],
  governance_work_programme: ['seed_key'],
  families: ['district_code'],
  family_addresses: ['postcode'],
  family_members: ['relationship'],
  fs_agreements: ['agreed_by'],
  hearth_migrations: ['name'],
  hub_decisions: ['descriptors', 'pathway', 'social_care_route', 'signposted_service_ids', 'state'],
  hub_work_items: ['kind', 'district_code', 'status'],
  hub_social_work_reviews: ['outcome'],
  request_contacts: ['kind'],
  local_authority: [
    'code',
    'name',
    'short_name',
    'ons_code',
    'partnership_name',
    'hub_name',
    'hub_phone',
    'website',
    'out_of_hours_phone',
  ],
  notify_outbox: ['channel', 'template', 'recipient', 'subject', 'body', 'status'],
  organisation_types: ['code', 'name'],
  organisations: ['code', 'type_code'],
  outcome_areas: ['code', 'name', 'description'],
  people: [
    'nhs_number',
    'upn',
    'gender',
    // migrations/0061: codes of platform/demographics.ts (checked by the table).
    'ethnicity',
    'send',
    'postcode',
    'first_key',
    'last_key',
    'first_phon',
    'last_phon',
    'postcode_key',
    'postcode_outward',
  ],
  // The performance framework: the tenant's indicator definitions (configuration), codes and machine data.
  performance_indicators: [
    'code',
    'name',
    'why',
    'serves',
    'polarity',
    'unit',
    'frequency',
    'breakdowns',
    'source_kind',
    'source',
    'note',
    'confirm',
  ],
  performance_imports: ['file_kind', 'outcome', 'changes', 'periods'],
  performance_values: ['period', 'area_kind', 'area_code', 'breakdown', 'group_key', 'group_label'],
  performance_commentary: ['period'],
  plan_actions: ['who_kind', 'status'],
  plan_goals: ['outcome_area'],
  // MACE 1: the forms' radios and the tenant's exit reasons.
  mace1_cases: ['kind', 'status', 'risk_level', 'exit_reason'],
  mace1_discussions: ['risk_level', 'outcome', 'exit_reason'],
  mace1_nominations: ['kind', 'status'],
  mace1_plan_actions: ['status'],
  missing_episodes: ['episode_reference', 'missing_from', 'risk_grading', 'district'],
  missing_episode_notifications: ['event', 'police_reference'],
  // Choices: the kind, the status, the form's radios and the tenant's lists (codes).
  missing_chats: ['kind', 'status', 'offered_how', 'held_how', 'push_factors', 'pull_factors', 'shared_with'],
  police_notifications: ['police_reference', 'concern_category', 'officer_email', 'officer_phone', 'triage_outcome'],
  postcode_districts: ['outward'],
  postcodes: ['postcode', 'local_authority_code'],
  quadrants: ['code', 'name'],
  rate_limits: ['key'],
  recovery_codes: ['code_hash'],
  request_drafts: ['data'],
  request_people: ['role', 'gender', 'postcode', 'nhs_number', 'upn', 'phone', 'ethnicity', 'send'],
  requests_for_support: [
    'reference',
    'source',
    'status',
    'priority',
    'district_code',
    'requester_email',
    'requester_phone',
    'requester_contact_by',
    'worry_areas',
    'flags',
    'idempotency_key',
    'request_kind',
  ],
  form_submissions: ['key', 'result'],
  sessions: ['id', 'data'],
  // Sealed (AES-GCM) fields and the local path they came from: never drawn on a page as stored.
  kept_forms: ['id', 'path', 'sealed'],
  sign_in_throttles: ['key'],
  taf_action_updates: ['status_before', 'status_after'],
  taf_meeting_invitees: ['attendance'],
  taf_meetings: ['status'],
  // Typed, but only digits, spaces, brackets, + and - are accepted (30 at most), so no markup can be stored.
  taf_partners: ['phone'],
  taf_support_log: ['kind'],
  teams: ['code'],
  user_roles: ['role'],
  user_tokens: ['purpose', 'token_hash'],
  users: ['email', 'password_hash', 'totp_secret', 'totp_key_id'],
  windscreen_levels: ['code', 'name', 'summary', 'support', 'descriptors'],
};

const DEMO_USERS = [
  'admin@essex.example',
  'corporate.parenting@essex.example',
  'hub.practitioner@essex.example',
  'hub.manager@essex.example',
  'teacher@essex.example',
  'police@essex.example',
  'tafso@essex.example',
  'fs.worker@essex.example',
  'fs.manager@essex.example',
  'provider@essex.example',
  'moderator@essex.example',
  'analyst@essex.example',
  'mace.coordinator@essex.example',
  'involvement.worker@essex.example',
  'missing.coordinator@essex.example',
  'hub.socialworker@essex.example',
  'mace.member@essex.example',
  'board.manager@essex.example',
  'education.compliance@essex.example',
  'school.dsl@essex.example',
  'marac.coordinator@essex.example',
  'marac.idva@essex.example',
  'partner.police@essex.example',
  'agency.lead@essex.example',
];

let t: TestApp;
let signIns = 0;

/** Each walker from its own address, so sign-in throttling per address does not stop the walk. */
async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `192.0.2.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

async function textColumns() {
  const { rows } = await sql<{ t: string; c: string }>`
    select table_name as t, column_name as c from information_schema.columns
    where table_schema = current_schema() and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
    order by table_name, column_name`.execute(t.database.db);
  return rows.map((r) => `${r.t}.${r.c}`);
}

/** Appends the markup to every free-text column of every row (and to the free text inside JSON). */
async function plantMarkup() {
  const { db } = t.database;
  for (const [table, columns] of Object.entries(FREE_TEXT)) {
    for (const c of columns) {
      // Empty fields too, unless a check ties the field to a state (a cancelled meeting's reason).
      await sql`update ${sql.table(table)} set ${sql.ref(c)} = coalesce(${sql.ref(c)}, '') || ${PAYLOAD}`
        .execute(db)
        .catch(() => sql`update ${sql.table(table)} set ${sql.ref(c)} = ${sql.ref(c)} || ${PAYLOAD}`.execute(db));
    }
  }
  for (const r of await db.selectFrom('requests_for_support').select(['id', 'worries']).execute()) {
    const worries = r.worries.map((w) => ({ ...w, details: w.details + PAYLOAD }));
    await db
      .updateTable('requests_for_support')
      .set({ worries: JSON.stringify(worries) })
      .where('id', '=', r.id)
      .execute();
  }
  await db
    .updateTable('taf_meetings')
    .set({ decisions: JSON.stringify([`Agreed${PAYLOAD}`]) })
    .execute();
  for (const r of await db.selectFrom('performance_imports').select(['id', 'report']).execute()) {
    const report = r.report.map((p) => ({ ...p, message: p.message + PAYLOAD }));
    await db
      .updateTable('performance_imports')
      .set({ report: JSON.stringify(report) })
      .where('id', '=', r.id)
      .execute();
  }
  for (const v of await db.selectFrom('directory_service_versions').select(['id', 'content']).execute()) {
    const content = { ...v.content } as Record<string, unknown>;
    for (const key of ['name', 'description']) if (typeof content[key] === 'string') content[key] += PAYLOAD;
    await db
      .updateTable('directory_service_versions')
      .set({ content: JSON.stringify(content) })
      .where('id', '=', v.id)
      .execute();
  }
}

beforeAll(async () => {
  t = await createTestApp();
  await seedEveryForm(t);
  await plantMarkup();
}, 120_000);
afterAll(() => t?.close());

describe('every text column is classified', () => {
  it('as free text from a form (marked here) or not', async () => {
    const known = new Set(
      [FREE_TEXT, FREE_TEXT_JSON, NOT_FORM_TEXT].flatMap((group) =>
        Object.entries(group).flatMap(([table, columns]) => columns.map((c) => `${table}.${c}`)),
      ),
    );
    expect((await textColumns()).filter((c) => !known.has(c))).toEqual([]);
  });

  it('has markup in every free-text table the pages read', async () => {
    for (const table of Object.keys(FREE_TEXT)) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
        t.database.db,
      );
      expect(rows[0]!.n, table).toBeGreaterThan(0);
    }
  });
});

/** Pages not to walk: signing out ends the walk; files and JSON are not HTML. */
const SKIP =
  /^\/(sign-out|signed-out|dev\/|assets\/|govuk\/|moj\/|public\/|api\/)|\.(pdf|csv|json)(\?|$)|\/(export|download)/;
const PER_PATTERN = 2;
const MAX_PAGES = 160;

const pattern = (url: string) =>
  url
    .split('?')[0]!
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')
    .replace(/\/\d+(?=\/|$)/g, '/:n')
    // Every indicator's pages are drawn by the same templates: a few of them, not all 170.
    .replace(/^\/performance\/indicators\/[^/]+/, '/performance/indicators/:code');

// The walk is about escaping in templates, the same on both databases: PGlite only (the classification above runs
// on both, so a column either database has is classified).
describe.skipIf(testDatabaseKind() === 'postgres')('no page shows the stored markup raw', () => {
  let pagesWithText = 0;
  afterAll(() => {
    // The walk really met the stored text, on many pages.
    expect(pagesWithText).toBeGreaterThan(40);
  });

  it.each(DEMO_USERS)(
    'as %s, on every page reachable from home',
    async (email) => {
      const client = await signedIn(email);
      const queue = ['/'];
      const seen = new Set<string>(queue);
      const perPattern = new Map<string, number>();
      const problems: string[] = [];
      let visited = 0;
      while (queue.length && visited < MAX_PAGES) {
        const url = queue.shift()!;
        const response = await client.get(url);
        visited++;
        if (response.statusCode >= 500) problems.push(`${url}: ${response.statusCode}`);
        const location = response.headers.location;
        const links: string[] = location ? [String(location)] : [];
        if (String(response.headers['content-type'] ?? '').startsWith('text/html')) {
          const html = response.body;
          for (const raw of RAW) if (html.includes(raw)) problems.push(`${url}: raw ${raw}`);
          if (html.includes(ESCAPED)) pagesWithText++;
          for (const m of html.matchAll(/href="(\/[^"#]*)"/g)) links.push(m[1]!.replace(/&amp;/g, '&'));
        }
        for (const link of links) {
          if (seen.has(link) || SKIP.test(link)) continue;
          seen.add(link);
          const key = pattern(link);
          const count = perPattern.get(key) ?? 0;
          if (count >= PER_PATTERN) continue;
          perPattern.set(key, count + 1);
          queue.push(link);
        }
      }
      expect(problems).toEqual([]);
    },
    120_000,
  );

  it('shows the Hub’s “Why that level” as text', async () => {
    const client = await signedIn('hub.practitioner@essex.example');
    const request = await t.database.db
      .selectFrom('requests_for_support')
      .select('id')
      .where('level_reasons', 'is not', null)
      .executeTakeFirstOrThrow();
    const page = await client.get(`/hub/requests/${request.id}`);
    expect(page.statusCode).toBe(200);
    const why = /Why that level[\s\S]*?<\/dd>/.exec(page.body)?.[0] ?? '';
    expect(why).toContain(ESCAPED);
    for (const raw of RAW) expect(why).not.toContain(raw);
  });
});
