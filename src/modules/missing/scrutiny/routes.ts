import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { currentUser, uuidParam } from '../../../platform/http/params.ts';
import { dateInputItems, withDateInputs } from '../../../platform/views/date-input.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { formPage } from '../../../platform/views/form-page.ts';
import { pageCount, pageField, pageHref, pagination } from '../../../platform/views/pagination.ts';
import { MISSING_WORDS } from '../schemas.ts';
import type { MissingService } from '../service.ts';
import { ClosingRefused, ScrutinyExists } from './rules.ts';
import { actionRows, closeSchema, scrutinyListSchema, scrutinySchema } from './schemas.ts';
import type { MissingScrutinyService } from './service.ts';
import type { z } from 'zod';

const V = 'missing/scrutiny/views';
const PAGE_SIZE = 50;
const STALE =
  'Someone else changed this episode while you were looking at it (the police may have sent an update). Nothing has been saved: check the episode and close it again.';

type Deps = { missing: MissingService; scrutiny: MissingScrutinyService };

/**
 * Responding to missing episodes: the Missing Co-ordinator's scrutiny list (/missing/scrutiny) and form, closing an
 * episode (/missing/:id/close), and every episode of one child (/missing/:id/child).
 */
export async function missingScrutinyRoutes(app: FastifyInstance, { missing, scrutiny }: Deps) {
  const scrutinise = { access: { action: 'missing:scrutinise' } } as const;
  const listQuery = scrutinyListSchema.extend({ page: pageField().catch(1) });

  app.get('/missing/scrutiny', { config: scrutinise }, async (request, reply) => {
    const { show, page } = listQuery.parse(request.query ?? {});
    const done = show === 'done';
    const list = await scrutiny.list(actorOf(request), currentUser(request), done, page, PAGE_SIZE);
    return reply.render(`${V}/scrutiny-list.njk`, {
      pageTitle: done ? 'Scrutinised missing episodes' : 'Missing episodes to scrutinise',
      ...list,
      done,
      words: MISSING_WORDS,
      pagination: pagination(
        page,
        pageCount(list.total, PAGE_SIZE),
        pageHref('/missing/scrutiny', new URLSearchParams(done ? { show } : {})),
      ),
    });
  });

  const renderScrutiny = (
    reply: FastifyReply,
    found: NonNullable<Awaited<ReturnType<MissingScrutinyService['forScrutiny']>>>,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) =>
    reply.render(
      `${V}/scrutiny-form.njk`,
      {
        pageTitle: `Scrutiny: ${found.episode.first_name} ${found.episode.last_name}`,
        ...found,
        values,
        errors,
        words: MISSING_WORDS,
        actions: actionRows.map((n) => ({
          n,
          byItems: dateInputItems(`action${n}By`, values, Boolean(errors?.fields[`action${n}By-day`])),
        })),
      },
      errors ? 400 : 200,
    );

  async function openScrutiny(request: FastifyRequest) {
    const found = await scrutiny.forScrutiny(actorOf(request), currentUser(request), uuidParam(request));
    if (!found) throw notFound();
    return found;
  }

  app.get('/missing/:id/scrutiny', { config: scrutinise }, async (request, reply) => {
    const found = await openScrutiny(request);
    if (found.scrutiny) return reply.redirect(`/missing/${found.episode.id}#scrutiny`, 303);
    return renderScrutiny(reply, found, {});
  });

  app.post('/missing/:id/scrutiny', { config: { ...scrutinise, once: true } }, async (request, reply) => {
    const found = await openScrutiny(request);
    if (found.scrutiny) return reply.redirect(`/missing/${found.episode.id}#scrutiny`, 303);
    const names = actionRows.map((n) => `action${n}By`);
    const form = parseForm(scrutinySchema, withDateInputs(request.body, names));
    // Drawn again from the body as typed: withDateInputs gathers each date's boxes under its day box.
    const typed = (request.body ?? {}) as Record<string, unknown>;
    if (!form.ok) return renderScrutiny(reply, found, typed, form.errors);
    try {
      await scrutiny.record(actorOf(request), currentUser(request), found.episode.id, form.data);
    } catch (error) {
      if (!(error instanceof ScrutinyExists)) throw error;
    }
    return reply.redirect(`/missing/${found.episode.id}#scrutiny`, 303);
  });

  app.post('/missing/:id/scrutiny/request', { config: { ...scrutinise, once: true } }, async (request, reply) => {
    const draftId = await scrutiny.startRequest(actorOf(request), currentUser(request), uuidParam(request));
    return reply.redirect(`/requests/drafts/${draftId}`, 303);
  });

  // ---- Closing ----

  type Closing = NonNullable<Awaited<ReturnType<MissingScrutinyService['forClosing']>>>;
  const closing = formPage<Closing, z.infer<typeof closeSchema>>({
    async open(request) {
      const found = await scrutiny.forClosing(uuidParam(request));
      if (!found) throw notFound();
      return found;
    },
    initial: (found) => ({ version: found.episode.version }),
    parse: (body) => parseForm(closeSchema, body),
    render: (reply, found, values, errors) =>
      reply.render(
        `${V}/close.njk`,
        { pageTitle: 'Close the missing episode', ...found, values, errors },
        errors ? 400 : 200,
      ),
    async save(request, found, data) {
      await scrutiny.close(actorOf(request), currentUser(request), found.episode.id, data.version, data.closingNote);
      return `/missing/${found.episode.id}#closing`;
    },
    problemOf(error) {
      if (error instanceof ClosingRefused) return formError('closingNote', error.message);
      if (error instanceof StaleVersionError) return formError('closingNote', STALE);
      return null;
    },
    async afterProblem(request, _reply, found, values) {
      const now = (await scrutiny.forClosing(uuidParam(request))) ?? found;
      return { found: now, values: { ...values, version: now.episode.version } };
    },
  });
  const editEpisode = { access: { record: missing.episodes.byId, can: 'record:edit' } } as const;
  app.get('/missing/:id/close', { config: editEpisode }, closing.show);
  app.post('/missing/:id/close', { config: editEpisode }, closing.submit);

  // ---- Every episode of one child ----

  app.get(
    '/missing/:id/child',
    { config: { access: { record: missing.episodes.byId, can: 'record:view' } } },
    async (request, reply) => {
      const found = await scrutiny.childEpisodes(actorOf(request), currentUser(request), uuidParam(request));
      if (!found) throw notFound();
      const { episode } = found;
      return reply.render(`${V}/child-episodes.njk`, {
        pageTitle: `${episode.first_name} ${episode.last_name}: missing episodes`,
        ...found,
        repeatSettings: (await scrutiny.settings()).repeat,
        words: MISSING_WORDS,
      });
    },
  );
}
