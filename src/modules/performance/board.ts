import { lineChart } from './chart.ts';
import { shownPeriods, type NamedPeriod } from './periods.ts';
import { breakdownValue, formatValue, rag, RAG_WORDS, trend } from './present.ts';
import type { IndicatorRow, ValueRow } from './repository.ts';
import { describe, ragTag } from './views.ts';

/**
 * The board view and the Locality Partnership report (issue 14): each priority of the current plan with its
 * indicators, each with the latest figure, trend and RAG against target, a chart and the same numbers in a table,
 * and its newest commentary; for the whole authority, a quadrant or a district. Pure: the routes load the rows
 * (PerformanceService.board) and the exports (board-export.ts) read the same model, so page, PDF and XLSX agree.
 */
export interface BoardArea {
  kind: 'all' | 'quadrant' | 'district';
  code: string;
  name: string;
}

export interface BoardRow {
  period: string;
  /** The number as counted, or null for no data and for a suppressed small number (never drawn, never zero). */
  value: number | null;
  text: string;
  suppressed: boolean;
  tag: { text: string; classes: string };
}

export interface BoardIndicator {
  code: string;
  name: string;
  unit: IndicatorRow['unit'];
  target: string;
  targetValue: number | null;
  latest: BoardRow | null;
  tag: { text: string; classes: string };
  /** Words for the PDF and XLSX ("On target"), or null. */
  ragWords: string | null;
  trend: { arrow: string; words: string } | null;
  chart: string | null;
  rows: BoardRow[];
  commentary: { period: string; body: string } | null;
}

export interface BoardSection {
  code: string;
  name: string;
  anchor: string;
  indicators: BoardIndicator[];
}

const ARROWS = { up: '↑', down: '↓', same: '→' } as const;
const GREY = 'govuk-tag--grey';

/** Whether a target (the whole authority's) can be read against an area's figure: not for a count. */
const targetApplies = (indicator: IndicatorRow, area: BoardArea) => area.kind === 'all' || indicator.unit !== 'count';

/** One indicator for the board: its periods, the area's values (small numbers suppressed), chart, trend, RAG. */
export function boardIndicator(input: {
  indicator: IndicatorRow;
  /** This indicator's values: the whole authority's and, with an area, the area's. */
  values: readonly ValueRow[];
  recent: readonly NamedPeriod[];
  area: BoardArea;
  below: number;
  commentary?: { period: string; body: string } | null;
  chartId: string;
}): BoardIndicator {
  const { indicator, area } = input;
  const whole = input.values.filter((v) => v.area_kind === 'all');
  const periods = shownPeriods(indicator.frequency, input.recent, whole);
  const applies = targetApplies(indicator, area);
  const rows: BoardRow[] = periods.map((p) => {
    const v = input.values.find(
      (x) => x.period === p.label && x.area_kind === area.kind && (area.kind === 'all' || x.area_code === area.code),
    );
    if (!v || v.value === null)
      return {
        period: p.label,
        value: null,
        text: 'No data',
        suppressed: false,
        tag: { text: 'No data', classes: GREY },
      };
    const shown =
      area.kind === 'all'
        ? { text: formatValue(v.value, indicator.unit), suppressed: false }
        : breakdownValue(v, indicator.unit, input.below);
    const value = shown.suppressed ? null : v.value;
    const tag = shown.suppressed
      ? { text: 'Not shown', classes: GREY }
      : applies
        ? ragTag(value, indicator)
        : { text: 'Target is for the whole authority', classes: GREY };
    return { period: p.label, value, text: shown.text, suppressed: shown.suppressed, tag };
  });
  const lastIndex = rows.findLastIndex((r) => r.value !== null || r.suppressed);
  const latest = lastIndex >= 0 ? rows[lastIndex]! : null;
  const before = lastIndex > 0 ? rows[lastIndex - 1]! : null;
  const t = trend(latest?.value ?? null, before?.value ?? null, indicator.polarity);
  const r = applies && latest ? rag(latest.value, indicator.target, indicator.tolerance, indicator.polarity) : null;
  const areaWords = area.kind === 'all' ? '' : ` (${area.name})`;
  return {
    code: indicator.code,
    name: indicator.name,
    unit: indicator.unit,
    target: describe(indicator).target,
    targetValue: indicator.target,
    latest,
    tag: latest ? latest.tag : indicator.target === null ? ragTag(null, indicator) : { text: 'No data', classes: GREY },
    ragWords: r ? RAG_WORDS[r] : null,
    trend: t ? { arrow: ARROWS[t.direction], words: t.words } : null,
    chart: lineChart({
      id: input.chartId,
      title: `${indicator.name}${areaWords}: ${periods[0]?.label ?? ''} to ${periods.at(-1)?.label ?? ''}`,
      unit: indicator.unit,
      points: rows.map((row) => ({ label: row.period, value: row.value })),
      target: applies ? indicator.target : null,
    }),
    rows,
    commentary: input.commentary ?? null,
  };
}

/**
 * The board's sections: each plan item (priorities, then outcomes) with the indicators that serve it, in the
 * indicators' order. An indicator serving two items shows under both; an item nothing serves says so.
 */
export function boardSections(input: {
  items: readonly { code: string; name: string }[];
  indicators: readonly IndicatorRow[];
  values: readonly ValueRow[];
  commentary: readonly { indicator_id: string; period: string; body: string }[];
  recent: (indicator: IndicatorRow) => readonly NamedPeriod[];
  area: BoardArea;
  below: number;
}): BoardSection[] {
  const byIndicator = new Map<string, ValueRow[]>();
  for (const v of input.values) byIndicator.set(v.indicator_id, [...(byIndicator.get(v.indicator_id) ?? []), v]);
  let charts = 0;
  const build = (indicator: IndicatorRow) => {
    const note = input.commentary.find((c) => c.indicator_id === indicator.id);
    return boardIndicator({
      indicator,
      values: byIndicator.get(indicator.id) ?? [],
      recent: input.recent(indicator),
      area: input.area,
      below: input.below,
      commentary: note ? { period: note.period, body: note.body } : null,
      // Each chart its own id, even for an indicator shown under two items.
      chartId: `chart-${++charts}`,
    });
  };
  return input.items.map((item) => ({
    code: item.code,
    name: item.name,
    anchor: item.code.replace(/[^a-z0-9]+/gi, '-'),
    indicators: input.indicators.filter((i) => i.serves.includes(item.code)).map(build),
  }));
}

/** The indicators a board of these items shows (each once). */
export const indicatorsServing = (items: readonly { code: string }[], indicators: readonly IndicatorRow[]) =>
  indicators.filter((i) => items.some((item) => i.serves.includes(item.code)));
