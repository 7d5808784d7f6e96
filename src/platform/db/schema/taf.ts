import type { ColumnType, Generated } from 'kysely';
import type { Audited, CreatedAt } from './common.ts';
import type { PlanActionStatus } from './plan.ts';

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
  /** migrations/0040: a practitioner in the TAF who has no Hearth account. */
  partner_id: ColumnType<string | null, string | null | undefined, string | null>;
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

/** A practitioner in a family's Team Around the Family without a Hearth account (migrations/0040_taf_partners.sql). */
export interface TafPartnersTable {
  id: string;
  episode_id: string;
  family_id: string;
  name: string;
  role: string;
  organisation_id: string | null;
  organisation_name: string | null;
  /** Lower-cased. */
  email: string;
  phone: string | null;
  added_at: CreatedAt;
  added_by: string | null;
  removed_at: Date | null;
  removed_by: string | null;
}

export type TafSupportEventKind = 'workshop' | 'networking-event';

/** A TAF Support Officer's workshop or networking event (migrations/0082_taf_support_events.sql). */
export interface TafSupportEventsTable {
  id: string;
  officer_id: string;
  /** 'YYYY-MM-DD'. */
  event_date: string;
  kind: TafSupportEventKind;
  title: string;
  quadrant_code: string;
  notes: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
  created_by: string | null;
}

/** The practitioners who came to an event, by organisation type. */
export interface TafSupportEventAttendeesTable {
  event_id: string;
  organisation_type: string;
  practitioners: number;
}

export interface TafTables {
  taf_meetings: TafMeetingsTable;
  taf_partners: TafPartnersTable;
  taf_meeting_invitees: TafMeetingInviteesTable;
  taf_support_log: TafSupportLogTable;
  taf_support_events: TafSupportEventsTable;
  taf_support_event_attendees: TafSupportEventAttendeesTable;
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
