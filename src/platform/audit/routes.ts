import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth/guards.ts';
import type { AuditLog } from './audit.ts';

const PAGE = 50;
const querySchema = z.object({
  action: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z0-9.:-]*$/)
    .optional()
    .catch(undefined),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});

/** The audit trail, newest first, for those the policy allows (administrators and managers). */
export async function auditRoutes(app: FastifyInstance, { audit }: { audit: AuditLog }) {
  app.get('/admin/audit', { config: { access: { action: 'audit:view' } } }, async (request, reply) => {
    const { action, before } = querySchema.parse(request.query);
    const events = await audit.recent({ limit: PAGE + 1, before, action });
    // Looking at the audit trail is itself recorded.
    await audit.record(actorOf(request), {
      action: 'audit.viewed',
      outcome: 'success',
      details: { filter: action ?? null },
    });
    const next = events.length > PAGE ? events[PAGE - 1]!.seq : undefined;
    return reply.render('audit/views/list.njk', {
      pageTitle: 'Audit trail',
      events: events.slice(0, PAGE),
      action: action ?? '',
      next,
    });
  });
}
