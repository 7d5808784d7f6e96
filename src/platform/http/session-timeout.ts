import type { FastifyInstance } from 'fastify';
import { remainingSeconds } from '../auth/current-user.ts';

/**
 * The two small endpoints behind the timeout warning (public/session-timeout.js, issue 17 item 13).
 * "Stay signed in" posts to /session/keep-alive, which counts as activity; before the dialog opens or signs
 * the person out, the script asks /session/status, which does not, whether another tab has kept the session.
 * Both answer the seconds left as the server counts them, so the page's countdown never relies on its clock.
 */
export async function sessionTimeoutRoutes(app: FastifyInstance, { idleMinutes }: { idleMinutes: number }) {
  app.post('/session/keep-alive', { config: { access: { signedIn: true } } }, async (request, reply) => {
    request.session.lastSeenAt = Date.now();
    return reply.send({ remainingSeconds: remainingSeconds(request, idleMinutes) });
  });

  app.get(
    '/session/status',
    { config: { access: { signedIn: true }, touchesSession: false } },
    async (request, reply) => reply.send({ remainingSeconds: remainingSeconds(request, idleMinutes) }),
  );
}
