import { sql, type Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { CalendarService } from '../../platform/calendar/service.ts';
import type { RagResult } from '../../platform/calendar/working-time.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import type { DB, HubPathway, RequestKind, RequestSource, RequestStatus } from '../../platform/db/schema.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { Notify } from '../../platform/notify/notify.ts';
import { can, type Principal } from '../../platform/permissions/policy.ts';
import type { DirectoryService } from '../directory/service.ts';
import type { Candidate, Gender } from '../people/matching.ts';
import { GENDERS } from '../people/matching.ts';
import type { PeopleService } from '../people/service.ts';
import type { ReferenceService } from '../reference/service.ts';
import { formatReference } from './reference.ts';
import type { RequestFilters } from './repository.ts';
import type { FrontDoorService } from './service.ts';

/**
 * The Children and Families Hub at work: the queue with each item's age against its timescale,
 * assignment, "who is this child?" (matching each person to existing records), and the decision —
 * level of need with reasons, and a pathway that hands work to the team that picks it up. A level 4
 * decision, or one that overrides the requester's view, waits for a manager when the tenant says so.
 */

export const PATHWAYS: readonly HubPathway[] = ['advice-signposting', 'taf', 'family-solutions', 'social-care', 'no-further-action'];
export const PATHWAY_NAMES: Record<HubPathway, string> = {
  'advice-signposting': 'Advice and signposting to services',
  taf: 'Suggest a Team Around the Family',
  'family-solutions': 'Family Solutions (level 3)',
  'social-care': 'Children’s social care (level 4)',
  'no-further-action': 'No further action',
};
/** The levels each pathway is for: the Effective Support Windscreen. */
const PATHWAY_LEVELS: Record<HubPathway, readonly number[]> = {
  'advice-signposting': [1, 2],
  taf: [2, 3],
  'family-solutions': [3],
  'social-care': [4],
  'no-further-action': [1, 2, 3, 4],
};
const OPEN_STATUSES: RequestStatus[] = ['new', 'in-screening', 'awaiting-information'];

/** A decision the rules refuse, named by the field to correct. */
export class HubDecisionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface DecisionInput {
  level: number;
  descriptors: string[];
  reasons: string;
  pathway: HubPathway;
  socialCareRoute?: 'statutory-assessment' | 'strategy-discussion' | undefined;
  noFurtherActionReason?: string | undefined;
  familyConsent?: boolean | undefined;
  leadProfessional?: string | undefined;
  serviceIds: string[];
}

export interface QueueItem {
  id: string;
  reference: string;
  source: RequestSource;
  /** A new request, or a step up or down (with the family's level now). */
  kind: RequestKind;
  currentLevel: number | null;
  status: RequestStatus;
  priority: string;
  priorityName: string;
  receivedAt: Date;
  districtName: string;
  requesterName: string;
  requestedLevel: number | null;
  assignedTo: string | null;
  assignedName: string | null;
  children: string[];
  /** A police notification nobody has triaged yet: triage comes before screening. */
  needsTriage: boolean;
  rag: RagResult | null;
}

export class HubService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly notify: Notify,
    private readonly frontDoor: FrontDoorService,
    private readonly people: PeopleService,
    private readonly directory: DirectoryService,
    private readonly reference: ReferenceService,
    private readonly calendar: CalendarService,
    private readonly settings: { publicUrl: string },
  ) {}

  /** The queue, oldest first within the filters, each item with its RAG status against its timescale. */
  async queue(filters: RequestFilters, now = new Date()): Promise<{ items: QueueItem[]; total: number }> {
    const [{ rows, total }, hub, calendar] = await Promise.all([
      this.frontDoor.listRequests({ status: OPEN_STATUSES, ...filters }),
      this.reference.hubSettings(),
      this.calendar.calendar(),
    ]);
    const ids = rows.map((r) => r.id);
    const [children, assignees, untriaged] = await Promise.all([
      ids.length
        ? this.db.selectFrom('request_people').select(['request_id', 'first_name', 'last_name', 'date_of_birth', 'is_expected']).where('request_id', 'in', ids).where('role', '=', 'child').orderBy('position').execute()
        : [],
      this.screenerNames(rows.map((r) => r.assigned_to).filter((a): a is string => a !== null)),
      this.untriaged(rows.filter((r) => r.source === 'police').map((r) => r.id)),
    ]);
    const priorities = new Map(hub.priorities.map((p) => [p.code, p]));
    const items = rows.map((r) => {
      const priority = priorities.get(r.priority);
      return {
        id: r.id,
        reference: formatReference(r.reference),
        source: r.source,
        kind: r.request_kind,
        currentLevel: r.current_level,
        status: r.status,
        priority: r.priority,
        priorityName: priority?.name ?? r.priority,
        receivedAt: r.received_at,
        districtName: r.district_name,
        requesterName: r.requester_name,
        requestedLevel: r.requested_level,
        assignedTo: r.assigned_to,
        assignedName: r.assigned_to ? (assignees.get(r.assigned_to) ?? null) : null,
        children: children.filter((c) => c.request_id === r.id).map((c) => `${c.first_name} ${c.last_name}${c.is_expected ? ' (unborn)' : ''}`),
        needsTriage: untriaged.has(r.id),
        rag: priority && r.status !== 'decided' ? calendar.rag(r.received_at, now, priority.timescale, { amberAt: hub.amberAtPercent / 100 }) : null,
      };
    });
    return { items, total };
  }

  /** Police notifications among these requests that still wait for their lighter triage. */
  private async untriaged(requestIds: string[]): Promise<Set<string>> {
    if (requestIds.length === 0) return new Set();
    const rows = await this.db.selectFrom('police_notifications').select('request_id').where('request_id', 'in', requestIds).where('triage_outcome', 'is', null).execute();
    return new Set(rows.map((r) => r.request_id));
  }

  /** The people who screen, for the "assigned to" filter and a manager's reassignment. */
  async screeners(): Promise<{ id: string; name: string }[]> {
    const rows = await this.db
      .selectFrom('users as u')
      .innerJoin('user_roles as r', 'r.user_id', 'u.id')
      .select(['u.id', 'u.display_name'])
      .where('r.role', 'in', ['hub-practitioner', 'hub-manager'])
      .where('u.is_active', '=', true)
      .distinct()
      .orderBy('u.display_name')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.display_name }));
  }

  private async screenerNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /**
   * Gives a request to a screener: anyone screening may take it for themselves; only a manager
   * gives it to someone else. A new request moves into screening.
   */
  async assign(actor: AuditActor, viewer: Principal, requestId: string, expectedVersion: number, to: string): Promise<void> {
    if (to !== viewer.id && !can(viewer, 'hub:manage').allowed) throw new HubDecisionError('assignee', 'Only a Hub manager can give a request to someone else');
    const screener = (await this.screeners()).find((s) => s.id === to);
    if (!screener) throw new HubDecisionError('assignee', 'Select someone who screens requests');
    await this.db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('requests_for_support').select('status').where('id', '=', requestId).executeTakeFirst();
      if (!current) throw new HubDecisionError('assignee', 'There is no such request');
      if (current.status === 'decided') throw new StaleVersionError('This request');
      await updateVersioned(tx, 'requests_for_support', { id: requestId, version: expectedVersion, by: actor.userId, what: 'This request' }, {
        assigned_to: to,
        status: current.status === 'new' ? 'in-screening' : current.status,
      });
      await this.audit.record(actor, { action: 'request-for-support.assigned', outcome: 'success', subjectType: 'request-for-support', subjectId: requestId, details: { to } }, tx);
    });
  }

  /** Waiting for information from the requester (or back to screening when it arrives). */
  async setAwaitingInformation(actor: AuditActor, requestId: string, expectedVersion: number, awaiting: boolean): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('requests_for_support').select('status').where('id', '=', requestId).executeTakeFirst();
      if (!current || current.status === 'decided') throw new StaleVersionError('This request');
      await updateVersioned(tx, 'requests_for_support', { id: requestId, version: expectedVersion, by: actor.userId, what: 'This request' }, {
        status: awaiting ? 'awaiting-information' : 'in-screening',
      });
      await this.audit.record(actor, { action: awaiting ? 'request-for-support.awaiting-information' : 'request-for-support.screening-resumed', outcome: 'success', subjectType: 'request-for-support', subjectId: requestId }, tx);
    });
  }

  /**
   * Everything a screener needs about one request (the read is audited): the request, each person
   * with the existing records they may be, each linked person's history, and the decisions so far.
   */
  async screening(actor: AuditActor, requestId: string, now = new Date()) {
    if (!isUuid(requestId)) return null;
    const request = await this.frontDoor.viewRequest(actor, requestId);
    if (!request) return null;
    const [hub, calendar, decisions, untriaged] = await Promise.all([
      this.reference.hubSettings(),
      this.calendar.calendar(),
      this.decisionsOf(requestId),
      this.untriaged(request.source === 'police' ? [requestId] : []),
    ]);
    const people = await Promise.all(
      request.people.map(async (person) => {
        const linked = person.person_id ? await this.people.person(person.person_id) : undefined;
        const candidates: Candidate[] = linked ? [] : await this.people.findCandidates(personDetails(person)).catch(() => []);
        return { ...person, linked: linked ?? null, candidates, history: person.person_id ? await this.historyOf(person.person_id, requestId) : [] };
      }),
    );
    const priority = hub.priorities.find((p) => p.code === request.priority);
    const assignedName = request.assigned_to ? ((await this.screenerNames([request.assigned_to])).get(request.assigned_to) ?? null) : null;
    return {
      request,
      people,
      decisions,
      assignedName,
      needsTriage: untriaged.has(requestId),
      priorityName: priority?.name ?? request.priority,
      rag: priority && request.status !== 'decided' ? calendar.rag(request.received_at, now, priority.timescale, { amberAt: hub.amberAtPercent / 100 }) : null,
    };
  }

  /**
   * Earlier requests about the same person (under this record or any merged into it) and what was
   * decided: "have we seen this child before?"
   */
  private async historyOf(personId: string, exceptRequestId: string | null) {
    const ids = await this.people.identities(personId);
    let query = this.db
      .selectFrom('request_people as p')
      .innerJoin('requests_for_support as r', 'r.id', 'p.request_id')
      .leftJoin('hub_decisions as d', (join) => join.onRef('d.request_id', '=', 'r.id').on('d.state', '=', 'final'))
      // Who took the work on: the involvement the Hub knows of (casework adds its own when it exists).
      .leftJoin('hub_work_items as w', 'w.decision_id', 'd.id')
      .leftJoin('users as worker', 'worker.id', 'w.accepted_by')
      .select(['r.id', 'r.reference', 'r.received_at', 'r.source', 'r.status', 'd.level', 'd.pathway', 'd.decided_at', 'w.status as work_status', 'worker.display_name as worker_name'])
      .where('p.person_id', 'in', ids);
    if (exceptRequestId) query = query.where('r.id', '!=', exceptRequestId);
    return query.orderBy('r.received_at', 'desc').limit(50).execute();
  }

  /**
   * A person's record as the Hub sees it (the read is audited): details, every request about them,
   * and other records that may be the same person, to merge.
   */
  async personRecord(actor: AuditActor, personId: string) {
    const person = await this.people.person(personId);
    if (!person) return null;
    const identities = await this.people.identities(person.id);
    const [history, candidates, merged] = await Promise.all([
      this.historyOf(person.id, null),
      person.mergedInto ? Promise.resolve([]) : this.people.findCandidates(person).catch(() => []),
      Promise.all(identities.filter((id) => id !== person.id).map((id) => this.people.person(id))),
    ]);
    await this.audit.record(actor, { action: 'person.viewed', outcome: 'success', subjectType: 'person', subjectId: person.id });
    return { person, history, merged: merged.filter((p) => p !== undefined), duplicates: candidates.filter((c) => !identities.includes(c.id)) };
  }

  /** Merges a duplicate record into this one: both histories stay, and it is audited (PeopleService.mergePeople). */
  mergePeople(actor: AuditActor, keepId: string, duplicateId: string, reason: string) {
    return this.people.mergePeople(actor, keepId, duplicateId, reason);
  }

  private async decisionsOf(requestId: string) {
    const rows = await this.db
      .selectFrom('hub_decisions as d')
      .innerJoin('users as u', 'u.id', 'd.decided_by')
      .leftJoin('users as m', 'm.id', 'd.reviewed_by')
      .selectAll('d')
      .select(['u.display_name as decided_by_name', 'm.display_name as reviewed_by_name'])
      .where('d.request_id', '=', requestId)
      .orderBy('d.decided_at', 'desc')
      .execute();
    const ids = [...new Set(rows.flatMap((r) => r.signposted_service_ids))];
    const names = ids.length ? await this.db.selectFrom('directory_listings').select(['service_id', 'name']).where('service_id', 'in', ids).execute() : [];
    return rows.map((r) => ({ ...r, services: names.filter((n) => r.signposted_service_ids.includes(n.service_id)).map((n) => ({ id: n.service_id, name: n.name })) }));
  }

  /** The screener says an entered person is this existing record. Nothing is merged. */
  async linkPerson(actor: AuditActor, requestId: string, requestPersonId: string, personId: string): Promise<void> {
    const person = await this.people.person(personId);
    if (!person || person.mergedInto) throw new HubDecisionError('person', 'That person record does not exist: search again');
    await this.setPerson(actor, requestId, requestPersonId, personId, 'request-for-support.person-linked');
  }

  /** The screener finds nobody: a new person record from the details as entered. */
  async createPersonFor(actor: AuditActor, requestId: string, requestPersonId: string): Promise<string> {
    const entered = await this.db.selectFrom('request_people').selectAll().where('id', '=', requestPersonId).where('request_id', '=', requestId).executeTakeFirst();
    if (!entered) throw new HubDecisionError('person', 'There is no such person on this request');
    if (entered.person_id) throw new HubDecisionError('person', 'This person is already linked to a record');
    const personId = await this.people.createPerson(actor, personDetails(entered));
    await this.setPerson(actor, requestId, requestPersonId, personId, 'request-for-support.person-created');
    return personId;
  }

  private async setPerson(actor: AuditActor, requestId: string, requestPersonId: string, personId: string, action: string) {
    await this.db.transaction().execute(async (tx) => {
      const result = await tx
        .updateTable('request_people')
        .set({ person_id: personId })
        .where('id', '=', requestPersonId)
        .where('request_id', '=', requestId)
        .where('person_id', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new HubDecisionError('person', 'This person has already been linked by someone else: check the request again');
      await this.audit.record(actor, { action, outcome: 'success', subjectType: 'request-for-support', subjectId: requestId, details: { requestPersonId, personId } }, tx);
    });
  }

  /**
   * Records the decision. The request's version guards against two screeners deciding at once (the
   * second is told; nothing is overwritten). Returns whether it waits for a manager.
   */
  async decide(actor: AuditActor, viewer: Principal, requestId: string, expectedVersion: number, input: DecisionInput): Promise<{ awaitingApproval: boolean }> {
    if (!can(viewer, 'hub:screen').allowed) throw new HubDecisionError('level', 'Only the Hub decides requests');
    const [request, hub, levels] = await Promise.all([this.frontDoor.request(requestId), this.reference.hubSettings(), this.reference.windscreenLevels()]);
    if (!request) throw new HubDecisionError('level', 'There is no such request');
    if (request.status === 'decided') throw new StaleVersionError('This request');
    if ((await this.untriaged(request.source === 'police' ? [requestId] : [])).size > 0) {
      throw new HubDecisionError('level', 'Triage this police notification first: no further action, pass it on, or screen it');
    }
    this.checkDecision(input, levels.map((l) => ({ level: l.level, descriptors: l.descriptors as string[] })));
    const overrides = request.requested_level !== null && request.requested_level !== input.level;
    const needsManager = (hub.requireManagerApproval.level4 && input.level === 4) || (hub.requireManagerApproval.override && overrides);
    const awaitingApproval = needsManager && !can(viewer, 'hub:manage').allowed;
    const services = await this.checkServices(input.serviceIds, viewer);
    const decisionId = newId();
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'requests_for_support', { id: requestId, version: expectedVersion, by: actor.userId, what: 'This request' }, {
        status: awaitingApproval ? request.status : 'decided',
      });
      await tx
        .insertInto('hub_decisions')
        .values({
          id: decisionId,
          request_id: requestId,
          level: input.level,
          descriptors: input.descriptors,
          reasons: input.reasons,
          pathway: input.pathway,
          social_care_route: input.pathway === 'social-care' ? (input.socialCareRoute ?? null) : null,
          no_further_action_reason: input.pathway === 'no-further-action' ? (input.noFurtherActionReason ?? null) : null,
          family_consent: input.pathway === 'family-solutions' ? (input.familyConsent ?? null) : null,
          lead_professional: input.pathway === 'taf' ? (input.leadProfessional ?? null) : null,
          signposted_service_ids: input.pathway === 'advice-signposting' ? services.map((s) => s.id) : [],
          overrides_requested_level: overrides,
          state: awaitingApproval ? 'awaiting-approval' : 'final',
          decided_by: viewer.id,
          reviewed_by: needsManager && !awaitingApproval ? viewer.id : null,
          reviewed_at: needsManager && !awaitingApproval ? new Date() : null,
          review_note: null,
        })
        .execute();
      await this.audit.record(actor, { action: 'hub.decision.made', outcome: 'success', subjectType: 'request-for-support', subjectId: requestId, details: { decisionId, level: input.level, pathway: input.pathway, awaitingApproval } }, tx);
      if (!awaitingApproval) await this.finalise(tx, requestId, decisionId);
    });
    return { awaitingApproval };
  }

  /**
   * Work the Hub's decisions handed on, for the team that picks it up (Early Help for a suggested
   * TAF, Family Solutions, social care): open items of a kind, oldest first, optionally by district.
   */
  openWorkItems(kind: 'taf' | 'family-solutions' | 'social-care', districtCodes?: string[]) {
    let query = this.db
      .selectFrom('hub_work_items as w')
      .innerJoin('requests_for_support as r', 'r.id', 'w.request_id')
      .select(['w.id', 'w.request_id', 'w.decision_id', 'w.kind', 'w.level', 'w.district_code', 'w.created_at', 'w.version', 'r.reference'])
      .where('w.kind', '=', kind)
      .where('w.status', '=', 'open');
    if (districtCodes?.length) query = query.where('w.district_code', 'in', districtCodes);
    return query.orderBy('w.created_at').execute();
  }

  /**
   * A receiving team takes on a work item; a second taker is told (StaleVersionError). Pass the
   * caller's transaction (`db`) so the acceptance commits with whatever the team creates from it.
   */
  async acceptWorkItem(actor: AuditActor, workItemId: string, expectedVersion: number, db: Kysely<DB> = this.db): Promise<void> {
    const work = async (tx: Kysely<DB>) => {
      const result = await tx
        .updateTable('hub_work_items')
        .set((eb) => ({ status: 'accepted', accepted_by: actor.userId, accepted_at: new Date(), version: eb('version', '+', 1) }))
        .where('id', '=', workItemId)
        .where('version', '=', expectedVersion)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new StaleVersionError('This piece of work');
      await this.audit.record(actor, { action: 'hub.work-item.accepted', outcome: 'success', subjectType: 'hub-work-item', subjectId: workItemId }, tx);
    };
    if (db.isTransaction) await work(db);
    else await db.transaction().execute(work);
  }

  /** Decisions waiting for a manager, oldest first. */
  async awaitingApproval() {
    const rows = await this.db
      .selectFrom('hub_decisions as d')
      .innerJoin('requests_for_support as r', 'r.id', 'd.request_id')
      .innerJoin('users as u', 'u.id', 'd.decided_by')
      .select(['d.id', 'd.request_id', 'd.level', 'd.pathway', 'd.decided_at', 'd.overrides_requested_level', 'r.reference', 'r.requested_level', 'u.display_name as decided_by_name'])
      .where('d.state', '=', 'awaiting-approval')
      .orderBy('d.decided_at')
      .execute();
    return rows.map((r) => ({ ...r, displayReference: formatReference(r.reference) }));
  }

  /** A manager approves a decision (it takes effect) or returns it to screening with a note. */
  async review(actor: AuditActor, viewer: Principal, decisionId: string, approve: boolean, note: string): Promise<string> {
    if (!can(viewer, 'hub:manage').allowed) throw new HubDecisionError('outcome', 'Only a Hub manager approves decisions');
    if (!isUuid(decisionId)) throw new HubDecisionError('outcome', 'There is no such decision');
    return this.db.transaction().execute(async (tx) => {
      const decision = await tx.selectFrom('hub_decisions').select(['request_id', 'state']).where('id', '=', decisionId).forUpdate().executeTakeFirst();
      if (!decision) throw new HubDecisionError('outcome', 'There is no such decision');
      if (decision.state !== 'awaiting-approval') throw new StaleVersionError('This decision');
      await tx
        .updateTable('hub_decisions')
        .set({ state: approve ? 'final' : 'returned', reviewed_by: viewer.id, reviewed_at: new Date(), review_note: note || null })
        .where('id', '=', decisionId)
        .execute();
      await tx
        .updateTable('requests_for_support')
        .set((eb) => ({ status: approve ? 'decided' : 'in-screening', version: eb('version', '+', 1), updated_at: new Date(), updated_by: actor.userId }))
        .where('id', '=', decision.request_id)
        .execute();
      await this.audit.record(actor, { action: approve ? 'hub.decision.approved' : 'hub.decision.returned', outcome: 'success', subjectType: 'request-for-support', subjectId: decision.request_id, details: { decisionId } }, tx);
      if (approve) await this.finalise(tx, decision.request_id, decisionId);
      return decision.request_id;
    });
  }

  /** A final decision hands on its work and tells the requester, in the same transaction. */
  private async finalise(tx: Kysely<DB>, requestId: string, decisionId: string) {
    const d = await tx
      .selectFrom('hub_decisions as d')
      .innerJoin('requests_for_support as r', 'r.id', 'd.request_id')
      .leftJoin('users as u', 'u.id', 'r.requester_user_id')
      .select(['d.level', 'd.pathway', 'd.signposted_service_ids', 'd.no_further_action_reason', 'r.reference', 'r.district_code', 'r.source', 'r.requester_email', 'u.email as requester_user_email'])
      .where('d.id', '=', decisionId)
      .executeTakeFirstOrThrow();
    if (d.pathway === 'taf' || d.pathway === 'family-solutions' || d.pathway === 'social-care') {
      await tx.insertInto('hub_work_items').values({ id: newId(), request_id: requestId, decision_id: decisionId, kind: d.pathway, district_code: d.district_code, level: d.level, accepted_by: null, accepted_at: null }).execute();
    }
    const to = d.requester_user_email ?? d.requester_email;
    if (!to) return;
    const services = d.signposted_service_ids.length
      ? await tx.selectFrom('directory_listings').select(['service_id', 'name']).where('service_id', 'in', d.signposted_service_ids).execute()
      : [];
    // Inside the transaction: on PGlite a query outside it would wait for it forever.
    const hubName = (await tx.selectFrom('local_authority').select('hub_name').executeTakeFirst())?.hub_name ?? 'the Children and Families Hub';
    const body = [
      `The ${hubName} has looked at request ${formatReference(d.reference)}.`,
      outcomeWords(d.pathway, d.level),
      ...(services.length ? ['These services may help:', ...services.map((s) => `${s.name}: ${this.settings.publicUrl}/services/${s.service_id}`)] : []),
      ...(d.pathway === 'no-further-action' && d.source === 'practitioner' && d.no_further_action_reason ? [`Why: ${d.no_further_action_reason}`] : []),
      `If you have new worries, or things change, contact the ${hubName}.`,
    ];
    await this.notify.sendEmail({ template: 'hub-decision', to, subject: `Request ${formatReference(d.reference)}: what happens next`, body: body.join('\n\n') }, tx);
  }

  private checkDecision(input: DecisionInput, levels: { level: number; descriptors: string[] }[]) {
    const level = levels.find((l) => l.level === input.level);
    if (!level) throw new HubDecisionError('level', 'Select the level of need');
    const known = new Set(levels.flatMap((l) => l.descriptors));
    if (input.descriptors.some((d) => !known.has(d))) throw new HubDecisionError('descriptors', 'Select descriptors from the list');
    if (!PATHWAY_LEVELS[input.pathway].includes(input.level)) {
      const allowed = PATHWAY_LEVELS[input.pathway].join(' or ');
      throw new HubDecisionError('pathway', `${PATHWAY_NAMES[input.pathway]} is for level ${allowed}: change the level or the pathway`);
    }
    if (input.pathway === 'social-care' && !input.socialCareRoute) throw new HubDecisionError('socialCareRoute', 'Select a statutory assessment or a strategy discussion');
    if (input.pathway === 'family-solutions' && !input.familyConsent) throw new HubDecisionError('familyConsent', 'Family Solutions needs the family’s consent: confirm they have agreed, or choose another pathway');
    if (input.pathway === 'no-further-action' && !input.noFurtherActionReason) throw new HubDecisionError('noFurtherActionReason', 'Enter why no further action is needed');
  }

  /** Signposted services must be live and visible to the screener. */
  private async checkServices(ids: string[], viewer: Principal) {
    const found = await Promise.all([...new Set(ids)].map((id) => this.directory.publicService(id, viewer)));
    if (found.some((s) => s === null)) throw new HubDecisionError('serviceIds', 'One of the services is no longer in the directory: search again');
    return found.filter((s) => s !== null);
  }

  /**
   * The figures the partnership needs, for a period: requests by source, district and quadrant;
   * decisions by level and pathway; time from receipt to decision; the share of police
   * notifications progressed; re-requests about the same child within 12 months.
   */
  async figures(from: Date, to: Date) {
    const inPeriod = sql`r.received_at >= ${from} and r.received_at < ${to}`;
    const [bySource, byArea, decisions, timing, rerequests] = await Promise.all([
      sql<{ source: string; requests: number }>`select r.source, count(*)::int as requests from requests_for_support r where ${inPeriod} group by r.source order by r.source`.execute(this.db),
      sql<{ quadrant: string; district: string; requests: number }>`
        select q.name as quadrant, d.name as district, count(*)::int as requests
        from requests_for_support r join districts d on d.code = r.district_code join quadrants q on q.id = d.quadrant_id
        where ${inPeriod} group by q.name, d.name order by q.name, d.name`.execute(this.db),
      sql<{ level: number; pathway: string; decisions: number }>`
        select h.level, h.pathway, count(*)::int as decisions from hub_decisions h join requests_for_support r on r.id = h.request_id
        where h.state = 'final' and ${inPeriod} group by h.level, h.pathway order by h.level, h.pathway`.execute(this.db),
      sql<{ decided: number; median_hours: number | null; p90_hours: number | null }>`
        select count(*)::int as decided,
          percentile_cont(0.5) within group (order by extract(epoch from h.decided_at - r.received_at) / 3600)::float8 as median_hours,
          percentile_cont(0.9) within group (order by extract(epoch from h.decided_at - r.received_at) / 3600)::float8 as p90_hours
        from hub_decisions h join requests_for_support r on r.id = h.request_id where h.state = 'final' and ${inPeriod}`.execute(this.db),
      // A child is the same child under a record merged into another (one level of merging is followed).
      sql<{ rerequests: number }>`
        with about as (
          select r.id as request_id, r.received_at, coalesce(pe.merged_into, pe.id) as person
          from requests_for_support r join request_people p on p.request_id = r.id join people pe on pe.id = p.person_id)
        select count(distinct a.request_id)::int as rerequests
        from about a join requests_for_support r on r.id = a.request_id
        where ${inPeriod} and exists (
          select 1 from about b where b.person = a.person and b.request_id <> a.request_id
            and b.received_at < a.received_at and b.received_at >= a.received_at - interval '12 months')`.execute(this.db),
    ]);
    const police = bySource.rows.find((s) => s.source === 'police')?.requests ?? 0;
    const policeProgressed = police
      ? Number(
          (
            await sql<{ n: number }>`select count(*)::int as n from requests_for_support r join hub_decisions h on h.request_id = r.id and h.state = 'final'
              where r.source = 'police' and h.pathway <> 'no-further-action' and ${inPeriod}`.execute(this.db)
          ).rows[0]?.n ?? 0,
        )
      : 0;
    return {
      bySource: bySource.rows,
      byArea: byArea.rows,
      decisions: decisions.rows,
      timeToDecision: timing.rows[0] ?? { decided: 0, median_hours: null, p90_hours: null },
      police: { notifications: police, progressed: policeProgressed },
      rerequestsWithin12Months: rerequests.rows[0]?.rerequests ?? 0,
    };
  }
}

