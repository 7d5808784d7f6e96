import { breakdownValue } from '../performance/index.ts';
import { nameOf, type VoiceSettings } from './settings.ts';

type Counts = {
  answers: { question_id: string; age_group: string; answered: number; positive: number }[];
  responses: { age_group: string; n: number }[];
};

/**
 * A round's results for the page: each question's share of positive answers overall and by age group, and responses
 * by age group. Small numbers are suppressed exactly as the performance framework suppresses a breakdown's figures
 * (its `breakdownValue`, its threshold): a count, or either part of a percentage, below the threshold (but above
 * none) is shown as "fewer than 5", so no young person can be recognised.
 */
export function roundResults(
  settings: VoiceSettings,
  questions: readonly { id: string; code: string; text: string; theme: string }[],
  counts: Counts,
  below: number,
) {
  const pct = (positive: number, answered: number) =>
    breakdownValue(
      { value: answered ? (100 * positive) / answered : null, numerator: positive, denominator: answered },
      'percentage',
      below,
    );
  const groups = settings.ageGroups.filter((g) => counts.responses.some((r) => r.age_group === g.code));
  const rows = questions.map((q) => {
    const mine = counts.answers.filter((a) => a.question_id === q.id);
    const answered = mine.reduce((n, a) => n + a.answered, 0);
    const positive = mine.reduce((n, a) => n + a.positive, 0);
    return {
      code: q.code,
      text: q.text,
      theme: nameOf(settings.themes, q.theme),
      answered: breakdownValue({ value: answered, numerator: null, denominator: null }, 'count', below).text,
      positive: answered ? pct(positive, answered).text : 'No answers',
      byGroup: groups.map((g) => {
        const cell = mine.find((a) => a.age_group === g.code);
        return cell ? pct(cell.positive, cell.answered).text : 'No answers';
      }),
    };
  });
  const total = counts.responses.reduce((n, r) => n + r.n, 0);
  return {
    total,
    below,
    groups: groups.map((g) => ({
      name: g.name,
      responses: breakdownValue(
        { value: counts.responses.find((r) => r.age_group === g.code)?.n ?? 0, numerator: null, denominator: null },
        'count',
        below,
      ).text,
    })),
    rows,
  };
}
