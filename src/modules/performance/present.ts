import type { IndicatorPolarity, IndicatorUnit } from '../../platform/db/schema/index.ts';

/**
 * How a figure reads (issue 14): RAG against target and tolerance with the indicator's polarity, the trend since
 * the period before, small numbers suppressed, and no data shown as no data, never as zero.
 */
export type Rag = 'green' | 'amber' | 'red';

export const RAG_WORDS: Record<Rag, string> = { green: 'On target', amber: 'Near target', red: 'Off target' };

export function rag(
  value: number | null,
  target: number | null,
  tolerance: number | null,
  polarity: IndicatorPolarity,
): Rag | null {
  if (value === null || target === null) return null;
  const slack = tolerance ?? 0;
  switch (polarity) {
    case 'higher-is-better':
      return value >= target ? 'green' : value >= target - slack ? 'amber' : 'red';
    case 'lower-is-better':
      return value <= target ? 'green' : value <= target + slack ? 'amber' : 'red';
    case 'neither':
      return Math.abs(value - target) <= slack ? 'green' : 'amber';
  }
}

export interface Trend {
  direction: 'up' | 'down' | 'same';
  /** Whether the move is for the better, by the polarity; null for 'neither' or no move. */
  better: boolean | null;
  words: string;
}

export function trend(latest: number | null, previous: number | null, polarity: IndicatorPolarity): Trend | null {
  if (latest === null || previous === null) return null;
  if (latest === previous) return { direction: 'same', better: null, words: 'No change since the period before' };
  const direction = latest > previous ? 'up' : 'down';
  const better = polarity === 'neither' ? null : (direction === 'up') === (polarity === 'higher-is-better');
  const moved = direction === 'up' ? 'Up' : 'Down';
  return {
    direction,
    better,
    words: `${moved} since the period before${better === null ? '' : better ? ', better' : ', worse'}`,
  };
}

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** A value as a reader sees it, with its unit; null is "No data". */
export function formatValue(value: number | null, unit: IndicatorUnit): string {
  if (value === null) return 'No data';
  switch (unit) {
    case 'percentage':
      return `${NUMBER.format(value)}%`;
    case 'rate-per-10000':
      return `${NUMBER.format(value)} per 10,000`;
    case 'days':
      return `${NUMBER.format(value)} ${value === 1 ? 'day' : 'days'}`;
    case 'count':
      return NUMBER.format(value);
  }
}

export const UNIT_WORDS: Record<IndicatorUnit, string> = {
  count: 'Count',
  percentage: 'Percentage',
  'rate-per-10000': 'Rate per 10,000',
  days: 'Days',
};

export const POLARITY_WORDS: Record<IndicatorPolarity, string> = {
  'higher-is-better': 'Higher is better',
  'lower-is-better': 'Lower is better',
  neither: 'Neither higher nor lower is better (a measure of demand)',
};

/**
 * A figure in a breakdown (a quadrant, a district, a group), suppressed when it counts fewer than `below` (but more
 * than none): a count, or the numerator of a ratio, is shown as "fewer than 5" so nobody can be recognised.
 */
export function breakdownValue(
  figure: { value: number | null; numerator: number | null; denominator: number | null },
  unit: IndicatorUnit,
  below: number,
): { text: string; suppressed: boolean } {
  const small = (n: number | null) => n !== null && n > 0 && n < below;
  if (unit === 'count' && small(figure.value)) return { text: `Fewer than ${below}`, suppressed: true };
  if (unit !== 'count' && (small(figure.numerator) || small(figure.denominator)))
    return { text: `Fewer than ${below} counted`, suppressed: true };
  return { text: formatValue(figure.value, unit), suppressed: false };
}
