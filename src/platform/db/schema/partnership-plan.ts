import type { Generated } from 'kysely';
import type { Audited, CreatedAt } from './common.ts';

// ---- The partnership plan: versions, items, Locality Children's Partnerships, actions (0055_partnership_plan.sql) ----

export type PartnershipPlanItemKind = 'outcome' | 'principle' | 'priority' | 'objective';
export type PartnershipPlanRag = 'red' | 'amber' | 'green' | 'complete';
export type PartnershipPlanReviewDecision = 'continue' | 'change' | 'retire';

export interface PartnershipPlanVersionsTable {
  code: string;
  name: string;
  period: string;
  summary: Generated<string>;
  is_current: Generated<boolean>;
  sort_order: number;
}

export interface PartnershipPlanForumsTable {
  code: string;
  name: string;
}

export interface PartnershipPlanItemsTable {
  code: string;
  version_code: string;
  kind: PartnershipPlanItemKind;
  name: string;
  description: Generated<string>;
  lead: string | null;
  led_by: string | null;
  forum_code: string | null;
  sort_order: number;
}

export interface PartnershipPlanLocalitiesTable {
  quadrant: string;
  name: string;
  forum_code: string;
  description: Generated<string>;
  sort_order: number;
}

export interface PartnershipPlanActionsTable extends Audited {
  id: string;
  item_code: string | null;
  locality: string | null;
  title: string;
  owner_name: string;
  owner_organisation: string;
  /** 'YYYY-MM-DD'. */
  due_on: string;
  rag: PartnershipPlanRag;
}

export interface PartnershipPlanActionUpdatesTable {
  id: string;
  action_id: string;
  /** 'YYYY-MM-DD'. */
  update_on: string;
  note: string;
  rag: PartnershipPlanRag;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface PartnershipPlanReviewsTable {
  id: string;
  item_code: string;
  /** 'YYYY-MM-DD'. */
  reviewed_on: string;
  findings: string;
  decision: PartnershipPlanReviewDecision;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface PartnershipPlanTables {
  partnership_plan_versions: PartnershipPlanVersionsTable;
  partnership_plan_forums: PartnershipPlanForumsTable;
  partnership_plan_items: PartnershipPlanItemsTable;
  partnership_plan_localities: PartnershipPlanLocalitiesTable;
  partnership_plan_actions: PartnershipPlanActionsTable;
  partnership_plan_action_updates: PartnershipPlanActionUpdatesTable;
  partnership_plan_reviews: PartnershipPlanReviewsTable;
}
