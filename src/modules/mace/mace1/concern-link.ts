import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import type { CurrentUser } from '../../../platform/http/types.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { ExploitationService } from '../../exploitation/index.ts';

/**
 * A nomination to MACE 1 from an exploitation concern (issue 13): the child's details carried over, for someone who
 * may see the concern. The concern's own locator and the policy decide, as on the concern's page.
 */

/** The child's details, for a route whose declared access (`restricted:view` on the concern) let the user see it. */
export async function childFromConcern(
  exploitation: ExploitationService,
  actor: AuditActor,
  user: Principal,
  concernId: string,
  reason: string,
) {
  const concern = await exploitation.view(actor, user, concernId, reason);
  if (!concern) return null;
  return {
    id: concern.id,
    firstName: concern.child_first_name,
    lastName: concern.child_last_name,
    dateOfBirth: concern.child_date_of_birth,
  };
}

/** Whether the user may see an exploitation concern (a nomination links only a concern its nominator may see). */
export async function maySeeConcern(exploitation: ExploitationService, user: Principal, id: string) {
  const found = await exploitation.concerns.byId.find(
    { params: { id } } as unknown as FastifyRequest,
    user as CurrentUser,
  );
  return Boolean(found && can(user, 'restricted:view', { type: 'record', ...found }).allowed);
}
