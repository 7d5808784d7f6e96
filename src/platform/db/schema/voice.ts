import type { ColumnType, Generated } from 'kysely';
import type { Audited, CreatedAt } from './common.ts';

// ---- The voice of children in care: surveys, the CiCC's meetings, the Pledge and Charter (migrations/0081_voice.sql) ----

export type VoiceResponseSource = 'entered' | 'imported';

export interface VoiceSurveysTable {
  id: string;
  code: string;
  name: string;
  created_at: CreatedAt;
}

export interface VoiceQuestionsTable {
  id: string;
  survey_id: string;
  code: string;
  text: string;
  theme: string;
  position: number;
}

export interface VoiceRoundsTable {
  id: string;
  survey_id: string;
  year: number;
  /** 'YYYY-MM-DD'. */
  opens_on: string;
  closes_on: string;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface VoiceResponsesTable {
  id: string;
  round_id: string;
  responded_on: string;
  age_group: string;
  source: VoiceResponseSource;
  created_at: CreatedAt;
  created_by: string | null;
  /** The uploaded file it came from (migrations/0089), or null. */
  import_id: ColumnType<string | null, string | null | undefined, never>;
}

/** A file of responses imported into a round, kept by its SHA-256 (migrations/0089). */
export interface VoiceImportsTable {
  id: string;
  round_id: string;
  sha256: string;
  file_name: string;
  file_kind: 'csv' | 'xlsx';
  responses: number;
  imported_at: CreatedAt;
  imported_by: string;
}

export interface VoiceAnswersTable {
  response_id: string;
  question_id: string;
  rating: number;
}

export interface VoiceCiccMeetingsTable extends Audited {
  id: string;
  held_on: string;
  title: string;
  decision_makers: ColumnType<string[], string[], string[]>;
  young_people: Generated<number>;
  raised: string;
  agreed: Generated<string>;
  follow_up: Generated<string>;
  followed_up: Generated<boolean>;
}

export interface VoicePromiseVersionsTable {
  id: string;
  document: string;
  year: number;
  agreed_on: string;
  agreed_by: string;
  what_changed: Generated<string>;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface VoicePromisesTable {
  version_id: string;
  position: number;
  text: string;
}

export interface VoiceTables {
  voice_surveys: VoiceSurveysTable;
  voice_questions: VoiceQuestionsTable;
  voice_rounds: VoiceRoundsTable;
  voice_responses: VoiceResponsesTable;
  voice_answers: VoiceAnswersTable;
  voice_imports: VoiceImportsTable;
  voice_cicc_meetings: VoiceCiccMeetingsTable;
  voice_promise_versions: VoicePromiseVersionsTable;
  voice_promises: VoicePromisesTable;
}
