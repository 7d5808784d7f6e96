import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { ACTION_STATUS_NAMES, formatDate, todayInLondon } from './rules.ts';
import { familyPlanContent, familyPlanPdf } from './pdf.ts';
import { FAMILY_RECORD_TYPE } from '../service.ts';
import { V, type Deps, planPages } from './routes-shared.ts';

/** The family's printable plan (a page and a PDF), and overdue reviews. */
export async function printRoutes(app: FastifyInstance, deps: Deps) {
  const { plans, audit } = deps;
  const { user, openPlan, common } = planPages(deps);

  // ---- The family's printable plan ----

  /** The printable page and the PDF: one read of the plan (with its access check), one plain-language content. */
  async function printable(request: FastifyRequest) {
    const record = await openPlan(request, { edit: false });
    return record ? { record, content: familyPlanContent(record, ACTION_STATUS_NAMES) } : null;
  }

  app.get(
    '/early-help/plans/:id/print',
    { config: { access: { record: plans.families.byPlan, can: 'record:view' } } },
    async (request, reply) => {
      const found = await printable(request);
      if (!found) return reply;
      return reply.render(`${V}/plan-print.njk`, {
        pageTitle: `${found.record.family.name}: our plan`,
        ...common(found.record),
        content: found.content,
      });
    },
  );

  app.get(
    '/early-help/plans/:id/plan.pdf',
    { config: { access: { record: plans.families.byPlan, can: 'record:view' } } },
    async (request, reply) => {
      const found = await printable(request);
      if (!found) return reply;
      const today = todayInLondon();
      const pdf = await familyPlanPdf(found.content, { today });
      // the route's declared access has recorded the view of the family; this says a copy of the plan left as a file.
      await audit.record(actorOf(request), {
        action: 'early-help.plan.pdf-viewed',
        outcome: 'success',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: found.record.family.id,
        details: {
          planId: found.record.plan.id,
          episodeId: found.record.episode.id,
          contentVersion: found.record.plan.content_version,
        },
      });
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="family-plan-${today}.pdf"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    },
  );

  // ---- Overdue reviews ----

  app.get('/early-help/reviews', { config: { access: { action: 'early-help:start' } } }, async (request, reply) => {
    const overdue = await plans.overdueReviews(actorOf(request), user(request));
    return reply.render(`${V}/plan-reviews.njk`, { pageTitle: 'Overdue reviews', ...overdue, formatDate });
  });
}
