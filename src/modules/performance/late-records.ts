import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { ComputedIndicator, Figure } from '../../platform/indicators/computed.ts';
import type { NamedPeriod } from './periods.ts';
import type { IndicatorRow, ValueRow } from './repository.ts';

/** What the nightly recount needs of the performance service (passed in, so the service stays its only user). */
export interface RecountDeps {
  indicators(): Promise<IndicatorRow[]>;
  computedFor(indicator: IndicatorRow): ComputedIndicator | undefined;
  /** The recent finished periods the recount looks at for this indicator (the tenant's window). */
  periods(indicator: IndicatorRow): Promise<NamedPeriod[]>;
  kept(indicator: IndicatorRow, periods: readonly string[]): Promise<ValueRow[]>;
  /**
   * Counts a period from the live records (the read replica when there is one): the total as one figure keyed '', or
   * one figure per quadrant or district keyed by its code.
   */
  count(
    computed: ComputedIndicator,
    period: NamedPeriod,
    breakdown?: 'quadrant' | 'district',
  ): Promise<{ key: string; figure: Figure }[]>;
  /** Forgets the kept figures of these periods, then counts and keeps them again (every area and breakdown). */
  replace(indicator: IndicatorRow, computed: ComputedIndicator, periods: readonly NamedPeriod[]): Promise<void>;
  audit: AuditLog;
}

export interface RecountChange {
  code: string;
  period: string;
  /** The whole authority's figure before and after (an area's change with the same total shows equal values). */
  old: number | null;
  new: number | null;
}

const ACTOR: AuditActor = { userId: null, label: 'the nightly recount' };

/**
 * Records are sometimes entered after the period they belong to (a request keyed in the next morning, a missing
 * episode reported late), so a figure counted and kept at the start of a month can be short. Each night the recent
 * finished periods of every computed indicator are counted again from the live records — the whole authority and
 * each quadrant and district — and a period whose figures differ from those kept is counted and kept afresh, with
 * the change audited. Periods that match are left alone, so a re-run changes nothing.
 */
export async function recountRecent(deps: RecountDeps): Promise<{ checked: number; changes: RecountChange[] }> {
  const changes: RecountChange[] = [];
  let checked = 0;
  for (const indicator of await deps.indicators()) {
    const computed = deps.computedFor(indicator);
    if (!computed) continue;
    const periods = await deps.periods(indicator);
    if (periods.length === 0) continue;
    const kept = await deps.kept(
      indicator,
      periods.map((p) => p.label),
    );
    const stale: NamedPeriod[] = [];
    for (const period of periods) {
      checked += 1;
      const keptHere = kept.filter((v) => v.period === period.label && v.breakdown === '');
      // Never counted yet: the pages count it when first shown; nothing to correct.
      if (!keptHere.some((v) => v.area_kind === 'all')) continue;
      if (await differs(deps, computed, period, keptHere)) stale.push(period);
    }
    if (stale.length === 0) continue;
    const before = new Map(kept.filter(isTotal).map((v) => [v.period, v.value]));
    await deps.replace(indicator, computed, stale);
    const after = new Map(
      (
        await deps.kept(
          indicator,
          stale.map((p) => p.label),
        )
      )
        .filter(isTotal)
        .map((v) => [v.period, v.value]),
    );
    for (const period of stale) {
      const change = {
        code: indicator.code,
        period: period.label,
        old: before.get(period.label) ?? null,
        new: after.get(period.label) ?? null,
      };
      changes.push(change);
      await deps.audit.record(ACTOR, {
        action: 'performance.recounted',
        outcome: 'success',
        subjectType: 'performance-indicator',
        subjectId: indicator.id,
        details: { ...change, version: computed.version },
      });
    }
  }
  return { checked, changes };
}

const isTotal = (v: ValueRow) => v.area_kind === 'all' && v.breakdown === '';

/** Whether the live records now give other figures than those kept (the total, or any quadrant or district). */
async function differs(deps: RecountDeps, computed: ComputedIndicator, period: NamedPeriod, kept: readonly ValueRow[]) {
  const [total] = await deps.count(computed, period);
  const keptTotal = kept.find((v) => v.area_kind === 'all')!;
  if (keptTotal.counted_version !== computed.version || !total || !same(total.figure, keptTotal)) return true;
  for (const area of ['quadrant', 'district'] as const) {
    const keptAreas = kept.filter((v) => v.area_kind === area);
    // Areas never counted for this period (only the home page showed it) have nothing kept to correct.
    if (keptAreas.length === 0 || !computed.breakdowns.includes(area)) continue;
    const groups = await deps.count(computed, period, area);
    const byKey = new Map(keptAreas.map((v) => [v.area_code, v]));
    if (groups.length !== keptAreas.length) return true;
    for (const group of groups) {
      const keptGroup = byKey.get(group.key);
      if (!keptGroup || !same(group.figure, keptGroup)) return true;
    }
  }
  return false;
}

const same = (figure: Figure, kept: ValueRow) =>
  figure.value === kept.value &&
  (figure.numerator ?? null) === (kept.numerator ?? null) &&
  (figure.denominator ?? null) === (kept.denominator ?? null);
