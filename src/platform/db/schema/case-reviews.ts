import type { Generated } from 'kysely';
import type { Audited, CreatedAt, Timestamp } from './common.ts';

// ---- Case reviews: referrals, triage, Rapid Reviews, local reviews, learning actions (migrations/0075_case_reviews.sql) ----

export type StatutoryPartner = 'council' | 'police' | 'health';
export type CaseReviewStatus = 'triage' | 'rapid-review' | 'not-progressed' | 'no-local-review' | 'local-review';
export type LearningActionStatus = 'open' | 'evidence' | 'returned' | 'accepted';

export interface CaseReviewReferralsTable extends Audited {
  id: string;
  reference: string;
  person_id: string | null;
  child_first_name: string;
  child_last_name: string;
  /** 'YYYY-MM-DD'. */
  child_date_of_birth: string | null;
  referrer_name: string;
  referrer_organisation_id: string | null;
  /** 'YYYY-MM-DD': the day the partnership became aware. */
  referred_on: string;
  criteria: string[];
  summary: string;
  /** 'YYYY-MM-DD': 15 working days after referred_on. */
  rapid_review_due_on: string;
  status: Generated<CaseReviewStatus>;
}

export interface CaseReviewTriageTable {
  id: string;
  referral_id: string;
  partner: StatutoryPartner;
  meets_criteria: boolean;
  reason: string;
  decided_by: string;
  organisation_id: string | null;
  decided_at: CreatedAt;
}

export interface CaseReviewRapidReviewsTable {
  referral_id: string;
  held_on: string;
  local_review: boolean;
  panel_notified: boolean;
  panel_notified_on: string | null;
  reason: string;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface CaseReviewCsprsTable extends Audited {
  id: string;
  referral_id: string;
  method: string;
  reviewer: Generated<string>;
  started_on: string;
  stage: string;
  themes: Generated<string[]>;
  published_on: string | null;
}

export interface CaseReviewStagesTable {
  cspr_id: string;
  stage: string;
  reached_on: string;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface CaseReviewDelaysTable {
  id: string;
  cspr_id: string;
  reason: string;
  details: Generated<string>;
  from_on: string;
  until_on: string | null;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface CaseReviewRecommendationsTable {
  id: string;
  cspr_id: string;
  number: number;
  text: string;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface CaseReviewLearningActionsTable extends Audited {
  id: string;
  referral_id: string;
  recommendation_id: string | null;
  organisation_id: string;
  owner: string;
  action: string;
  due_on: string;
  status: Generated<LearningActionStatus>;
  evidence: Generated<string>;
  evidence_by: string | null;
  evidence_at: Timestamp | null;
  check_note: Generated<string>;
  checked_by: string | null;
  checked_at: Timestamp | null;
  accepted_on: string | null;
}

/** Each change of who a referral's child is in Hearth (migrations/0088): person_id null is "unlinked". */
export interface CaseReviewChildLinksTable {
  id: string;
  referral_id: string;
  person_id: string | null;
  previous_person_id: string | null;
  reason: string;
  /** The referral's version the change was made from: one change per version. */
  from_version: number;
  linked_by: string;
  linked_at: CreatedAt;
}

export interface CaseReviewTables {
  case_review_referrals: CaseReviewReferralsTable;
  case_review_triage: CaseReviewTriageTable;
  case_review_rapid_reviews: CaseReviewRapidReviewsTable;
  case_review_csprs: CaseReviewCsprsTable;
  case_review_stages: CaseReviewStagesTable;
  case_review_delays: CaseReviewDelaysTable;
  case_review_recommendations: CaseReviewRecommendationsTable;
  case_review_learning_actions: CaseReviewLearningActionsTable;
  case_review_child_links: CaseReviewChildLinksTable;
}
