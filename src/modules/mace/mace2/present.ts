import type { Mace2ActionStatus, Mace2Category } from '../../../platform/db/schema/index.ts';
import { ACTION_STATUSES, CATEGORIES, OPEN_ACTION_STATUSES } from './schemas.ts';

interface ActionRow {
  id: string;
  category: Mace2Category;
  what: string;
  organisation_name: string;
  owner_name: string;
  due_on: string;
  status: Mace2ActionStatus;
  place_id: string | null;
  place_name: string | null;
  person_id: string | null;
  person_name: string | null;
}

const STATUS_TAGS: Record<Mace2ActionStatus, string> = {
  open: 'govuk-tag--blue',
  'in-progress': 'govuk-tag--yellow',
  done: 'govuk-tag--green',
  cancelled: 'govuk-tag--grey',
};

/** An action as a table row shows it: its words, its status tag, and overdue when still open after its due day. */
export function presentAction<T extends ActionRow>(action: T, today: string) {
  const open = OPEN_ACTION_STATUSES.includes(action.status);
  return {
    ...action,
    categoryText: CATEGORIES[action.category].text,
    statusText: ACTION_STATUSES[action.status],
    statusTag: STATUS_TAGS[action.status],
    overdue: open && action.due_on < today,
    link: action.place_id
      ? { href: `/mace/mace2/places/${action.place_id}`, text: action.place_name }
      : action.person_id
        ? { href: `/mace/mace2/persons/${action.person_id}`, text: action.person_name }
        : null,
  };
}

/** Actions by category (detect, disrupt, prevent), then due date. */
export const ordered = <T extends ActionRow>(actions: T[]) => {
  const order = Object.keys(CATEGORIES);
  return [...actions].sort(
    (a, b) => order.indexOf(a.category) - order.indexOf(b.category) || a.due_on.localeCompare(b.due_on),
  );
};
