import { Signer } from '@fastify/cookie';
import { decodeHTML } from 'entities';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.ts';
import { actorOf, safeReturnTo } from '../auth/guards.ts';
import { afterExpiry } from '../auth/current-user.ts';
import type { DB } from '../db/schema/index.ts';
import { KEEP_FOR_MS, KeptForms, keptFieldsOf, type KeptFields, type KeptForm } from './kept-forms.ts';
import { expiredSessionUser } from './session-store.ts';
import { escapeHtml } from '../views/nunjucks.ts';

/** The cookie holding the token of this browser's kept form. */
export const KEPT_COOKIE = 'hearth_kept';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** What this user typed on this page before their session expired, to draw the form with (once). */
    keptForm?: KeptForm;
    /** The page drew the kept form (reply.render): it is used up, and the browser's cookie cleared. */
    keptFormDrawn?: boolean;
  }
}

export interface KeptFormOptions {
  db: Kysely<DB>;
  audit: AuditLog;
  sessionSecret: string;
  sessionCookie: string;
  secureCookie: boolean;
}

/** The page the form was on: the Referer when it is this site, else the address the form was sent to. */
function formPage(request: FastifyRequest): string {
  const referer = request.headers.referer;
  if (referer) {
    try {
      const url = new URL(referer);
      const site = new URL(`${request.protocol}://${request.headers.host ?? ''}`);
      if (url.origin === site.origin) return safeReturnTo(url.pathname + url.search);
    } catch {
      // not a URL: fall through
    }
  }
  return safeReturnTo(request.url);
}

const isForm = (request: FastifyRequest) =>
  (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/**
 * Keeping what was typed (issue 17, item 13). A signed-in person's form that arrives after their session
 * expired is kept for them (sealed, an hour, see kept-forms.ts) instead of being lost; after they sign in again
 * they are taken back to the page, whose form is drawn with what they typed, and told to check it and send it.
 * Nothing is sent for them. Two ways a form can arrive late:
 *  - the session row is still there but idle too long: registerCurrentUser calls `keepExpiredForm`;
 *  - the row has expired: the cookie still names it (signed), and the expired row says whose it was.
 */
export function keptFormHooks(options: KeptFormOptions) {
  const keptForms = new KeptForms(options.db);
  const signer = new Signer(options.sessionSecret);

  async function keepExpiredForm(request: FastifyRequest, reply: FastifyReply, userId: string) {
    if (!isForm(request) || request.routeOptions.config?.csrf === false) return;
    const fields = keptFieldsOf(request.body);
    if (!fields) return;
    const path = formPage(request);
    const token = await keptForms.keep(userId, { path, fields });
    void reply.setCookie(KEPT_COOKIE, token, {
      httpOnly: true,
      secure: options.secureCookie,
      sameSite: 'lax',
      path: '/',
      maxAge: KEEP_FOR_MS / 1000,
    });
    await options.audit.record(
      { ...actorOf(request), userId },
      {
        action: 'form.kept',
        outcome: 'success',
        subjectType: 'user',
        subjectId: userId,
        details: keptDetails(path, fields),
      },
    );
  }

  /** An idle session (registerCurrentUser): keep the form it carried, and expire the row without deleting it. */
  async function endIdleSession(request: FastifyRequest, reply: FastifyReply, userId: string) {
    if (!SAFE_METHODS.has(request.method)) await keepExpiredForm(request, reply, userId);
    await options.db
      .updateTable('sessions')
      .set({ expires_at: new Date() })
      .where('id', '=', request.session.sessionId)
      .execute();
  }

  /** Registered after the signed-in user is loaded and before the CSRF check. */
  function register(app: FastifyInstance) {
    // A form sent with the cookie of a session that has expired (the store no longer gives it back).
    app.addHook('preHandler', async (request, reply) => {
      if (SAFE_METHODS.has(request.method) || request.session?.userId || request.routeOptions.config?.csrf === false) {
        return;
      }
      const cookie = request.cookies[options.sessionCookie];
      const unsigned = cookie ? signer.unsign(cookie) : null;
      if (!unsigned?.valid || !unsigned.value || unsigned.value === request.session?.sessionId) return;
      const userId = await expiredSessionUser(options.db, unsigned.value);
      if (!userId) return;
      await keepExpiredForm(request, reply, userId);
      return reply.redirect(afterExpiry(request), 303);
    });

    // Back on the page after signing in: the kept form is offered to the page. It is used up only when the page draws
    // it (reply.render, status 200): a page that redirects or refuses leaves it for when the form can be drawn.
    app.addHook('preHandler', async (request) => {
      const token = request.cookies[KEPT_COOKIE];
      if (request.method !== 'GET' || !request.user || !token) return;
      const form = await keptForms.peek(token, request.user.id, request.url);
      if (form) request.keptForm = form;
    });
    // Before the page is sent, so a second look at the page (or a second tab) cannot draw it again.
    app.addHook('onSend', async (request, _reply, payload) => {
      const token = request.cookies[KEPT_COOKIE];
      if (!request.keptFormDrawn || !request.user || !token) return payload;
      const form = await keptForms.take(token, request.user.id, request.url);
      if (!form) return payload;
      await options.audit.record(actorOf(request), {
        action: 'form.restored',
        outcome: 'success',
        subjectType: 'user',
        subjectId: request.user.id,
        details: keptDetails(form.path, form.fields),
      });
      return payload;
    });
  }

  return {
    register,
    keepExpiredForm,
    endIdleSession,
    /** After signing in: the page of this user's kept form, if this browser has one for them. */
    keptPathFor: (request: FastifyRequest, userId: string) => keptForms.pathFor(request.cookies[KEPT_COOKIE], userId),
    keptForms,
  };
}

/** The audit trail names the page and the fields kept, never what was typed in them. */
const keptDetails = (path: string, fields: KeptFields) => ({ path: path.split('?')[0], fields: Object.keys(fields) });

export interface KeptText {
  label: string;
  value: string;
}

/**
 * Draws a page with what was kept: the fields go over the page's own `values` (the way every form draws what
 * was typed after an error), and the layout says what happened. A form that draws a field from somewhere else
 * would silently lose it, so the page is checked: any typed text that does not appear in it is listed in the
 * notice, with its label, to copy.
 */
export function renderWithKeptForm(
  draw: (context: Record<string, unknown>) => string,
  context: Record<string, unknown>,
  kept: KeptForm,
): string {
  const values = { ...((context.values as Record<string, unknown> | undefined) ?? {}), ...kept.fields };
  const first = { ...context, values, keptForm: { missing: [] as KeptText[] } };
  const html = draw(first);
  const missing = notDrawn(html, kept.fields);
  return missing.length ? draw({ ...first, keptForm: { missing } }) : html;
}

function notDrawn(html: string, fields: KeptFields): KeptText[] {
  const missing: KeptText[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const text of Array.isArray(value) ? value : [value]) {
      if (text.trim() === '' || html.includes(escapeHtml(text))) continue;
      missing.push({ label: labelOf(html, name), value: text });
    }
  }
  return missing;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The field's label as the page shows it, else its name in words. */
function labelOf(html: string, name: string): string {
  const label = new RegExp(`<label[^>]*for="${escapeRegExp(name)}"[^>]*>([\\s\\S]*?)</label>`).exec(html)?.[1];
  const text = label
    ?.replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text) return decodeHTML(text);
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
