import type { FastifyRequest } from 'fastify';
import { notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/policy.ts';
import type { FormErrors } from '../../platform/views/forms.ts';

export const V = 'training/views';
/** Pages everyone taking part sees: the practitioners who book, and the manager who runs the offer. */
export const TAKING_PART = { anyOf: ['training:book', 'training:manage'] } as const;
export const BOOK = { action: 'training:book' } as const;
export const MANAGE = { action: 'training:manage' } as const;
export const STALE =
  'Someone else changed this after you opened it. What they saved is shown; check it, then save yours again.';

/** Whether the page shows the manager's buttons (the policy decides; the write routes check again). */
export const manages = (request: FastifyRequest) => can(request.user ?? null, 'training:manage').allowed;
export const books = (request: FastifyRequest) => can(request.user ?? null, 'training:book').allowed;

/** The error summary in the order the page shows its fields. */
export const sorted = (errors: FormErrors, fields: string[]): FormErrors => ({
  ...errors,
  list: [...errors.list].sort((a, b) => fields.indexOf(a.href.slice(1)) - fields.indexOf(b.href.slice(1))),
});

export const radios = (items: readonly { code: string; name: string }[], selected: unknown) =>
  items.map((i) => ({ value: i.code, text: i.name, checked: selected === i.code }));
export const options = (items: readonly { code: string; name: string }[], selected: unknown, none: string) => [
  { value: '', text: none },
  ...items.map((i) => ({ value: i.code, text: i.name, selected: selected === i.code })),
];

/** The form as the user typed it, to draw again. */
export const asTyped = (request: FastifyRequest): Record<string, unknown> =>
  request.body && typeof request.body === 'object' ? { ...(request.body as Record<string, unknown>) } : {};

export const found = <T>(value: T | null | undefined): T => {
  if (value === null || value === undefined) throw notFound();
  return value;
};
