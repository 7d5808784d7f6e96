import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/policy.ts';
import { dateInputItems, withDateInputs } from '../../platform/views/date-input.ts';
import { parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { actionRoutes } from './action-routes.ts';
import {
  MANAGE,
  V,
  VIEW,
  codeParam,
  decisionItems,
  itemHref,
  itemParam,
  presentAction,
  sorted,
  typed,
} from './present.ts';
import { DECISIONS, REVIEW_FIELDS, leadSchema, reviewSchema } from './schemas.ts';
import type { PartnershipPlanService } from './service.ts';

/** The partnership plan's pages (issue 14): the plan, its versions, a priority, a Locality Partnership, reviews. */
export async function partnershipPlanRoutes(app: FastifyInstance, { plan }: { plan: PartnershipPlanService }) {
  const canManage = (request: FastifyRequest) => can(request.user!, 'plan:manage').allowed;

  async function versionPage(request: FastifyRequest, reply: FastifyReply, code: string | null) {
    const found = await plan.version(code);
    if (!found && code !== null) throw notFound();
    if (!found) return reply.render(`${V}/no-plan.njk`, { pageTitle: 'Partnership plan' });
    const versions = await plan.versions();
    return reply.render(`${V}/version.njk`, {
      pageTitle: found.version.name,
      ...found,
      isHome: code === null,
      otherVersions: versions.filter((v) => v.code !== found.version.code),
      itemHref,
      canManage: canManage(request),
    });
  }
  app.get('/plan', { config: { access: VIEW } }, (request, reply) => versionPage(request, reply, null));
  app.get('/plan/versions/:code', { config: { access: VIEW } }, (request, reply) =>
    versionPage(request, reply, codeParam(request, 'code')),
  );

  app.get('/plan/:version/:item', { config: { access: VIEW } }, async (request, reply) => {
    const found = await plan.item(itemParam(request));
    if (!found) throw notFound();
    const today = todayInLondon();
    return reply.render(`${V}/item.njk`, {
      pageTitle: found.item.name,
      ...found,
      actions: found.actions.map((a) => presentAction(a, today)),
      decisions: DECISIONS,
      itemHref,
      canManage: canManage(request),
    });
  });

  app.get('/plan/localities/:quadrant', { config: { access: VIEW } }, async (request, reply) => {
    const found = await plan.locality(codeParam(request, 'quadrant'));
    if (!found) throw notFound();
    const today = todayInLondon();
    return reply.render(`${V}/locality.njk`, {
      pageTitle: found.locality.name,
      ...found,
      actions: found.actions.map((a) => presentAction(a, today)),
      itemHref,
      canManage: canManage(request),
    });
  });

  // A priority's yearly review.
  async function reviewForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const found = await plan.item(itemParam(request));
    if (!found || found.item.kind !== 'priority') throw notFound();
    return reply.render(
      `${V}/review-form.njk`,
      {
        pageTitle: `Review the priority: ${found.item.name}`,
        ...found,
        itemHref,
        values,
        errors,
        reviewedOnItems: dateInputItems('reviewedOn', values, Boolean(errors?.fields['reviewedOn-day'])),
        decisionItems: decisionItems(values.decision),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/plan/:version/:item/review', { config: { access: MANAGE } }, (request, reply) =>
    reviewForm(request, reply, {}),
  );
  app.post('/plan/:version/:item/reviews', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const form = parseForm(reviewSchema, withDateInputs(request.body, ['reviewedOn']));
    if (!form.ok) return reviewForm(request, reply, typed(request), sorted(form.errors, REVIEW_FIELDS));
    const code = itemParam(request);
    if (!(await plan.reviewPriority(actorOf(request), code, form.data))) throw notFound();
    request.session.flash = 'The review is recorded.';
    return reply.redirect(itemHref(code), 303);
  });

  // Naming an outcome's lead.
  async function leadForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const found = await plan.outcome(itemParam(request));
    if (!found) throw notFound();
    return reply.render(
      `${V}/lead-form.njk`,
      { pageTitle: `The lead for ${found.item.name}`, ...found, values, errors },
      errors ? 400 : 200,
    );
  }
  app.get('/plan/:version/:item/lead', { config: { access: MANAGE } }, async (request, reply) => {
    const found = await plan.outcome(itemParam(request));
    return leadForm(request, reply, { lead: found?.item.lead ?? '' });
  });
  app.post('/plan/:version/:item/lead', { config: { access: MANAGE } }, async (request, reply) => {
    const form = parseForm(leadSchema, request.body);
    if (!form.ok) return leadForm(request, reply, typed(request), form.errors);
    if (!(await plan.setOutcomeLead(actorOf(request), itemParam(request), form.data))) throw notFound();
    request.session.flash = 'The outcome lead is saved.';
    return reply.redirect('/plan', 303);
  });

  await actionRoutes(app, { plan, canManage });
}
