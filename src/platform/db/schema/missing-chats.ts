import type { Generated } from 'kysely';
import type { Audited } from './common.ts';

/** migrations/0048_missing_chats.sql: Missing Chats and Parental Missing Chats after a child's return. */
export type MissingChatKind = 'child' | 'parent';
export type MissingChatStatus = 'due' | 'offered' | 'not-now' | 'accepted' | 'declined' | 'held';
export type MissingChatOfferHow = 'in-person' | 'phone' | 'text-message' | 'letter' | 'through-worker';
export type MissingChatHeldHow = 'face-to-face' | 'phone' | 'video' | 'message';

export interface MissingChatsTable extends Audited {
  id: string;
  episode_id: string;
  kind: MissingChatKind;
  age_at_return: number | null;
  status: Generated<MissingChatStatus>;
  offered_at: Date | null;
  offered_how: MissingChatOfferHow | null;
  offered_to: string | null;
  /** 'YYYY-MM-DD'. */
  offer_again_on: string | null;
  /** 'YYYY-MM-DD'. */
  held_on: string | null;
  held_how: MissingChatHeldHow | null;
  said: string | null;
  push_factors: Generated<string[]>;
  pull_factors: Generated<string[]>;
  factors_other: string | null;
  risks: string | null;
  actions: string | null;
  shared_with: Generated<string[]>;
  shared_with_other: string | null;
  concern_id: string | null;
}

export interface MissingChatsTables {
  missing_chats: MissingChatsTable;
}
