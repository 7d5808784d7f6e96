import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/audit.ts';

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
