import {
  breakdownValue,
  formatValue,
  lineChart,
  rag,
  RAG_WORDS,
  recentPeriods,
  trend,
  type PerformanceService,
} from '../performance/index.ts';
import { KEY_PREFIX, MIGRANT_GROUPS } from './indicators.ts';

/**
 * The Corporate Parenting Panel's outcome page (issue 16): the Co-Parenting Strategy's seven outcomes, each with its
 * measures from the performance framework (counted from the register, or imported from surveys and other systems),
 * the last five years against target with the trend, separated migrant children apart from other children, and the
 * outcome's headline measure drawn as a chart with its table beside. Counts only, never a name. The register's
 * measures are read as the background job kept them (counting.ts), never counted here: the route shows them only
 * once the job has counted the register as it is now.
 */
export const YEARS_SHOWN = 5;
const ARROWS = { up: '↑', down: '↓', same: '→' } as const;
const TAGS = { green: 'govuk-tag--green', amber: 'govuk-tag--yellow', red: 'govuk-tag--red' } as const;

export interface PanelMeasure {
  code: string;
  name: string;
  computed: boolean;
  unit: string;
  target: string;
  /** One per period shown, oldest first: the value as text (null value: "No data"). */
  cells: { period: string; value: number | null; text: string }[];
  latest: { period: string; value: number | null; text: string } | null;
  tag: { text: string; classes: string };
  trend: { arrow: string; words: string } | null;
  /** The latest period's separated migrant children and other children (small numbers suppressed). */
  groups: { key: string; label: string; text: string; value: number | null; suppressed: boolean }[];
}

export interface PanelOutcome {
  code: string;
  number: number;
  name: string;
  measures: PanelMeasure[];
  chart: { svg: string | null; measure: PanelMeasure } | null;
}

export async function panelModel(performance: PerformanceService, today: string) {
  const [groups, indicators, below] = await Promise.all([
    performance.groups(),
    performance.indicators(),
    performance.suppressBelow(),
  ]);
  const periods = recentPeriods('annual', today, YEARS_SHOWN);
  const outcomes: PanelOutcome[] = [];
  for (const group of groups.filter((g) => g.code.startsWith('co-parenting/'))) {
    const measures: PanelMeasure[] = [];
    for (const indicator of indicators.filter((i) => i.serves.includes(group.code))) {
      // The register's measures are never counted here (PerformanceService's countedAhead), only read.
      const { values } = await performance.series(indicator, { count: !indicator.source.startsWith(KEY_PREFIX) });
      const whole = (period: string) =>
        values.find((v) => v.period === period && v.area_kind === 'all' && v.breakdown === '');
      const cells = periods.map((p) => {
        const value = whole(p.label)?.value ?? null;
        return { period: p.label, value, text: formatValue(value, indicator.unit) };
      });
      const lastIndex = cells.findLastIndex((c) => c.value !== null);
      const latest = lastIndex >= 0 ? cells[lastIndex]! : null;
      const previous = lastIndex > 0 ? cells[lastIndex - 1]! : null;
      const r = latest ? rag(latest.value, indicator.target, indicator.tolerance, indicator.polarity) : null;
      const moved = latest && previous ? trend(latest.value, previous.value, indicator.polarity) : null;
      const migrant = latest
        ? values.filter((v) => v.period === latest.period && v.area_kind === 'all' && v.breakdown === 'migrant')
        : [];
      measures.push({
        code: indicator.code,
        name: indicator.name,
        computed: indicator.source_kind === 'computed',
        unit: indicator.unit,
        target: indicator.target === null ? 'None set' : formatValue(indicator.target, indicator.unit),
        cells,
        latest,
        tag: r
          ? { text: RAG_WORDS[r], classes: TAGS[r] }
          : { text: latest ? 'No target' : 'No data', classes: 'govuk-tag--grey' },
        trend: moved ? { arrow: ARROWS[moved.direction], words: moved.words } : null,
        groups: indicator.breakdowns.includes('migrant')
          ? Object.entries(MIGRANT_GROUPS).map(([key, label]) => {
              const v = migrant.find((m) => m.group_key === key);
              const shown = v ? breakdownValue(v, indicator.unit, below) : { text: 'None', suppressed: false };
              return { key, label, text: shown.text, value: v?.value ?? null, suppressed: shown.suppressed };
            })
          : [],
      });
    }
    const headline =
      measures.find((m) => m.computed && m.latest && m.target !== 'None set') ??
      measures.find((m) => m.computed && m.latest) ??
      measures.find((m) => m.latest) ??
      null;
    const number = Number(group.code.split('/o')[1]);
    outcomes.push({
      code: group.code,
      number,
      name: group.name.replace(/^Co-Parenting Outcome \d+: /, ''),
      measures,
      chart: headline
        ? {
            measure: headline,
            svg: lineChart({
              id: `chart-o${number}`,
              title: `${headline.name}, ${periods[0]?.label} to ${periods.at(-1)?.label}`,
              unit: headline.unit as 'count',
              points: headline.cells.map((c) => ({ label: c.period, value: c.value })),
              target: indicators.find((i) => i.code === headline.code)?.target ?? null,
            }),
          }
        : null,
    });
  }
  return { outcomes, periods: periods.map((p) => p.label), below };
}
