import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, safeReturnTo } from '../auth/guards.ts';
import { forbidden } from '../http/errors.ts';
import { can, type Decision, type Involvement, type ViewAction } from '../permissions/policy.ts';
import type { BreakGlassService, Grant } from './service.ts';
import { untilText } from './until.ts';

export interface RecordTarget {
  /** The record's type as the audit trail names it: 'person', 'family', 'request-for-support', … */
  type: string;
  id: string;
  /** How the signed-in user is involved with this record (the module works this out). */
  involvements: readonly Involvement[];
  /** A restricted record's "whom to ask", shown to someone who may not see it. */
  askAbout?: string;
}

/** What a record page passes to its template so the emergency-access banner can show. */
export interface EmergencyAccessBanner {
  grantId: string;
  until: string;
  reason: string;
}

export type RecordAccess = Decision & {
  /** The break-glass grant this view relies on, if any. */
  grant: Grant | null;
  /** For `{% include "break-glass/views/_banner.njk" %}`: pass as `emergencyAccess`. Null when not in use. */
  banner: EmergencyAccessBanner | null;
};

const FORBIDDEN_MESSAGE =
  'You are not involved with this record. If you need to see it, ask its lead professional or allocated worker, or your manager.';

/** What someone who may not see a restricted record is told: that it exists and whom to ask, nothing of it. */
export const restrictedMessage = (askAbout = 'the Children and Families Hub') =>
  `A restricted record exists. To see it, ask ${askAbout}.`;

/**
 * The one call a record page makes before showing a child's or family's record (or, with 'restricted:view', a
 * restricted record: someone refused is told only that it exists and whom to ask). It asks the
 * policy (counting any break-glass grant the user holds), writes 'record.viewed' or
 * 'record.view-denied' to the audit trail, and when access is refused it answers the request
 * itself: casework roles go to the break-glass page (and come back here once they have given a
 * reason), everyone else gets a 403 page. It returns null when it has answered.
 *
 * Routes do not call it themselves: they declare `{ record: locator, can: 'record:view' }` in
 * `config.access` and the route-access hook (platform/http/route-access.ts) calls it. A record
 * module registers its type once, where services are built, for the break-glass page:
 * `breakGlass.registerRecordType('family', async (id, viewer) => ({ label, href, involvements }))`.
 */
export async function recordAccess(
  breakGlass: BreakGlassService,
  request: FastifyRequest,
  reply: FastifyReply,
  target: RecordTarget,
  action: ViewAction = 'record:view',
): Promise<RecordAccess | null> {
  if (!request.user) {
    if (request.method === 'GET') request.session.returnTo = safeReturnTo(request.url);
    await reply.redirect('/sign-in', 303);
    return null;
  }
  const decision = await breakGlass.checkView(actorOf(request), request.user, target, action);
  if (decision.allowed) {
    const { grant } = decision;
    const banner = grant
      ? { grantId: grant.id, until: untilText(grant.expiresAt, new Date()), reason: grant.reason }
      : null;
    return { ...decision, banner };
  }
  if (decision.breakGlassAvailable && request.method === 'GET' && breakGlass.offers(target.type)) {
    const query = new URLSearchParams({ type: target.type, id: target.id, returnTo: safeReturnTo(request.url) });
    await reply.redirect(`/break-glass?${query}`, 303);
    return null;
  }
  throw forbidden(action === 'record:view' ? FORBIDDEN_MESSAGE : restrictedMessage(target.askAbout));
}

/**
 * The record's access log for a page to include (`{% include "break-glass/views/_access-log.njk" %}`
 * with `accessLog`), or null when the policy does not let this user see it.
 */
export async function accessLogFor(breakGlass: BreakGlassService, request: FastifyRequest, target: RecordTarget) {
  const decision = can(request.user, 'record:view-access-log', {
    type: 'record',
    id: target.id,
    involvements: target.involvements,
  });
  return decision.allowed ? breakGlass.accessLog(target.type, target.id) : null;
}
