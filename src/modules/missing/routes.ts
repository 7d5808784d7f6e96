import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import { uuidParam } from '../../platform/http/params.ts';
import { can } from '../../platform/permissions/policy.ts';
import { episodeChats } from './chats/present.ts';
import { pageCount, pageHref, pagination } from '../../platform/views/pagination.ts';
import { listQuerySchema, MISSING_WORDS } from './schemas.ts';
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
  { missing, chats }: { missing: MissingService; chats: MissingChatsService },
) {
  app.get('/missing', { config: { access: { action: 'hub:screen' } } }, async (request, reply) => {
    const { page } = listQuerySchema.parse(request.query ?? {});
    const { rows, total } = await missing.openEpisodes(actorOf(request), page, PAGE_SIZE);
    return reply.render(`${V}/list.njk`, {
      pageTitle: 'Missing children',
      rows,
      total,
      words: MISSING_WORDS,
      pagination: pagination(page, pageCount(total, PAGE_SIZE), pageHref('/missing')),
    });
  });

  app.get(
    '/missing/:id',
    { config: { access: { record: missing.episodes.byId, can: 'record:view' } } },
    async (request, reply) => {
      const found = await missing.episode(actorOf(request), uuidParam(request));
      if (!found) throw notFound();
      const { episode } = found;
      return reply.render(`${V}/episode.njk`, {
        pageTitle: `${episode.first_name} ${episode.last_name}: missing episode`,
        ...found,
        words: MISSING_WORDS,
        canHub: can(request.user, 'hub:screen').allowed,
        ...(await episodeChats(chats, request.user, episode)),
      });
    },
  );
}
