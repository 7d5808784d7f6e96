import type { FastifyInstance } from 'fastify';
import { familyRoutes } from './families/family-routes.ts';
import { memberRoutes } from './families/member-routes.ts';
import { originRoutes } from './families/origin-routes.ts';
import type { Deps } from './families/routes-shared.ts';
import { startRoutes } from './families/start-routes.ts';

/**
 * Early help pages: Hub work to take on (/early-help/work), a partner's own start (/early-help/start),
 * the family (/families/:id) and the episode's forms, and the family's members and address.
 * "My families" (/early-help) is the worker's home page: home/routes.ts. Every family page declares
 * record access to the family (policy by involvement, break-glass, audit).
 */
export async function earlyHelpRoutes(app: FastifyInstance, deps: Deps) {
  await startRoutes(app, deps);
  await familyRoutes(app, deps);
  await memberRoutes(app, deps);
  await originRoutes(app, deps);
}
