import type { IndicatorUnit } from '../../platform/db/schema/index.ts';
import { formatValue } from './present.ts';
import { escapeHtml } from '../../platform/views/nunjucks.ts';

/**
 * An indicator's values by period as an SVG line chart, drawn on the server (no script): a <title> and <desc> say
 * what it shows, and the page puts the same numbers in a table beside it (no chart without its table). A period
 * with no data leaves a gap, never a zero; one point draws as one dot; axis labels stay short for huge numbers.
 */
export interface ChartPoint {
  label: string;
  value: number | null;
}

const W = 640;
const H = 300;
const LEFT = 72;
const RIGHT = 16;
const TOP = 16;
const BOTTOM = 56;

/** Text in the SVG, escaped as the templates escape it (nunjucks' own escape). */
const escape = (s: string) => escapeHtml(s);
const COMPACT = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 });

/** A round step for about five gridlines up to `max`. */
function niceMax(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 0.25 };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  return { top: Math.ceil(max / step) * step, step };
}

export function lineChart(input: {
  id: string;
  title: string;
  unit: IndicatorUnit;
  points: readonly ChartPoint[];
  target: number | null;
}): string | null {
  const known = input.points.filter((p): p is { label: string; value: number } => p.value !== null);
  if (known.length === 0) return null;
  const values = [...known.map((p) => p.value), ...(input.target !== null ? [input.target] : [])];
  const { top, step } = niceMax(Math.max(...values, input.unit === 'percentage' ? 0 : 0));
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const x = (i: number) => LEFT + (input.points.length === 1 ? plotW / 2 : (i * plotW) / (input.points.length - 1));
  const y = (v: number) => TOP + plotH - (v / top) * plotH;

  const grid: string[] = [];
  for (let v = 0; v <= top + step / 2; v += step) {
    grid.push(
      `<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(v)}" y2="${y(v)}" stroke="#b1b4b6" stroke-width="1"/>` +
        `<text x="${LEFT - 8}" y="${y(v) + 4}" text-anchor="end" font-size="20" fill="#0b0c0c" font-family="inherit">${escape(COMPACT.format(v))}${input.unit === 'percentage' ? '%' : ''}</text>`,
    );
  }
  const anchor = (i: number) =>
    input.points.length === 1 ? 'middle' : i === 0 ? 'start' : i === input.points.length - 1 ? 'end' : 'middle';
  const every = Math.ceil(input.points.length / 3);
  const lastIndex = input.points.length - 1;
  const labels = input.points
    .map((p, i) =>
      (i % every === 0 && lastIndex - i >= every) || i === lastIndex
        ? `<text x="${x(i)}" y="${H - BOTTOM + 28}" text-anchor="${anchor(i)}" font-size="20" fill="#0b0c0c" font-family="inherit">${escape(p.label)}</text>`
        : '',
    )
    .join('');
  // Runs of periods with data, so a period with no data is a gap in the line.
  const runs: string[][] = [[]];
  input.points.forEach((p, i) => {
    if (p.value === null) runs.push([]);
    else runs.at(-1)!.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
  });
  const lines = runs
    .filter((r) => r.length > 1)
    .map((r) => `<polyline points="${r.join(' ')}" fill="none" stroke="#1d70b8" stroke-width="3"/>`)
    .join('');
  const dots = input.points
    .map((p, i) =>
      p.value === null
        ? ''
        : `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="4" fill="#1d70b8" stroke="#ffffff" stroke-width="2"/>`,
    )
    .join('');
  const target =
    input.target === null
      ? ''
      : `<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(input.target)}" y2="${y(input.target)}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4"/>` +
        `<text x="${W - RIGHT}" y="${y(input.target) - 6}" text-anchor="end" font-size="20" fill="#0b0c0c" font-family="inherit">Target</text>`;
  const first = known[0]!;
  const last = known.at(-1)!;
  const description =
    `${known.length} of ${input.points.length} periods have data, from ${first.label} (${formatValue(first.value, input.unit)}) ` +
    `to ${last.label} (${formatValue(last.value, input.unit)})` +
    (input.target === null ? '. No target set.' : `. Target ${formatValue(input.target, input.unit)}.`) +
    ' The table beside the chart has every value.';
  return (
    `<svg class="app-chart" width="100%" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${input.id}-title ${input.id}-desc" focusable="false">` +
    `<title id="${input.id}-title">${escape(input.title)}</title><desc id="${input.id}-desc">${escape(description)}</desc>` +
    `${grid.join('')}${labels}${target}${lines}${dots}</svg>`
  );
}
