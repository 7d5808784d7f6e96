import type { ComputedIndicator, ComputedResult } from '../../platform/indicators/computed.ts';
import { groupBreakdowns, rowsOf } from './counted.ts';
import { PERIODS_SHOWN, recentPeriods, type NamedPeriod } from './periods.ts';
import type { IndicatorRow, NewValue } from './repository.ts';

/**
 * Counting ahead of the pages (issue 16): a module whose records are replaced wholesale (the corporate parenting
 * register's import) counts its computed indicators for every period the pages show, all at once in a background job,
 * and they are kept as a page's own count would keep them (the whole authority and each group of the breakdowns the
 * definition shows), so a page only reads them.
 */
export interface Ahead {
  indicators(): Promise<IndicatorRow[]>;
  computedFor(indicator: IndicatorRow): ComputedIndicator | undefined;
  storeCounted(indicatorId: string, rows: readonly NewValue[]): Promise<void>;
  replaceGroups(indicatorId: string, period: string, breakdown: string, rows: readonly NewValue[]): Promise<void>;
  today: string;
}

/** The defined computed indicators whose key starts with `prefix`, and the periods their pages show. */
export async function periodsAhead(ahead: Ahead, prefix: string) {
  const indicators = (await ahead.indicators()).filter(
    (i) => i.source_kind === 'computed' && i.source.startsWith(prefix) && ahead.computedFor(i),
  );
  const frequencies = new Set(indicators.map((i) => i.frequency));
  if (frequencies.size > 1) throw new Error(`The indicators of ${prefix} must share one frequency to count ahead`);
  const [frequency] = frequencies;
  const periods = frequency ? recentPeriods(frequency, ahead.today, PERIODS_SHOWN[frequency]) : [];
  return { indicators, periods };
}

/** Counts indicators for periods: indicator key → one result per period, in order. */
export type CountMany = (periods: readonly NamedPeriod[]) => Promise<ReadonlyMap<string, readonly ComputedResult[]>>;

/**
 * Counts them through `count` (indicator key → one result per period, in order, each with the groups of the one
 * breakdown `breakdown`) and keeps every figure. Returns the periods counted.
 */
export async function countAhead(
  ahead: Ahead,
  prefix: string,
  breakdown: string,
  count: CountMany,
): Promise<NamedPeriod[]> {
  const { indicators, periods } = await periodsAhead(ahead, prefix);
  if (periods.length === 0) return periods;
  const results = await count(periods);
  for (const indicator of indicators) {
    const computed = ahead.computedFor(indicator)!;
    const mine = results.get(computed.key);
    if (!mine) continue;
    const groups = groupBreakdowns(indicator.breakdowns, computed).includes(breakdown);
    for (const [i, period] of periods.entries()) {
      const result = mine[i]!;
      await ahead.storeCounted(indicator.id, rowsOf(computed, period, result));
      if (groups)
        await ahead.replaceGroups(indicator.id, period.label, breakdown, rowsOf(computed, period, result, breakdown));
    }
  }
  return periods;
}
