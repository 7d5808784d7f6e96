import type { Principal, Involvement } from '../../platform/permissions/policy.ts';
import { uuidParam } from '../../platform/http/params.ts';
import type { RecordLocator } from '../../platform/http/route-access.ts';

/** Early help's record type for the policy, break-glass and the audit trail: the family. */
export const FAMILY_RECORD_TYPE = 'family';

/**
 * How a route finds the family it is about, from a part of it named in the URL (the family
 * itself, an episode, a plan, a meeting): access to every early help page is access to the family.
 */
export function familyLocator(
  involvementsIn: (familyId: string, viewer: Principal) => Promise<Involvement[]>,
  familyOf: (id: string) => Promise<string | null | undefined>,
  param = 'id',
): RecordLocator {
  return {
    type: FAMILY_RECORD_TYPE,
    async find(request, user) {
      const familyId = await familyOf(uuidParam(request, param));
      return familyId ? { id: familyId, involvements: await involvementsIn(familyId, user) } : null;
    },
  };
}
