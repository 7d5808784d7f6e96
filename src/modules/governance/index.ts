/**
 * Governance (issue 14, "Know if it works"): the partnership's boards and sub-groups with their members, meetings
 * (agenda, papers, minutes, decisions), the action log (matters arising) and the scrutiny work programme.
 */
export { GovernanceService } from './service.ts';
export type { GovernanceLinks } from './actions.ts';
export { governanceRoutes } from './routes.ts';
