import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './common.ts';

export type SocialCareOutcome = 'strategy-discussion' | 'assessment' | 'no-further-action';

/** migrations/0063_social_care.sql: the Hub's level 4 hand-off to children's social care. */
export interface SocialCareHandoffsTable {
  id: string;
  request_id: string;
  decision_id: string;
  reference: string;
  level: number;
  district_code: string | null;
  route: 'statutory-assessment' | 'strategy-discussion' | null;
  requester_email: string | null;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  acknowledged_via: 'hearth' | 'api' | null;
  external_reference: string | null;
  outcome: SocialCareOutcome | null;
  outcome_reason: string | null;
  outcome_at: Timestamp | null;
  outcome_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** An escalation about a Hub decision, an Early Help Plan or social care's no further action, and each stage reached. */
export interface EscalationsTable {
  id: string;
  subject_type: 'hub-decision' | 'early-help-plan' | 'social-care-handoff';
  subject_id: string;
  /** A Hub decision's or a hand-off's request (null for a plan). */
  request_id: string | null;
  /** A plan's episode, for the link to the plan (null for a Hub decision). */
  episode_id: string | null;
  /**
   * Whom the practitioner-to-practitioner stage asks: a plan's lead professional, or the social care practitioner who
   * recorded no further action (null: the raiser records it). An escalation manager may reassign it (0074).
   */
  addressed_to: string | null;
  reference: string;
  raised_by: string;
  raised_at: CreatedAt;
  stage: string;
  resolution: string | null;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface EscalationStagesTable {
  id: string;
  escalation_id: string;
  stage: string;
  asked: string;
  asked_by: string;
  asked_at: CreatedAt;
  response: string | null;
  responded_by: string | null;
  responded_at: Timestamp | null;
}

export interface SocialCareTables {
  social_care_handoffs: SocialCareHandoffsTable;
  escalations: EscalationsTable;
  escalation_stages: EscalationStagesTable;
}
