import type { FastifyRequest } from 'fastify';
import { notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/policy.ts';
import { combineErrors, formError, type FormErrors } from '../../platform/views/forms.ts';
import { AuditRefused } from './core.ts';

export const V = 'assurance-audits/views';
/** Pages for everyone taking part: the Board's manager who runs the audits, and the agencies that answer. */
export const TAKING_PART = { anyOf: ['assurance:manage', 'assurance:respond'] } as const;
export const MANAGE = { action: 'assurance:manage' } as const;
export const RESPOND = { action: 'assurance:respond' } as const;

export const manages = (request: FastifyRequest) => can(request.user ?? null, 'assurance:manage').allowed;

/** The form as the user typed it, to draw again. */
export const asTyped = (request: FastifyRequest): Record<string, unknown> =>
  request.body && typeof request.body === 'object' ? { ...(request.body as Record<string, unknown>) } : {};

export const found = <T>(value: T | null | undefined): T => {
  if (value === null || value === undefined) throw notFound();
  return value;
};

/** A refusal the service explains, shown on its field; anything else goes on to the error handler. */
export const refused = (error: unknown): FormErrors => {
  if (error instanceof AuditRefused) return combineErrors(formError(error.field, error.message));
  throw error;
};

export const radios = (items: Readonly<Record<string, string>>, selected: unknown) =>
  Object.entries(items).map(([value, text]) => ({ value, text, checked: selected === value }));

export const dayText = (iso: string | null | undefined) =>
  iso
    ? new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      })
    : '';
export const instantDay = (d: Date | null | undefined) =>
  d ? d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }) : '';
