import { withDateInputs } from '../../platform/views/date-input.ts';
import { describe, expect, it } from 'vitest';
import { closureProblems, familyNameFor, levelChangeRoute, relationshipFromRequest, requestRoleOf } from './rules.ts';
import { levelSchema, startSchema } from './schemas.ts';

describe('level changes', () => {
  it('records moves within early help and sends moves out of it through the front door', () => {
    expect(levelChangeRoute(3, 3)).toEqual({ kind: 'same' });
    expect(levelChangeRoute(3, 2)).toEqual({ kind: 'direct', direction: 'step-down' });
    expect(levelChangeRoute(2, 3)).toEqual({ kind: 'direct', direction: 'step-up' });
    expect(levelChangeRoute(3, 4)).toEqual({ kind: 'front-door', direction: 'step-up' });
    expect(levelChangeRoute(2, 4)).toEqual({ kind: 'front-door', direction: 'step-up' });
    expect(levelChangeRoute(2, 1)).toEqual({ kind: 'front-door', direction: 'step-down' });
  });
});

describe('closing', () => {
  it('asks for an outcome for every need, by its number, and refuses made-up outcomes', () => {
    expect(closureProblems([], {})).toEqual([]);
    expect(closureProblems(['a', 'b', 'c'], { a: 'achieved', b: 'maybe' })).toEqual([
      { field: 'outcome-b', text: 'Select an outcome for need 2 from the list' },
      { field: 'outcome-c', text: 'Select an outcome for need 3' },
    ]);
    expect(closureProblems(['a'], { a: 'not', z: 'achieved' })).toEqual([]);
  });
});

describe('relationships and names', () => {
  it('maps request roles to family relationships and back', () => {
    expect(relationshipFromRequest('child')).toBe('child');
    expect(relationshipFromRequest('parent-carer')).toBe('parent');
    expect(relationshipFromRequest('other')).toBe('other');
    expect(requestRoleOf('sibling')).toBe('child');
    expect(requestRoleOf('carer')).toBe('parent-carer');
    expect(requestRoleOf('grandparent')).toBe('other');
    expect(familyNameFor('Smith')).toBe('The Smith family');
    expect(familyNameFor('  ')).toBe('The family');
  });
});

describe('form schemas', () => {
  const start = {
    familyName: 'The Lee family',
    districtCode: 'harlow',
    address: '',
    firstName: 'Kai',
    lastName: 'Lee',
    postcode: '',
    relationship: 'child',
    step: 'find',
    choice: '',
  };
  const dob = (day: string, month: string, year: string) =>
    withDateInputs({ ...start, 'dateOfBirth-day': day, 'dateOfBirth-month': month, 'dateOfBirth-year': year }, [
      'dateOfBirth',
    ]);

  it('reads a date of birth from the three date fields', () => {
    expect(startSchema.parse(dob('4', '11', '2016'))['dateOfBirth-day']).toBe('2016-11-04');
    const message = (d: string, m: string, y: string) => startSchema.safeParse(dob(d, m, y)).error?.issues[0]?.message;
    expect(message('', '', '')).toBe('Enter their date of birth');
    expect(message('30', '2', '2016')).toBe('Date of birth must be a real date, like 27 3 2015');
    expect(message('1', '1', '16')).toBe('Date of birth must be a real date, like 27 3 2015');
    expect(message('1', '', '2016')).toBe('Date of birth must include a month');
    expect(message('1', '1', '2999')).toBe('Date of birth must be today or in the past');
    expect(message('1', '1', '1890')).toBe('Date of birth must be within the last 120 years: check the year');
  });

  it('refuses a level outside the Windscreen', () => {
    expect(levelSchema.safeParse({ version: '1', level: '5', reason: 'x' }).error?.issues[0]?.message).toBe(
      'Select the new level of need',
    );
    expect(levelSchema.parse({ version: '2', level: '4', reason: ' Harm ' })).toEqual({
      version: 2,
      level: 4,
      reason: 'Harm',
    });
  });
});
