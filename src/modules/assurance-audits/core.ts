import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import type { Notify } from '../../platform/notify/notify.ts';
import { AccessDenied } from '../../platform/permissions/denied.ts';
import { can, type Principal } from '../../platform/permissions/policy.ts';
import type { EpisodeSummary } from '../early-help/index.ts';
import type { AuditStandards } from './standards.ts';

/** A change the service will not make, with the reason to show on the form's field. */
export class AuditRefused extends Error {
  override name = 'AuditRefused';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A correction drawn from a version of an answer that has since moved on: the form is drawn again as it is now. */
export class StaleAnswer extends AuditRefused {
  override name = 'StaleAnswer';
}

/** What the audits read of early help, through its index.ts: the closed episodes to sample, and their facts. */
export interface SampledRecords {
  closedEpisodes(criteria: {
    closedFrom: string;
    closedTo: string;
    level?: number | null;
    limit: number;
  }): Promise<EpisodeSummary[]>;
  episodeSummaries(ids: readonly string[]): Promise<EpisodeSummary[]>;
}

export interface AuditsDeps {
  notify: Notify;
  standards: () => Promise<AuditStandards>;
  records: SampledRecords;
  /** Hearth's address, for the links in emails. */
  publicUrl?: string;
}

/**
 * What the parts of the audits share: the check that the user runs the audits (`assurance:manage`) or answers for
 * their agency (`assurance:respond`), refusals audited; an audited transaction; and the tenant's standards.
 */
export class AuditsCore {
  constructor(
    readonly db: Kysely<DB>,
    readonly audit: AuditLog,
    readonly deps: AuditsDeps,
  ) {}

  manages(user: Principal) {
    return can(user, 'assurance:manage').allowed;
  }

  async toManage(actor: AuditActor, user: Principal, subjectType: string, subjectId?: string): Promise<void> {
    if (this.manages(user)) return;
    await this.refuse(
      actor,
      subjectType,
      'assurance:manage',
      'Only the Board’s business manager runs the audits.',
      subjectId,
    );
  }

  async refuse(
    actor: AuditActor,
    subjectType: string,
    action: string,
    message: string,
    subjectId?: string,
  ): Promise<never> {
    await this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      subjectType,
      ...(subjectId ? { subjectId } : {}),
      details: { action, reason: message },
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

  /** The active organisations, by name (the invitation and attendance lists). */
  organisations() {
    return this.db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('is_active', '=', true)
      .orderBy('name')
      .execute();
  }

  async organisationName(id: string) {
    const row = await this.db.selectFrom('organisations').select('name').where('id', '=', id).executeTakeFirst();
    return row?.name ?? 'Unknown organisation';
  }
}
