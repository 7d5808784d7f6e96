import type { z } from 'zod';

export interface ErrorSummaryItem {
  text: string;
  href: string;
}

export interface FormErrors {
  /** For govukErrorSummary: every problem, in form order, linking to its field. */
  list: ErrorSummaryItem[];
  /** For each field's errorMessage: the first problem with that field. */
  fields: Record<string, { text: string }>;
}

export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, unknown> }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/**
 * Validates a form body against its schema. On failure the caller re-renders the page with
 * status 400, the error summary and the values the user typed, so nothing is lost.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  // A browser leaves out empty fields of some kinds: treat a missing field as an empty answer,
  // so the schema's own "Enter …" message is shown rather than a type error.
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const filled = { ...Object.fromEntries(Object.keys(shape).map((key) => [key, ''])), ...values };
  const result = schema.safeParse(filled);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FormErrors = { list: [], fields: {} };
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    if (errors.fields[field]) continue;
    errors.fields[field] = { text: issue.message };
    errors.list.push({ text: issue.message, href: `#${field}` });
  }
  return { ok: false, errors, values };
}

/** Errors the service found after validation (a taken email, a stale version…), shown the same way. */
export function formError(field: string, text: string): FormErrors {
  return { list: [{ text, href: `#${field}` }], fields: { [field]: { text } } };
}
