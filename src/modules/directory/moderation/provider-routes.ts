import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { can } from '../../../platform/permissions/policy.ts';
import { formError } from '../../../platform/views/forms.ts';
import { REVIEW_MONTHS } from './service.ts';
import { formValues, readServiceForm, type ServiceFormValues } from './service-form.ts';
import type { DirectoryService } from '../service.ts';
import { V, STATE_NAMES, addAnother, asHttp, lockSchema, moderationPages } from './routes-shared.ts';

/**
 * Providers keep their organisation's entries right (/provider/services…). Every route asks the policy; the
 * service asks it again for the particular service (a provider changes only their own organisation's entries).
 */
export async function providerRoutes(app: FastifyInstance, { directory }: { directory: DirectoryService }) {
  const { moderation, id, user, managed, renderForm, renderVersion } = moderationPages(directory);

  app.get('/provider/services', { config: { access: { action: 'directory:provide' } } }, async (request, reply) => {
    const services = await moderation.providerServices(user(request));
    return reply.render(`${V}/provider-list.njk`, {
      pageTitle: 'Your services',
      services,
      reviewMonths: REVIEW_MONTHS,
    });
  });

  app.get('/provider/services/new', { config: { access: { action: 'directory:provide' } } }, async (_request, reply) =>
    renderForm(reply, { pageTitle: 'Add a service', action: '/provider/services/new', values: formValues(undefined) }),
  );

  app.post(
    '/provider/services/new',
    { config: { access: { action: 'directory:provide' }, once: true } },
    async (request, reply) => {
      const values = request.body as ServiceFormValues;
      const more = addAnother(values);
      if (more)
        return renderForm(reply, { pageTitle: 'Add a service', action: '/provider/services/new', values: more });
      const form = readServiceForm(values, await directory.options());
      if (!form.ok)
        return renderForm(reply, {
          pageTitle: 'Add a service',
          action: '/provider/services/new',
          values,
          errors: form.errors,
        });
      const serviceId = await moderation.submitNewService(actorOf(request), user(request), form.content);
      request.session.flash = `${form.content.name} has been sent to a moderator. It will appear in the directory once they approve it.`;
      return reply.redirect(`/provider/services/${serviceId}`, 303);
    },
  );

  app.get('/provider/services/:id', { config: { access: { action: 'directory:provide' } } }, async (request, reply) => {
    const service = await managed(request);
    return reply.render(`${V}/provider-service.njk`, {
      pageTitle: service.draft?.name ?? 'Service',
      service,
      reviewMonths: REVIEW_MONTHS,
      stateNames: STATE_NAMES,
    });
  });

  app.get(
    '/provider/services/:id/edit',
    { config: { access: { action: 'directory:provide' } } },
    async (request, reply) => {
      const service = await managed(request);
      return renderForm(reply, {
        pageTitle: `Change ${service.draft?.name ?? 'service'}`,
        action: `/provider/services/${service.id}/edit`,
        service,
        values: { ...formValues(service.draft ?? undefined), version: String(service.version) },
      });
    },
  );

  app.post(
    '/provider/services/:id/edit',
    { config: { access: { action: 'directory:provide' } } },
    async (request, reply) => {
      const service = await managed(request);
      const page = {
        pageTitle: `Change ${service.draft?.name ?? 'service'}`,
        action: `/provider/services/${service.id}/edit`,
        service,
      };
      const values = request.body as ServiceFormValues;
      const more = addAnother(values);
      if (more) return renderForm(reply, { ...page, values: more });
      const lock = lockSchema.safeParse(values);
      const form = readServiceForm(values, await directory.options(), service.draft ?? undefined);
      if (!form.ok || !lock.success)
        return renderForm(reply, {
          ...page,
          values,
          errors: form.ok
            ? formError('name', 'Something went wrong with the form: open the service again')
            : form.errors,
        });
      try {
        await moderation.submitChange(actorOf(request), user(request), service.id, lock.data.version, form.content);
      } catch (error) {
        if (!(error instanceof StaleVersionError)) throw asHttp(error);
        const fresh = await managed(request);
        const message =
          'Someone else changed this service, or a moderator decided on it, while you were editing. Your changes have not been saved: the form now shows the latest version. Make your changes again.';
        return renderForm(reply, {
          ...page,
          service: fresh,
          values: { ...formValues(fresh.draft ?? undefined), version: String(fresh.version) },
          errors: formError('name', message),
        });
      }
      request.session.flash =
        'Your change has been sent to a moderator. The entry people see now stays until they approve it.';
      return reply.redirect(`/provider/services/${service.id}`, 303);
    },
  );

  app.post(
    '/provider/services/:id/checked',
    { config: { access: { action: 'directory:provide' } } },
    async (request, reply) => {
      const service = await managed(request);
      const lock = lockSchema.safeParse(request.body);
      try {
        if (!lock.success) throw new StaleVersionError('This service');
        await moderation.confirmChecked(actorOf(request), user(request), service.id, lock.data.version);
        request.session.flash = 'Thank you. The entry is marked as checked today.';
      } catch (error) {
        if (!(error instanceof StaleVersionError)) throw asHttp(error);
        request.session.flash = 'The service changed while you were looking at it. Check it again, then confirm.';
      }
      return reply.redirect(`/provider/services/${service.id}`, 303);
    },
  );

  app.get(
    '/provider/services/:serviceId/versions/:id',
    { config: { access: { action: 'directory:provide' } } },
    async (request, reply) => {
      const serviceId = id(request, 'serviceId');
      const review = await moderation.versionReview(id(request));
      if (!review || review.service.id !== serviceId) throw notFound();
      if (
        !can(user(request), 'directory-service:edit', {
          type: 'directory-service',
          id: serviceId,
          organisationId: review.service.organisationId,
        }).allowed
      )
        throw forbidden();
      return renderVersion(reply, review, `/provider/services/${serviceId}`, false);
    },
  );
}
