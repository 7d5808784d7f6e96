import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { HEARD_HOW_NAMES, SECTION_STATUS_NAMES } from './rules.ts';
import { completeSchema } from './schemas.ts';
import { RELATIONSHIP_NAMES } from '../rules.ts';
import { V, type Deps, type View, assessmentPages, taskStatus } from './routes-shared.ts';
import { sectionRoutes } from './section-routes.ts';

/**
 * The Shared Family Assessment's pages, under the episode: the task list, one page per family
 * member's section and the analysis (section-routes.ts), and check-and-complete. Every page declares record
 * access to the family (policy by involvement, break-glass, audit); changes go through AssessmentService, which
 * asks the policy for record:edit again and audits a refusal.
 */
export async function assessmentRoutes(app: FastifyInstance, deps: Deps) {
  const { assessment, earlyHelp } = deps;
  const { base, user, pathOf, open, problemOf, flash } = assessmentPages(deps);

  // ---- The task list ----

  async function renderOverview(reply: FastifyReply, view: View, errors?: FormErrors) {
    return reply.render(
      `${V}/assessment-overview.njk`,
      {
        pageTitle: 'Shared Family Assessment',
        ...view,
        taskStatus,
        statusNames: SECTION_STATUS_NAMES,
        relationshipNames: RELATIONSHIP_NAMES,
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    base,
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:view' } } },
    async (request, reply) => {
      const view = await open(request);
      return view ? renderOverview(reply, view) : reply;
    },
  );

  app.post(
    base,
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' } } },
    async (request, reply) => {
      const view = await open(request);
      if (!view) return reply;
      try {
        await assessment.start(actorOf(request), user(request), view.episode.id);
      } catch (error) {
        return renderOverview(reply, view, problemOf(error));
      }
      flash(
        request,
        'The Shared Family Assessment has started. Each section is saved on its own, so you can come back to it.',
      );
      return reply.redirect(pathOf(view.episode.id), 303);
    },
  );

  // ---- Check and complete ----

  async function renderCheck(reply: FastifyReply, view: View, errors?: FormErrors) {
    return reply.render(
      `${V}/assessment-check.njk`,
      {
        pageTitle:
          view.assessment?.status === 'completed' ? 'The completed assessment' : 'Check and complete the assessment',
        ...view,
        errors,
        heardHowNames: HEARD_HOW_NAMES,
        statusNames: SECTION_STATUS_NAMES,
        relationshipNames: RELATIONSHIP_NAMES,
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    `${base}/check`,
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:view' } } },
    async (request, reply) => {
      const view = await open(request);
      if (!view) return reply;
      if (!view.assessment) throw notFound();
      return renderCheck(reply, view);
    },
  );

  app.post(
    `${base}/check`,
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' } } },
    async (request, reply) => {
      const view = await open(request);
      if (!view) return reply;
      if (!view.assessment) throw notFound();
      const form = parseForm(completeSchema, request.body);
      if (!form.ok) return renderCheck(reply, view, form.errors);
      try {
        await assessment.complete(actorOf(request), user(request), view.episode.id, form.data.version);
      } catch (error) {
        const errors = problemOf(error);
        return renderCheck(reply, (await assessment.view(user(request), view.episode.id))!, errors);
      }
      flash(request, 'The Shared Family Assessment is complete. Its needs are ready for the Early Help Plan.');
      return reply.redirect(pathOf(view.episode.id), 303);
    },
  );

  await sectionRoutes(app, deps);
}
