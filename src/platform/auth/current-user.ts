import type { FastifyInstance } from 'fastify';
import type { AuthService } from './service.ts';
import { actorOf } from './guards.ts';

const TOUCH_EVERY_MS = 60_000;

/**
 * Loads the signed-in user for each request and ends sessions left idle longer than the
 * timeout. The session is saved (pushing its expiry on) at most once a minute, not on every request.
 */
export function registerCurrentUser(app: FastifyInstance, auth: AuthService, idleMinutes: number) {
  app.decorateRequest('user', null);
  app.addHook('preHandler', async (request, reply) => {
    const userId = request.session?.userId;
    if (!userId) return;
    const now = Date.now();
    const lastSeen = request.session.lastSeenAt ?? 0;
    if (now - lastSeen > idleMinutes * 60_000) {
      await auth.recordSignOut({ ...actorOf(request), userId }, 'inactive');
      await request.session.destroy();
      return reply.redirect('/sign-in?expired=1', 303);
    }
    const user = await auth.loadCurrentUser(userId);
    if (!user) {
      await request.session.destroy();
      return reply.redirect('/sign-in', 303);
    }
    request.user = user;
    if (now - lastSeen > TOUCH_EVERY_MS) request.session.lastSeenAt = now;
  });
}
