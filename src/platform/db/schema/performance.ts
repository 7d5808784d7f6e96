import type { Generated } from 'kysely';
import type { Audited, CreatedAt, Json } from './common.ts';

// ---- The performance framework: indicators, values, imports, commentary (migrations/0057_performance.sql) ----

export type IndicatorPolarity = 'higher-is-better' | 'lower-is-better' | 'neither';
export type IndicatorFrequency = 'monthly' | 'quarterly' | 'annual' | 'academic-year';
export type IndicatorUnit = 'count' | 'percentage' | 'rate-per-10000' | 'days';
export type AreaKind = 'all' | 'quadrant' | 'district';

export interface PerformanceIndicatorsTable extends Audited {
  id: string;
  code: string;
  name: string;
  why: Generated<string>;
  serves: Generated<string[]>;
  polarity: IndicatorPolarity;
  unit: IndicatorUnit;
  frequency: IndicatorFrequency;
  target: number | null;
  tolerance: number | null;
  breakdowns: Generated<string[]>;
  source_kind: 'computed' | 'imported';
  source: string;
  note: Generated<string>;
  confirm: Generated<string>;
  position: Generated<number>;
}

export interface PerformanceTargetChangesTable {
  id: string;
  indicator_id: string;
  old_target: number | null;
  old_tolerance: number | null;
  new_target: number | null;
  new_tolerance: number | null;
  changed_by: string | null;
  changed_at: CreatedAt;
}

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}
export interface ImportChange {
  period: string;
  area: string;
  /** A group of a breakdown (issue 14): the breakdown's code and the group's words. */
  breakdown?: string;
  group?: string;
  old: number | null;
  new: number | null;
}

export interface PerformanceImportsTable {
  id: string;
  indicator_id: string;
  file_name: string;
  file_kind: 'csv' | 'xlsx';
  outcome: 'imported' | 'refused';
  rows_total: number;
  rows_refused: number;
  report: Json<ImportProblem[]>;
  changes: Json<ImportChange[]>;
  periods: Generated<string[]>;
  imported_by: string | null;
  imported_at: CreatedAt;
}

export interface PerformanceValuesTable {
  id: string;
  indicator_id: string;
  period: string;
  /** 'YYYY-MM-DD'. */
  period_from: string;
  /** 'YYYY-MM-DD', exclusive. */
  period_to: string;
  area_kind: AreaKind;
  area_code: Generated<string>;
  breakdown: Generated<string>;
  group_key: Generated<string>;
  group_label: Generated<string>;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  import_id: string | null;
  counted_version: number | null;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface PerformanceCommentaryTable {
  id: string;
  indicator_id: string;
  period: string;
  body: string;
  author_id: string | null;
  created_at: CreatedAt;
}

export interface PerformanceTables {
  performance_indicators: PerformanceIndicatorsTable;
  performance_target_changes: PerformanceTargetChangesTable;
  performance_imports: PerformanceImportsTable;
  performance_values: PerformanceValuesTable;
  performance_commentary: PerformanceCommentaryTable;
}
