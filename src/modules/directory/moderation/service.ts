import { sql, type Kysely } from 'kysely';
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

/**
 * Keeping the directory right: providers change their own organisation's entries, each change
 * waits as a pending version while the approved one stays live, and moderators approve or reject
 * it with a reason the provider sees. Entries not checked for 12 months are flagged to both.
 */

export { REVIEW_MONTHS, DirectoryAccessError } from './types.ts';
export type { ManagedService, QueueItem, ReviewDueItem, VersionReview, VersionState, VersionSummary } from './types.ts';

const content = (value: unknown) => value as ServiceContent;
const reviewCutoff = (now: Date) => {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - REVIEW_MONTHS);
  return cutoff;
};

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
  async providerServices(viewer: Principal, now = new Date()) {
    const rows = await this.db
      .selectFrom('directory_services as s')
      .leftJoin('directory_service_versions as live', 'live.id', 's.live_version_id')
      .select((eb) => [
        's.id',
        's.last_checked_at',
        'live.content as live_content',
        eb
          .selectFrom('directory_service_versions as v')
          .select(sql<string>`v.content->>'name'`.as('name'))
          .whereRef('v.service_id', '=', 's.id')
          .orderBy('v.number', 'desc')
          .limit(1)
          .as('latest_name'),
        eb
          .selectFrom('directory_service_versions as v')
          .select('v.state')
          .whereRef('v.service_id', '=', 's.id')
          .where('v.state', 'in', ['pending', 'rejected'])
          .whereRef('v.number', '>', sql`coalesce(live.number, 0)`)
          .orderBy('v.number', 'desc')
          .limit(1)
          .as('change_state'),
      ])
      .where('s.organisation_id', '=', viewer.organisationId)
      .execute();
    const cutoff = reviewCutoff(now);
    return rows
      .map((r) => ({
        id: r.id,
        name: r.live_content ? content(r.live_content).name : (r.latest_name ?? 'Untitled service'),
        isLive: r.live_content !== null,
        status: r.live_content ? content(r.live_content).status : null,
        change: (r.change_state ?? null) as 'pending' | 'rejected' | null,
        lastCheckedAt: r.last_checked_at,
        dueForReview: r.live_content !== null && r.last_checked_at < cutoff,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One entry as its provider (or a moderator) manages it. Throws DirectoryAccessError. */
  async managedService(
    actor: AuditActor,
    viewer: Principal,
    serviceId: string,
    now = new Date(),
  ): Promise<ManagedService> {
    const service = can(viewer, 'directory:moderate').allowed
      ? await this.findService(serviceId)
      : await this.authoriseEdit(actor, viewer, serviceId);
    if (!service) throw new DirectoryAccessError('not-found', 'No such service');
    const versions = await this.db
      .selectFrom('directory_service_versions as v')
      .leftJoin('users as sub', 'sub.id', 'v.submitted_by')
      .leftJoin('users as dec', 'dec.id', 'v.decided_by')
      .select([
        'v.id',
        'v.number',
        'v.state',
        'v.content',
        'v.submitted_at',
        'v.decided_at',
        'v.decision_reason',
        'sub.display_name as submitted_by',
        'dec.display_name as decided_by',
      ])
      .where('v.service_id', '=', serviceId)
      .orderBy('v.number', 'desc')
      .execute();
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
  async queue(now = new Date()): Promise<{ pending: QueueItem[]; reviewDue: ReviewDueItem[] }> {
    const [pending, reviewDue] = await Promise.all([
      this.db
        .selectFrom('directory_service_versions as v')
        .innerJoin('directory_services as s', 's.id', 'v.service_id')
        .innerJoin('organisations as o', 'o.id', 's.organisation_id')
        .leftJoin('users as u', 'u.id', 'v.submitted_by')
        .select([
          'v.id',
          'v.service_id',
          'v.content',
          'v.submitted_at',
          's.live_version_id',
          'o.name as organisation_name',
          'u.display_name',
        ])
        .where('v.state', '=', 'pending')
        .orderBy('v.submitted_at')
        .limit(500)
        .execute(),
      this.db
        .selectFrom('directory_listings as l')
        .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
        .select(['l.service_id', 'l.name', 'l.last_checked_at', 'o.name as organisation_name'])
        .where('l.last_checked_at', '<', reviewCutoff(now))
        .orderBy('l.last_checked_at')
        .limit(500)
        .execute(),
    ]);
    return {
      pending: pending.map((r) => ({
        versionId: r.id,
        serviceId: r.service_id,
        name: content(r.content).name,
        organisationName: r.organisation_name,
        isNew: r.live_version_id === null,
        submittedAt: r.submitted_at,
        submittedBy: r.display_name,
      })),
      reviewDue: reviewDue.map((r) => ({
        serviceId: r.service_id,
        name: r.name,
        organisationName: r.organisation_name,
        lastCheckedAt: r.last_checked_at,
      })),
    };
  }

  /** A version with the live one beside it, for the side-by-side comparison. Null if unknown. */
  async versionReview(versionId: string): Promise<VersionReview | null> {
    if (!isUuid(versionId)) return null;
    const row = await this.db
      .selectFrom('directory_service_versions as v')
      .innerJoin('directory_services as s', 's.id', 'v.service_id')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .leftJoin('directory_service_versions as live', 'live.id', 's.live_version_id')
      .leftJoin('users as sub', 'sub.id', 'v.submitted_by')
      .leftJoin('users as dec', 'dec.id', 'v.decided_by')
      .select([
        'v.id',
        'v.number',
        'v.state',
        'v.content',
        'v.submitted_at',
        'v.decided_at',
        'v.decision_reason',
        'sub.display_name as submitted_by',
        'dec.display_name as decided_by',
        's.id as service_id',
        's.version as service_version',
        's.organisation_id',
        'o.name as organisation_name',
        'live.content as live_content',
        'live.number as live_number',
      ])
      .where('v.id', '=', versionId)
      .executeTakeFirst();
    if (!row) return null;
    const pending = row.state === 'pending';
    const previous = pending
      ? undefined
      : await this.db
          .selectFrom('directory_service_versions')
          .select('content')
          .where('service_id', '=', row.service_id)
          .where('number', '=', row.number - 1)
          .executeTakeFirst();
    const before = pending ? row.live_content : previous?.content;
    return {
      version: toSummary(row),
      service: {
        id: row.service_id,
        organisationId: row.organisation_id,
        organisationName: row.organisation_name,
        version: row.service_version,
        liveVersionNumber: row.live_number,
      },
      before: before ? content(before) : null,
      comparedWith: pending ? 'live' : 'previous',
      proposed: content(row.content),
    };
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

  private findService(serviceId: string) {
    if (!isUuid(serviceId)) return Promise.resolve(undefined);
    return this.db
      .selectFrom('directory_services as s')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .select([
        's.id',
        's.organisation_id',
        's.live_version_id',
        's.version',
        's.last_checked_at',
        'o.name as organisation_name',
      ])
      .where('s.id', '=', serviceId)
      .executeTakeFirst();
  }

  /**
   * The policy decides, before any transaction (a service never changes organisation); a refusal
   * is recorded in the audit trail.
   */
  private async authoriseEdit(actor: AuditActor, viewer: Principal, serviceId: string) {
    const service = await this.findService(serviceId);
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
