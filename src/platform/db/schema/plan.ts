import type { Generated } from 'kysely';
import type { Audited, CreatedAt } from './common.ts';

// ---- Early help: the Early Help Plan (migrations/0017_plan.sql) ----

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
