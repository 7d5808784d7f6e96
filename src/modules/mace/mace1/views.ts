import { format, parseISO } from 'date-fns';
import type { FormErrors } from '../../../platform/views/forms.ts';
import { dateInputItems } from '../../../platform/views/date-input.ts';
import { ACTION_STATUSES, KINDS, RISK_LEVELS } from './schemas.ts';

/** Helpers the MACE 1 pages share: select and radio items, days as words, the status tags. */

export const V = 'mace/mace1/views';

export const day = (iso: string | null | undefined) => (iso ? format(parseISO(iso), 'd MMMM yyyy') : '');

export const radios = (words: Record<string, string>, chosen: unknown) =>
  Object.entries(words).map(([value, text]) => ({ value, text, checked: chosen === value }));

export const options = (list: { id: string; name: string }[], chosen: unknown, prompt: string) => [
  { value: '', text: prompt },
  ...list.map((i) => ({ value: i.id, text: i.name, selected: chosen === i.id })),
];

export const dates = (name: string, values: Record<string, unknown>, errors?: FormErrors) =>
  dateInputItems(name, values, Boolean(errors?.fields[`${name}-day`]));

export const kindText = (kind: keyof typeof KINDS) => KINDS[kind];
export const riskText = (level: keyof typeof RISK_LEVELS | null) => (level ? RISK_LEVELS[level] : 'Not set yet');

/** The tag colour of a risk level (GOV.UK tag modifiers). */
export const riskClass = (level: string | null) =>
  level === 'high'
    ? 'govuk-tag--red'
    : level === 'medium'
      ? 'govuk-tag--orange'
      : level === 'low'
        ? 'govuk-tag--green'
        : 'govuk-tag--grey';

export const STALE =
  'Someone else changed this while you were looking at it. Nothing has been saved: what you typed is below. Check the page as it is now, then save again.';

/** The tag colour of a plan action's status; an open action past its due date is overdue (red). */
export const actionStatusClass = (status: string, dueOn: string, today: string) =>
  status === 'done'
    ? 'govuk-tag--green'
    : status === 'cancelled'
      ? 'govuk-tag--grey'
      : dueOn < today
        ? 'govuk-tag--red'
        : status === 'in-progress'
          ? 'govuk-tag--blue'
          : 'govuk-tag--yellow';

/** A plan action as the pages show it. */
export const planAction = <A extends { due_on: string; status: keyof typeof ACTION_STATUSES }>(
  a: A,
  today: string,
) => ({
  ...a,
  due: day(a.due_on),
  statusText:
    ACTION_STATUSES[a.status] +
    (a.due_on < today && (a.status === 'not-started' || a.status === 'in-progress') ? ' (overdue)' : ''),
  statusClass: actionStatusClass(a.status, a.due_on, today),
});

/** The form as typed, to draw again after a problem (date inputs as their three boxes, not gathered). */
export const typed = (request: { body: unknown }) =>
  (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
