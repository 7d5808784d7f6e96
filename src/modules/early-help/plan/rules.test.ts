import { describe, expect, it } from 'vitest';
import {
  addDays,
  distanceChart,
  dueDateProblem,
  formatDate,
  isOverdue,
  nextReviewAfter,
  parseScore,
  signOffStatus,
  signOffVersionProblem,
  todayInLondon,
} from './rules.ts';

describe('dates', () => {
  it('refuses an action due before the plan started, and accepts the start day itself', () => {
    expect(dueDateProblem('2026-03-01', '2026-03-02')).toBe(
      'The date the action is due must be on or after the day the plan started (2 March 2026)',
    );
    expect(dueDateProblem('2026-03-02', '2026-03-02')).toBeNull();
    expect(dueDateProblem('2026-04-30', '2026-03-02')).toBeNull();
  });

  it('sets the next review a cadence of weeks later, across months and years', () => {
    expect(nextReviewAfter('2026-01-05', 6)).toBe('2026-02-16');
    expect(nextReviewAfter('2025-12-01', 6)).toBe('2026-01-12');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('counts a review as overdue only from the day after it was due', () => {
    expect(isOverdue('2026-03-02', '2026-03-02')).toBe(false);
    expect(isOverdue('2026-03-02', '2026-03-03')).toBe(true);
  });

  it('dates in London: just after midnight in summer is already the next day', () => {
    expect(todayInLondon(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayInLondon(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(formatDate('2026-07-01')).toBe('1 July 2026');
  });
});

describe('scores', () => {
  it('takes whole numbers from 0 to 10', () => {
    expect(parseScore('0', 'goal 1')).toBe(0);
    expect(parseScore(' 10 ', 'goal 1')).toBe(10);
    expect(parseScore('7', 'goal 1')).toBe(7);
  });

  it('refuses a score outside 0-10, a fraction, a word or nothing, naming the goal', () => {
    expect(parseScore('11', 'goal 2')).toEqual({ error: 'The score for goal 2 must be a whole number from 0 to 10' });
    expect(parseScore('-1', 'goal 2')).toEqual({ error: 'The score for goal 2 must be a whole number from 0 to 10' });
    expect(parseScore('4.5', 'goal 2')).toEqual({ error: 'The score for goal 2 must be a whole number from 0 to 10' });
    expect(parseScore('six', 'goal 2')).toEqual({ error: 'The score for goal 2 must be a whole number from 0 to 10' });
    expect(parseScore('', 'goal 2')).toEqual({ error: 'Enter a score from 0 to 10 for goal 2' });
    expect(parseScore(undefined, 'goal 2')).toEqual({ error: 'Enter a score from 0 to 10 for goal 2' });
  });
});

describe('sign-off versions', () => {
  it('refuses a sign-off for a plan that changed since it was shown', () => {
    expect(signOffVersionProblem(3, 3)).toBeNull();
    expect(signOffVersionProblem(2, 3)).toMatch(/^The plan has changed since it was shown to the family/);
  });

  it('says who signed this version, an earlier one, or none', () => {
    const signOffs = [
      { family_member_id: 'kerry', content_version: 2, typed_name: 'Kerry Smith', signed_on: '2026-03-02' },
      { family_member_id: 'kerry', content_version: 4, typed_name: 'K Smith', signed_on: '2026-03-09' },
      { family_member_id: 'dean', content_version: 2, typed_name: 'Dean Smith', signed_on: '2026-03-02' },
    ];
    expect(signOffStatus('kerry', signOffs, 4)).toMatchObject({ state: 'signed', signOff: { typed_name: 'K Smith' } });
    expect(signOffStatus('dean', signOffs, 4)).toMatchObject({ state: 'earlier', signOff: { content_version: 2 } });
    expect(signOffStatus('jayden', signOffs, 4)).toEqual({ state: 'not-signed' });
  });
});

describe('the distance-travelled chart', () => {
  it('draws one line per goal from the start score through each review, higher scores higher up', () => {
    const chart = distanceChart(
      [
        { id: 'g1', label: 'Goal 1', startScore: 2 },
        { id: 'g2', label: 'Goal 2', startScore: 5 },
      ],
      [{ id: 'r1', date: '2026-04-13' }],
      [
        { review_id: 'r1', goal_id: 'g1', score: 6 },
        { review_id: 'r1', goal_id: 'g2', score: 5 },
      ],
    );
    expect(chart.columns.map((c) => c.label)).toEqual(['Start', 'Review 1']);
    const [one, two] = chart.lines;
    expect(one!.values).toEqual([2, 6]);
    expect(one!.points[1]!.y).toBeLessThan(one!.points[0]!.y);
    expect(one!.dash).not.toBe(two!.dash);
    expect(chart.description).toBe('Goal 1: from 2 to 6 out of 10. Goal 2: from 5 to 5 out of 10');
  });

  it('with no reviews yet, shows the start scores alone', () => {
    const chart = distanceChart([{ id: 'g1', label: 'Goal 1', startScore: 3 }], [], []);
    expect(chart.lines[0]!.points).toHaveLength(1);
    expect(chart.description).toBe('Goal 1: 3 out of 10 at the start');
  });
});
