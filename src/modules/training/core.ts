import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import type { Notify } from '../../platform/notify/notify.ts';
import { AccessDenied } from '../../platform/permissions/denied.ts';
import { can, type Principal } from '../../platform/permissions/policy.ts';
import { TrainingRepository } from './repository.ts';
import type { TrainingSettings } from './training-file.ts';

/** A change the service will not make, with the reason to show on the form's field. */
export class TrainingRefused extends Error {
  override name = 'TrainingRefused';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface TrainingDeps {
  notify: Notify;
  /** The tenant's training file, read once (training-file.ts). */
  settings: () => Promise<TrainingSettings>;
  /** Hearth's address, for the links in emails. */
  publicUrl?: string;
}

/**
 * What the parts of the training service share: the repository, the check that the user runs the training offer
 * (`training:manage`, the policy decides; a refusal is audited), an audited transaction and the tenant's lists.
 */
export class TrainingCore {
  readonly r: TrainingRepository;
  constructor(
    readonly db: Kysely<DB>,
    readonly audit: AuditLog,
    readonly deps: TrainingDeps,
  ) {
    this.r = new TrainingRepository(db);
  }

  async toManage(actor: AuditActor, user: Principal, subjectType: string, doing: string): Promise<void> {
    if (can(user, 'training:manage').allowed) return;
    await this.refuse(actor, subjectType, 'training:manage', `Only the Board’s training manager can ${doing}.`);
  }

  async refuse(actor: AuditActor, subjectType: string, action: string, message: string, subjectId?: string) {
    await this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      subjectType,
      ...(subjectId ? { subjectId } : {}),
      details: { action },
    });
    throw new AccessDenied(message);
  }

  /** Runs the write and its audit event in one transaction. */
  async write<T>(
    actor: AuditActor,
    event: { action: string; subjectType: string; subjectId: string; details?: Record<string, unknown> },
    work: (tx: Kysely<DB>) => Promise<T>,
  ): Promise<T> {
    return this.audit.write(this.db, actor, event, work);
  }

  link(path: string) {
    return `${this.deps.publicUrl ?? ''}${path}`;
  }
}
