import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { AccessDenied } from '../../../platform/permissions/denied.ts';
import { can, type Involvement, type Principal } from '../../../platform/permissions/policy.ts';
import { RestrictedRecordDenied } from '../../exploitation/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import type { MacePanelService } from '../panels/service.ts';

export interface Quadrant {
  id: string;
  code: string;
  name: string;
  districts: { code: string; name: string }[];
}

/** What the user may do in a quadrant's MACE 2 work, once they are let in. */
export interface QuadrantAccess {
  quadrant: Quadrant;
  /** A MACE coordinator: schedules meetings, records persons of concern and actions, keeps the problem profile. */
  coordinates: boolean;
}

/**
 * Who sees MACE 2's records: those who sit on the quadrant's panel (a coordinator sits on every panel). The panel
 * gives the 'mace-member' involvement and the policy decides ('record:view' to see, 'record:edit' to update an
 * action or add a place); a break-glass grant is never passed, so nobody reaches MACE 2 through break-glass, and
 * the Hub's roles see it only if they sit on the panel. Anyone else is told that a restricted record exists and
 * whom to ask; every refusal is audited.
 */
export class Mace2Access {
  constructor(
    private readonly audit: AuditLog,
    private readonly deps: { panels: MacePanelService; reference: ReferenceService },
  ) {}

  async quadrantByCode(code: string): Promise<Quadrant | null> {
    return (await this.quadrants()).find((q) => q.code === code) ?? null;
  }
  async quadrantById(id: string): Promise<Quadrant | null> {
    return (await this.quadrants()).find((q) => q.id === id) ?? null;
  }
  async quadrants(): Promise<Quadrant[]> {
    const [quadrants, districts] = await Promise.all([
      this.deps.reference.quadrants(),
      this.deps.reference.districts(),
    ]);
    return quadrants.map((q) => ({
      id: q.id,
      code: q.code,
      name: q.name,
      districts: districts.filter((d) => d.quadrant_code === q.code).map((d) => ({ code: d.code, name: d.name })),
    }));
  }

  /** The quadrants whose MACE 2 work the user sees. */
  async quadrantsOf(user: Principal): Promise<Quadrant[]> {
    const ids = await this.deps.panels.quadrantIdsOf(user);
    return (await this.quadrants()).filter((q) => ids === 'all' || ids.has(q.id));
  }

  /** Lets the user see a record of the quadrant, or audits the refusal and throws RestrictedRecordDenied. */
  async toView(actor: AuditActor, user: Principal, quadrant: Quadrant, record: Subject): Promise<QuadrantAccess> {
    const involvements = await this.involvementsIn(user, quadrant.id);
    const decision = can(user, 'record:view', { type: 'record', id: record.id ?? quadrant.id, involvements });
    if (!decision.allowed || involvements.length === 0) {
      await this.denied(actor, record, 'restricted:view', quadrant);
      throw new RestrictedRecordDenied(await this.askAbout());
    }
    return { quadrant, coordinates: can(user, 'mace:coordinate').allowed };
  }

  /** Lets a panel member (or coordinator) change the quadrant's records: update an action, add a place. */
  async toEdit(actor: AuditActor, user: Principal, quadrant: Quadrant, record: Subject): Promise<QuadrantAccess> {
    const involvements = await this.involvementsIn(user, quadrant.id);
    if (!can(user, 'record:edit', { type: 'record', id: record.id ?? quadrant.id, involvements }).allowed) {
      await this.denied(actor, record, 'record:edit', quadrant);
      throw new RestrictedRecordDenied(await this.askAbout());
    }
    return { quadrant, coordinates: can(user, 'mace:coordinate').allowed };
  }

  /** Only a MACE coordinator: schedule a meeting, record a person of concern or an action, the problem profile. */
  async toCoordinate(actor: AuditActor, user: Principal, quadrant: Quadrant, record: Subject): Promise<void> {
    if (can(user, 'mace:coordinate').allowed) return;
    await this.denied(actor, record, 'mace:coordinate', quadrant);
    throw new AccessDenied(`Only a MACE coordinator can ${record.doing ?? 'do this'}.`);
  }

  viewed(actor: AuditActor, record: Subject, quadrant: Quadrant, details: Record<string, unknown> = {}) {
    return this.audit.record(actor, {
      action: `${record.type}.viewed`,
      outcome: 'allowed',
      subjectType: record.type,
      ...(record.id ? { subjectId: record.id } : {}),
      details: { quadrant: quadrant.code, ...details },
    });
  }

  /** How the user is involved with a quadrant's MACE 2 work: 'mace-member' when they sit on its panel. */
  async involvementsIn(user: Principal, quadrantId: string): Promise<Involvement[]> {
    return (await this.deps.panels.sitsOn(user, quadrantId)) ? ['mace-member'] : [];
  }

  /** Whom to ask about a restricted record (the tenant's words). */
  async askAbout() {
    return (await this.deps.reference.exploitationSettings()).askAbout;
  }

  private denied(actor: AuditActor, record: Subject, action: string, quadrant: Quadrant) {
    return this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      subjectType: record.type,
      ...(record.id ? { subjectId: record.id } : {}),
      details: { action, quadrant: quadrant.code },
    });
  }
}

/** A MACE 2 record as the audit trail names it: 'mace2-place', 'mace2-person', 'mace2-action'… */
export interface Subject {
  type: string;
  id?: string;
  /** What a refused coordinator-only step was, for the message: 'schedule a MACE 2 meeting'. */
  doing?: string;
}
