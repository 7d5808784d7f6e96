import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { AccessDenied } from '../../platform/permissions/denied.ts';
import { can, type Principal } from '../../platform/permissions/policy.ts';
import { GovernanceRepository } from './repository.ts';

/** A board as the pages and the service pass it around. */
export interface Board {
  id: string;
  code: string;
  name: string;
  kind: string;
}

/** A change the service will not make, with the reason to show on the form's field. */
export class GovernanceRefused extends Error {
  override name = 'GovernanceRefused';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What the parts of the governance service share: the repository, the check that the user keeps the boards'
 * records (`governance:manage`, the policy decides; a refusal is audited) and an audited transaction.
 */
export class GovernanceCore {
  readonly r: GovernanceRepository;
  constructor(
    readonly db: Kysely<DB>,
    readonly audit: AuditLog,
  ) {
    this.r = new GovernanceRepository(db);
  }

  async toManage(actor: AuditActor, user: Principal, subjectType: string, doing: string): Promise<void> {
    if (can(user, 'governance:manage').allowed) return;
    await this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      subjectType,
      details: { action: 'governance:manage' },
    });
    throw new AccessDenied(`Only a board manager can ${doing}.`);
  }

  /** Runs the write and its audit event in one transaction. */
  async write(
    actor: AuditActor,
    event: { action: string; subjectType: string; subjectId: string; details?: Record<string, unknown> },
    work: (tx: Kysely<DB>) => Promise<unknown>,
  ): Promise<void> {
    await this.audit.write(this.db, actor, event, work);
  }
}
