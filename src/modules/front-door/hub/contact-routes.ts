import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { dateInput, withDateInputs } from '../../../platform/views/date-input.ts';
import { CONTACT_KINDS } from './contacts.ts';
import { HubDecisionError } from './errors.ts';
import { STALE, V, lock, requestIdOf as requestId } from './page-words.ts';
import type { HubService } from './service.ts';

const words = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`);

/** The date the information is expected by: today or later. */
const dueOn = dateInput({ label: 'the date it is expected by', when: 'future' });

const contactSchema = z.object({
  kind: z.enum(['call', 'multi-agency-check', 'note'], 'Select what kind of contact this was'),
  withWhom: words('who it was with', 300),
  details: words('what was said or found', 5000),
});
const awaitingSchema = lock.extend({
  withWhom: words('who the information is coming from', 300),
  details: words('what information you are waiting for', 5000),
  'dueOn-day': dueOn,
});

/**
 * The Hub's contact log on a request (/hub/requests/:id/contacts/new) and "waiting for information"
 * (/hub/requests/:id/awaiting), which records what is awaited, from whom and by when (issue 17, item 9).
 */
export async function hubContactRoutes(app: FastifyInstance, { hub }: { hub: HubService }) {
  const screen = { config: { access: { action: 'hub:screen' } } } as const;

  async function openRequest(request: FastifyRequest) {
    const found = await hub.screening(actorOf(request), requestId(request));
    if (!found) throw notFound();
    return found.request;
  }

  async function renderContact(request: FastifyRequest, reply: FastifyReply, values = {}, errors?: FormErrors) {
    const r = await openRequest(request);
    return reply.render(
      `${V}/hub-contact.njk`,
      {
        pageTitle: `Add to the contact log: request ${r.displayReference}`,
        r,
        values,
        errors,
        kinds: Object.entries(CONTACT_KINDS).filter(([k]) => k !== 'awaiting'),
      },
      errors ? 400 : 200,
    );
  }

  async function renderAwaiting(request: FastifyRequest, reply: FastifyReply, values = {}, errors?: FormErrors) {
    const r = await openRequest(request);
    return reply.render(
      `${V}/hub-awaiting.njk`,
      { pageTitle: `Waiting for information: request ${r.displayReference}`, r, values, errors },
      errors ? 400 : 200,
    );
  }

  app.get('/hub/requests/:id/contacts/new', screen, (request, reply) => renderContact(request, reply));

  app.post('/hub/requests/:id/contacts/new', { config: { ...screen.config, once: true } }, async (request, reply) => {
    const id = requestId(request);
    const form = parseForm(contactSchema, request.body);
    if (!form.ok) return renderContact(request, reply, form.values, form.errors);
    await openRequest(request);
    await hub.contacts.add(actorOf(request), id, { ...form.data, dueOn: null });
    request.session.flash = 'Added to the contact log.';
    return reply.redirect(`/hub/requests/${id}#contacts`, 303);
  });

  app.get('/hub/requests/:id/awaiting', screen, (request, reply) => renderAwaiting(request, reply));

  app.post('/hub/requests/:id/awaiting', screen, async (request, reply) => {
    const id = requestId(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      if (body.awaiting === 'no') {
        const form = lock.safeParse(body);
        if (!form.success) throw new HubDecisionError('status', 'Something went wrong: reload the page and try again');
        await hub.setAwaitingInformation(actorOf(request), id, form.data.version, false);
        request.session.flash = 'The request is back in screening.';
        return reply.redirect(`/hub/requests/${id}`, 303);
      }
      const form = parseForm(awaitingSchema, withDateInputs(body, ['dueOn']));
      if (!form.ok) return renderAwaiting(request, reply, body, form.errors);
      await hub.setAwaitingInformation(actorOf(request), id, form.data.version, {
        withWhom: form.data.withWhom,
        details: form.data.details,
        dueOn: form.data['dueOn-day'],
      });
    } catch (error) {
      if (error instanceof StaleVersionError) return renderAwaiting(request, reply, body, formError('details', STALE));
      if (error instanceof HubDecisionError)
        return renderAwaiting(request, reply, body, formError(error.field, error.message));
      throw error;
    }
    request.session.flash = 'The request is waiting for information. What you are waiting for is in the contact log.';
    return reply.redirect(`/hub/requests/${id}`, 303);
  });
}
