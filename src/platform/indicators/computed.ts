import type { Expression, Kysely, RawBuilder } from 'kysely';
import type { DB } from '../db/schema/index.ts';

/**
 * A computed indicator (issue 14): a named, versioned query over Hearth's own records. Each module defines the
 * indicators over the tables it owns (a module reads only its own tables) and exports them from its index.ts; the
 * composition root (services.ts) hands them all to the performance module, which stores values per period, shows them
 * against target and draws the "how this is counted" page from `howCounted` and `query`.
 *
 * Nothing here is a business rule: it is the contract between the modules that own the records and the performance
 * framework that reports on them.
 */

/** A reporting period in England's calendar days: `from` inclusive, `to` exclusive, both 'YYYY-MM-DD'. */
export interface Period {
  from: string;
  to: string;
}

/** The units an indicator is measured in (the performance framework's own list). */
export const UNITS = ['count', 'percentage', 'rate-per-10000', 'days'] as const;
export type Unit = (typeof UNITS)[number];

/**
 * Breakdowns the framework knows by name. An indicator may also offer its own (e.g. 'source', 'level', 'pathway',
 * 'type'): any lower-case word is allowed, and the indicator says which it offers.
 */
export const STANDARD_BREAKDOWNS = ['quadrant', 'district', 'age-band', 'gender', 'ethnicity', 'send'] as const;
export type Breakdown = string;

/**
 * One figure. A ratio keeps its parts so a total can be recounted and groups summed; a count has only `value`.
 * `value` is null when there is nothing to count from (a percentage of nothing): shown as "no data", never as zero.
 * Percentages are 0–100; days are a median or mean as the indicator says in `howCounted`.
 */
export interface Figure {
  value: number | null;
  numerator?: number;
  denominator?: number;
}

export interface ComputedResult {
  total: Figure;
  /**
   * Present when a breakdown was asked for: one row per group that has records. `key` is the tenant's code where
   * there is one (a district or quadrant code, a level number, a pathway code), and 'unknown' where the record does
   * not say; `label` is what a reader sees.
   */
  groups?: { key: string; label: string; figure: Figure }[];
}

export interface ComputedIndicator {
  /** Stable: '<area>.<name>', e.g. 'hub.requests-received'. The tenant's indicator definitions name it. */
  readonly key: string;
  /** Goes up whenever the counting changes, so a value records which version counted it. */
  readonly version: number;
  readonly name: string;
  readonly unit: Unit;
  /** Whether a higher value is better, worse, or neither (a count of demand). */
  readonly polarity: 'higher-is-better' | 'lower-is-better' | 'neither';
  /** How this is counted, in plain words for a board member: what is counted, from when, what is left out. */
  readonly howCounted: string;
  /** The breakdowns `compute` accepts. */
  readonly breakdowns: readonly Breakdown[];
  /** The query that counts the total for a period, as SQL text (Kysely's compiled query), for the same page. */
  query(db: Kysely<DB>, period: Period): string;
  /** Counts the period from the live records (never a cache). Throws for a breakdown it does not offer. */
  compute(db: Kysely<DB>, period: Period, breakdown?: Breakdown): Promise<ComputedResult>;
  /**
   * The rows `compute` counts for the period, one per thing counted, with the tenant's settings loaded: the very query
   * the count aggregates (a drill-down's record source lists these rows, so the list and the count cannot disagree).
   */
  rows?(db: Kysely<DB>, period: Period): Promise<Expression<unknown> | RawBuilder<unknown>>;
  /**
   * Optional drill-down: the records behind the count for a period, or behind one group's count (records.ts). For a
   * percentage, the numerator's records. The performance framework lists only those the policy lets the user see.
   */
  records?(db: Kysely<DB>, period: Period, group?: RecordsGroup): Promise<IndicatorRecord[]>;
  /** What `records` lists, in plain words for the list page (a percentage says it lists its numerator). */
  readonly recordsAre?: string;
  /** The type of the records `records` lists (names the owning module's RecordLister). */
  readonly recordType?: string;
}

/** One record behind a count: never a name, only what its owning module needs to decide who may see it. */
export interface IndicatorRecord {
  /** The owning module's record type (e.g. 'request', 'missing-episode', 'early-help-episode'). */
  type: string;
  id: string;
  /** The record the policy checks against (a request, a missing episode, a family), as the module's own pages do. */
  subjectId: string;
  /** The day in England that put it in the count, 'YYYY-MM-DD'. */
  date: string;
}

/** One group of a breakdown, as `compute` names it ('quadrant' and a quadrant code, 'unknown' where not known). */
export interface RecordsGroup {
  breakdown: Breakdown;
  key: string;
}
