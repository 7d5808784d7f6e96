import { can } from '../../../platform/permissions/policy.ts';
import { currentUser, uuidParam } from '../../../platform/http/params.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { allocateSchema } from './schemas.ts';
import { FamilySolutionsError } from './service.ts';
import { episodeRoutes } from './episode-routes.ts';
import { V, BASE, problemOf, type Deps } from './routes-shared.ts';

/**
 * Family Solutions pages: the worker's and manager's lists (/early-help/family-solutions), allocation
 * (/early-help/family-solutions/allocation, managers), and each episode's Family Solutions page with
 * the family agreement, supervision and the sustainment check. Episode pages declare record access to the family.
 */
export async function familySolutionsRoutes(app: FastifyInstance, { familySolutions, earlyHelp }: Deps) {
  const user = currentUser;
  const idOf = (request: FastifyRequest) => uuidParam(request);
  const flash = (request: FastifyRequest, text: string) => {
    request.session.flash = text;
  };

  // ---- Lists ----

  app.get(BASE, { config: { access: { action: 'early-help:accept-family-solutions' } } }, async (request, reply) => {
    const viewer = user(request);
    const manager = can(viewer, 'family-solutions:manage').allowed;
    const [mine, oversight] = await Promise.all([
      familySolutions.myFamilies(viewer),
      manager ? familySolutions.oversight(viewer) : null,
    ]);
    return reply.render(`${V}/family-solutions-index.njk`, { pageTitle: 'Family Solutions', mine, oversight, manager });
  });

  app.get(
    `${BASE}/allocation`,
    { config: { access: { action: 'family-solutions:manage' } } },
    async (request, reply) => {
      const overview = await familySolutions.allocationOverview(user(request));
      return reply.render(`${V}/family-solutions-allocation.njk`, { pageTitle: 'Allocate families', ...overview });
    },
  );

  // ---- Allocating one family ----

  async function renderAllocate(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    try {
      const teamId = typeof values.teamId === 'string' ? values.teamId : (request.query as { team?: string }).team;
      const form = await familySolutions.allocationForm(actorOf(request), user(request), idOf(request), teamId);
      const { team, settings } = form;
      return reply.render(
        `${V}/family-solutions-allocate.njk`,
        {
          pageTitle: 'Allocate the family',
          ...form,
          values: {
            ...values,
            version: errors?.fields.version ? form.episode.version : (values.version ?? form.episode.version),
          },
          errors,
          teamItems: form.teams.map((t) => ({
            value: t.id,
            text: `${t.name} (${t.caseload}${settings.teamCapacity ? ` of ${settings.teamCapacity}` : ''} families)`,
            selected: t.id === team?.id,
          })),
          workerItems: (team?.workers ?? []).map((w) => ({
            value: w.id,
            text: w.display_name,
            checked: values.workerId === w.id,
            hint: { text: `${w.caseload} of ${settings.workerCapacity} families${w.full ? ': at capacity' : ''}` },
          })),
          askReason: Boolean(errors?.fields.overCapacityReason) || Boolean(values.overCapacityReason),
        },
        errors ? 400 : 200,
      );
    } catch (error) {
      if (error instanceof FamilySolutionsError && error.field === 'episode') throw notFound();
      throw error;
    }
  }

  app.get(`${BASE}/allocation/:id`, { config: { access: { action: 'family-solutions:manage' } } }, (request, reply) =>
    renderAllocate(request, reply, {}),
  );

  app.post(
    `${BASE}/allocation/:id`,
    { config: { access: { action: 'family-solutions:manage' } } },
    async (request, reply) => {
      const id = idOf(request);
      const form = parseForm(allocateSchema, request.body);
      if (!form.ok) return renderAllocate(request, reply, form.values, form.errors);
      try {
        const done = await familySolutions.allocate(actorOf(request), user(request), id, form.data.version, {
          teamId: form.data.teamId,
          workerId: form.data.workerId,
          overCapacityReason: form.data.overCapacityReason,
        });
        flash(request, `The family is allocated to ${done.worker} in ${done.team}.`);
        return reply.redirect(`${BASE}/allocation`, 303);
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        return renderAllocate(request, reply, form.values, problem);
      }
    },
  );

  await episodeRoutes(app, { familySolutions, earlyHelp });
}