/** What the requester is told, in plain words. */
function outcomeWords(pathway: HubPathway, level: number): string {
  switch (pathway) {
    case 'advice-signposting':
      return 'We think the services below can help. You can contact them directly.';
    case 'taf':
      return 'We suggest a Team Around the Family: the practitioners who know the family work together with them, with one lead professional. The Early Help team will be in touch.';
    case 'family-solutions':
      return 'The family will be offered support from a Family Solutions team. A worker will contact them.';
    case 'social-care':
      return `The request has gone to children’s social care (level ${level}). They will contact the family.`;
    case 'no-further-action':
      return 'We do not think the Hub needs to do anything more at the moment.';
  }
}

/** The details matching reads, from a person as entered on a request. */
function personDetails(p: { first_name: string; last_name: string; date_of_birth: string | Date | null; is_expected: boolean; gender: string | null; address: string | null; postcode: string | null }) {
  const date = p.date_of_birth instanceof Date ? p.date_of_birth.toISOString().slice(0, 10) : p.date_of_birth;
  // Police systems say "another" where the people module says "other".
  const said = p.gender === 'another' ? 'other' : (p.gender ?? '');
  const gender = (GENDERS as readonly string[]).includes(said) ? (said as Gender) : null;
  return {
    firstName: p.first_name,
    lastName: p.last_name,
    dateOfBirth: p.is_expected ? null : date,
    expectedDate: p.is_expected ? date : null,
    gender,
    address: p.address,
    postcode: p.postcode,
  };
}
