import type { FastifyInstance } from 'fastify';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import type { Principal } from '../../../platform/permissions/policy.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import { forbidden } from '../../../platform/http/errors.ts';
import { can } from '../../../platform/permissions/policy.ts';
import type { HomeService } from './service.ts';
import { meetingWhen } from '../taf/service.ts';
import { PATHWAY_NAMES } from '../rules.ts';
import { todayInLondon } from '../plan/rules.ts';

const V = 'early-help/home/views';
const ROLE_NAMES: Record<string, string> = {
  'lead-professional': 'Lead professional',
  'allocated-worker': 'Allocated worker',
  'taf-member': 'TAF member',
  'team-manager': 'Team manager',
  'taf-support': 'Supporting',
};

/**
 * The worker's home page (/early-help: their families and their day) and the Family Solutions
 * manager's team view (/early-help/team). Each view is audited once, with its counts only.
 */
/**
 * The worker's children's missing episodes (the missing module's, given by the app so early help does not depend
 * on it): shown on their home page with the same tags as the Hub's list.
 */
export type MissingChildren = (
  actor: AuditActor,
  viewer: Principal,
) => Promise<{
  episodes: { id: string; first_name: string; last_name: string; reported_at: Date; returned_at: Date | null }[];
  /** The words the episodes' tags use (risk gradings and their colours). */
  words: Record<string, Record<string, string>>;
}>;

export async function homeRoutes(
  app: FastifyInstance,
  { home, missingChildren }: { home: HomeService; missingChildren?: MissingChildren },
) {
  app.get('/early-help', { config: { access: { action: 'early-help:start' } } }, async (request, reply) => {
    const viewer = request.user;
    if (!viewer) throw forbidden();
    const day = await home.workerHome(viewer, todayInLondon());
    const missing = missingChildren ? await missingChildren(actorOf(request), viewer) : null;
    await home.recordView(actorOf(request), 'home', day.counts);
    const canAccept =
      can(viewer, 'early-help:accept-taf').allowed || can(viewer, 'early-help:accept-family-solutions').allowed;
    const meetings = day.meetings.map((m) => ({ ...m, when: meetingWhen(m.starts_at) }));
    return reply.render(`${V}/home-worker.njk`, {
      pageTitle: 'Early help',
      ...day,
      meetings,
      missing,
      canAccept,
      canLead: can(viewer, 'early-help:lead').allowed,
      pathwayNames: PATHWAY_NAMES,
      roleNames: ROLE_NAMES,
    });
  });

  app.get('/early-help/team', { config: { access: { action: 'early-help:team-view' } } }, async (request, reply) => {
    const viewer = request.user;
    if (!viewer) throw forbidden();
    const team = await home.teamView(viewer, todayInLondon());
    await home.recordView(actorOf(request), 'team', team.counts);
    return reply.render(`${V}/home-team.njk`, { pageTitle: 'Your team', ...team });
  });
}
