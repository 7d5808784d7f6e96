import type { Generated } from 'kysely';
import type { Audited, CreatedAt } from './common.ts';

// ---- MACE 2: places and persons of concern, meetings, disruption actions, problem profiles (migrations/0051_mace2.sql) ----

export type Mace2Status = 'open' | 'closed';
export type Mace2Category = 'detect' | 'disrupt' | 'prevent';
export type Mace2ActionStatus = 'open' | 'in-progress' | 'done' | 'cancelled';

export interface Mace2PlacesTable extends Audited {
  id: string;
  quadrant_id: string;
  kind: string;
  name: string;
  district: string;
  description: Generated<string>;
  status: Generated<Mace2Status>;
}

export interface Mace2PersonsTable extends Audited {
  id: string;
  quadrant_id: string;
  name: string;
  approximate_age: number | null;
  description: Generated<string>;
  district: string;
  status: Generated<Mace2Status>;
}

export interface Mace2PersonPlacesTable {
  person_id: string;
  place_id: string;
}

export interface Mace2MeetingsTable extends Audited {
  id: string;
  quadrant_id: string;
  /** 'YYYY-MM-DD'. */
  held_on: string;
  organisation_ids: Generated<string[]>;
  csp_districts: Generated<string[]>;
  notes: Generated<string>;
}

export interface Mace2ProfilesTable {
  id: string;
  quadrant_id: string;
  /** 'YYYY-MM-DD'. */
  as_of: string;
  summary: string;
  themes: Generated<string>;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface Mace2ActionsTable extends Audited {
  id: string;
  quadrant_id: string;
  category: Mace2Category;
  what: string;
  organisation_id: string;
  owner_name: string;
  /** 'YYYY-MM-DD'. */
  due_on: string;
  place_id: string | null;
  person_id: string | null;
  in_action_plan: Generated<boolean>;
  status: Generated<Mace2ActionStatus>;
}

export interface Mace2ActionUpdatesTable {
  id: string;
  action_id: string;
  status: Mace2ActionStatus;
  note: string;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface Mace2Tables {
  mace2_places: Mace2PlacesTable;
  mace2_persons: Mace2PersonsTable;
  mace2_person_places: Mace2PersonPlacesTable;
  mace2_meetings: Mace2MeetingsTable;
  mace2_profiles: Mace2ProfilesTable;
  mace2_actions: Mace2ActionsTable;
  mace2_action_updates: Mace2ActionUpdatesTable;
}
