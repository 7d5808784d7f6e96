import { describe, expect, it } from 'vitest';
import { schoolYearOf, yearGroupName, yearGroupOn } from './school-year.ts';

describe('England’s school year', () => {
  it('starts on 1 September', () => {
    expect(schoolYearOf('2025-08-31')).toBe(2024);
    expect(schoolYearOf('2025-09-01')).toBe(2025);
    expect(schoolYearOf('2026-01-15')).toBe(2025);
  });

  it('puts a child in Reception in the school year starting five years after the one they were born in', () => {
    // Born 1 September 2019 (oldest) and 31 August 2020 (youngest): both Reception in 2024/25.
    expect(yearGroupOn('2019-09-01', '2024-09-02')).toBe(0);
    expect(yearGroupOn('2020-08-31', '2024-09-02')).toBe(0);
    expect(yearGroupOn('2020-09-01', '2024-09-02')).toBe(-1);
    expect(yearGroupOn('2019-08-31', '2024-09-02')).toBe(1);
  });

  it('moves a year group on 1 September, not on the birthday', () => {
    expect(yearGroupOn('2010-12-25', '2026-08-31')).toBe(10);
    expect(yearGroupOn('2010-12-25', '2026-09-01')).toBe(11);
    expect(yearGroupOn('2010-12-25', '2027-09-01')).toBe(12);
  });

  it('names year groups in words', () => {
    expect(yearGroupName(0)).toBe('Reception');
    expect(yearGroupName(7)).toBe('Year 7');
    expect(yearGroupName(12)).toBe('Past Year 11');
    expect(yearGroupName(-1)).toBe('Below Reception');
  });
});
