import { uuidParam } from '../../../platform/http/params.ts';
import type { RecordLocator } from '../../../platform/http/route-access.ts';
import { can, type Involvement, type Principal } from '../../../platform/permissions/policy.ts';

/** A MACE 1 nomination as the audit trail and the policy name it. */
export const MACE1_NOMINATION = 'mace1-nomination';

/** How a user takes part in a nomination: the nominator raised it; a coordinator decides it, whatever the quadrant. */
export function nominationInvolvements(row: { nominated_by: string }, user: Principal): Involvement[] {
  const involvements: Involvement[] = row.nominated_by === user.id ? ['raised-concern'] : [];
  if (can(user, 'mace:coordinate').allowed) involvements.push('mace-member');
  return involvements;
}

/** A nomination named by the route's `:id`, for routes that declare 'restricted:view-panel'. */
export function nominationLocator(
  nomination: (id: string) => Promise<{ id: string; nominated_by: string } | undefined>,
  askAbout: () => Promise<string>,
): RecordLocator {
  return {
    type: MACE1_NOMINATION,
    find: async (request, user) => {
      const row = await nomination(uuidParam(request, 'id'));
      return row ? { id: row.id, involvements: nominationInvolvements(row, user), askAbout: await askAbout() } : null;
    },
  };
}
