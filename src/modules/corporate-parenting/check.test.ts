import { describe, expect, it } from 'vitest';
import { demoRegister } from '../../demo/seed-corporate-parenting.ts';
import { checkRegister, readDay } from './check.ts';
import { COLUMNS, registerRows, templateRows } from './register-file.ts';

/** The register file's checks (issue 16): what the demo and the template send passes; each mistake is named. */
const TODAY = '2026-12-07';
const at = (name: (typeof COLUMNS)[number]) => COLUMNS.indexOf(name);

describe('checkRegister', () => {
  it('takes the template and the demo registers as they are', () => {
    expect(checkRegister(templateRows(), TODAY).ok).toBe(true);
    for (const seed of [1, 16, 99]) {
      const register = demoRegister({ children: 400, seed, today: TODAY });
      const checked = checkRegister(registerRows(register), TODAY);
      expect(checked.ok ? [] : checked.problems.slice(0, 3), `seed ${seed}`).toEqual([]);
    }
  });

  it('reads a day written either way, and nothing else', () => {
    expect(readDay('2024-03-31')).toBe('2024-03-31');
    expect(readDay('31/03/2024')).toBe('2024-03-31');
    expect(readDay('1/4/2024')).toBe('2024-04-01');
    expect(readDay('31/02/2024')).toBeNull();
    expect(readDay('yesterday')).toBeNull();
  });

  it('refuses a header without the columns, unknown columns, and an empty file', () => {
    expect(checkRegister([['name']], TODAY)).toMatchObject({ ok: false, problems: [{ row: 1 }] });
    expect(checkRegister([[...COLUMNS, 'shoe_size']], TODAY)).toMatchObject({
      ok: false,
      problems: [{ row: 1, column: 'shoe_size' }],
    });
    expect(checkRegister([[...COLUMNS]], TODAY)).toMatchObject({
      ok: false,
      problems: [{ message: 'The file has no rows' }],
    });
  });

  it('names every wrong field of a row: a date after today, an SDQ out of range, a yes-or-no, a code', () => {
    const rows = templateRows();
    const child = rows[1]!;
    child[at('date_of_birth')] = '2030-01-01';
    child[at('sdq_score')] = '41';
    child[at('separated_migrant_child')] = 'maybe';
    child[at('gender')] = 'robot';
    const checked = checkRegister(rows, TODAY);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.filter((p) => p.row === 2).map((p) => p.column)).toEqual(
      expect.arrayContaining(['date_of_birth', 'sdq_score', 'separated_migrant_child', 'gender']),
    );
  });

  it('refuses two periods in care at once and a placement before the child was born', () => {
    const rows = templateRows();
    rows.push([...rows[2]!]);
    rows[3]![at('start_date')] = '2010-01-01';
    const checked = checkRegister(rows, TODAY);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const messages = checked.problems.map((p) => p.message).join('\n');
    expect(messages).toContain('in two periods in care at once');
    expect(messages).toContain('starts before the child’s date of birth');
  });
});

describe('the statuses, NHS number and carer’s ethnicity', () => {
  it('keeps a child’s statuses as at the row’s as_at, or today when it is empty', () => {
    const rows = templateRows();
    const dated = [...rows[1]!];
    dated[at('social_care_id')] = 'EX-000124';
    dated[at('as_at')] = '31/03/2025';
    dated[at('life_story')] = 'complete';
    rows.push(dated);
    const checked = checkRegister(rows, TODAY);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.register.statuses.map((s) => [s.socialCareId, s.asAt, s.lifeStory])).toEqual([
      ['EX-000123', TODAY, 'in-progress'],
      ['EX-000124', '2025-03-31', 'complete'],
    ]);
  });

  it('keeps an NHS number without its spaces and a carer’s ethnicity in lower case', () => {
    const rows = templateRows();
    rows[1]![at('nhs_number')] = ' 943 476 5919 ';
    const foster = rows.findLastIndex((r) => r[0] === 'placement');
    rows[foster]![at('carer_ethnicity')] = 'Black-African';
    const checked = checkRegister(rows, TODAY);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.register.children[0]!.nhsNumber).toBe('9434765919');
    expect(checked.register.placements.at(-1)!.carerEthnicity).toBe('black-african');
  });
});
