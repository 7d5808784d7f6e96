import { AccessDenied } from '../permissions/denied.ts';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../audit/audit.ts';
import type { DB } from '../db/schema/index.ts';
import { isUuid, newId } from '../db/ids.ts';
import type { Notify } from '../notify/notify.ts';
import { can, type Decision, type Involvement, type Principal, type ViewAction } from '../permissions/policy.ts';
import { alertEmail } from './alert.ts';
import { BreakGlassRepository, type GrantRow } from './repository.ts';
import { REASON_MAX, REASON_MIN } from './schemas.ts';

/** What a module tells break-glass about one of its records, for the viewer asking. */
export interface RecordSummary {
  /** Shown on the break-glass page, in the managers' email and the access log: a reference, never sensitive details. */
  label: string;
  /** The record's page, where the user goes once access is granted. */
  href: string;
  /** How the viewer is involved with the record (none, for someone who needs break-glass). */
  involvements: readonly Involvement[];
  /** A restricted record (exploitation, MACE): the page says so, and the MACE coordinators are told too. */
  restricted?: boolean;
}

/** Looks a record up by id for a viewer; null when there is no such record. */
export type RecordDescriber = (id: string, viewer: Principal) => Promise<RecordSummary | null>;

export interface RecordRef {
  type: string;
  id: string;
}

export interface Grant {
  id: string;
  userId: string;
  recordType: string;
  recordId: string;
  recordLabel: string;
  reason: string;
  grantedAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  managersAlerted: number;
}

export interface GrantInput {
  recordType: string;
  recordId: string;
  recordLabel: string;
  reason: string;
  /** How long the access lasts; the default when left out, never more than the maximum. */
  minutes?: number;
  /** Where the user was going: kept in the audit trail, so the review shows which page they opened. */
  returnTo?: string;
}

export interface AccessLogEntry {
  at: Date;
  userId: string | null;
  who: string;
  action: string;
  /** What happened, in words: "Viewed", "Used emergency access", … */
  summary: string;
  /** The reason given for emergency access. */
  reason: string | null;
  /** When that emergency access was due to end. */
  until: Date | null;
}

/** The policy does not offer break-glass to this user (not a casework role), or they are not active. */
export class BreakGlassRefused extends AccessDenied {}

/** Something the user entered is wrong: shown on the form's field. */
export class BreakGlassInputError extends Error {
  constructor(
    readonly field: 'reason' | 'minutes' | 'record',
    message: string,
  ) {
    super(message);
  }
}

export interface BreakGlassSettings {
  publicUrl: string;
  defaultMinutes?: number;
  maxMinutes?: number;
  /** The clock, so tests can move time on instead of waiting for it. */
  now?: () => Date;
}

const RECORD_TYPE = /^[a-z][a-z0-9-]{0,49}$/;
const chars = (s: string) => [...s].length;
const toGrant = (row: GrantRow): Grant => ({
  id: row.id,
  userId: row.user_id,
  recordType: row.record_type,
  recordId: row.record_id,
  recordLabel: row.record_label,
  reason: row.reason,
  grantedAt: row.granted_at,
  expiresAt: row.expires_at,
  endedAt: row.ended_at,
  managersAlerted: row.alerted_user_ids.length,
});

/**
 * Emergency ("break-glass") access to a child's or family's record for a caseworker who is not
 * involved with it (DESIGN.md §4): they give a reason, access lasts a limited time, their managers
 * are emailed, and every view is in the audit trail, where involved managers see it as the record's
 * access log. The policy decides who may use it; this service only keeps the grants.
 */
