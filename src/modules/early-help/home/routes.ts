import type { FastifyInstance } from 'fastify';
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
export async function homeRoutes(app: FastifyInstance, { home }: { home: HomeService }) {
  app.get('/early-help', { config: { access: { action: 'early-help:start' } } }, async (request, reply) => {
    const viewer = request.user;
    if (!viewer) throw forbidden();
    const day = await home.workerHome(viewer, todayInLondon());
    await home.recordView(actorOf(request), 'home', day.counts);
    const canAccept =
      can(viewer, 'early-help:accept-taf').allowed || can(viewer, 'early-help:accept-family-solutions').allowed;
    const meetings = day.meetings.map((m) => ({ ...m, when: meetingWhen(m.starts_at) }));
    return reply.render(`${V}/home-worker.njk`, {
      pageTitle: 'Early help',
      ...day,
      meetings,
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
