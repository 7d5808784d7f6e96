import type { ColumnType } from 'kysely';

// ---- Break-glass access (migrations/0012_break_glass.sql) ----

export interface BreakGlassGrantsTable {
  id: string;
  user_id: string;
  record_type: string;
  record_id: string;
  record_label: string;
  reason: string;
  granted_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  ended_by: string | null;
  alerted_user_ids: ColumnType<string[], string[] | undefined, string[]>;
  manager_alerted_at: Date | null;
}

export interface BreakGlassTables {
  break_glass_grants: BreakGlassGrantsTable;
}
