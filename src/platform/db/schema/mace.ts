import type { Generated } from 'kysely';

// ---- MACE (Missing and Child Exploitation) panels, by quadrant (migrations/0047_mace_panels.sql) ----

export interface MacePanelMembersTable {
  quadrant_id: string;
  user_id: string;
  added_at: Generated<Date>;
  added_by: string | null;
}

export interface MaceTables {
  mace_panel_members: MacePanelMembersTable;
}