export class BreakGlassService {
  private readonly repository: BreakGlassRepository;
  private readonly describers = new Map<string, { describe: RecordDescriber; restricted: boolean }>();
  readonly defaultMinutes: number;
  readonly maxMinutes: number;
  private readonly now: () => Date;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly notify: Notify,
    private readonly settings: BreakGlassSettings,
  ) {
    this.repository = new BreakGlassRepository(db);
    this.defaultMinutes = settings.defaultMinutes ?? 60;
    // The table refuses more than 8 hours, whatever a setting says.
    this.maxMinutes = Math.min(settings.maxMinutes ?? 480, 480);
    this.now = settings.now ?? (() => new Date());
  }

  /**
   * Each module that has records registers how to find one, once, when services are built. The
   * break-glass page takes the record's name and address from here, never from the URL, so a
   * crafted link cannot put misleading words in a manager's email.
   */
  registerRecordType(type: string, describe: RecordDescriber, options: { restricted?: boolean } = {}) {
    if (!RECORD_TYPE.test(type)) throw new Error(`Record type "${type}" must be kebab-case`);
    this.describers.set(type, { describe, restricted: options.restricted === true });
  }

  /**
   * Whether emergency access can be asked for on this type of record at all: only types a module registered. A
   * record kept out on purpose (MACE's persons of concern) is never opened by break-glass, whatever the policy says.
   */
  offers(type: string): boolean {
    return this.describers.has(type);
  }

  async describe(record: RecordRef, viewer: Principal): Promise<RecordSummary | null> {
    const entry = this.describers.get(record.type);
    if (!entry || !isUuid(record.id)) return null;
    const summary = await entry.describe(record.id, viewer);
    return summary && entry.restricted ? { ...summary, restricted: true } : summary;
  }

  async activeGrant(userId: string, recordType: string, recordId: string): Promise<Grant | null> {
    if (!isUuid(userId) || !isUuid(recordId)) return null;
    const row = await this.repository.activeGrant(userId, recordType, recordId, this.now());
    return row ? toGrant(row) : null;
  }

  /** Whether the policy offers break-glass to this user at all (casework roles only). */
  available(principal: Principal, record: RecordRef): boolean {
    return (
      can(principal, 'record:view', { type: 'record', id: record.id, involvements: [], breakGlass: false })
        .breakGlassAvailable === true
    );
  }

  /**
   * Opens emergency access, or returns the one already open for this user and record. The grant,
   * its audit event and the managers' emails commit together or not at all.
   */
  async grant(actor: AuditActor, principal: Principal, input: GrantInput): Promise<Grant> {
    const record = { type: input.recordType, id: input.recordId };
    if (!this.available(principal, record)) {
      await this.audit.record(actor, {
        action: 'break-glass.refused',
        outcome: 'denied',
        subjectType: record.type,
        subjectId: record.id,
        details: { reason: 'not a casework role' },
      });
      throw new BreakGlassRefused('Only casework roles can use emergency access');
    }
    const { reason, minutes, label } = this.checkInput(input);
    return this.db.transaction().execute(async (tx) => {
      const user = await this.repository.lockUser(tx, principal.id);
      if (!user) throw new BreakGlassRefused('Only an active user can use emergency access');
      const open = await this.repository.activeGrant(principal.id, record.type, record.id, this.now(), tx);
      if (open) return toGrant(open);

      const grantedAt = this.now();
      const expiresAt = new Date(grantedAt.getTime() + minutes * 60_000);
      const { why, users: managers } = await this.repository.managersOf(principal.id, tx);
      // A restricted record: the MACE coordinators are told as well (issue 13), once each.
      const coordinators = this.describers.get(record.type)?.restricted
        ? await this.repository.maceCoordinators(tx, [principal.id, ...managers.map((m) => m.id)])
        : [];
      const id = newId();
      const row = await tx
        .insertInto('break_glass_grants')
        .values({
          id,
          user_id: principal.id,
          record_type: record.type,
          record_id: record.id,
          record_label: label,
          reason,
          granted_at: grantedAt,
          expires_at: expiresAt,
          ended_at: null,
          ended_by: null,
          alerted_user_ids: [...managers, ...coordinators].map((m) => m.id),
          manager_alerted_at: managers.length + coordinators.length > 0 ? grantedAt : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const link = `${this.settings.publicUrl}/access-log?${new URLSearchParams({ type: record.type, id: record.id })}`;
      const told = [
        ...managers.map((m) => ({ m, why })),
        ...coordinators.map((m) => ({ m, why: 'mace-coordinator' as const })),
      ];
      for (const { m: manager, why: because } of told) {
        const email = alertEmail({ user, manager, why: because, label, reason, minutes, grantedAt, expiresAt, link });
        await this.notify.sendEmail({ template: 'break-glass-alert', to: manager.email, ...email }, tx);
      }
      await this.audit.record(
        actor,
        {
          action: 'break-glass.granted',
          outcome: 'success',
          subjectType: record.type,
          subjectId: record.id,
          details: {
            grantId: id,
            reason,
            minutes,
            expiresAt: expiresAt.toISOString(),
            managersAlerted: managers.map((m) => m.id),
            ...(coordinators.length ? { maceCoordinatorsAlerted: coordinators.map((c) => c.id) } : {}),
            returnTo: input.returnTo ?? null,
          },
        },
        tx,
      );
      return toGrant(row);
    });
  }

  /**
   * Ends the actor's own grant early. Null when there is no such grant or it is someone else's
   * (the caller shows "not found" either way); an ended or expired grant is returned unchanged.
   */
  async endGrant(actor: AuditActor, grantId: string): Promise<Grant | null> {
    if (!isUuid(grantId) || !actor.userId) return null;
    return this.db.transaction().execute(async (tx) => {
      const row = await this.repository.find(grantId, tx);
      if (!row || row.user_id !== actor.userId) return null;
      const now = this.now();
      if (row.ended_at || row.expires_at <= now) return toGrant(row);
      const ended = await tx
        .updateTable('break_glass_grants')
        .set({ ended_at: now, ended_by: actor.userId })
        .where('id', '=', grantId)
        .where('ended_at', 'is', null)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(
        actor,
        {
          action: 'break-glass.ended',
          outcome: 'success',
          subjectType: row.record_type,
          subjectId: row.record_id,
          details: { grantId },
        },
        tx,
      );
      return toGrant(ended);
    });
  }

  /**
   * Decides whether the user may view the record, with any open grant counted, and records the
   * view (or the refusal) in the audit trail. Routes call this through recordAccess() (access.ts).
   */
  async checkView(
    actor: AuditActor,
    principal: Principal | null,
    record: RecordRef & { involvements: readonly Involvement[] },
    action: ViewAction = 'record:view',
  ): Promise<Decision & { grant: Grant | null }> {
    // What a MACE panel holds and a MARAC case never open through break-glass: no grant is looked for.
    const asked = action === 'restricted:view-panel' || action === 'restricted:view-marac' ? null : principal;
    const grant = asked ? await this.activeGrant(asked.id, record.type, record.id) : null;
    const decision = can(principal, action, {
      type: 'record',
      id: record.id,
      involvements: record.involvements,
      breakGlass: grant !== null,
    });
    const usedGrant = decision.allowed && record.involvements.length === 0 ? grant : null;
    const marked = action === 'record:view' ? {} : { restricted: true };
    await this.audit.record(
      actor,
      decision.allowed
        ? {
            action: 'record.viewed',
            outcome: 'allowed',
            subjectType: record.type,
            subjectId: record.id,
            details: { reason: decision.reason, ...(usedGrant ? { grantId: usedGrant.id } : {}), ...marked },
          }
        : {
            action: 'record.view-denied',
            outcome: 'denied',
            subjectType: record.type,
            subjectId: record.id,
            details: { reason: decision.reason, breakGlassAvailable: decision.breakGlassAvailable === true, ...marked },
          },
    );
    return { ...decision, grant: usedGrant };
  }

  /**
   * "Who has looked at this record": every view, refusal, emergency access and change the audit
   * trail holds about it, newest first. Show it only where the policy allows 'record:view-access-log'.
   */
  async accessLog(recordType: string, recordId: string, limit = 200): Promise<AccessLogEntry[]> {
    if (!RECORD_TYPE.test(recordType) || !isUuid(recordId)) return [];
    const rows = await this.repository.accessLog(recordType, recordId, limit);
    return rows.map((row) => {
      const details = row.details as Record<string, unknown>;
      const text = (key: string) => (typeof details[key] === 'string' ? (details[key] as string) : null);
      const breakGlass = row.action === 'break-glass.granted';
      return {
        at: row.occurred_at,
        userId: row.actor_user_id,
        who: row.display_name ?? row.actor_label,
        action: row.action,
        summary: describeAction(row.action, details),
        reason: breakGlass ? text('reason') : null,
        until: breakGlass && text('expiresAt') ? new Date(text('expiresAt')!) : null,
      };
    });
  }

  /** Involvements for the access log: a manager who was alerted about a grant on this record reviews it as team manager. */
  async accessLogInvolvements(
    record: RecordRef,
    viewer: Principal,
    summary: RecordSummary,
  ): Promise<readonly Involvement[]> {
    const alerted = await this.repository.wasAlerted(viewer.id, record.type, record.id);
    return alerted && !summary.involvements.includes('team-manager')
      ? [...summary.involvements, 'team-manager']
      : summary.involvements;
  }

  private checkInput(input: GrantInput) {
    if (!RECORD_TYPE.test(input.recordType) || !isUuid(input.recordId))
      throw new BreakGlassInputError('record', 'That record could not be found');
    const label = input.recordLabel.trim();
    if (label.length === 0 || chars(label) > 200)
      throw new BreakGlassInputError('record', 'That record could not be found');
    const reason = input.reason.trim();
    if (chars(reason) < REASON_MIN)
      throw new BreakGlassInputError('reason', `Reason must be ${REASON_MIN} characters or more`);
    if (chars(reason) > REASON_MAX)
      throw new BreakGlassInputError('reason', `Reason must be ${REASON_MAX} characters or fewer`);
    const minutes = input.minutes ?? this.defaultMinutes;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > this.maxMinutes) {
      throw new BreakGlassInputError(
        'minutes',
        `Emergency access can last from 1 minute to ${this.maxMinutes / 60} hours`,
      );
    }
    return { reason, minutes, label };
  }
}

function describeAction(action: string, details: Record<string, unknown>): string {
  switch (action) {
    case 'record.viewed':
      return details.grantId ? 'Viewed, using emergency access' : 'Viewed';
    case 'record.view-denied':
      return 'Was refused access';
    case 'break-glass.granted':
      return 'Started emergency access';
    case 'break-glass.ended':
      return 'Ended emergency access early';
    case 'break-glass.refused':
      return 'Was refused emergency access';
    case 'record.access-log-viewed':
      return 'Looked at this access log';
    default:
      return action.endsWith('.viewed') ? 'Viewed' : `Changed (${action})`;
  }
}
