import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AuditActor, AuditLog } from '../audit/audit.ts';
import { forbidden } from '../http/errors.ts';
import { can, type SystemAction } from '../permissions/policy.ts';

export function actorOf(request: FastifyRequest): AuditActor {
  return {
    userId: request.user?.id ?? null,
    label: request.user?.email ?? 'anonymous',
    sessionId: request.session?.sessionId ?? null,
    ip: request.ip,
    requestId: request.id,
  };
}

/** Only local paths, so a crafted link cannot send someone elsewhere after sign-in. */
export const safeReturnTo = (value: unknown) =>
  typeof value === 'string' && /^\/(?!\/)[^\\\s]*$/.test(value) ? value : '/';

function sendToSignIn(request: FastifyRequest, reply: FastifyReply) {
  if (request.method === 'GET') request.session.returnTo = safeReturnTo(request.url);
  return reply.redirect('/sign-in', 303);
}

export const requireSignedIn: preHandlerAsyncHookHandler = async function (request, reply) {
  if (!request.user) return sendToSignIn(request, reply);
};

/**
 * Route guard built on the policy: signed out goes to sign-in; signed in but not allowed gets a
 * 403 page, and the denial is written to the audit trail.
 */
export function requirePermission(audit: AuditLog, action: SystemAction): preHandlerAsyncHookHandler {
  return async function (request, reply) {
    if (!request.user) return sendToSignIn(request, reply);
    const decision = can(request.user, action);
    if (!decision.allowed) {
      await audit.record(actorOf(request), {
        action: 'permission.denied',
        outcome: 'denied',
        details: { action, path: request.routeOptions.url ?? null, reason: decision.reason },
      });
      throw forbidden();
    }
  };
}
