import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { SUPPORT_KINDS, supportSchema } from './schemas.ts';
import { V, type Deps, type Values, problemOf, inFormOrder, SUPPORT_ORDER, tafPages } from './routes-shared.ts';

/** The TAF Support Officers' support log. */
export async function supportRoutes(app: FastifyInstance, deps: Deps) {
  const { taf } = deps;
  const { user, flash } = tafPages(deps);

  // ---- The TAF Support Officers' support log ----

  app.get(
    '/early-help/support-log',
    { config: { access: { action: 'early-help:support-log' } } },
    async (request, reply) => {
      const log = await taf.supportLog(user(request));
      return reply.render(`${V}/taf-support-log.njk`, { pageTitle: 'Your support log', ...log });
    },
  );

  async function renderSupport(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const log = await taf.supportLog(user(request));
    return reply.render(
      `${V}/taf-support-new.njk`,
      {
        pageTitle: 'Record support you gave',
        values,
        errors,
        kindItems: Object.entries(SUPPORT_KINDS).map(([value, text]) => ({
          value,
          text,
          checked: values.kind === value,
        })),
        organisationItems: [
          { value: '', text: 'Choose an organisation' },
          ...log.organisations.map((o) => ({ value: o.id, text: o.name, selected: values.organisationId === o.id })),
        ],
        episodeItems: [
          { value: '', text: 'None (not about one family)' },
          ...log.episodes.map((e) => ({ value: e.id, text: e.family_name, selected: values.episodeId === e.id })),
        ],
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    '/early-help/support-log/new',
    { config: { access: { action: 'early-help:support-log' } } },
    (request, reply) => renderSupport(request, reply, {}),
  );

  app.post(
    '/early-help/support-log/new',
    { config: { access: { action: 'early-help:support-log' }, once: true } },
    async (request, reply) => {
      const form = parseForm(supportSchema(new Date()), request.body);
      if (!form.ok) return renderSupport(request, reply, form.values, inFormOrder(form.errors, SUPPORT_ORDER));
      try {
        await taf.recordSupport(actorOf(request), user(request), form.data);
        flash(request, 'The support is recorded.');
        return reply.redirect('/early-help/support-log', 303);
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        return renderSupport(request, reply, form.values, inFormOrder(problem, SUPPORT_ORDER));
      }
    },
  );
}
