import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { Notify } from '../../../platform/notify/notify.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import { serviceContentSchema, type ServiceContent } from '../content.ts';
import {
  DirectoryAccessError,
  REVIEW_MONTHS,
  toSummary,
  type ManagedService,
  type QueueItem,
  type ReviewDueItem,
  type VersionReview,
} from './types.ts';
import type { DirectoryRepository } from '../repository.ts';
import {
  content,
  findService,
  moderationQueue,
  providerServices,
  reviewCutoff,
  serviceVersions,
  versionReview,
} from './reads.ts';

/**
 * Keeping the directory right: providers change their own organisation's entries, each change
 * waits as a pending version while the approved one stays live, and moderators approve or reject
 * it with a reason the provider sees. Entries not checked for 12 months are flagged to both.
 */

export { REVIEW_MONTHS, DirectoryAccessError } from './types.ts';
export type { ManagedService, QueueItem, ReviewDueItem, VersionReview, VersionState, VersionSummary } from './types.ts';

export class DirectoryModeration {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly repository: DirectoryRepository,
    private readonly notify: Notify | undefined,
    private readonly settings: { publicUrl: string },
  ) {}

  // ——— Providers ———

  /** The entries of the provider's own organisation, with what needs their attention. */
  providerServices(viewer: Principal, now = new Date()) {
    return providerServices(this.db, viewer, now);
  }

  /** One entry as its provider (or a moderator) manages it. Throws DirectoryAccessError. */
  async managedService(
    actor: AuditActor,
    viewer: Principal,
    serviceId: string,
    now = new Date(),
  ): Promise<ManagedService> {
    const service = can(viewer, 'directory:moderate').allowed
      ? await findService(this.db, serviceId)
      : await this.authoriseEdit(actor, viewer, serviceId);
    if (!service) throw new DirectoryAccessError('not-found', 'No such service');
    const versions = await serviceVersions(this.db, serviceId);
    const history = versions.map(toSummary);
    const live = versions.find((v) => v.id === service.live_version_id);
    const liveNumber = live?.number ?? 0;
    const latest = versions[0];
    const pending = latest && latest.state === 'pending' ? toSummary(latest) : null;
    const rejected = latest && latest.state === 'rejected' && latest.number > liveNumber ? toSummary(latest) : null;
    return {
      id: service.id,
      organisationId: service.organisation_id,
      organisationName: service.organisation_name,
      version: service.version,
      lastCheckedAt: service.last_checked_at,
      dueForReview: live !== undefined && service.last_checked_at < reviewCutoff(now),
      live: live ? content(live.content) : null,
      pending,
      rejected,
      draft: pending || rejected ? content(latest!.content) : live ? content(live.content) : null,
      history,
    };
  }

  /** A provider adds a service: it waits for a moderator before anyone sees it. */
  async submitNewService(actor: AuditActor, viewer: Principal, input: ServiceContent): Promise<string> {
    if (!can(viewer, 'directory:provide').allowed)
      throw new DirectoryAccessError('forbidden', 'Only a directory provider adds services.');
    const parsed = serviceContentSchema.parse(input);
    return this.db.transaction().execute(async (tx) => {
      const { serviceId } = await this.repository.insertService(tx, {
        organisationId: viewer.organisationId,
        content: parsed,
        by: actor.userId,
        approved: false,
      });
      await this.audit.record(
        actor,
        {
          action: 'directory.service.submitted',
          outcome: 'success',
          subjectType: 'directory-service',
          subjectId: serviceId,
          details: { number: 1, isNew: true },
        },
        tx,
      );
      return serviceId;
    });
  }

  /**
   * A provider changes an entry. The change becomes the pending version (replacing any earlier
   * pending one, which is kept as withdrawn); the live version stays until a moderator approves.
   * `expectedVersion` is the lock version the form was shown with: StaleVersionError if it moved.
   */
  async submitChange(
    actor: AuditActor,
    viewer: Principal,
    serviceId: string,
    expectedVersion: number,
    input: ServiceContent,
  ): Promise<void> {
    const parsed = serviceContentSchema.parse(input);
    await this.authoriseEdit(actor, viewer, serviceId);
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'directory_services',
        { id: serviceId, version: expectedVersion, by: actor.userId, what: 'This service' },
        {},
      );
      await tx
        .updateTable('directory_service_versions')
        .set({ state: 'withdrawn' })
        .where('service_id', '=', serviceId)
        .where('state', '=', 'pending')
        .execute();
      const number = await this.repository.nextVersionNumber(tx, serviceId);
      await this.repository.insertVersion(tx, { serviceId, number, content: parsed, submittedBy: actor.userId });
      await this.audit.record(
        actor,
        {
          action: 'directory.service.submitted',
          outcome: 'success',
          subjectType: 'directory-service',
          subjectId: serviceId,
          details: { number },
        },
        tx,
      );
    });
  }

  /** The provider confirms the live entry is still right: it counts as reviewed for another 12 months. */
  async confirmChecked(
    actor: AuditActor,
    viewer: Principal,
    serviceId: string,
    expectedVersion: number,
  ): Promise<void> {
    await this.authoriseEdit(actor, viewer, serviceId);
    await this.db.transaction().execute(async (tx) => {
      const now = new Date();
      await updateVersioned(
        tx,
        'directory_services',
        { id: serviceId, version: expectedVersion, by: actor.userId, what: 'This service' },
        { last_checked_at: now, review_reminded_at: null },
      );
      await tx
        .updateTable('directory_listings')
        .set({ last_checked_at: now })
        .where('service_id', '=', serviceId)
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'directory.service.checked',
          outcome: 'success',
          subjectType: 'directory-service',
          subjectId: serviceId,
        },
        tx,
      );
    });
  }

  // ——— Moderators ———

  /** Changes waiting for a decision, oldest first, and live entries overdue for their review. */
  queue(now = new Date()): Promise<{ pending: QueueItem[]; reviewDue: ReviewDueItem[] }> {
    return moderationQueue(this.db, now);
  }

  /** A version with the live one beside it, for the side-by-side comparison. Null if unknown. */
  versionReview(versionId: string): Promise<VersionReview | null> {
    return versionReview(this.db, versionId);
  }

  /** Approves a pending version: it goes live at once, in search and the API. */
  async approve(actor: AuditActor, viewer: Principal, versionId: string, expectedVersion: number): Promise<void> {
    await this.decide(actor, viewer, versionId, expectedVersion, async (tx, version) => {
      await this.repository.makeLive(tx, version.service_id, versionId, actor.userId);
      await tx
        .updateTable('directory_services')
        .set({ review_reminded_at: null })
        .where('id', '=', version.service_id)
        .execute();
      await this.tellProvider(tx, version.service_id, `Your change to ${content(version.content).name} is live`, [
        `A moderator approved your change to ${content(version.content).name}. It now shows in the Directory of Services.`,
      ]);
      return { action: 'directory.version.approved', details: { number: version.number } };
    });
  }

  /** Rejects a pending version with a reason the provider is shown; the live version is untouched. */
  async reject(
    actor: AuditActor,
    viewer: Principal,
    versionId: string,
    expectedVersion: number,
    reason: string,
  ): Promise<void> {
    await this.decide(actor, viewer, versionId, expectedVersion, async (tx, version) => {
      await tx
        .updateTable('directory_service_versions')
        .set({ state: 'rejected', decided_by: actor.userId, decided_at: new Date(), decision_reason: reason })
        .where('id', '=', versionId)
        .execute();
      const name = content(version.content).name;
      await this.tellProvider(tx, version.service_id, `Your change to ${name} was not approved`, [
        `A moderator did not approve your change to ${name}. They said:`,
        reason,
        `You can change the entry and send it again: ${this.settings.publicUrl}/provider/services/${version.service_id}`,
      ]);
      return { action: 'directory.version.rejected', details: { number: version.number } };
    });
  }

  /**
   * Emails the providers of entries that have gone 12 months without a check, once per overdue
   * spell, and returns how many entries were flagged. Run daily by a job.
   */
  async remindOverdueReviews(now = new Date()): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('directory_listings as l')
        .innerJoin('directory_services as s', 's.id', 'l.service_id')
        .select(['l.service_id', 'l.name', 'l.last_checked_at'])
        .where('l.last_checked_at', '<', reviewCutoff(now))
        .where((eb) =>
          eb.or([eb('s.review_reminded_at', 'is', null), eb('s.review_reminded_at', '<', eb.ref('s.last_checked_at'))]),
        )
        .forUpdate()
        .execute();
      for (const service of due) {
        await this.tellProvider(tx, service.service_id, `Check your Directory of Services entry: ${service.name}`, [
          `Nobody has checked the entry for ${service.name} in the last ${REVIEW_MONTHS} months. Families and practitioners rely on it being right.`,
          `Please check it and either change it or confirm it is still correct: ${this.settings.publicUrl}/provider/services/${service.service_id}`,
        ]);
      }
      if (due.length > 0) {
        await tx
          .updateTable('directory_services')
          .set({ review_reminded_at: now })
          .where(
            'id',
            'in',
            due.map((d) => d.service_id),
          )
          .execute();
        await this.audit.record(
          { userId: null, label: 'Directory review reminders' },
          { action: 'directory.review.reminded', outcome: 'success', details: { count: due.length } },
          tx,
        );
      }
      return due.length;
    });
  }

  // ——— Internals ———

  /**
   * The policy decides, before any transaction (a service never changes organisation); a refusal
   * is recorded in the audit trail.
   */
  private async authoriseEdit(actor: AuditActor, viewer: Principal, serviceId: string) {
    const service = await findService(this.db, serviceId);
    if (!service) throw new DirectoryAccessError('not-found', 'No such service');
    const decision = can(viewer, 'directory-service:edit', {
      type: 'directory-service',
      id: serviceId,
      organisationId: service.organisation_id,
    });
    if (!decision.allowed) {
      await this.audit.record(actor, {
        action: 'permission.denied',
        outcome: 'denied',
        subjectType: 'directory-service',
        subjectId: serviceId,
        details: { action: 'directory-service:edit', reason: decision.reason },
      });
      throw new DirectoryAccessError(
        'forbidden',
        'This service belongs to another organisation. You can change only your own organisation’s services.',
      );
    }
    return service;
  }

  private async decide(
    actor: AuditActor,
    viewer: Principal,
    versionId: string,
    expectedVersion: number,
    apply: (
      tx: Kysely<DB>,
      version: { service_id: string; number: number; content: unknown },
    ) => Promise<{ action: string; details: Record<string, unknown> }>,
  ) {
    if (!can(viewer, 'directory:moderate').allowed)
      throw new DirectoryAccessError('forbidden', 'Only a directory moderator decides changes.');
    if (!isUuid(versionId)) throw new DirectoryAccessError('not-found', 'No such version');
    await this.db.transaction().execute(async (tx) => {
      const version = await tx
        .selectFrom('directory_service_versions')
        .select(['service_id', 'number', 'state', 'content'])
        .where('id', '=', versionId)
        .forUpdate()
        .executeTakeFirst();
      if (!version) throw new DirectoryAccessError('not-found', 'No such version');
      // Someone decided it, or the provider replaced it, since the moderator opened it.
      if (version.state !== 'pending') throw new StaleVersionError('This change');
      await updateVersioned(
        tx,
        'directory_services',
        { id: version.service_id, version: expectedVersion, by: actor.userId, what: 'This change' },
        {},
      );
      const { action, details } = await apply(tx, version);
      await this.audit.record(
        actor,
        { action, outcome: 'success', subjectType: 'directory-service', subjectId: version.service_id, details },
        tx,
      );
    });
  }

  /** Emails the organisation's active directory providers, in the same transaction as the decision. */
  private async tellProvider(tx: Kysely<DB>, serviceId: string, subject: string, paragraphs: string[]) {
    if (!this.notify) return;
    const providers = await tx
      .selectFrom('users as u')
      .innerJoin('directory_services as s', 's.organisation_id', 'u.organisation_id')
      .innerJoin('user_roles as r', 'r.user_id', 'u.id')
      .select(['u.email'])
      .where('s.id', '=', serviceId)
      .where('r.role', '=', 'directory-provider')
      .where('u.is_active', '=', true)
      .execute();
    for (const provider of providers) {
      await this.notify.sendEmail(
        { template: 'directory-provider', to: provider.email, subject, body: paragraphs.join('\n\n') },
        tx,
      );
    }
  }
}
