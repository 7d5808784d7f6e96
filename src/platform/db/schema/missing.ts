import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './common.ts';

/** migrations/0044_missing_episodes.sql: missing children's episodes, opened and updated by police notifications. */
export type MissingFrom = 'home' | 'care-placement' | 'school' | 'other';
export type RiskGrading = 'no-apparent-risk' | 'low' | 'medium' | 'high';
export type MissingEvent = 'report' | 'update' | 'return';

export interface MissingEpisodesTable {
  id: string;
  organisation_id: string;
  episode_reference: string;
  first_name: string;
  last_name: string;
  /** 'YYYY-MM-DD'. */
  date_of_birth: string | null;
  person_id: string | null;
  /** migrations/0060: set when the Hub chose the person (a later automatic match does not replace it). */
  matched_by: string | null;
  matched_at: Date | null;
  age_at_missing: number | null;
  missing_from: MissingFrom;
  reported_at: Timestamp;
  reported_by: string;
  risk_grading: RiskGrading;
  returned_at: Date | null;
  returned_where: string | null;
  returned_how: string | null;
  district: string;
  family_id: string | null;
  worker_id: string | null;
  /** migrations/0049_missing_scrutiny.sql: closed by the Hub or the worker, after the return. */
  closed_at: Date | null;
  closed_by: string | null;
  closing_note: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface MissingEpisodeNotificationsTable {
  request_id: string;
  episode_id: string;
  event: MissingEvent;
  police_reference: string;
  received_at: Timestamp;
}

export interface MissingTables {
  missing_episodes: MissingEpisodesTable;
  missing_episode_notifications: MissingEpisodeNotificationsTable;
}
