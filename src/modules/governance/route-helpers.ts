import type { FastifyRequest } from 'fastify';
import { notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/policy.ts';
import type { FormErrors } from '../../platform/views/forms.ts';
import type { GovernanceService } from './service.ts';

export const V = 'governance/views';
export const VIEW = { action: 'governance:view' } as const;
export const MANAGE = { action: 'governance:manage' } as const;
export const STALE =
  'Someone else changed this after you opened it. What they saved is shown; check it, then save yours again.';

/** The board named in the address, or a 404. */
export async function boardFor(governance: GovernanceService, request: FastifyRequest) {
  const { code } = request.params as { code: string };
  const board = await governance.board(code);
  if (!board) throw notFound();
  return board;
}

/** Whether the page shows the board manager's buttons (the policy decides; the write routes check again). */
export const manages = (request: FastifyRequest) => can(request.user ?? null, 'governance:manage').allowed;

/** The error summary in the order the page shows its fields. */
export const sorted = (errors: FormErrors, fields: string[]): FormErrors => ({
  ...errors,
  list: [...errors.list].sort((a, b) => fields.indexOf(a.href.slice(1)) - fields.indexOf(b.href.slice(1))),
});

export const radios = (labels: Record<string, string>, selected: unknown) =>
  Object.entries(labels).map(([value, text]) => ({ value, text, checked: selected === value }));

/** The form as the user typed it, to draw again (a date input's boxes as typed, not as gathered for the schema). */
export const asTyped = (request: FastifyRequest): Record<string, unknown> =>
  request.body && typeof request.body === 'object' ? { ...(request.body as Record<string, unknown>) } : {};

/** 'YYYY-MM-DD' as people write it: 14 April 2022. */
export const dayText = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
