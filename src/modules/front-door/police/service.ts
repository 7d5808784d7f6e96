import { pageWindow } from '../../../platform/views/pagination.ts';
import type { Insertable, Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import type {
  DB,
  PoliceNotificationsTable,
  PoliceTriageOutcome,
  RequestPeopleTable,
} from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { CONCERN_CATEGORIES, notificationSchema, type NotificationInput } from './schemas.ts';
import { parsePoliceCsv, type CsvProblem } from './csv.ts';
import { PoliceRepository } from './repository.ts';
import { notificationRow, peopleRows, requestRow } from './rows.ts';
import { formatReference } from '../reference.ts';
import { todayInLondon } from '../rules.ts';
import type { FrontDoorService } from '../service.ts';

/**
 * Police notifications: sent in batches by a force's system (the JSON API) or pasted as CSV by Hub
 * staff, each becomes a Request for Support with source 'police' in the Hub's queue, plus a
 * police_notifications row for what only the police send. A notification is triaged lightly
 * first: no further action (with a reason), passed to the worker already working with the child,
 * or screened like any other request. Receiving is idempotent on the force's own reference.
 */

export interface PoliceSender {
  organisationId: string;
  /** The force's name, for the request's "from". */
  organisationName: string;
  /** The API client that sent it; null for a CSV pasted by Hub staff. */
  apiClientId: string | null;
}

export interface Received {
  status: 'created' | 'duplicate';
  requestId: string;
  /** The Hearth reference, 'K7QX M2PA'. */
  reference: string;
}

export interface CsvReportRow {
  row: number;
  policeReference: string;
  status: 'ready' | 'duplicate' | 'problem';
  /** For a duplicate: the request Hearth already has. */
  existing?: { requestId: string; reference: string };
  problems: CsvProblem[];
}

export interface CsvReport {
  fileProblems: CsvProblem[];
  rows: CsvReportRow[];
  counts: { ready: number; duplicate: number; problem: number };
}

export interface TriageInput {
  outcome: PoliceTriageOutcome;
  reason?: string | undefined;
  /** A worker's name (and how to reach them), typed. */
  passedTo?: string | undefined;
  teamId?: string | undefined;
}

/** A triage the rules refuse, named by the field to correct. */
export class PoliceTriageError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export const TRIAGE_NAMES: Record<PoliceTriageOutcome, string> = {
  'no-further-action': 'No further action',
  'passed-to-worker': 'Passed to the worker already involved',
  screen: 'Screen',
};

/**
 * Told of notifications just saved, inside the transaction that saved them (so a refusal saves nothing): the
 * missing children module opens or updates missing episodes this way. `prepare` reads first, before the
 * transaction (on PGlite's one connection a read outside it would wait for it); `saved` is given each item once,
 * when it is new, with what `prepare` found.
 */
export interface PoliceReceivedHook<P> {
  prepare(items: NotificationInput[]): Promise<P>;
  saved(
    tx: Kysely<DB>,
    actor: AuditActor,
    sender: PoliceSender,
    received: { requestId: string; item: NotificationInput }[],
    prepared: P,
  ): Promise<void>;
}
type SavedStep = (
  tx: Kysely<DB>,
  actor: AuditActor,
  sender: PoliceSender,
  received: { requestId: string; item: NotificationInput }[],
) => Promise<void>;

const keyOf = (organisationId: string, policeReference: string) => `police:${organisationId}:${policeReference}`;

export class PoliceService {
  private readonly repository: PoliceRepository;
  private readonly receivedHooks: ((items: NotificationInput[]) => Promise<SavedStep>)[] = [];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly frontDoor: FrontDoorService,
    private readonly reference: ReferenceService,
  ) {
    this.repository = new PoliceRepository(db);
  }

  /** Adds a hook told of each new notification (see PoliceReceivedHook). */
  onReceived<P>(hook: PoliceReceivedHook<P>): void {
    this.receivedHooks.push(async (items) => {
      const prepared = await hook.prepare(items);
      return (tx, actor, sender, received) => hook.saved(tx, actor, sender, received, prepared);
    });
  }

  private cachedSchema: Promise<ReturnType<typeof notificationSchema>> | undefined;

  /**
   * The schema of one notification, with the tenant's districts, built once: districts change only
   * with the tenant file, at start-up, and zod compiles a schema on first use.
   */
  schema() {
    this.cachedSchema ??= this.frontDoor.options().then(
      (o) => notificationSchema(o.districts),
      (error: unknown) => {
        this.cachedSchema = undefined;
        throw error;
      },
    );
    return this.cachedSchema;
  }

  /** Police forces, for the upload page: organisations of type 'police'. */
  async forces(): Promise<{ id: string; name: string }[]> {
    return (await this.reference.organisations())
      .filter((o) => o.type_code === 'police' && o.is_active)
      .map((o) => ({ id: o.id, name: o.name }));
  }

  /**
   * Saves checked notifications in one transaction and says, for each, whether it is new or one
   * Hearth already had (the same police reference from the same force: sent again, not saved again).
   */
  async receive(actor: AuditActor, sender: PoliceSender, items: NotificationInput[]): Promise<Received[]> {
    if (items.length === 0) return [];
    const { priorities } = await this.frontDoor.options();
    const today = todayInLondon();
    const firstOf = new Map<string, number>();
    items.forEach((item, index) => {
      if (!firstOf.has(item.police_reference)) firstOf.set(item.police_reference, index);
    });
    // Sorted by key, so two batches holding the same references lock them in the same order.
    const unique = [...firstOf.entries()]
      .map(([ref, index]) => ({ ref, key: keyOf(sender.organisationId, ref), item: items[index]! }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));

    const steps = await Promise.all(this.receivedHooks.map((prepare) => prepare(unique.map((u) => u.item))));
    const outcomes = await this.db.transaction().execute(async (tx) => {
      const byKey = new Map<string, Received>();
      let pending = unique;
      for (let attempt = 0; pending.length && attempt < 5; attempt++) {
        const rows = pending.map(({ key, item }) =>
          requestRow(actor, sender.organisationName, sender.organisationId, key, item, priorities, today),
        );
        const inserted = await this.repository.insertRequests(tx, rows);
        const insertedKeys = new Set(inserted.map((i) => i.idempotency_key));
        const created = pending.filter((p) => insertedKeys.has(p.key));
        const ids = new Map(rows.map((r) => [r.idempotency_key, r.id]));
        const people: Insertable<RequestPeopleTable>[] = [];
        const notifications: Insertable<PoliceNotificationsTable>[] = [];
        for (const { key, item } of created) {
          const requestId = ids.get(key)!;
          people.push(...peopleRows(requestId, item));
          notifications.push(notificationRow(actor, requestId, sender, item));
        }
        await this.repository.insertPeopleAndNotifications(tx, people, notifications);
        for (const i of inserted)
          byKey.set(i.idempotency_key, { status: 'created', requestId: i.id, reference: formatReference(i.reference) });
        const notInserted = pending.filter((p) => !byKey.has(p.key));
        for (const e of await this.repository.byKeys(
          tx,
          notInserted.map((p) => p.key),
        )) {
          byKey.set(e.idempotency_key, {
            status: 'duplicate',
            requestId: e.id,
            reference: formatReference(e.reference),
          });
        }
        // Anything left clashed with another request's random reference: draw again.
        pending = notInserted.filter((p) => !byKey.has(p.key));
      }
      if (pending.length) throw new Error('Could not draw unused request references in 5 attempts');
      const created = unique
        .filter(({ key }) => byKey.get(key)!.status === 'created')
        .map(({ key, item }) => ({ requestId: byKey.get(key)!.requestId, item }));
      for (const step of steps) if (created.length) await step(tx, actor, sender, created);
      // The audit events come last, so the audit chain's lock is held only while they are written.
      for (const { key, ref, item } of unique) {
        const r = byKey.get(key)!;
        if (r.status !== 'created') continue;
        await this.audit.record(
          actor,
          {
            action: 'police-notification.received',
            outcome: 'success',
            subjectType: 'request-for-support',
            subjectId: r.requestId,
            details: {
              policeReference: ref,
              organisationId: sender.organisationId,
              apiClientId: sender.apiClientId,
              district: item.district,
              category: item.concern_category,
            },
          },
          tx,
        );
      }
      return byKey;
    });
    return items.map((item, index) => {
      const r = outcomes.get(keyOf(sender.organisationId, item.police_reference))!;
      // A reference repeated in the same batch is saved once: the later copies are duplicates.
      return firstOf.get(item.police_reference) === index ? r : { ...r, status: 'duplicate' };
    });
  }

  // ---- The CSV upload ----

  /** Checks pasted CSV row by row, and says which rows Hearth already has. Saves nothing. */
  async checkCsv(organisationId: string, text: string): Promise<CsvReport & { good: NotificationInput[] }> {
    const { fileProblems, rows } = parsePoliceCsv(text, await this.schema());
    const refs = rows.filter((r) => r.notification).map((r) => keyOf(organisationId, r.policeReference));
    const existing = new Map((await this.repository.byKeys(this.db, refs)).map((e) => [e.idempotency_key, e]));
    const report = rows.map((r): CsvReportRow => {
      if (!r.notification)
        return { row: r.row, policeReference: r.policeReference, status: 'problem', problems: r.problems };
      const found = existing.get(keyOf(organisationId, r.policeReference));
      return found
        ? {
            row: r.row,
            policeReference: r.policeReference,
            status: 'duplicate',
            existing: { requestId: found.id, reference: formatReference(found.reference) },
            problems: [],
          }
        : { row: r.row, policeReference: r.policeReference, status: 'ready', problems: [] };
    });
    const count = (status: CsvReportRow['status']) => report.filter((r) => r.status === status).length;
    const good = rows.filter((r, i) => r.notification && report[i]!.status === 'ready').map((r) => r.notification!);
    return {
      fileProblems,
      rows: report,
      counts: { ready: count('ready'), duplicate: count('duplicate'), problem: count('problem') },
      good,
    };
  }

  // ---- Triage ----

  /** Notifications waiting for triage, oldest first, with their children's names. */
  async awaitingTriage(page = 1, pageSize = 50) {
    const { limit, offset } = pageWindow(page, pageSize);
    const { rows, total } = await this.repository.awaitingTriage(limit, offset);
    const children = await this.repository.childrenOf(rows.map((r) => r.id));
    return {
      total,
      items: rows.map((r) => ({
        ...r,
        displayReference: formatReference(r.reference),
        category: CONCERN_CATEGORIES[r.concern_category as keyof typeof CONCERN_CATEGORIES]?.name ?? r.concern_category,
        children: children.filter((c) => c.request_id === r.id).map((c) => `${c.first_name} ${c.last_name}`),
      })),
    };
  }

  /** One notification with its request and people. Reading it is audited (through the front door). */
  async notification(actor: AuditActor, requestId: string) {
    if (!isUuid(requestId)) return null;
    const police = await this.repository.notification(requestId);
    if (!police) return null;
    const request = await this.frontDoor.viewRequest(actor, requestId);
    if (!request) return null;
    return {
      request,
      police: {
        ...police,
        category:
          CONCERN_CATEGORIES[police.concern_category as keyof typeof CONCERN_CATEGORIES]?.name ??
          police.concern_category,
      },
    };
  }

  /**
   * Records the triage. The notification's version guards against two triagers at once: the second
   * is told and nothing is overwritten. No further action and passing on close the request; "screen"
   * leaves it in the queue for screening.
   */
  async triage(actor: AuditActor, requestId: string, expectedVersion: number, input: TriageInput): Promise<void> {
    const reason = input.reason?.trim() ?? '';
    const worker = input.passedTo?.trim() ?? '';
    if (input.outcome === 'no-further-action' && !reason)
      throw new PoliceTriageError('reason', 'Enter why no further action is needed');
    let passedTo: string | null = null;
    if (input.outcome === 'passed-to-worker') {
      const team = input.teamId ? (await this.reference.allTeams()).find((t) => t.id === input.teamId) : undefined;
      if (input.teamId && !team) throw new PoliceTriageError('teamId', 'Select a team from the list');
      if (!worker && !team) throw new PoliceTriageError('passedTo', 'Enter the worker’s name, or select their team');
      passedTo = [worker, team?.name].filter(Boolean).join(', ');
    }
    await this.db.transaction().execute(async (tx) => {
      const current = await tx
        .selectFrom('police_notifications as n')
        .innerJoin('requests_for_support as r', 'r.id', 'n.request_id')
        .select(['n.id', 'n.triage_outcome', 'r.status'])
        .where('n.request_id', '=', requestId)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw new PoliceTriageError('outcome', 'There is no such police notification');
      if (current.triage_outcome || current.status === 'decided') throw new StaleVersionError('This notification');
      await updateVersioned(
        tx,
        'police_notifications',
        { id: current.id, version: expectedVersion, by: actor.userId, what: 'This notification' },
        {
          triage_outcome: input.outcome,
          triage_reason: reason || null,
          passed_to: passedTo,
          passed_to_team_id: input.outcome === 'passed-to-worker' ? (input.teamId ?? null) : null,
          triaged_by: actor.userId,
          triaged_at: new Date(),
        },
      );
      if (input.outcome !== 'screen') {
        await tx
          .updateTable('requests_for_support')
          .set((eb) => ({
            status: 'decided',
            updated_at: new Date(),
            updated_by: actor.userId,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', requestId)
          .execute();
      }
      await this.audit.record(
        actor,
        {
          action: 'police-notification.triaged',
          outcome: 'success',
          subjectType: 'request-for-support',
          subjectId: requestId,
          details: { outcome: input.outcome, passedTo },
        },
        tx,
      );
    });
  }

  /**
   * Police notifications by date received (`from` inclusive, `to` exclusive): how each was triaged, and the
   * share progressed in the Board's sense (004_…: progressed to children's social care or Family Solutions),
   * out of all received.
   */
  async figures(from: Date, to: Date) {
    const f = await this.repository.figures(from, to);
    const triaged = f.no_further_action + f.passed_to_worker + f.screened;
    return {
      ...f,
      triaged,
      screenedShare: triaged ? f.screened / triaged : null,
      progressedShare: f.received ? f.progressed / f.received : null,
    };
  }
}
