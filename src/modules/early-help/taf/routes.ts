import type { FastifyInstance } from 'fastify';
import type { Deps } from './routes-shared.ts';
import { meetingRoutes } from './meeting-routes.ts';
import { recordRoutes } from './record-routes.ts';
import { supportRoutes } from './support-routes.ts';
import { partnerRoutes } from './partner-routes.ts';

/**
 * Team Around the Family meetings (/families/:id/meetings, /early-help/meetings/:id and the episode's
 * forms) and the TAF Support Officers' support log (/early-help/support-log). Every meeting page goes
 * through the route's declared record access to the family (policy by involvement, break-glass, audit); forms need the
 * family's editors.
 */
export async function tafRoutes(app: FastifyInstance, deps: Deps) {
  await meetingRoutes(app, deps);
  await recordRoutes(app, deps);
  await supportRoutes(app, deps);
  await partnerRoutes(app, deps);
}
