import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { AccessDenied } from '../../platform/permissions/denied.ts';
import { can, type Principal } from '../../platform/permissions/policy.ts';
import type { VoiceSettings } from './settings.ts';

/** A change the service will not make, with the reason to show on the form's field. */
export class VoiceRefused extends Error {
  override name = 'VoiceRefused';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface VoiceDeps {
  settings: VoiceSettings;
  /** The performance framework's small-number threshold (its indicators file): results below it are suppressed. */
  suppressBelow: () => Promise<number>;
}

/**
 * What the parts of the voice service share: the database, the audit trail, the tenant's file, and the check that the
 * user supports the Corporate Parenting Panel (`corporate-parenting:manage`; a refusal is audited).
 */
export class VoiceCore {
  constructor(
    readonly db: Kysely<DB>,
    readonly audit: AuditLog,
    readonly deps: VoiceDeps,
  ) {}

  get settings() {
    return this.deps.settings;
  }

  async toManage(actor: AuditActor, user: Principal, subjectType: string, doing: string): Promise<void> {
    if (can(user, 'corporate-parenting:manage').allowed) return;
    await this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      subjectType,
      details: { action: 'corporate-parenting:manage' },
    });
    throw new AccessDenied(`Only the corporate parenting officer can ${doing}.`);
  }

  /** Runs the write and its audit event in one transaction. */
  async write<T>(
    actor: AuditActor,
    event: { action: string; subjectType: string; subjectId: string; details?: Record<string, unknown> },
    work: (tx: Kysely<DB>) => Promise<T>,
  ): Promise<T> {
    return this.audit.write(this.db, actor, event, work);
  }
}
