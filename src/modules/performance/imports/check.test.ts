import { describe, expect, it } from 'vitest';
import { areaLookup } from '../areas.ts';
import { checkRows } from './check.ts';

const areas = areaLookup(
  { code: 'essex', name: 'Essex County Council', ons_code: 'E10000012' },
  [{ code: 'west', name: 'West' }],
  [{ code: 'harlow', name: 'Harlow', ons_code: 'E07000073' }],
);
const TODAY = '2025-06-15';
const count = { unit: 'count', frequency: 'annual' } as const;
const percentage = { unit: 'percentage', frequency: 'quarterly' } as const;
const problems = (result: ReturnType<typeof checkRows>) => (result.ok ? [] : result.problems);

describe('checking an imported file', () => {
  it('takes good rows by ONS code or the tenant code, works a percentage out from its parts', () => {
    const result = checkRows(
      percentage,
      [
        ['Period', 'Area code', 'Value', 'Numerator', 'Denominator'],
        ['2024-25 Q1', 'E10000012', '', '45', '60'],
        ['2024-25 Q1', 'harlow', '80', '', ''],
        ['2024-25 Q1', 'WEST', '50', '1', '2'],
        ['', '', '', '', ''],
      ],
      areas,
      TODAY,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((r) => [r.period.label, r.area.kind, r.area.code, r.value])).toEqual([
      ['2024-25 Q1', 'all', '', 75],
      ['2024-25 Q1', 'district', 'harlow', 80],
      ['2024-25 Q1', 'quadrant', 'west', 50],
    ]);
  });

  it('names the row and column of a wrong period, an unknown district, text in a number, a percentage over 100', () => {
    const result = checkRows(
      percentage,
      [
        ['period', 'area_code', 'value'],
        ['2024-26 Q1', 'E10000012', '50'],
        ['2024-25 Q2', 'E07999999', '50'],
        ['2024-25 Q2', 'harlow', 'fifty'],
        ['2024-25 Q3', 'harlow', '120'],
        ['2031-32 Q1', 'harlow', '10'],
      ],
      areas,
      TODAY,
    );
    expect(result.ok).toBe(false);
    expect(problems(result)).toEqual([
      { row: 2, column: 'period', message: expect.stringContaining('is not a quarterly (financial year) period') },
      {
        row: 3,
        column: 'area_code',
        message: expect.stringContaining('is not a district, quadrant or authority code'),
      },
      { row: 4, column: 'value', message: 'The value must be a number, like 42 or 12.5, not “fifty”' },
      { row: 5, column: 'value', message: 'A percentage is from 0 to 100, not 120' },
      { row: 6, column: 'period', message: 'The period 2031-32 Q1 has not started yet' },
    ]);
    if (!result.ok) expect([result.total, result.refused]).toEqual([5, 5]);
  });

  it('refuses duplicate rows, huge numbers, a missing value, half a ratio and a bad header', () => {
    expect(
      problems(
        checkRows(
          count,
          [
            ['period', 'area_code', 'value'],
            ['2023-24', 'harlow', '10'],
            ['2023-24', 'E07000073', '12'],
            ['2023-24', 'essex', '99999999999'],
            ['2022-23', 'essex', ''],
            ['2022-23', 'harlow', '2.5'],
          ],
          areas,
          TODAY,
        ),
      ).map((p) => [p.row, p.column, p.message]),
    ).toEqual([
      [3, '', 'This row repeats row 2: the same period and area'],
      [4, 'value', 'The value is too big: Hearth takes numbers up to 1,000,000,000. Check for a typing slip'],
      [5, 'value', 'Enter the value. Leave out a row with no data: Hearth shows it as no data, not as zero'],
      [6, 'value', 'A count is a whole number, not 2.5'],
    ]);
    expect(
      problems(
        checkRows(
          percentage,
          [
            ['period', 'area_code', 'value', 'numerator', 'denominator'],
            ['2024-25 Q1', 'essex', '', '5', ''],
          ],
          areas,
          TODAY,
        ),
      )[0]?.message,
    ).toBe('Give both the numerator and the denominator, or neither');
    expect(problems(checkRows(count, [['when', 'where', 'value']], areas, TODAY))[0]?.message).toContain(
      'The first row must name the columns: period, area_code, value',
    );
    expect(problems(checkRows(count, [['period', 'area_code', 'value']], areas, TODAY))[0]?.message).toBe(
      'The file has no rows of figures',
    );
  });
});
