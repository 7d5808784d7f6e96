import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from './service.ts';
import { actorOf } from './guards.ts';

const TOUCH_EVERY_MS = 60_000;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: a request to this route is not activity (the timeout warning asking how long is left). */
    touchesSession?: false;
  }
}

/** Where a request that arrives after its session expired is sent: sign in again, or the signed-out page. */
export const afterExpiry = (request: FastifyRequest) =>
  request.url.split('?')[0] === '/sign-out' ? '/signed-out?timeout=1' : '/sign-in?expired=1';

/** Seconds until the session's idle timeout, as the server will count it. */
export function remainingSeconds(request: FastifyRequest, idleMinutes: number, now = Date.now()): number {
  const lastSeen = request.session?.lastSeenAt ?? 0;
  return Math.max(0, Math.floor((lastSeen + idleMinutes * 60_000 - now) / 1000));
}

/**
 * Ends a session found idle (kept-form-hooks.ts): keeps a form it carried, and marks the row expired rather
 * than deleting it, so a form sent later from the same page can still be kept for its user.
 */
export type EndIdleSession = (request: FastifyRequest, reply: FastifyReply, userId: string) => Promise<void>;

/**
 * Loads the signed-in user for each request and ends sessions left idle longer than the
 * timeout. The session is saved (pushing its expiry on) at most once a minute, not on every request.
 */
export function registerCurrentUser(
  app: FastifyInstance,
  auth: AuthService,
  idleMinutes: number,
  endIdleSession?: EndIdleSession,
) {
  app.decorateRequest('user', null);
  // A short timeout (a test's one minute) is touched more often, so activity still keeps the session going.
  const touchEvery = Math.min(TOUCH_EVERY_MS, idleMinutes * 6_000);
  app.addHook('preHandler', async (request, reply) => {
    const userId = request.session?.userId;
    if (!userId) return;
    const now = Date.now();
    const lastSeen = request.session.lastSeenAt ?? 0;
    if (now - lastSeen > idleMinutes * 60_000) {
      await auth.recordSignOut({ ...actorOf(request), userId }, 'inactive');
      if (endIdleSession) await endIdleSession(request, reply, userId);
      else await request.session.destroy();
      return reply.redirect(afterExpiry(request), 303);
    }
    const user = await auth.loadCurrentUser(userId);
    if (!user) {
      await request.session.destroy();
      return reply.redirect('/sign-in', 303);
    }
    request.user = user;
    if (now - lastSeen > touchEvery && request.routeOptions.config?.touchesSession !== false) {
      request.session.lastSeenAt = now;
    }
  });
}
