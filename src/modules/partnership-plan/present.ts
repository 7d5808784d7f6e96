import type { FastifyRequest } from 'fastify';
import type { PartnershipPlanRag } from '../../platform/db/schema/index.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { FormErrors } from '../../platform/views/forms.ts';
import { DECISIONS, RAG, RAGS } from './schemas.ts';

/** What the partnership plan's pages share: template folder, parameters, and how actions and RAG look. */
export const V = 'partnership-plan/views';
export const VIEW = { action: 'plan:view' } as const;
export const MANAGE = { action: 'plan:manage' } as const;

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A code from the URL (a version, an item, a quadrant): anything else is a 404, never a query. */
export function codeParam(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, string | undefined>)[name];
  if (!value || value.length > 50 || !CODE.test(value)) throw notFound();
  return value;
}
/** The item code of /plan/:version/:item ('2020/send'). */
export const itemParam = (request: FastifyRequest) => `${codeParam(request, 'version')}/${codeParam(request, 'item')}`;
export const itemHref = (code: string) => `/plan/${code}`;

export const ragTag = (rag: PartnershipPlanRag) => ({ text: RAG[rag].text, classes: RAG[rag].tag });

/** The radios of a RAG status, the chosen one ticked. */
export const ragItems = (chosen: unknown) =>
  RAGS.map((value) => ({ value, text: RAG[value].text, checked: chosen === value }));
export const decisionItems = (chosen: unknown) =>
  Object.entries(DECISIONS).map(([value, d]) => ({
    value,
    text: d.text,
    hint: { text: d.hint },
    checked: chosen === value,
  }));

/** An action as a table row shows it: overdue when its due date has passed and it is not complete. */
export function presentAction<
  T extends { id: string; due_on: string; rag: PartnershipPlanRag; item_code: string | null; item_name: string | null },
>(action: T, today: string) {
  return {
    ...action,
    href: `/plan/actions/${action.id}`,
    tag: ragTag(action.rag),
    overdue: action.rag !== 'complete' && action.due_on < today,
    itemHref: action.item_code ? itemHref(action.item_code) : null,
  };
}

/** The form as typed, with each date's three boxes as they were (parseForm's values hold them gathered). */
export const typed = (request: FastifyRequest): Record<string, unknown> =>
  request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};

/** The error summary in the order the page shows its fields. */
export const sorted = (errors: FormErrors, fields: string[]): FormErrors => ({
  ...errors,
  list: [...errors.list].sort((a, b) => fields.indexOf(a.href.slice(1)) - fields.indexOf(b.href.slice(1))),
});
