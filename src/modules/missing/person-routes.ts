import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { notFound } from '../../platform/http/errors.ts';
import { uuidParam } from '../../platform/http/params.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { NotACandidateError, type MissingPersonService } from './person.ts';
import { personChoiceSchema, personSearchSchema } from './schemas.ts';
import type { MissingService } from './service.ts';

const STALE =
  'Someone else changed this episode after you opened it. Check who the child is linked to now, then choose again.';

/**
 * Who a missing child is (/missing/:id/person): for the Hub, an episode's record offers the people Hearth holds who
 * may be the child; choosing one (or a new person) links the episode. The Hub's screeners only (record:edit with
 * hub:screen), declared on the route.
 */
export async function missingPersonRoutes(
  app: FastifyInstance,
  { missing, person }: { missing: MissingService; person: MissingPersonService },
) {
  const access = { record: missing.episodes.byId, can: 'record:edit', action: 'hub:screen' } as const;

  async function page(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status = 200) {
    const found = await missing.episode(actorOf(request), uuidParam(request));
    if (!found) throw notFound();
    const search = personSearchSchema.parse(request.query ?? {});
    const { linked, candidates } = await person.choices(found.episode, search);
    return reply.render(
      'missing/views/person.njk',
      {
        pageTitle: `Who is ${found.episode.first_name} ${found.episode.last_name}?`,
        episode: found.episode,
        search,
        linked,
        candidates,
        errors,
      },
      errors ? status : 200,
    );
  }

  app.get('/missing/:id/person', { config: { access } }, (request, reply) => page(request, reply));

  app.post('/missing/:id/person', { config: { access, once: true } }, async (request, reply) => {
    const form = parseForm(personChoiceSchema, request.body);
    if (!form.ok) return page(request, reply, form.errors, 400);
    const id = uuidParam(request);
    try {
      await person.link(actorOf(request), id, form.data);
    } catch (error) {
      if (error instanceof StaleVersionError) return page(request, reply, formError('personId', STALE), 409);
      if (error instanceof NotACandidateError) return page(request, reply, formError('personId', error.message), 400);
      throw error;
    }
    request.session.flash =
      form.data.personId === 'new'
        ? 'A new person is recorded for this child and linked to the episode.'
        : 'The episode is linked to the child’s record.';
    return reply.redirect(`/missing/${id}`, 303);
  });
}
