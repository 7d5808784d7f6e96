import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { withDateInputs } from '../../../platform/views/date-input.ts';
import { combineErrors, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { EVENT_KINDS, EVENT_ORDER, attendingOf, eventSchema } from './support-events.ts';
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

  // ---- Workshops and networking events (support-events.ts) ----

  async function renderEvent(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const { types, quadrants } = await taf.eventChoices();
    return reply.render(
      `${V}/taf-support-event-new.njk`,
      {
        pageTitle: 'Record a workshop or networking event',
        values,
        errors,
        kindItems: Object.entries(EVENT_KINDS).map(([value, text]) => ({
          value,
          text,
          checked: values.kind === value,
        })),
        quadrantItems: [
          { value: '', text: 'Choose a quadrant' },
          ...quadrants.map((q) => ({ value: q.code, text: q.name, selected: values.quadrant === q.code })),
        ],
        types: types.map((t) => ({ ...t, value: values[`attending-${t.code}`] ?? '' })),
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    '/early-help/support-log/events/new',
    { config: { access: { action: 'early-help:support-log' } } },
    (request, reply) => renderEvent(request, reply, {}),
  );

  app.post(
    '/early-help/support-log/events',
    { config: { access: { action: 'early-help:support-log' }, once: true } },
    async (request, reply) => {
      const typed = (request.body && typeof request.body === 'object' ? request.body : {}) as Values;
      const form = parseForm(eventSchema(new Date()), withDateInputs(request.body, ['date']));
      const { types } = await taf.eventChoices();
      let attending: Map<string, number> | null = null;
      let counted: FormErrors | null = null;
      try {
        attending = attendingOf(
          request.body,
          types.map((t) => t.code),
        );
      } catch (error) {
        counted = problemOf(error);
        if (!counted) throw error;
      }
      if (!form.ok || !attending)
        return renderEvent(
          request,
          reply,
          typed,
          inFormOrder(combineErrors(form.ok ? null : form.errors, counted), EVENT_ORDER),
        );
      try {
        await taf.recordEvent(actorOf(request), user(request), form.data, attending);
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        return renderEvent(request, reply, typed, inFormOrder(problem, EVENT_ORDER));
      }
      flash(request, form.data.kind === 'workshop' ? 'The workshop is recorded.' : 'The networking event is recorded.');
      return reply.redirect('/early-help/support-log', 303);
    },
  );
}
