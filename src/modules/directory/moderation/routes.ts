import { currentUser } from '../../../platform/http/params.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { can } from '../../../platform/permissions/policy.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { ACCESS_ROUTES, ACCESS_ROUTE_NAMES, DELIVERY_MODES, DELIVERY_MODE_NAMES } from '../content.ts';
import { compare } from './compare.ts';
import { DirectoryAccessError, REVIEW_MONTHS, type ManagedService, type VersionState } from './service.ts';
import {
  formValues,
  groupCounts,
  MAX_CONTACTS,
  MAX_LOCATIONS,
  OPENING_TIMES_HINT,
  readServiceForm,
  type ServiceFormValues,
} from './service-form.ts';
import type { DirectoryService } from '../service.ts';
import type { DirectoryOptions } from '../types.ts';

const V = 'directory/moderation/views';
const STATE_NAMES: Record<VersionState, string> = {
  pending: 'Waiting for a moderator',
  approved: 'Approved: live',
  superseded: 'Approved, since replaced',
  rejected: 'Not approved',
  withdrawn: 'Replaced by a later change before a decision',
};

const decisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject'], 'Select whether to approve or reject the change'),
    reason: z.string().trim().max(1000, 'The reason must be 1,000 characters or fewer'),
    version: versionField(),
  })
  .refine((d) => d.decision === 'approve' || d.reason.length > 0, {
    path: ['reason'],
    message: 'Enter the reason, so the provider knows what to change',
  });
const lockSchema = z.object({ version: versionField() });

/**
 * Providers keep their organisation's entries right (/provider/services…); moderators approve or
 * reject each change (/moderation…). Every route asks the policy; the service asks it again for
 * the particular service (a provider changes only their own organisation's entries).
 */
export async function moderationRoutes(app: FastifyInstance, { directory }: { directory: DirectoryService }) {
  const moderation = directory.moderation;

  const id = (request: FastifyRequest, name = 'id') => {
    const value = (request.params as Record<string, string>)[name];
    if (!value || !isUuid(value)) throw notFound();
    return value;
  };
  const user = currentUser;
  /** Loads a service as the viewer may manage it, or the right error page. */
  const managed = async (request: FastifyRequest): Promise<ManagedService> => {
    try {
      return await moderation.managedService(actorOf(request), user(request), id(request));
    } catch (error) {
      throw asHttp(error);
    }
  };

  async function renderForm(
    reply: FastifyReply,
    context: {
      pageTitle: string;
      action: string;
      service?: ManagedService;
      values: ServiceFormValues;
      errors?: FormErrors;
    },
  ) {
    const options = await directory.options();
    return reply.render(
      `${V}/provider-form.njk`,
      { ...context, ...formChoices(options, context.values), openingTimesHint: OPENING_TIMES_HINT },
      context.errors ? 400 : 200,
    );
  }

  // ——— Providers ———

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

  // ——— Moderators ———

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

  async function renderVersion(
    reply: FastifyReply,
    review: NonNullable<Awaited<ReturnType<typeof moderation.versionReview>>>,
    backHref: string,
    decide: boolean,
    form: { values?: Record<string, unknown>; errors?: FormErrors } = {},
  ) {
    const rows = compare(review.before, review.proposed, await directory.options());
    return reply.render(
      `${V}/version.njk`,
      {
        pageTitle: `${review.proposed.name}: version ${review.version.number}`,
        review,
        rows,
        changedCount: rows.filter((r) => r.changed).length,
        backHref,
        historyHref: decide ? `/moderation/services/${review.service.id}` : `/provider/services/${review.service.id}`,
        stateNames: STATE_NAMES,
        decide: decide && review.version.state === 'pending',
        values: form.values ?? {},
        errors: form.errors,
      },
      form.errors ? 400 : 200,
    );
  }
}

/** "Add another place/contact" (no JavaScript needed): the same form, one more empty group, nothing checked yet. */
function addAnother(values: ServiceFormValues): ServiceFormValues | null {
  const counts = groupCounts(values);
  if (values.action === 'add-location')
    return { ...values, locationCount: String(Math.min(counts.locations + 1, MAX_LOCATIONS)) };
  if (values.action === 'add-contact')
    return { ...values, contactCount: String(Math.min(counts.contacts + 1, MAX_CONTACTS)) };
  return null;
}

function asHttp(error: unknown) {
  if (error instanceof DirectoryAccessError) return error.kind === 'not-found' ? notFound() : forbidden(error.message);
  return error;
}

/** The form's choices as GOV.UK component items, checked from the values. */
function formChoices(options: DirectoryOptions, values: ServiceFormValues) {
  const chosen = (name: string) => {
    const v = values[name];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const counts = groupCounts(values);
  return {
    categoryItems: options.categories.map((c) => ({
      value: c.code,
      text: c.name,
      checked: chosen('categories').includes(c.code),
    })),
    levelItems: options.levels.map((l) => ({
      value: String(l.level),
      text: `Level ${l.level}: ${l.name}`,
      checked: chosen('levels').includes(String(l.level)),
    })),
    districtItems: options.districts.map((d) => ({
      value: d.code,
      text: d.name,
      checked: chosen('districts').includes(d.code),
    })),
    deliveryItems: DELIVERY_MODES.map((m) => ({
      value: m,
      text: DELIVERY_MODE_NAMES[m],
      checked: chosen('deliveryModes').includes(m),
    })),
    accessItems: ACCESS_ROUTES.map((r) => ({
      value: r,
      text: ACCESS_ROUTE_NAMES[r],
      checked: values.accessRoute === r,
    })),
    locationNumbers: Array.from({ length: counts.locations }, (_, i) => i + 1),
    contactNumbers: Array.from({ length: counts.contacts }, (_, i) => i + 1),
  };
}
