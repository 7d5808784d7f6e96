import { describe, expect, it } from 'vitest';
import { familySolutionsSettingsSchema } from '../../reference/index.ts';
import {
  addMonthsToDay,
  capacityProblems,
  claimCheck,
  isAdultOn,
  londonDay,
  supervisionDue,
  timeLimitStatus,
  type ClaimInput,
} from './rules.ts';

const ESSEX = { workerCapacity: 12, teamCapacity: 90, warningMonths: [9, 11], limitMonths: 12, sustainmentMonths: 6 };

describe('time limits', () => {
  it('puts the warnings at 9 and 11 months and the limit at 12, from the day the family started', () => {
    const status = timeLimitStatus('2025-01-15', '2025-10-14', ESSEX);
    expect(status.warnings).toEqual([
      { months: 9, dueOn: '2025-10-15' },
      { months: 11, dueOn: '2025-12-15' },
    ]);
    expect(status.limitOn).toBe('2026-01-15');
    expect(status.reached).toEqual([]);
    expect(timeLimitStatus('2025-01-15', '2025-10-15', ESSEX).reached.map((w) => w.months)).toEqual([9]);
    expect(timeLimitStatus('2025-01-15', '2025-12-15', ESSEX).reached.map((w) => w.months)).toEqual([9, 11]);
    expect(timeLimitStatus('2025-01-15', '2026-01-14', ESSEX).overLimit).toBe(false);
    expect(timeLimitStatus('2025-01-15', '2026-01-15', ESSEX).overLimit).toBe(true);
  });

  it('clamps to the end of a shorter month, and counts a start just after midnight in London as that day', () => {
    expect(addMonthsToDay('2025-05-31', 9)).toBe('2026-02-28');
    expect(addMonthsToDay('2023-05-31', 9)).toBe('2024-02-29');
    expect(londonDay(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
    expect(londonDay(new Date('2025-12-31T23:30:00Z'))).toBe('2025-12-31');
  });
});

describe('capacity', () => {
  it('asks for a reason when the worker or the team is at capacity', () => {
    expect(capacityProblems({ workerName: 'Jo Carter', worker: 11, teamName: 'Harlow', team: 10 }, ESSEX)).toEqual([]);
    expect(capacityProblems({ workerName: 'Jo Carter', worker: 12, teamName: 'Harlow', team: 90 }, ESSEX)).toEqual([
      'Jo Carter already has 12 families (capacity 12)',
      'Harlow already has 90 families (capacity 90)',
    ]);
    expect(
      capacityProblems({ workerName: 'Jo', worker: 1, teamName: 'Harlow', team: 500 }, { workerCapacity: 1 }),
    ).toEqual(['Jo already has 1 family (capacity 1)']);
  });
});

describe('who may make the family agreement', () => {
  it('is an adult on the day it is agreed, or an adult relationship when the date of birth is not known', () => {
    expect(isAdultOn({ date_of_birth: '2008-03-01', relationship: 'child' }, '2026-02-28')).toBe(false);
    expect(isAdultOn({ date_of_birth: '2008-03-01', relationship: 'child' }, '2026-03-01')).toBe(true);
    expect(isAdultOn({ date_of_birth: null, relationship: 'parent' }, '2026-03-01')).toBe(true);
    expect(isAdultOn({ date_of_birth: null, relationship: 'sibling' }, '2026-03-01')).toBe(false);
  });

  it('counts supervision as due when none is recorded or its date has come', () => {
    expect(supervisionDue(null, '2026-03-01')).toBe(true);
    expect(supervisionDue('2026-03-01', '2026-03-01')).toBe(true);
    expect(supervisionDue('2026-03-02', '2026-03-01')).toBe(false);
  });
});

describe('the Supporting Families claim rules', () => {
  const meets: ClaimInput = {
    outcomeAreas: ['education', 'housing', 'health', 'housing'],
    assessment: 'completed',
    leadPractitioner: 'Jo Carter',
    plan: 'recorded',
    needOutcomes: ['achieved', 'achieved', 'achieved', 'achieved'],
    sustainment: { dueOn: '2026-09-01', sustained: true },
  };
  const status = (input: ClaimInput) => Object.fromEntries(claimCheck(input).criteria.map((c) => [c.code, c.status]));

  it('meets them with three outcome areas, assessment, lead, plan, outcomes achieved and sustained', () => {
    expect(claimCheck(meets).result).toBe('meets');
  });

  it('does not meet them with two outcome areas, a need not achieved, or progress not sustained', () => {
    expect(claimCheck({ ...meets, outcomeAreas: ['education', 'housing', 'housing'] })).toMatchObject({
      result: 'does-not-meet',
    });
    expect(status({ ...meets, outcomeAreas: ['education', 'housing'] })['outcome-areas']).toBe('not-met');
    expect(status({ ...meets, needOutcomes: ['achieved', 'partly'] })['outcomes-achieved']).toBe('not-met');
    expect(status({ ...meets, needOutcomes: [] })['outcomes-achieved']).toBe('not-met');
    expect(claimCheck({ ...meets, sustainment: { dueOn: '2026-09-01', sustained: false } }).result).toBe(
      'does-not-meet',
    );
    expect(claimCheck({ ...meets, leadPractitioner: null }).result).toBe('does-not-meet');
    expect(claimCheck({ ...meets, assessment: 'not-completed' }).result).toBe('does-not-meet');
  });

  it('is not yet known while the sustainment check waits or a part of early help is not recorded in Hearth', () => {
    expect(claimCheck({ ...meets, sustainment: null })).toMatchObject({ result: 'not-yet-known' });
    expect(status({ ...meets, sustainment: { dueOn: '2026-09-01', sustained: null } }).sustained).toBe('waiting');
    expect(claimCheck({ ...meets, assessment: 'not-recorded', plan: 'not-recorded' }).result).toBe('not-yet-known');
    expect(
      claimCheck({ ...meets, assessment: 'not-recorded' }).criteria.find((c) => c.code === 'assessment')!.detail,
    ).toBe('Not yet recorded in Hearth');
  });
});

describe('the tenant setting', () => {
  it('defaults the time limits and refuses a warning at or after the limit', () => {
    expect(familySolutionsSettingsSchema.parse({ workerCapacity: 10 })).toEqual({
      workerCapacity: 10,
      warningMonths: [9, 11],
      limitMonths: 12,
      sustainmentMonths: 6,
    });
    const bad = familySolutionsSettingsSchema.safeParse({ workerCapacity: 10, warningMonths: [9, 12] });
    expect(bad.success ? [] : bad.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['warningMonths', 'every warning month must come before limitMonths'],
    ]);
    expect(familySolutionsSettingsSchema.safeParse({ workerCapacity: 0 }).success).toBe(false);
  });
});
