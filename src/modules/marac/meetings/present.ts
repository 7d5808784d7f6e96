import type { MaracSettings } from '../../reference/index.ts';
import { ACTION_STATUSES } from './schemas.ts';

/** Words the MARAC pages share: the risk basis, agency names, select items, an action's status tag. */
export const V = 'marac/meetings/views';

const BASIS: Record<string, string> = {
  'risk-checklist': 'Risk checklist',
  'professional-judgement': 'Professional judgement',
  escalation: 'Escalation',
};
export const basisText = (basis: readonly string[]) => basis.map((b) => BASIS[b] ?? b).join(', ');

export const agencyName = (agencies: MaracSettings['agencies'], code: string) =>
  agencies.find((a) => a.code === code)?.name ?? code;

export const options = (list: { id: string; name: string }[], chosen: unknown, prompt: string) => [
  { value: '', text: prompt },
  ...list.map((i) => ({ value: i.id, text: i.name, selected: chosen === i.id })),
];

export const actionStatus = (a: { status: keyof typeof ACTION_STATUSES; overdue: boolean }) => ({
  statusText: a.overdue ? 'Overdue' : ACTION_STATUSES[a.status],
  statusClass: a.overdue
    ? 'govuk-tag--red'
    : a.status === 'done'
      ? 'govuk-tag--green'
      : a.status === 'cancelled'
        ? 'govuk-tag--grey'
        : 'govuk-tag--yellow',
});

export const STALE =
  'Someone else changed this while you were looking at it. Nothing has been saved: what you typed is below. Check the page as it is now, then save again.';

/** The form as typed, to draw again after a problem. */
export const typed = (request: { body: unknown }) =>
  (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
