import type { IndicatorRow, ValueRow } from './repository.ts';
import type { PerformanceService } from './service.ts';
import { breakdownTables } from './breakdown-tables.ts';
import { lineChart } from './chart.ts';
import { FREQUENCY_WORDS, type NamedPeriod } from './periods.ts';
import { breakdownValue, formatValue, POLARITY_WORDS, rag, RAG_WORDS, trend, UNIT_WORDS, type Rag } from './present.ts';

/** What the performance pages show, built from the service's rows (templates stay dumb). */

const RAG_CLASSES: Record<Rag, string> = {
  green: 'govuk-tag--green',
  amber: 'govuk-tag--yellow',
  red: 'govuk-tag--red',
};

export function ragTag(value: number | null, indicator: IndicatorRow) {
  if (indicator.target === null) return { text: 'No target set', classes: 'govuk-tag--grey' };
  if (value === null) return { text: 'No data', classes: 'govuk-tag--grey' };
  const r = rag(value, indicator.target, indicator.tolerance, indicator.polarity);
  return r ? { text: RAG_WORDS[r], classes: RAG_CLASSES[r] } : { text: 'No RAG', classes: 'govuk-tag--grey' };
}

const ARROWS = { up: '↑', down: '↓', same: '→' } as const;

export function describe(indicator: IndicatorRow) {
  return {
    unit: UNIT_WORDS[indicator.unit],
    polarity: POLARITY_WORDS[indicator.polarity],
    frequency: FREQUENCY_WORDS[indicator.frequency].name,
    target: indicator.target === null ? 'No target set' : formatValue(indicator.target, indicator.unit),
    tolerance: indicator.tolerance === null ? 'None' : formatValue(indicator.tolerance, indicator.unit),
  };
}

/** The analyst's home: each group's indicators with the latest value, RAG and trend. */
export async function homeModel(performance: PerformanceService) {
  const [{ indicators, latest }, groups] = await Promise.all([performance.latest(), performance.groups()]);
  const row = (indicator: IndicatorRow) => {
    const [last, before] = latest.get(indicator.id) ?? [];
    const t = trend(last?.value ?? null, before?.value ?? null, indicator.polarity);
    return {
      code: indicator.code,
      name: indicator.name,
      period: last?.period ?? '',
      value: last ? formatValue(last.value, indicator.unit) : 'No data',
      target: describe(indicator).target,
      tag: ragTag(last?.value ?? null, indicator),
      trend: t ? { arrow: ARROWS[t.direction], words: t.words } : null,
    };
  };
  return groups
    .map((group) => ({
      ...group,
      anchor: group.code.replace('/', '-'),
      rows: indicators.filter((i) => i.serves.includes(group.code)).map(row),
    }))
    .filter((g) => g.rows.length > 0);
}

/**
 * An indicator's page: the series as a chart and a table, breakdowns by quadrant and district and by group, suppressed,
 * for the period `chosen` (else the latest). `drill`, given to a user who may follow a count to its records, links
 * each count (never a suppressed one) to them.
 */
export async function indicatorModel(
  performance: PerformanceService,
  indicator: IndicatorRow,
  drill?: (period: string, area?: string) => string,
  chosen?: string,
) {
  const [{ periods, values }, areas, below, commentary, changes] = await Promise.all([
    performance.series(indicator),
    performance.areas(),
    performance.suppressBelow(),
    performance.commentary(indicator.id),
    performance.targetChanges(indicator.id),
  ]);
  const whole = (p: NamedPeriod) =>
    values.find((v) => v.period === p.label && v.area_kind === 'all' && v.breakdown === '');
  const ratio = indicator.unit === 'percentage' || indicator.unit === 'rate-per-10000';
  const series = periods.map((p) => {
    const v = whole(p);
    return {
      period: p.label,
      value: formatValue(v?.value ?? null, indicator.unit),
      numerator: v?.numerator ?? null,
      denominator: v?.denominator ?? null,
      raw: v?.value ?? null,
      tag: ragTag(v?.value ?? null, indicator),
      href: drill && v?.value ? drill(p.label) : undefined,
    };
  });
  const chart = lineChart({
    id: 'chart',
    title: `${indicator.name}: ${periods[0]?.label ?? ''} to ${periods.at(-1)?.label ?? ''}`,
    unit: indicator.unit,
    points: series.map((s) => ({ label: s.period, value: s.raw })),
    target: indicator.target,
  });
  const latestWithData = [...series].reverse().find((s) => s.raw !== null)?.period;
  // The breakdowns' period: the one chosen, else the latest with figures by area or group.
  const latestWithAreas =
    periods.find((p) => p.label === chosen) ??
    [...periods]
      .reverse()
      .find((p) => values.some((v) => v.period === p.label && (v.area_kind !== 'all' || v.breakdown !== '')));
  const breakdown = (kind: 'quadrant' | 'district') => {
    if (!latestWithAreas) return [];
    const list = kind === 'quadrant' ? areas.quadrants : areas.districts;
    return list.map((area) => {
      const v = values.find(
        (x: ValueRow) => x.period === latestWithAreas.label && x.area_kind === kind && x.area_code === area.code,
      );
      const shown = v ? breakdownValue(v, indicator.unit, below) : { text: 'No data', suppressed: false };
      const follow = drill && v?.value && !shown.suppressed;
      return {
        name: kind === 'quadrant' ? area.name : area.name,
        ...shown,
        href: follow ? drill(latestWithAreas.label, area.code) : undefined,
      };
    });
  };
  return {
    indicator,
    words: describe(indicator),
    ratio,
    series,
    chart,
    below,
    breakdownPeriod: latestWithAreas?.label,
    quadrants: breakdown('quadrant'),
    districts: breakdown('district'),
    hasAreas: indicator.breakdowns.some((b) => b === 'quadrant' || b === 'district'),
    groupTables: breakdownTables(indicator.breakdowns, values, latestWithAreas?.label, indicator.unit, below),
    breakdownPeriodItems: [...periods]
      .reverse()
      .map((p) => ({ value: p.label, text: p.label, selected: p.label === latestWithAreas?.label })),
    commentary,
    changes: changes.map((c) => ({
      ...c,
      from: `${c.old_target === null ? 'no target' : formatValue(c.old_target, indicator.unit)}`,
      to: `${c.new_target === null ? 'no target' : formatValue(c.new_target, indicator.unit)}`,
    })),
    hasTarget: indicator.target !== null,
    periodItems: [...periods]
      .reverse()
      .map((p) => ({ value: p.label, text: p.label, selected: p.label === latestWithData })),
  };
}
