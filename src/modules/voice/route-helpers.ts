import type { FastifyRequest } from 'fastify';
import { notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/policy.ts';
import type { FormErrors } from '../../platform/views/forms.ts';

export const V = 'voice/views';
/**
 * Who reads the results and the promises: the corporate parenting officer, and the holders of `performance:view`
 * (the Board, the Panel's members and the partnership's analysts, who read every other figure of the framework).
 * Not `plan:view`, which nearly every role holds, directory providers included: the results of children in care are
 * for those who hold the partnership to account for them.
 */
export const READ = { anyOf: ['corporate-parenting:manage', 'performance:view'] } as const;
export const MANAGE = { action: 'corporate-parenting:manage' } as const;
export const STALE =
  'Someone else changed this after you opened it. What they saved is shown; check it, then save yours again.';

export const manages = (request: FastifyRequest) => can(request.user ?? null, 'corporate-parenting:manage').allowed;

/** The error summary in the order the page shows its fields. */
export const sorted = (errors: FormErrors, fields: string[]): FormErrors => ({
  ...errors,
  list: [...errors.list].sort((a, b) => rank(fields, a.href) - rank(fields, b.href)),
});
const rank = (fields: string[], href: string) => {
  const i = fields.indexOf(href.slice(1));
  return i === -1 ? fields.length : i;
};

export const asTyped = (request: FastifyRequest): Record<string, unknown> =>
  request.body && typeof request.body === 'object' ? { ...(request.body as Record<string, unknown>) } : {};

export const found = <T>(value: T | null | undefined): T => {
  if (value === null || value === undefined) throw notFound();
  return value;
};

/** A survey's code in the address: the tenant's codes only, anything else is a 404. */
export const codeParam = (request: FastifyRequest) => {
  const value = (request.params as { code?: string }).code ?? '';
  if (!/^[a-z0-9-]{1,60}$/.test(value)) throw notFound();
  return value;
};
