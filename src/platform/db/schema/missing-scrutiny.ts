import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './common.ts';

/** migrations/0049_missing_scrutiny.sql: the Missing Co-ordinator's review of an under-10's missing episode. */
export interface MissingScrutiniesTable {
  id: string;
  episode_id: string;
  findings: string;
  referral_needed: boolean;
  request_draft_id: string | null;
  reviewed_by: string;
  reviewed_at: Timestamp;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface MissingScrutinyActionsTable {
  id: string;
  scrutiny_id: string;
  position: number;
  what: string;
  who: string;
  /** 'YYYY-MM-DD'. */
  by_when: string;
}

export interface MissingScrutinyTables {
  missing_scrutinies: MissingScrutiniesTable;
  missing_scrutiny_actions: MissingScrutinyActionsTable;
}
