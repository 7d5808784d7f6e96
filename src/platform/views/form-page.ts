import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormErrors, FormResult } from './forms.ts';

type Values = Record<string, unknown>;
type Reply = FastifyReply | Promise<FastifyReply>;

/**
 * One form about one record, as most of Hearth's change pages are (decision 012): open the record the route's
 * declared access found, say so when it can no longer take the change, draw the form, check what was sent
 * against the form's one schema, save it and go on; a problem the user can fix (a rule, someone else's change
 * meanwhile) draws the form again with every problem in the error summary and everything that was typed.
 *
 * Written once here so each page says only what is its own: which record, which schema, which template, which
 * service call. Before, each of these pages wrote the same get and post preambles by hand.
 */
export interface FormPage<Found, Data> {
  /** The record the form is about, as the route's declared access decided it. Null when a reply was already sent. */
  open(request: FastifyRequest, reply: FastifyReply): Promise<Found | null>;
  /** When the record can no longer take this change (a meeting already held, say): reply instead of the form. */
  closed?(request: FastifyRequest, reply: FastifyReply, found: Found): Reply | null;
  /** The values a new form starts with (the record's current version, say). */
  initial?(found: Found, request: FastifyRequest): Values;
  /** The form's one schema: parseForm(schema, body), after any reshaping of the body (date inputs). */
  parse(body: unknown): FormResult<Data>;
  /** Draws the form: status 400 when there are errors. */
  render(reply: FastifyReply, found: Found, values: Values, errors?: FormErrors): Reply;
  /** Saves the change and says where to go next (a 303 redirect, Post/Redirect/Get). */
  save(request: FastifyRequest, found: Found, data: Data): Promise<string>;
  /** A service error as errors the user can fix, or null for one they cannot (it goes to the one error handler). */
  problemOf(error: unknown): FormErrors | null;
  /**
   * After a problem: the record as it is now and the values to show again (the typed values with the current
   * version, after someone else's change). By default the same record and the typed values.
   */
  afterProblem?(
    request: FastifyRequest,
    reply: FastifyReply,
    found: Found,
    values: Values,
    error: unknown,
  ): Promise<{ found: Found; values: Values } | null>;
}

/** The GET and POST handlers of one form page: `app.get(path, opts, page.show); app.post(path, opts, page.submit)`. */
export function formPage<Found, Data>(page: FormPage<Found, Data>) {
  async function opened(request: FastifyRequest, reply: FastifyReply) {
    const found = await page.open(request, reply);
    if (found === null) return { reply };
    const closed = page.closed?.(request, reply, found) ?? null;
    if (closed) return { reply: await closed };
    return { found };
  }

  return {
    show: async (request: FastifyRequest, reply: FastifyReply) => {
      const { found, reply: sent } = await opened(request, reply);
      if (found === undefined) return sent;
      return page.render(reply, found, page.initial?.(found, request) ?? {});
    },

    submit: async (request: FastifyRequest, reply: FastifyReply) => {
      const { found, reply: sent } = await opened(request, reply);
      if (found === undefined) return sent;
      const form = page.parse(request.body);
      if (!form.ok) return page.render(reply, found, form.values, form.errors);
      try {
        return reply.redirect(await page.save(request, found, form.data), 303);
      } catch (error) {
        const problem = page.problemOf(error);
        if (!problem) throw error;
        const again = page.afterProblem
          ? await page.afterProblem(request, reply, found, form.values, error)
          : { found, values: form.values };
        if (!again) return reply;
        const closed = page.closed?.(request, reply, again.found) ?? null;
        if (closed) return closed;
        return page.render(reply, again.found, again.values, problem);
      }
    },
  };
}
