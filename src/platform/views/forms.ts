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

/** One problem with one field: what a schema, a service or a check across fields found. */
export interface FieldProblem {
  field: string;
  text: string;
}

/**
 * The one mapping from problems to what a GOV.UK page shows: the error summary in the order given, each linking to
 * its field, and each field's first problem as its message. A field's later problems are dropped, as the summary
 * would otherwise say two things about one box.
 */
export function formErrors(problems: Iterable<FieldProblem>): FormErrors {
  const errors: FormErrors = { list: [], fields: {} };
  for (const { field, text } of problems) {
    if (errors.fields[field]) continue;
    errors.fields[field] = { text };
    errors.list.push({ text, href: `#${field}` });
  }
  return errors;
}

/**
 * Errors from several places (the schema's, then checks the route or service made), in order, still one message a
 * field: `combineErrors(form.ok ? null : form.errors, scoreProblems)`. Empty when there were none.
 */
export function combineErrors(...parts: (FormErrors | readonly FieldProblem[] | null | undefined)[]): FormErrors {
  const problems: FieldProblem[] = [];
  for (const part of parts) {
    if (!part) continue;
    if ('list' in part) problems.push(...part.list.map((item) => ({ field: item.href.slice(1), text: item.text })));
    else problems.push(...part);
  }
  return formErrors(problems);
}

export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, unknown> }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

type Unwrappable = { shape?: Record<string, unknown>; _zod?: { def?: Record<string, unknown> } };

/**
 * The fields of the object at the heart of a form schema, through transforms, pipes and wrappers: a schema
 * ending in .transform() has no .shape of its own, and missing fields then reached refinements as undefined
 * (saving a consultation without its date was a 500).
 */
function objectShape(schema: unknown): Record<string, unknown> {
  let current = schema as Unwrappable | undefined;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current.shape) return current.shape;
    const def = current._zod?.def;
    current = (def?.in ?? def?.innerType ?? def?.schema) as Unwrappable | undefined;
  }
  return {};
}

/**
 * Validates a form body against its schema. On failure the caller re-renders the page with
 * status 400, the error summary and the values the user typed, so nothing is lost.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  // A browser leaves out empty fields of some kinds: treat a missing field as an empty answer,
  // so the schema's own "Enter …" message is shown rather than a type error.
  const shape = objectShape(schema);
  const filled = { ...Object.fromEntries(Object.keys(shape).map((key) => [key, ''])), ...values };
  const result = schema.safeParse(filled);
  if (result.success) return { ok: true, data: result.data, values };
  const errors = formErrors(
    result.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || 'form', text: issue.message })),
  );
  return { ok: false, errors, values };
}

/** Errors the service found after validation (a taken email, a stale version…), shown the same way. */
export const formError = (field: string, text: string): FormErrors => formErrors([{ field, text }]);
