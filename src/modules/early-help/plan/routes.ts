import type { FastifyInstance } from 'fastify';
import type { Deps } from './routes-shared.ts';
import { planPageRoutes } from './plan-routes.ts';
import { actionRoutes } from './action-routes.ts';
import { goalChangeRoutes } from './goal-change-routes.ts';
import { signOffRoutes } from './signoff-routes.ts';
import { printRoutes } from './print-routes.ts';

/**
 * Early Help Plan pages: the plan (/early-help/episodes/:id/plan), its goals, actions, sign-off and
 * reviews (/early-help/plans/:id/…), the printable plan for the family (a page and a PDF), and overdue reviews
 * (/early-help/reviews). Every plan page declares record access to the family for the family first.
 */
export async function planRoutes(app: FastifyInstance, deps: Deps) {
  await planPageRoutes(app, deps);
  await actionRoutes(app, deps);
  await goalChangeRoutes(app, deps);
  await signOffRoutes(app, deps);
  await printRoutes(app, deps);
}
