import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { notFound } from '../../platform/http/errors.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { handOffsCsv } from './csv.ts';
import { AlreadyAcknowledged, OUTCOME_NAMES, ROUTE_NAMES, SocialCareError } from './rules.ts';
import { outcomeSchema } from './schemas.ts';
import type { SocialCareService } from './service.ts';
import { attachment, CSV_TYPE } from '../../platform/http/download.ts';

const V = 'social-care/views';
const DONE_MEANWHILE = 'Someone else recorded the outcome meanwhile. Nothing has been saved: check the hand-off.';

/**
 * Children's social care's intake (/social-care): the queue of the Hub's level 4 hand-offs, one hand-off with the
 * request and the Hub's decision, acknowledging it and recording the outcome; the unacknowledged ones as CSV.
 */
export async function socialCareRoutes(app: FastifyInstance, { socialCare }: { socialCare: SocialCareService }) {
  const intake = { access: { action: 'social-care:intake' } } as const;
  const record = {
    access: { record: socialCare.handOffs.byId, can: 'record:view-origin', action: 'social-care:intake' },
  } as const;

  app.get('/social-care', { config: intake }, async (request, reply) => {
    const done = (request.query as { show?: string } | undefined)?.show === 'done';
    const [items, settings] = await Promise.all([socialCare.list(done), socialCare.settings()]);
    return reply.render(`${V}/queue.njk`, {
      pageTitle: done ? 'Hand-offs with an outcome' : 'Level 4 hand-offs from the Hub',
      items,
      done,
      inHearth: settings.intake === 'hearth',
      outcomeNames: OUTCOME_NAMES,
      routeNames: ROUTE_NAMES,
    });
  });

  app.get('/social-care/unacknowledged.csv', { config: intake }, async (request, reply) => {
    const rows = await socialCare.unacknowledged();
    await socialCare.exported(actorOf(request), rows.length);
    return attachment(reply, 'unacknowledged-hand-offs.csv', CSV_TYPE).send(handOffsCsv(rows));
  });

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) {
    const found = await socialCare.view(actorOf(request), uuidParam(request));
    if (!found) throw notFound();
    const settings = await socialCare.settings();
    return reply.render(
      `${V}/handoff.njk`,
      {
        pageTitle: `Hand-off: request ${found.handOff.reference}`,
        ...found,
        inHearth: settings.intake === 'hearth',
        values: { version: found.handOff.version, ...values },
        errors,
        outcomeNames: OUTCOME_NAMES,
        routeNames: ROUTE_NAMES,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/social-care/:id', { config: record }, (request, reply) => render(request, reply));

  app.post('/social-care/:id/acknowledge', { config: { ...record, once: true } }, async (request, reply) => {
    const id = uuidParam(request);
    const user = currentUser(request);
    if ((await socialCare.settings()).intake !== 'hearth')
      return render(request, reply, {}, formError('acknowledge', 'Your social care system acknowledges hand-offs'));
    try {
      await socialCare.acknowledge(actorOf(request), id, { via: 'hearth', userId: user.id, name: user.displayName });
    } catch (error) {
      if (error instanceof AlreadyAcknowledged)
        return render(request, reply, {}, formError('acknowledge', error.message));
      throw error;
    }
    request.session.flash = 'Acknowledged. Record the outcome when you have one.';
    return reply.redirect(`/social-care/${id}`, 303);
  });

  app.post('/social-care/:id/outcome', { config: { ...record, once: true } }, async (request, reply) => {
    const id = uuidParam(request);
    const typed = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(outcomeSchema, request.body);
    if (!form.ok) return render(request, reply, typed, form.errors);
    try {
      await socialCare.recordOutcome(actorOf(request), currentUser(request), id, form.data.version, form.data);
    } catch (error) {
      if (error instanceof SocialCareError) return render(request, reply, typed, formError(error.field, error.message));
      if (error instanceof StaleVersionError)
        return render(request, reply, typed, formError('outcome', DONE_MEANWHILE));
      throw error;
    }
    request.session.flash =
      form.data.outcome === 'no-further-action'
        ? 'Sent back to the Hub with your reason. The Hub and the requester have been told.'
        : 'Outcome recorded. The Hub and the requester have been told.';
    return reply.redirect(`/social-care/${id}`, 303);
  });
}
