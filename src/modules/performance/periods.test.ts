import { describe, expect, it } from 'vitest';
import { parsePeriod, periodContaining, previousPeriod, recentPeriods } from './periods.ts';

describe('reporting periods', () => {
  it('reads each frequency the way the council writes it', () => {
    expect(parsePeriod('monthly', '2024-04')).toEqual({ label: '2024-04', from: '2024-04-01', to: '2024-05-01' });
    expect(parsePeriod('monthly', '2024-12')?.to).toBe('2025-01-01');
    expect(parsePeriod('quarterly', '2024-25 Q1')).toEqual({
      label: '2024-25 Q1',
      from: '2024-04-01',
      to: '2024-07-01',
    });
    expect(parsePeriod('quarterly', '2024-25 Q4')).toEqual({
      label: '2024-25 Q4',
      from: '2025-01-01',
      to: '2025-04-01',
    });
    expect(parsePeriod('annual', '2020-21')).toEqual({ label: '2020-21', from: '2020-04-01', to: '2021-04-01' });
    expect(parsePeriod('academic-year', '2023/24')).toEqual({ label: '2023/24', from: '2023-09-01', to: '2024-09-01' });
  });

  it('refuses what is not a real period of the frequency', () => {
    for (const [frequency, label] of [
      ['monthly', '2024-13'],
      ['monthly', '2024-00'],
      ['monthly', '2024-25'],
      ['monthly', 'April 2024'],
      ['quarterly', '2024-26 Q1'],
      ['quarterly', '2024-25 Q5'],
      ['annual', '2024-26'],
      ['annual', '2024'],
      ['academic-year', '2023-24'],
      ['monthly', '1899-01'],
    ] as const)
      expect(parsePeriod(frequency, label), `${frequency} ${label}`).toBeNull();
  });

  it('finds the period holding a day, the one before and the last finished ones', () => {
    expect(periodContaining('quarterly', '2025-02-10').label).toBe('2024-25 Q4');
    expect(periodContaining('quarterly', '2025-04-01').label).toBe('2025-26 Q1');
    expect(periodContaining('quarterly', '2024-12-31').label).toBe('2024-25 Q3');
    expect(periodContaining('annual', '2025-03-31').label).toBe('2024-25');
    expect(periodContaining('academic-year', '2024-08-31').label).toBe('2023/24');
    expect(previousPeriod('monthly', parsePeriod('monthly', '2024-01')!).label).toBe('2023-12');
    expect(recentPeriods('monthly', '2024-03-15', 3).map((p) => p.label)).toEqual(['2023-12', '2024-01', '2024-02']);
  });
});
