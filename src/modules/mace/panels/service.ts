import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { AccessDenied } from '../../../platform/permissions/denied.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import { MacePanelRepository } from './repository.ts';

/** One quadrant's panel and who sits on it. */
export interface MacePanel {
  quadrantId: string;
  quadrantCode: string;
  quadrantName: string;
  members: { userId: string; name: string; email: string; organisation: string | null }[];
}

/**
 * The MACE panels (seed 002: MACE 1 and MACE 2 work "within the Essex geographical quadrants"). A user on a
 * quadrant's panel takes part in that quadrant's MACE work: MACE records ask `involvementIn` and the policy's
 * 'mace-member' involvement follows. A MACE coordinator works for the whole partnership and sits on every panel.
 * Coordinators keep the membership; every change is audited.
 */
export class MacePanelService {
  private readonly repository: MacePanelRepository;

  constructor(
    db: Kysely<DB>,
    private readonly audit: AuditLog,
  ) {
    this.repository = new MacePanelRepository(db);
  }

  /** The quadrant ids whose MACE work the user takes part in: all of them for a coordinator. */
  async quadrantIdsOf(user: Principal): Promise<Set<string> | 'all'> {
    if (can(user, 'mace:coordinate').allowed) return 'all';
    if (!can(user, 'mace:take-part').allowed) return new Set();
    return new Set((await this.repository.quadrantsOf(user.id)).map((q) => q.id));
  }

  /** True when the user sits on the panel of the quadrant (a coordinator sits on every panel). */
  async sitsOn(user: Principal, quadrantId: string): Promise<boolean> {
    const quadrants = await this.quadrantIdsOf(user);
    return quadrants === 'all' || quadrants.has(quadrantId);
  }

  async panels(): Promise<MacePanel[]> {
    const panels = new Map<string, MacePanel>();
    for (const row of await this.repository.panels()) {
      const panel = panels.get(row.quadrant_id) ?? {
        quadrantId: row.quadrant_id,
        quadrantCode: row.quadrant_code,
        quadrantName: row.quadrant_name,
        members: [],
      };
      panels.set(row.quadrant_id, panel);
      if (row.user_id)
        panel.members.push({
          userId: row.user_id,
          name: row.display_name ?? '',
          email: row.email ?? '',
          organisation: row.organisation_name,
        });
    }
    return [...panels.values()];
  }

  /** Puts a user on a quadrant's panel. Only a coordinator; audited, a refusal too. */
  async add(actor: AuditActor, by: Principal, quadrantId: string, userId: string): Promise<boolean> {
    await this.mustCoordinate(actor, by);
    const added = await this.repository.add(quadrantId, userId, by.id);
    if (added)
      await this.audit.record(actor, {
        action: 'mace-panel.member-added',
        outcome: 'success',
        subjectType: 'user',
        subjectId: userId,
        details: { quadrantId },
      });
    return added;
  }

  /** Takes a user off a quadrant's panel. Only a coordinator; audited. */
  async remove(actor: AuditActor, by: Principal, quadrantId: string, userId: string): Promise<boolean> {
    await this.mustCoordinate(actor, by);
    const removed = await this.repository.remove(quadrantId, userId);
    if (removed)
      await this.audit.record(actor, {
        action: 'mace-panel.member-removed',
        outcome: 'success',
        subjectType: 'user',
        subjectId: userId,
        details: { quadrantId },
      });
    return removed;
  }

  private async mustCoordinate(actor: AuditActor, user: Principal) {
    if (can(user, 'mace:coordinate').allowed) return;
    await this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      details: { action: 'mace:coordinate' },
    });
    throw new AccessDenied('Only a MACE coordinator changes who sits on a MACE panel.');
  }
}
