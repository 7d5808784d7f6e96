import type { Generated } from 'kysely';
import type { Audited, CreatedAt, Json } from './common.ts';

/** Users, organisations, sessions, throttles, the audit trail and the outbox (migrations/0001_platform.sql and later). */

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

/** A form sent after its session expired, sealed under a key only the browser's cookie holds (0039). */
export interface KeptFormsTable {
  id: string;
  user_id: string;
  path: string;
  sealed: string;
  created_at: Generated<Date>;
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

export interface FormSubmissionsTable {
  key: string;
  result: string | null;
  created_at: Generated<Date>;
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

export interface PlatformTables {
  organisation_types: OrganisationTypesTable;
  organisations: OrganisationsTable;
  teams: TeamsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  team_members: TeamMembersTable;
  user_tokens: UserTokensTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  kept_forms: KeptFormsTable;
  rate_limits: RateLimitsTable;
  sign_in_throttles: SignInThrottlesTable;
  form_submissions: FormSubmissionsTable;
  audit_events: AuditEventsTable;
  notify_outbox: NotifyOutboxTable;
  hearth_migrations: HearthMigrationsTable;
}
