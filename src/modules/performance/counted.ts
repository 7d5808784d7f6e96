import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import type { ComputedIndicator, ComputedResult, Figure } from '../../platform/indicators/computed.ts';
import type { NamedPeriod } from './periods.ts';
import type { NewValue } from './repository.ts';

/** The breakdowns kept as areas (area_kind); every other breakdown is kept as groups of the whole authority. */
export const AREA_BREAKDOWNS: readonly string[] = ['quadrant', 'district'];

/** The group breakdowns of a computed indicator its definition shows (age band, gender, level…). */
export const groupBreakdowns = (definition: readonly string[], computed: ComputedIndicator) =>
  definition.filter((b) => !AREA_BREAKDOWNS.includes(b) && computed.breakdowns.includes(b));

/**
 * Counts one period of a computed indicator as the rows performance_values keeps: the whole authority, its quadrants
 * or districts (area_kind), or the groups of another breakdown (breakdown, group_key, group_label).
 */
export async function countedRows(
  db: Kysely<DB>,
  computed: ComputedIndicator,
  period: NamedPeriod,
  breakdown?: string,
): Promise<NewValue[]> {
  const result = await computed.compute(db, { from: period.from, to: period.to }, breakdown);
  return rowsOf(computed, period, result, breakdown);
}

/** A period's result as the rows performance_values keeps (countedRows; and results counted ahead, in bulk). */
export function rowsOf(
  computed: ComputedIndicator,
  period: NamedPeriod,
  result: ComputedResult,
  breakdown?: string,
): NewValue[] {
  const row = (figure: Figure) => ({
    period: period.label,
    period_from: period.from,
    period_to: period.to,
    value: figure.value,
    numerator: figure.numerator ?? null,
    denominator: figure.denominator ?? null,
    import_id: null,
    counted_version: computed.version,
  });
  if (!breakdown)
    return [{ ...row(result.total), area_kind: 'all', area_code: '', breakdown: '', group_key: '', group_label: '' }];
  const area = AREA_BREAKDOWNS.includes(breakdown);
  return (result.groups ?? []).map((g) => ({
    ...row(g.figure),
    area_kind: area ? (breakdown as 'quadrant' | 'district') : 'all',
    area_code: area ? g.key : '',
    breakdown: area ? '' : breakdown,
    group_key: area ? '' : g.key,
    group_label: g.label.slice(0, 200),
  }));
}
