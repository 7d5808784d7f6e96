import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { formError, parseForm } from '../../../platform/views/forms.ts';
import { REVIEW_MONTHS } from './service.ts';
import type { DirectoryService } from '../service.ts';
import { V, STATE_NAMES, asHttp, decisionSchema, moderationPages } from './routes-shared.ts';
import { providerRoutes } from './provider-routes.ts';

/**
 * The directory's moderation: providers change their entries (provider-routes.ts); moderators approve or reject
 * each change (/moderation…). Every route asks the policy; the service asks it again for the particular service.
 */
export async function moderationRoutes(app: FastifyInstance, deps: { directory: DirectoryService }) {
  const { moderation, id, user, managed, renderVersion } = moderationPages(deps.directory);
  await providerRoutes(app, deps);

  app.get('/moderation', { config: { access: { action: 'directory:moderate' } } }, async (_request, reply) => {
    const queue = await moderation.queue();
    return reply.render(`${V}/moderation-queue.njk`, {
      pageTitle: 'Directory moderation',
      ...queue,
      reviewMonths: REVIEW_MONTHS,
    });
  });

  app.get(
    '/moderation/services/:id',
    { config: { access: { action: 'directory:moderate' } } },
    async (request, reply) => {
      const service = await managed(request);
      return reply.render(`${V}/provider-service.njk`, {
        pageTitle: service.draft?.name ?? 'Service',
        service,
        reviewMonths: REVIEW_MONTHS,
        stateNames: STATE_NAMES,
        moderator: true,
      });
    },
  );

  app.get(
    '/moderation/versions/:id',
    { config: { access: { action: 'directory:moderate' } } },
    async (request, reply) => {
      const review = await moderation.versionReview(id(request));
      if (!review) throw notFound();
      return renderVersion(reply, review, '/moderation', true, { values: { version: String(review.service.version) } });
    },
  );

  app.post(
    '/moderation/versions/:id',
    { config: { access: { action: 'directory:moderate' } } },
    async (request, reply) => {
      const versionId = id(request);
      const review = await moderation.versionReview(versionId);
      if (!review) throw notFound();
      const form = parseForm(decisionSchema, request.body);
      if (!form.ok)
        return renderVersion(reply, review, '/moderation', true, { values: form.values, errors: form.errors });
      try {
        if (form.data.decision === 'approve')
          await moderation.approve(actorOf(request), user(request), versionId, form.data.version);
        else await moderation.reject(actorOf(request), user(request), versionId, form.data.version, form.data.reason);
      } catch (error) {
        if (!(error instanceof StaleVersionError)) throw asHttp(error);
        const fresh = (await moderation.versionReview(versionId)) ?? review;
        const message =
          'Another moderator decided on this change, or the provider changed it again, while you were reading it. Nothing has been saved: check the change as it is now.';
        return renderVersion(reply, fresh, '/moderation', true, {
          values: { ...form.values, version: String(fresh.service.version) },
          errors: formError('decision', message),
        });
      }
      request.session.flash =
        form.data.decision === 'approve'
          ? `${review.proposed.name}: the change is live.`
          : `${review.proposed.name}: the change was rejected. The provider has been told why.`;
      return reply.redirect('/moderation', 303);
    },
  );
}
