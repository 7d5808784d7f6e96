import type { FastifyReply, FastifyRequest } from 'fastify';
import { isUuid } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { V } from './draft-context.ts';
import type { HubService } from './hub/service.ts';
import type { FrontDoorService } from './service.ts';

/**
 * The requester's own request (/requests/sent/:requestId): "Request sent" while the Hub works on it,
 * and the Hub's outcome once it is final (issue 17, item 8) — the level in words, the pathway, what
 * happens next and any services — so the requester need not wait for, or find, the email.
 */
export function sentPage(frontDoor: FrontDoorService, hub: HubService) {
  return async function showSent(request: FastifyRequest, reply: FastifyReply) {
    const { requestId } = request.params as { requestId: string };
    if (!isUuid(requestId)) throw notFound();
    const sent = await frontDoor.request(requestId);
    if (!sent || sent.requester_user_id !== request.user!.id) throw notFound();
    const outcome = sent.status === 'decided' ? await hub.outcome(requestId) : null;
    return reply.render(`${V}/sent.njk`, {
      pageTitle: outcome ? `Request ${sent.displayReference}: the Hub’s decision` : 'Request sent',
      sent,
      outcome,
      hub: (await frontDoor.options()).hub,
    });
  };
}
