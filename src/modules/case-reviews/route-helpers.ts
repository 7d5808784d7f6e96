import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { notFound } from '../../platform/http/errors.ts';
import { withDateInputs } from '../../platform/views/date-input.ts';
import { combineErrors, formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { CaseReviewRefused } from './core.ts';

export const V = 'case-reviews/views';
export const MANAGE = { action: 'review:manage' } as const;
export const TRIAGE = { action: 'review:triage' } as const;
/** The referrals and reviews: the Board manager and the statutory partners' leads. */
export const REVIEWERS = { anyOf: ['review:manage', 'review:triage'] } as const;
/** The learning actions: the above, and the agencies' leads (their own agency's only). */
export const LEARNING = { anyOf: ['review:manage', 'review:triage', 'assurance:respond'] } as const;
export const STALE =
  'Someone else changed this after you opened it. What they saved is shown; check it, then save yours again.';

export type Values = Record<string, unknown>;

/** The form as the user typed it, to draw again. */
export const asTyped = (request: FastifyRequest): Values =>
  request.body && typeof request.body === 'object' ? { ...(request.body as Values) } : {};

export const found = <T>(value: T | null | undefined): T => {
  if (value === null || value === undefined) throw notFound();
  return value;
};

/** The error summary in the order the page shows its fields. */
export const sorted = (errors: FormErrors, fields: readonly string[]): FormErrors => ({
  ...errors,
  list: [...errors.list].sort((a, b) => fields.indexOf(a.href.slice(1)) - fields.indexOf(b.href.slice(1))),
});

export const radios = (items: readonly { code: string; name: string }[], selected: unknown) =>
  items.map((i) => ({ value: i.code, text: i.name, checked: selected === i.code }));
export const checkboxes = (items: readonly { code: string; name: string }[], selected: unknown) => {
  const chosen = Array.isArray(selected) ? selected : selected ? [selected] : [];
  return items.map((i) => ({ value: i.code, text: i.name, checked: chosen.includes(i.code) }));
};
export const options = (items: readonly { code: string; name: string }[], selected: unknown, none: string) => [
  { value: '', text: none },
  ...items.map((i) => ({ value: i.code, text: i.name, selected: selected === i.code })),
];
export const YES_NO = [
  { code: 'yes', name: 'Yes' },
  { code: 'no', name: 'No' },
];

type Draw = (request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) => unknown;

/**
 * One POST of a form: parse (the schema's errors in the page's order), save, and on a refusal or a stale version draw
 * the form again with what was typed. `save` returns null for an unknown record (a 404).
 */
export async function submit<S extends z.ZodType>(
  request: FastifyRequest,
  reply: FastifyReply,
  form: { schema: S; fields: readonly string[]; dates?: readonly string[]; draw: Draw },
  save: (data: z.output<S>) => Promise<unknown>,
  after: { flash: string; to: string | ((saved: unknown) => string) },
) {
  const body = form.dates ? withDateInputs(request.body, form.dates) : request.body;
  const parsed = parseForm(form.schema, body);
  if (!parsed.ok) return form.draw(request, reply, asTyped(request), sorted(parsed.errors, form.fields));
  let saved: unknown;
  try {
    saved = found(await save(parsed.data));
  } catch (error) {
    if (error instanceof CaseReviewRefused)
      return form.draw(request, reply, asTyped(request), combineErrors(formError(error.field, error.message)));
    if (error instanceof StaleVersionError)
      return form.draw(request, reply, asTyped(request), formError(form.fields[0] ?? 'version', STALE));
    throw error;
  }
  request.session.flash = after.flash;
  return reply.redirect(typeof after.to === 'string' ? after.to : after.to(saved), 303);
}
