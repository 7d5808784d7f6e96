import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import { uuidParam } from '../../platform/http/params.ts';
import { can } from '../../platform/permissions/policy.ts';
import { episodeChats } from './chats/present.ts';
import { pageCount, pageHref, pagination } from '../../platform/views/pagination.ts';
import { listQuerySchema, MISSING_WORDS } from './schemas.ts';
import type { MissingScrutinyService } from './scrutiny/service.ts';
import type { MissingChatsService } from './chats/service.ts';
import type { MissingService } from './service.ts';

const V = 'missing/views';
const PAGE_SIZE = 50;

/**
 * Missing children's pages: the Hub's list of open episodes (/missing) and one episode (/missing/:id), whose access
 * is decided on the episode (the Hub, the worker it was sent to, and the child's family's workers).
 */
export async function missingRoutes(
  app: FastifyInstance,
  {
    missing,
    chats,
    scrutiny,
  }: { missing: MissingService; chats: MissingChatsService; scrutiny: MissingScrutinyService },
) {
  app.get('/missing', { config: { access: { action: 'hub:screen' } } }, async (request, reply) => {
    const { page, show } = listQuerySchema.parse(request.query ?? {});
    const returned = show === 'returned';
    const { rows, total } = await missing.openEpisodes(actorOf(request), page, PAGE_SIZE, returned);
    return reply.render(`${V}/list.njk`, {
      pageTitle: returned ? 'Missing children: returned, not yet closed' : 'Missing children',
      rows: await scrutiny.withRepeat(rows),
      total,
      returned,
      words: MISSING_WORDS,
      pagination: pagination(
        page,
        pageCount(total, PAGE_SIZE),
        pageHref('/missing', new URLSearchParams(returned ? { show } : {})),
      ),
    });
  });

  app.get(
    '/missing/:id',
    { config: { access: { record: missing.episodes.byId, can: 'record:view' } } },
    async (request, reply) => {
      const found = await missing.episode(actorOf(request), uuidParam(request));
      if (!found) throw notFound();
      const response = await scrutiny.forEpisodePage(request.user!, found.episode);
      const episode = { ...found.episode, repeat: response.repeat };
      return reply.render(`${V}/episode.njk`, {
        pageTitle: `${episode.first_name} ${episode.last_name}: missing episode`,
        ...found,
        episode,
        response,
        words: MISSING_WORDS,
        canHub: can(request.user, 'hub:screen').allowed,
        canScrutiny: can(request.user, 'missing:scrutinise').allowed,
        ...(await episodeChats(chats, request.user, episode)),
      });
    },
  );
}
