import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import { HttpProblem } from './errors.ts';

/**
 * One-time submission keys for create forms (docs/decisions/008-input-guards.md).
 *
 * A create form carries a random key in the hidden field `submissionKey` (the `submissionKey()` template
 * global makes one each time the form is drawn). A route that creates a record declares `config.once`.
 * The first POST with a key claims it; a repeat with the same key (a double click, ten parallel submits,
 * the back button) makes nothing: it is sent where the first went, or told that the first is still being
 * sent. A submission that fails (an error summary, a refusal) frees its key, so the user can correct it
 * and send again. Keys are per user and kept for a day.
 */
export const SUBMISSION_FIELD = 'submissionKey';

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEPT = '1 day';
/** How long a repeat waits for the first submission to finish before saying it is still being sent. */
const WAIT_MS = 3_000;
const POLL_MS = 100;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route creates a record: a repeated submission key makes nothing (see once.ts). */
    once?: true;
  }
  interface FastifyRequest {
    /** The submission key this request claimed, if any. */
    claimedSubmission?: string;
  }
}

export const newSubmissionKey = () => randomUUID();

const stillBeingSent = () =>
  new HttpProblem(
    409,
    'This form has already been sent',
    'The same form was sent more than once, and the first is still being saved. Nothing more was made. ' +
      'Go back to the page before and check what was saved before sending it again.',
  );

function keyOf(request: FastifyRequest): string | null {
  const body = request.body;
  if (body === null || typeof body !== 'object') return null;
  const value = (body as Record<string, unknown>)[SUBMISSION_FIELD];
  return typeof value === 'string' && KEY.test(value) ? value : null;
}

async function claim(db: Kysely<DB>, request: FastifyRequest, reply: FastifyReply) {
  const key = keyOf(request);
  if (key === null) return; // not from one of Hearth's forms: nothing to repeat
  const stored = `${request.user?.id ?? 'anonymous'}:${key}`;
  const inserted = await db
    .insertInto('form_submissions')
    .values({ key: stored })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) {
    request.claimedSubmission = stored;
    if (Math.random() < 0.01) {
      await db
        .deleteFrom('form_submissions')
        .where('created_at', '<', sql<Date>`now() - ${KEPT}::interval`)
        .execute();
    }
    return;
  }
  // A repeat: send it where the first went, once the first has finished.
  for (let waited = 0; waited <= WAIT_MS; waited += POLL_MS) {
    const first = await db.selectFrom('form_submissions').select('result').where('key', '=', stored).executeTakeFirst();
    if (first === undefined) {
      // The first failed and freed its key: this one is handled as new.
      return claim(db, request, reply);
    }
    if (first.result !== null) return reply.redirect(first.result, 303);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw stillBeingSent();
}

async function settle(db: Kysely<DB>, request: FastifyRequest, reply: FastifyReply) {
  const stored = request.claimedSubmission;
  if (stored === undefined) return;
  request.claimedSubmission = undefined;
  const location = reply.getHeader('location');
  if (reply.statusCode >= 300 && reply.statusCode < 400 && typeof location === 'string') {
    await db.updateTable('form_submissions').set({ result: location }).where('key', '=', stored).execute();
  } else {
    await db.deleteFrom('form_submissions').where('key', '=', stored).execute();
  }
}

/** Registered once on the root instance, before the routes: adds the claim to every `config.once` route. */
export function registerOnce(app: FastifyInstance, db: Kysely<DB>) {
  app.addHook('onRoute', (route) => {
    if (route.config?.once !== true) return;
    const handler = (request: FastifyRequest, reply: FastifyReply) => claim(db, request, reply);
    const existing = route.preHandler;
    route.preHandler = existing === undefined ? [handler] : [...[existing].flat(), handler];
  });
  app.addHook('onSend', async (request, reply, payload) => {
    await settle(db, request, reply);
    return payload;
  });
  // An error thrown past the handler is sent by the error handler; onSend runs for it too.
}
