import type { FastifyInstance } from 'fastify';
import { currentUser } from '../../platform/http/params.ts';
import { answerRoutes } from './answer-routes.ts';
import { caseAuditRoutes } from './case-audit-routes.ts';
import { cycleRoutes } from './cycle-routes.ts';
import { TAKING_PART, V, dayText, instantDay, manages } from './route-helpers.ts';
import type { AssuranceAuditsService } from './service.ts';
import { AUDIT_KINDS } from './standards.ts';

/** The partnership's audits under /audits (the audit trail of who did what is /admin/audit). */
export async function assuranceAuditRoutes(app: FastifyInstance, { audits }: { audits: AssuranceAuditsService }) {
  app.get('/audits', { config: { access: TAKING_PART } }, async (request, reply) => {
    const user = currentUser(request);
    const [cycles, caseAudits] = await Promise.all([audits.cycles.list(user), audits.caseAudits.list(user)]);
    return reply.render(`${V}/index.njk`, {
      pageTitle: 'Audits',
      manager: manages(request),
      cycles: cycles.map((c) => ({ ...c, opens: dayText(c.opens_on), due: dayText(c.due_on) })),
      caseAudits: caseAudits.map((a) => ({ ...a, kindName: AUDIT_KINDS[a.kind], started: instantDay(a.created_at) })),
    });
  });
  await cycleRoutes(app, { audits });
  await caseAuditRoutes(app, { audits });
  await answerRoutes(app, { audits });
}
