import { describe, expect, it } from 'vitest';
import { lineChart } from './chart.ts';
import { breakdownValue, formatValue, rag, trend } from './present.ts';

describe('the chart', () => {
  it('draws one point as one dot, with a title and a description', () => {
    const svg = lineChart({
      id: 'c',
      title: 'Requests <all>',
      unit: 'count',
      points: [{ label: '2024-25', value: 12 }],
      target: null,
    })!;
    expect(svg).toContain('<title id="c-title">Requests &lt;all&gt;</title>');
    expect(svg).toContain('1 of 1 periods have data');
    expect(svg.match(/<circle/g)).toHaveLength(1);
    expect(svg).not.toContain('<polyline');
  });

  it('leaves a gap for no data, draws huge numbers with short labels, and draws nothing with no data at all', () => {
    const svg = lineChart({
      id: 'c',
      title: 't',
      unit: 'count',
      points: [
        { label: 'a', value: 900_000_000 },
        { label: 'b', value: null },
        { label: 'c', value: 1_000_000_000 },
        { label: 'd', value: 950_000_000 },
      ],
      target: 800_000_000,
    })!;
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg).toContain('1bn');
    expect(svg).not.toContain('NaN');
    expect(
      lineChart({ id: 'c', title: 't', unit: 'count', points: [{ label: 'a', value: null }], target: null }),
    ).toBeNull();
  });
});

describe('how a figure reads', () => {
  it('is RAG against target and tolerance with polarity, and no RAG without a target or a value', () => {
    expect(rag(96, 95, 5, 'higher-is-better')).toBe('green');
    expect(rag(91, 95, 5, 'higher-is-better')).toBe('amber');
    expect(rag(80, 95, 5, 'higher-is-better')).toBe('red');
    expect(rag(12, 10, 3, 'lower-is-better')).toBe('amber');
    expect(rag(14, 10, 3, 'lower-is-better')).toBe('red');
    expect(rag(14, null, 3, 'lower-is-better')).toBeNull();
    expect(rag(null, 10, 3, 'lower-is-better')).toBeNull();
  });
  it('says no data, never zero, and suppresses small counts', () => {
    expect(formatValue(null, 'percentage')).toBe('No data');
    expect(formatValue(0, 'count')).toBe('0');
    expect(formatValue(1_234_567, 'count')).toBe('1,234,567');
    expect(breakdownValue({ value: 3, numerator: null, denominator: null }, 'count', 5)).toEqual({
      text: 'Fewer than 5',
      suppressed: true,
    });
    expect(breakdownValue({ value: 75, numerator: 3, denominator: 4 }, 'percentage', 5).text).toBe(
      'Fewer than 5 counted',
    );
    expect(breakdownValue({ value: 12, numerator: null, denominator: null }, 'count', 5).text).toBe('12');
    expect(trend(10, 8, 'lower-is-better')?.words).toBe('Up since the period before, worse');
    expect(trend(10, null, 'lower-is-better')).toBeNull();
  });
});
