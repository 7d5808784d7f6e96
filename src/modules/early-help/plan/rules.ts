import { addDays as addCalendarDays, format, parseISO } from 'date-fns';
import { londonDay, todayInLondon } from '../../../platform/calendar/london.ts';
import type { FamilyRelationship, PlanActionStatus, PlanWhoKind } from '../../../platform/db/schema/index.ts';

/**
 * The Early Help Plan's rules that need no database, kept pure so they are tested directly: dates
 * (actions not due before the plan starts, the review cadence), 0-10 scores, which content version a
 * sign-off counts for, and the distance-travelled chart's geometry.
 */

export const ACTION_STATUSES: readonly PlanActionStatus[] = ['open', 'done', 'dropped'];
export const ACTION_STATUS_NAMES: Record<PlanActionStatus, string> = {
  open: 'To do',
  done: 'Done',
  dropped: 'Dropped',
};
export const WHO_KINDS: readonly PlanWhoKind[] = ['family-member', 'practitioner', 'service'];

const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** Today in Europe/London as 'YYYY-MM-DD': plans, actions and reviews are dated in the family's day, not UTC's. */
export { todayInLondon };
/** The London date of an instant, as 'YYYY-MM-DD'. */
export const londonDateOf = (when: Date) => londonDay(when);
/** 'YYYY-MM-DD' plus whole days. */
export const addDays = (date: string, days: number) => format(addCalendarDays(parseISO(date), days), 'yyyy-MM-dd');
/** "3 March 2026". */
export const formatDate = (date: string) => longDate.format(new Date(`${date}T00:00:00Z`));

/** The next review, `weeks` after the plan starts or after the last review. */
export const nextReviewAfter = (date: string, weeks: number) => addDays(date, weeks * 7);

/** A review is overdue from the day after its date. */
export const isOverdue = (nextReviewDate: string, today: string) => nextReviewDate < today;

/** Why an action's "by when" cannot be accepted, or null. */
export function dueDateProblem(due: string, planStart: string): string | null {
  if (due < planStart)
    return `The date the action is due must be on or after the day the plan started (${formatDate(planStart)})`;
  return null;
}

/**
 * A "where are we now" score as typed: a whole number from 0 to 10. Returns the number, or the
 * message to show beside the field.
 */
export function parseScore(raw: unknown, label: string): number | { error: string } {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) return { error: `Enter a score from 0 to 10 for ${label}` };
  if (!/^\d{1,2}$/.test(text)) return { error: `The score for ${label} must be a whole number from 0 to 10` };
  const score = Number(text);
  return score <= 10 ? score : { error: `The score for ${label} must be a whole number from 0 to 10` };
}

/**
 * A sign-off counts only for the plan the person was shown. The form carries the content version it
 * showed; if goals or actions changed since, the signature would be for words the family never saw.
 */
export function signOffVersionProblem(shown: number, current: number): string | null {
  if (shown === current) return null;
  return 'The plan has changed since it was shown to the family. Nothing has been saved: go through the plan as it is now with them, then ask them to sign it again';
}

/** A name as people type it: Unicode-normalised, lower case, one space between words, no space at either end. */
const comparableName = (name: string) => name.normalize('NFC').toLocaleLowerCase('en-GB').replace(/\s+/g, ' ').trim();

/**
 * The typed sign-off name must be the name of the person chosen (first and last name as Hearth holds
 * them), whatever the case or spacing: a typed name that is someone else's is not their agreement.
 */
export function typedNameProblem(typed: string, member: { first_name: string; last_name: string }): string | null {
  const expected = `${member.first_name} ${member.last_name}`;
  return comparableName(typed) === comparableName(expected)
    ? null
    : `The name they sign with must be ${expected}, the person chosen: check the name, or choose who is signing`;
}

/** Children (and siblings) sign only where the worker judges it appropriate; adults are asked to. */
export const isChildMember = (relationship: FamilyRelationship) =>
  relationship === 'child' || relationship === 'sibling';

