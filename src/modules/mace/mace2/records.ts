import type { FastifyRequest } from 'fastify';
import { isUuid } from '../../../platform/db/ids.ts';
import type { RecordLocator } from '../../../platform/http/route-access.ts';
import type { Principal } from '../../../platform/permissions/policy.ts';
import type { Mace2Access, Quadrant } from './access.ts';
import type { Mace2Repository } from './repository.ts';

/** How MACE 2's routes find their record: the quadrant's work, a place, a person, a meeting or an action. */
export interface Mace2Records {
  quadrant: RecordLocator;
  place: RecordLocator;
  person: RecordLocator;
  meeting: RecordLocator;
  action: RecordLocator;
}

/**
 * The locators MACE 2's routes declare with `can: 'restricted:view-panel'` (route-access.ts): each finds the record's
 * quadrant and says whether the user sits on that quadrant's panel (the 'mace-member' involvement; a coordinator sits
 * on every panel). The policy decides: only the panel sees what it holds, never a role alone, never break-glass; anyone
 * else is told only that a restricted record exists and whom to ask, and the refusal is audited.
 */
export function mace2Records(access: Mace2Access, repository: Mace2Repository): Mace2Records {
  const located = async (user: Principal, id: string, quadrant: Quadrant | null) =>
    quadrant
      ? { id, involvements: await access.involvementsIn(user, quadrant.id), askAbout: await access.askAbout() }
      : null;
  const byId = (type: string, quadrantIdOf: (id: string) => Promise<{ quadrant_id: string } | undefined>) => ({
    type,
    find: async (request: FastifyRequest, user: Principal) => {
      const { id } = request.params as { id?: string };
      if (!id || !isUuid(id)) return null;
      const row = await quadrantIdOf(id);
      return row ? located(user, id, await access.quadrantById(row.quadrant_id)) : null;
    },
  });
  return {
    quadrant: {
      type: 'mace2-quadrant',
      find: async (request, user) => {
        const { quadrant: code } = request.params as { quadrant?: string };
        if (!code || !/^[a-z0-9-]{1,50}$/.test(code)) return null;
        const quadrant = await access.quadrantByCode(code);
        return located(user, quadrant?.id ?? '', quadrant);
      },
    },
    place: byId('mace2-place', (id) => repository.place(id)),
    person: byId('mace2-person', (id) => repository.person(id)),
    meeting: byId('mace2-meeting', (id) => repository.meeting(id)),
    action: byId('mace2-action', (id) => repository.action(id)),
  };
}
