import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { decidedRecord } from '../../../platform/http/route-access.ts';
import { HUB_PATHWAY_NAMES } from '../../front-door/index.ts';
import { V, type Deps, familyAccess, idOf } from './routes-shared.ts';

const SOCIAL_CARE_ROUTES: Record<string, string> = {
  'statutory-assessment': 'Statutory assessment',
  'strategy-discussion': 'Strategy discussion',
};

/**
 * How the family's early help began (/early-help/episodes/:id/request): the Request for Support as
 * sent and the Hub's level, descriptors, reasons and suggested lead, read-only, for the people working
 * with the family (the policy's 'record:view-origin'). The family view and the request read are audited.
 */
export async function originRoutes(app: FastifyInstance, { earlyHelp, reference }: Deps) {
  const { viewOrigin } = familyAccess(earlyHelp);

  app.get('/early-help/episodes/:id/request', { config: viewOrigin }, async (request, reply) => {
    const { episode, origin } = await earlyHelp.origin(actorOf(request), idOf(request));
    if (!episode || !origin) throw notFound();
    const [levels, areas, districts] = await Promise.all([
      reference.windscreenLevels(),
      reference.outcomeAreas(),
      reference.districts(),
    ]);
    return reply.render(`${V}/origin.njk`, {
      pageTitle: `How early help began: request ${origin.request.displayReference}`,
      familyId: episode.family_id,
      emergencyAccess: decidedRecord(request).access?.banner ?? null,
      ...origin,
      districtName:
        districts.find((d) => d.code === origin.request.district_code)?.name ?? origin.request.district_code,
      levelNames: Object.fromEntries(levels.map((l) => [l.level, `Level ${l.level}: ${l.name}`])),
      areaNames: Object.fromEntries(areas.map((a) => [a.code, a.name])),
      pathwayNames: HUB_PATHWAY_NAMES,
      socialCareRoutes: SOCIAL_CARE_ROUTES,
    });
  });
}