export interface SignOffRow {
  family_member_id: string;
  content_version: number;
  typed_name: string;
  signed_on: string;
}

export type SignOffStatus =
  { state: 'signed'; signOff: SignOffRow } | { state: 'earlier'; signOff: SignOffRow } | { state: 'not-signed' };

/** Where one family member stands: signed this version, signed an earlier one, or not yet. */
export function signOffStatus(
  memberId: string,
  signOffs: readonly SignOffRow[],
  contentVersion: number,
): SignOffStatus {
  const theirs = signOffs
    .filter((s) => s.family_member_id === memberId)
    .sort((a, b) => b.content_version - a.content_version);
  const latest = theirs[0];
  if (!latest) return { state: 'not-signed' };
  return latest.content_version === contentVersion
    ? { state: 'signed', signOff: latest }
    : { state: 'earlier', signOff: latest };
}

// ---- Distance travelled ----

export interface ChartGoal {
  id: string;
  label: string;
  startScore: number;
}
export interface ChartReview {
  id: string;
  date: string;
}

const WIDTH = 640;
const HEIGHT = 320;
const MARGIN = { left: 48, right: 64, top: 16, bottom: 48 };
/** Colours from the GOV.UK palette, each with its own dash pattern so no line depends on colour alone. */
const STYLES = [
  { colour: '#1d70b8', dash: '' },
  { colour: '#00703c', dash: '10 5' },
  { colour: '#912b88', dash: '3 4' },
  { colour: '#b58840', dash: '14 4 3 4' },
  { colour: '#505a5f', dash: '6 3' },
];

/**
 * The geometry of the distance-travelled chart: one column for the start and one per review, one
 * line per goal from its starting score through each review's score. Rendered as inline SVG by the
 * template (no script), always beside a table of the same numbers.
 */
export function distanceChart(
  goals: readonly ChartGoal[],
  reviews: readonly ChartReview[],
  scores: readonly { review_id: string; goal_id: string; score: number }[],
) {
  const columns = [{ id: 'start', label: 'Start' }, ...reviews.map((r, i) => ({ id: r.id, label: `Review ${i + 1}` }))];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i: number) =>
    MARGIN.left + (columns.length === 1 ? plotWidth / 2 : (i * plotWidth) / (columns.length - 1));
  const y = (score: number) => MARGIN.top + ((10 - score) * plotHeight) / 10;
  const byKey = new Map(scores.map((s) => [`${s.review_id}:${s.goal_id}`, s.score]));
  const lines = goals.map((goal, g) => {
    const values = columns.map((c, i) => (i === 0 ? goal.startScore : byKey.get(`${c.id}:${goal.id}`)));
    const points = values.flatMap((v, i) => (v === undefined ? [] : [{ x: x(i), y: y(v), score: v }]));
    return {
      ...STYLES[g % STYLES.length]!,
      goalId: goal.id,
      label: goal.label,
      values,
      points,
      path: points.map((p) => `${p.x},${p.y}`).join(' '),
    };
  });
  const description = lines
    .map((l) => {
      const known = l.values.filter((v): v is number => v !== undefined);
      return known.length > 1
        ? `${l.label}: from ${known[0]} to ${known[known.length - 1]} out of 10`
        : `${l.label}: ${known[0]} out of 10 at the start`;
    })
    .join('. ');
  return {
    width: WIDTH,
    height: HEIGHT,
    plot: { left: MARGIN.left, right: WIDTH - MARGIN.right, top: MARGIN.top, bottom: HEIGHT - MARGIN.bottom },
    gridlines: [0, 2, 4, 6, 8, 10].map((score) => ({ score, y: y(score) })),
    columns: columns.map((c, i) => ({ ...c, x: x(i) })),
    lines,
    description: description || 'No goals yet',
  };
}
