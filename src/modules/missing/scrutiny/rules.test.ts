import { describe, expect, it } from 'vitest';
import { parseForm } from '../../../platform/views/forms.ts';
import { withDateInputs } from '../../../platform/views/date-input.ts';
import { closingRefusal, isUnderScrutinyAge } from './rules.ts';
import { actionRows, scrutinySchema } from './schemas.ts';

const returned = new Date('2026-12-01T08:00Z');

describe('who is under the scrutiny age, and when an episode may close', () => {
  it('counts 9 as under 10, not 10, and never an unknown age', () => {
    expect(isUnderScrutinyAge({ age_at_missing: 9 }, 10)).toBe(true);
    expect(isUnderScrutinyAge({ age_at_missing: 10 }, 10)).toBe(false);
    expect(isUnderScrutinyAge({ age_at_missing: null }, 10)).toBe(false);
  });

  it('closes only after the return, and an under-10’s only once scrutinised', () => {
    const episode = { age_at_missing: 7, returned_at: returned, closed_at: null };
    expect(closingRefusal({ ...episode, returned_at: null }, 10, false)).toMatch(/has not returned yet/);
    expect(closingRefusal(episode, 10, false)).toMatch(/only once the Missing Co-ordinator has recorded/);
    expect(closingRefusal(episode, 10, true)).toBeNull();
    expect(closingRefusal({ ...episode, age_at_missing: null }, 10, false)).toBeNull();
    expect(closingRefusal({ ...episode, closed_at: returned }, 10, true)).toBe('This episode is already closed.');
  });
});

describe('the scrutiny form', () => {
  const parse = (body: Record<string, string>) =>
    parseForm(
      scrutinySchema,
      withDateInputs(
        body,
        actionRows.map((n) => `action${n}By`),
      ),
    );

  it('keeps the complete actions in order and skips blank rows', () => {
    const form = parse({
      findings: ' Seen ',
      action2What: 'Visit',
      action2Who: 'Hub',
      'action2By-day': '2',
      'action2By-month': '1',
      'action2By-year': '2030',
      referralNeeded: 'yes',
    });
    expect(form.ok && form.data).toEqual({
      findings: 'Seen',
      actions: [{ what: 'Visit', who: 'Hub', byWhen: '2030-01-02' }],
      referralNeeded: true,
    });
  });

  it('names every problem, in page order, and refuses over-long text', () => {
    const form = parse({
      findings: 'x'.repeat(5001),
      action1What: 'y'.repeat(1001),
      action1Who: 'Hub',
      'action1By-day': '1',
      'action1By-month': '1',
      'action1By-year': '2001',
      referralNeeded: 'no',
    });
    expect(form.ok ? [] : form.errors.list.map((e) => e.text)).toEqual([
      'The findings must be 5,000 characters or fewer',
      'Action 1 must be 1,000 characters or fewer',
      'The date for action 1 must be today or in the future',
    ]);
  });
});
