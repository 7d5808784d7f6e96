import type { Generated } from 'kysely';
import type { Json } from './common.ts';

/** The local authority, its quadrants and districts, the windscreen and the outcome areas (migrations/0002_reference.sql). */

export interface LocalAuthorityTable {
  code: string;
  name: string;
  short_name: string;
  ons_code: string | null;
  partnership_name: string;
  hub_name: string;
  hub_phone: string | null;
  /** 0009: who a family calls out of hours. */
  out_of_hours_phone: Generated<string | null>;
  website: string | null;
  updated_at: Generated<Date>;
}

export interface QuadrantsTable {
  id: string;
  code: string;
  name: string;
  sort_order: number;
}

export interface DistrictsTable {
  id: string;
  code: string;
  name: string;
  ons_code: string | null;
  quadrant_id: string;
  sort_order: number;
}

export interface WindscreenLevelsTable {
  level: number;
  code: string;
  name: string;
  summary: string;
  support: string;
  descriptors: Json<string[]>;
}

export interface OutcomeAreasTable {
  code: string;
  name: string;
  description: string;
  sort_order: number;
}

export interface TeamDistrictsTable {
  team_id: string;
  district_id: string;
}

export interface ReferenceTables {
  local_authority: LocalAuthorityTable;
  quadrants: QuadrantsTable;
  districts: DistrictsTable;
  windscreen_levels: WindscreenLevelsTable;
  outcome_areas: OutcomeAreasTable;
  team_districts: TeamDistrictsTable;
}
