import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { CalendarService } from '../../../platform/calendar/service.ts';
import type { RagResult } from '../../../platform/calendar/working-time.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import type { DB, HubPathway, RequestKind, RequestSource, RequestStatus } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import type { Notify } from '../../../platform/notify/notify.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { DirectoryService } from '../../directory/index.ts';
import type { Candidate } from '../../people/index.ts';
import type { PeopleService } from '../../people/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { formatReference } from '../reference.ts';
import { hubFigures } from './figures.ts';
import { HubDecisionError } from './errors.ts';
import { HubPeople } from './people.ts';
import { acceptWorkItem, openWorkItems, type WorkItemKind } from './work-items.ts';
import { PATHWAY_LEVELS, PATHWAY_NAMES, outcomeWords, personDetails } from './rules.ts';
import type { RequestFilters } from '../repository.ts';
import type { FrontDoorService } from '../service.ts';

/**
 * The Children and Families Hub at work: the queue with each item's age against its timescale,
 * assignment, "who is this child?" (matching each person to existing records), and the decision —
 * level of need with reasons, and a pathway that hands work to the team that picks it up. A level 4
 * decision, or one that overrides the requester's view, waits for a manager when the tenant says so.
 */

const OPEN_STATUSES: RequestStatus[] = ['new', 'in-screening', 'awaiting-information'];

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
  ) {
    this.persons = new HubPeople(db, audit, people);
  }

  /** Linking, history and merging of people (hub-people.ts). */
  readonly persons: HubPeople;

  /** The screener says an entered person is this existing record. Nothing is merged. */
  linkPerson(actor: AuditActor, requestId: string, requestPersonId: string, personId: string) {
    return this.persons.linkPerson(actor, requestId, requestPersonId, personId);
  }

  /** The screener finds nobody: a new person record from the details as entered. */
  createPersonFor(actor: AuditActor, requestId: string, requestPersonId: string) {
    return this.persons.createPersonFor(actor, requestId, requestPersonId);
  }

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
        ? this.db
            .selectFrom('request_people')
            .select(['request_id', 'first_name', 'last_name', 'date_of_birth', 'is_expected'])
            .where('request_id', 'in', ids)
            .where('role', '=', 'child')
            .orderBy('position')
            .execute()
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
        children: children
          .filter((c) => c.request_id === r.id)
          .map((c) => `${c.first_name} ${c.last_name}${c.is_expected ? ' (unborn)' : ''}`),
        needsTriage: untriaged.has(r.id),
        rag:
          priority && r.status !== 'decided'
            ? calendar.rag(r.received_at, now, priority.timescale, { amberAt: hub.amberAtPercent / 100 })
            : null,
      };
    });
    return { items, total };
  }

  /** Police notifications among these requests that still wait for their lighter triage. */
  private async untriaged(requestIds: string[]): Promise<Set<string>> {
    if (requestIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('police_notifications')
      .select('request_id')
      .where('request_id', 'in', requestIds)
      .where('triage_outcome', 'is', null)
      .execute();
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
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /**
   * Gives a request to a screener: anyone screening may take it for themselves; only a manager
   * gives it to someone else. A new request moves into screening.
   */
  async assign(
    actor: AuditActor,
    viewer: Principal,
    requestId: string,
    expectedVersion: number,
    to: string,
  ): Promise<void> {
    if (to !== viewer.id && !can(viewer, 'hub:manage').allowed)
      throw new HubDecisionError('assignee', 'Only a Hub manager can give a request to someone else');
    const screener = (await this.screeners()).find((s) => s.id === to);
    if (!screener) throw new HubDecisionError('assignee', 'Select someone who screens requests');
    await this.db.transaction().execute(async (tx) => {
      const current = await tx
        .selectFrom('requests_for_support')
        .select('status')
        .where('id', '=', requestId)
        .executeTakeFirst();
      if (!current) throw new HubDecisionError('assignee', 'There is no such request');
      if (current.status === 'decided') throw new StaleVersionError('This request');
      await updateVersioned(
        tx,
        'requests_for_support',
        { id: requestId, version: expectedVersion, by: actor.userId, what: 'This request' },
        {
          assigned_to: to,
          status: current.status === 'new' ? 'in-screening' : current.status,
        },
      );
      await this.audit.record(
        actor,
        {
          action: 'request-for-support.assigned',
          outcome: 'success',
          subjectType: 'request-for-support',
          subjectId: requestId,
          details: { to },
        },
        tx,
      );
    });
  }

  /** Waiting for information from the requester (or back to screening when it arrives). */
  async setAwaitingInformation(
    actor: AuditActor,
    requestId: string,
    expectedVersion: number,
    awaiting: boolean,
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const current = await tx
        .selectFrom('requests_for_support')
        .select('status')
        .where('id', '=', requestId)
        .executeTakeFirst();
      if (!current || current.status === 'decided') throw new StaleVersionError('This request');
      await updateVersioned(
        tx,
        'requests_for_support',
        { id: requestId, version: expectedVersion, by: actor.userId, what: 'This request' },
        {
          status: awaiting ? 'awaiting-information' : 'in-screening',
        },
      );
      await this.audit.record(
        actor,
        {
          action: awaiting ? 'request-for-support.awaiting-information' : 'request-for-support.screening-resumed',
          outcome: 'success',
          subjectType: 'request-for-support',
          subjectId: requestId,
        },
        tx,
      );
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
        const candidates: Candidate[] = linked
          ? []
          : await this.people.findCandidates(personDetails(person)).catch(() => []);
        return {
          ...person,
          linked: linked ?? null,
          candidates,
          history: person.person_id ? await this.persons.historyOf(person.person_id, requestId) : [],
        };
      }),
    );
    const priority = hub.priorities.find((p) => p.code === request.priority);
    const assignedName = request.assigned_to
      ? ((await this.screenerNames([request.assigned_to])).get(request.assigned_to) ?? null)
      : null;
    return {
      request,
      people,
      decisions,
      assignedName,
      needsTriage: untriaged.has(requestId),
      priorityName: priority?.name ?? request.priority,
      rag:
        priority && request.status !== 'decided'
          ? calendar.rag(request.received_at, now, priority.timescale, { amberAt: hub.amberAtPercent / 100 })
          : null,
    };
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
    const names = ids.length
      ? await this.db
          .selectFrom('directory_listings')
          .select(['service_id', 'name'])
          .where('service_id', 'in', ids)
          .execute()
      : [];
    return rows.map((r) => ({
      ...r,
      services: names
        .filter((n) => r.signposted_service_ids.includes(n.service_id))
        .map((n) => ({ id: n.service_id, name: n.name })),
    }));
  }

  /**
   * Records the decision. The request's version guards against two screeners deciding at once (the
   * second is told; nothing is overwritten). Returns whether it waits for a manager.
   */
  async decide(
    actor: AuditActor,
    viewer: Principal,
    requestId: string,
    expectedVersion: number,
    input: DecisionInput,
  ): Promise<{ awaitingApproval: boolean }> {
    if (!can(viewer, 'hub:screen').allowed) throw new HubDecisionError('level', 'Only the Hub decides requests');
    const [request, hub, levels] = await Promise.all([
      this.frontDoor.request(requestId),
      this.reference.hubSettings(),
      this.reference.windscreenLevels(),
    ]);
    if (!request) throw new HubDecisionError('level', 'There is no such request');
    if (request.status === 'decided') throw new StaleVersionError('This request');
    if ((await this.untriaged(request.source === 'police' ? [requestId] : [])).size > 0) {
      throw new HubDecisionError(
        'level',
        'Triage this police notification first: no further action, pass it on, or screen it',
      );
    }
    this.checkDecision(
      input,
      levels.map((l) => ({ level: l.level, descriptors: l.descriptors as string[] })),
    );
    const overrides = request.requested_level !== null && request.requested_level !== input.level;
    const needsManager =
      (hub.requireManagerApproval.level4 && input.level === 4) || (hub.requireManagerApproval.override && overrides);
    const awaitingApproval = needsManager && !can(viewer, 'hub:manage').allowed;
    const services = await this.checkServices(input.serviceIds, viewer);
    const decisionId = newId();
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'requests_for_support',
        { id: requestId, version: expectedVersion, by: actor.userId, what: 'This request' },
        {
          status: awaitingApproval ? request.status : 'decided',
        },
      );
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
          no_further_action_reason:
            input.pathway === 'no-further-action' ? (input.noFurtherActionReason ?? null) : null,
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
      await this.audit.record(
        actor,
        {
          action: 'hub.decision.made',
          outcome: 'success',
          subjectType: 'request-for-support',
          subjectId: requestId,
          details: { decisionId, level: input.level, pathway: input.pathway, awaitingApproval },
        },
        tx,
      );
      if (!awaitingApproval) await this.finalise(tx, requestId, decisionId);
    });
    return { awaitingApproval };
  }

  /** Open work the Hub handed on, for the receiving team (hub-work-items.ts). */
  openWorkItems(kind: WorkItemKind, districtCodes?: string[]) {
    return openWorkItems(this.db, kind, districtCodes);
  }

  /** Takes on a work item; pass the caller's transaction so it commits with what the team creates. */
  acceptWorkItem(actor: AuditActor, workItemId: string, expectedVersion: number, db: Kysely<DB> = this.db) {
    return acceptWorkItem(this.audit, actor, workItemId, expectedVersion, db);
  }

  /** Decisions waiting for a manager, oldest first. */
  async awaitingApproval() {
    const rows = await this.db
      .selectFrom('hub_decisions as d')
      .innerJoin('requests_for_support as r', 'r.id', 'd.request_id')
      .innerJoin('users as u', 'u.id', 'd.decided_by')
      .select([
        'd.id',
        'd.request_id',
        'd.level',
        'd.pathway',
        'd.decided_at',
        'd.overrides_requested_level',
        'r.reference',
        'r.requested_level',
        'u.display_name as decided_by_name',
      ])
      .where('d.state', '=', 'awaiting-approval')
      .orderBy('d.decided_at')
      .execute();
    return rows.map((r) => ({ ...r, displayReference: formatReference(r.reference) }));
  }

  /** A manager approves a decision (it takes effect) or returns it to screening with a note. */
  async review(
    actor: AuditActor,
    viewer: Principal,
    decisionId: string,
    approve: boolean,
    note: string,
  ): Promise<string> {
    if (!can(viewer, 'hub:manage').allowed)
      throw new HubDecisionError('outcome', 'Only a Hub manager approves decisions');
    if (!isUuid(decisionId)) throw new HubDecisionError('outcome', 'There is no such decision');
    return this.db.transaction().execute(async (tx) => {
      const decision = await tx
        .selectFrom('hub_decisions')
        .select(['request_id', 'state'])
        .where('id', '=', decisionId)
        .forUpdate()
        .executeTakeFirst();
      if (!decision) throw new HubDecisionError('outcome', 'There is no such decision');
      if (decision.state !== 'awaiting-approval') throw new StaleVersionError('This decision');
      await tx
        .updateTable('hub_decisions')
        .set({
          state: approve ? 'final' : 'returned',
          reviewed_by: viewer.id,
          reviewed_at: new Date(),
          review_note: note || null,
        })
        .where('id', '=', decisionId)
        .execute();
      await tx
        .updateTable('requests_for_support')
        .set((eb) => ({
          status: approve ? 'decided' : 'in-screening',
          version: eb('version', '+', 1),
          updated_at: new Date(),
          updated_by: actor.userId,
        }))
        .where('id', '=', decision.request_id)
        .execute();
      await this.audit.record(
        actor,
        {
          action: approve ? 'hub.decision.approved' : 'hub.decision.returned',
          outcome: 'success',
          subjectType: 'request-for-support',
          subjectId: decision.request_id,
          details: { decisionId },
        },
        tx,
      );
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
      .select([
        'd.level',
        'd.pathway',
        'd.signposted_service_ids',
        'd.no_further_action_reason',
        'r.reference',
        'r.district_code',
        'r.source',
        'r.requester_email',
        'u.email as requester_user_email',
      ])
      .where('d.id', '=', decisionId)
      .executeTakeFirstOrThrow();
    if (d.pathway === 'taf' || d.pathway === 'family-solutions' || d.pathway === 'social-care') {
      await tx
        .insertInto('hub_work_items')
        .values({
          id: newId(),
          request_id: requestId,
          decision_id: decisionId,
          kind: d.pathway,
          district_code: d.district_code,
          level: d.level,
          accepted_by: null,
          accepted_at: null,
        })
        .execute();
    }
    const to = d.requester_user_email ?? d.requester_email;
    if (!to) return;
    const services = d.signposted_service_ids.length
      ? await tx
          .selectFrom('directory_listings')
          .select(['service_id', 'name'])
          .where('service_id', 'in', d.signposted_service_ids)
          .execute()
      : [];
    // Inside the transaction: on PGlite a query outside it would wait for it forever.
    const hubName =
      (await tx.selectFrom('local_authority').select('hub_name').executeTakeFirst())?.hub_name ??
      'the Children and Families Hub';
    const body = [
      `The ${hubName} has looked at request ${formatReference(d.reference)}.`,
      outcomeWords(d.pathway, d.level),
      ...(services.length
        ? [
            'These services may help:',
            ...services.map((s) => `${s.name}: ${this.settings.publicUrl}/services/${s.service_id}`),
          ]
        : []),
      ...(d.pathway === 'no-further-action' && d.source === 'practitioner' && d.no_further_action_reason
        ? [`Why: ${d.no_further_action_reason}`]
        : []),
      `If you have new worries, or things change, contact the ${hubName}.`,
    ];
    await this.notify.sendEmail(
      {
        template: 'hub-decision',
        to,
        subject: `Request ${formatReference(d.reference)}: what happens next`,
        body: body.join('\n\n'),
      },
      tx,
    );
  }

  private checkDecision(input: DecisionInput, levels: { level: number; descriptors: string[] }[]) {
    const level = levels.find((l) => l.level === input.level);
    if (!level) throw new HubDecisionError('level', 'Select the level of need');
    const known = new Set(levels.flatMap((l) => l.descriptors));
    if (input.descriptors.some((d) => !known.has(d)))
      throw new HubDecisionError('descriptors', 'Select descriptors from the list');
    if (!PATHWAY_LEVELS[input.pathway].includes(input.level)) {
      const allowed = PATHWAY_LEVELS[input.pathway].join(' or ');
      throw new HubDecisionError(
        'pathway',
        `${PATHWAY_NAMES[input.pathway]} is for level ${allowed}: change the level or the pathway`,
      );
    }
    if (input.pathway === 'social-care' && !input.socialCareRoute)
      throw new HubDecisionError('socialCareRoute', 'Select a statutory assessment or a strategy discussion');
    if (input.pathway === 'family-solutions' && !input.familyConsent)
      throw new HubDecisionError(
        'familyConsent',
        'Family Solutions needs the family’s consent: confirm they have agreed, or choose another pathway',
      );
    if (input.pathway === 'no-further-action' && !input.noFurtherActionReason)
      throw new HubDecisionError('noFurtherActionReason', 'Enter why no further action is needed');
  }

  /** Signposted services must be live and visible to the screener. */
  private async checkServices(ids: string[], viewer: Principal) {
    const found = await Promise.all([...new Set(ids)].map((id) => this.directory.publicService(id, viewer)));
    if (found.some((s) => s === null))
      throw new HubDecisionError('serviceIds', 'One of the services is no longer in the directory: search again');
    return found.filter((s) => s !== null);
  }

  /**
   * The figures the partnership needs, for a period: requests by source, district and quadrant;
   * decisions by level and pathway; time from receipt to decision; the share of police
   * notifications progressed; re-requests about the same child within 12 months.
   */
  figures(from: Date, to: Date) {
    return hubFigures(this.db, from, to);
  }
}
