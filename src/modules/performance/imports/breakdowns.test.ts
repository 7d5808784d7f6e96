import { describe, expect, it } from 'vitest';
import { areaLookup } from '../areas.ts';
import { checkRows, templateColumns } from './check.ts';
import { templateGroups } from './groups.ts';

/** Imported figures broken down by age band, gender, ethnicity and SEND (issue 14). */

const areas = areaLookup(
  { code: 'essex', name: 'Essex County Council', ons_code: 'E10000012' },
  [{ code: 'west', name: 'West' }],
  [{ code: 'harlow', name: 'Harlow', ons_code: 'E07000073' }],
);
const TODAY = '2025-06-15';
const byGroups = {
  unit: 'percentage',
  frequency: 'quarterly',
  breakdowns: ['quadrant', 'district', 'age-band', 'gender', 'ethnicity', 'send'],
} as const;
const HEADER = ['period', 'area_code', 'breakdown', 'group', 'value'];
const problems = (result: ReturnType<typeof checkRows>) =>
  result.ok ? [] : result.problems.map((p) => [p.row, p.column, p.message]);

describe('an imported file with breakdowns', () => {
  it('has breakdown and group columns only when the definition lists breakdowns with groups', () => {
    expect(templateColumns('count', ['quadrant', 'district'])).toEqual(['period', 'area_code', 'value']);
    expect(templateColumns('percentage', byGroups.breakdowns)).toEqual([
      'period',
      'area_code',
      'breakdown',
      'group',
      'value',
      'numerator',
      'denominator',
    ]);
    expect(templateGroups(['quadrant', 'send'])).toEqual([
      ['send', 'none'],
      ['send', 'sen-support'],
      ['send', 'ehc-plan'],
      ['send', 'unknown'],
    ]);
  });

  it('takes the whole figure and its groups, by code or by the group’s words, in any case', () => {
    const result = checkRows(
      byGroups,
      [
        HEADER,
        ['2024-25 Q1', 'essex', '', '', '50'],
        ['2024-25 Q1', 'essex', 'age-band', '0-4', '40'],
        ['2024-25 Q1', 'essex', 'Age-Band', 'under 5', '40'],
        ['2024-25 Q1', 'harlow', 'gender', 'Female', '60'],
        ['2024-25 Q1', 'essex', 'ethnicity', 'white-irish', '20'],
        ['2024-25 Q1', 'essex', 'send', 'unknown', '10'],
      ],
      areas,
      TODAY,
    );
    // "under 5" is the words of '0-4': the same group twice.
    expect(problems(result)).toEqual([[4, '', 'This row repeats row 3: the same period and area and group']]);
    const good = checkRows(
      byGroups,
      [
        HEADER,
        ['2024-25 Q1', 'essex', '', '', '50'],
        ['2024-25 Q1', 'essex', 'age-band', '0-4', '40'],
        ['2024-25 Q1', 'harlow', 'gender', 'Female', '60'],
        ['2024-25 Q1', 'essex', 'ethnicity', 'white-irish', '20'],
        ['2024-25 Q1', 'essex', 'send', 'unknown', '10'],
      ],
      areas,
      TODAY,
    );
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    expect(good.rows.map((r) => [r.area.code, r.breakdown, r.group?.key ?? '', r.group?.label ?? '', r.value])).toEqual(
      [
        ['', '', '', '', 50],
        ['', 'age-band', '0-4', 'Under 5', 40],
        ['harlow', 'gender', 'female', 'Female', 60],
        ['', 'ethnicity', 'white-irish', 'White: Irish', 20],
        ['', 'send', 'unknown', 'Not known', 10],
      ],
    );
  });

  it('refuses the whole file for an unknown breakdown or group, half a pair, text in a number, over 100', () => {
    const result = checkRows(
      byGroups,
      [
        HEADER,
        ['2024-25 Q1', 'essex', 'postcode', 'CM1', '10'],
        ['2024-25 Q1', 'essex', 'age-band', '3-7', '10'],
        ['2024-25 Q1', 'essex', 'gender', '', '10'],
        ['2024-25 Q1', 'essex', '', 'female', '10'],
        ['2024-25 Q1', 'essex', 'ethnicity', 'white-irish', 'ten'],
        ['2024-25 Q1', 'essex', 'send', 'ehc-plan', '101'],
        ['2024-25 Q1', 'essex', 'send', 'none', '5'],
        ['2024-25 Q1', 'essex', 'send', 'None', '6'],
      ],
      areas,
      TODAY,
    );
    expect(problems(result)).toEqual([
      [2, 'breakdown', expect.stringContaining('“postcode” is not a breakdown of this indicator: use one of age-band')],
      [3, 'group', expect.stringContaining('“3-7” is not a group of by age band: use one of 0-4, 5-9')],
      [4, 'group', 'Enter the group of the gender breakdown'],
      [5, 'breakdown', 'Enter the breakdown the group belongs to, or leave the group empty'],
      [6, 'value', 'The value must be a number, like 42 or 12.5, not “ten”'],
      [7, 'value', 'A percentage is from 0 to 100, not 101'],
      [9, '', 'This row repeats row 8: the same period and area and group'],
    ]);
    if (!result.ok) expect([result.total, result.refused]).toEqual([8, 7]);
    // An indicator without breakdowns says so.
    expect(
      problems(
        checkRows(
          { unit: 'count', frequency: 'annual', breakdowns: [] },
          [HEADER, ['2023-24', 'essex', 'gender', 'male', '3']],
          areas,
          TODAY,
        ),
      ),
    ).toEqual([[2, 'breakdown', 'This indicator has no breakdowns: leave the breakdown and group empty']]);
  });
});
