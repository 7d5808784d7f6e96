import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { CalendarService } from '../../../platform/calendar/service.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import type { Notify } from '../../../platform/notify/notify.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { DirectoryService } from '../../directory/index.ts';
import type { Candidate } from '../../people/index.ts';
import type { PeopleService } from '../../people/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { familyContacts } from '../contact.ts';
import { otherRequestsAbout } from './duplicates.ts';
import { hubFigures } from './figures.ts';
import { screenerNames, screenersOf, untriagedAmong } from './screeners.ts';
import { HubDecisionError } from './errors.ts';
import { HubDecisions, type DecisionInput } from './decisions.ts';
import { awaitingApproval, awaitingSocialWorkReview } from './review-lists.ts';
import { HubPeople, type PersonCorrection } from './people.ts';
import { HubContacts, type ContactInput } from './contacts.ts';
import type { SocialCareHandOffHook } from './decision-effects.ts';
import { HandedOn } from './handed-on.ts';

export type { DecisionInput } from './decisions.ts';
export type { QueueItem } from './queue.ts';
import type { DecisionDraft } from './decision-rules.ts';
import { acceptWorkItem, openWorkItems, type WorkItemKind } from './work-items.ts';
import { PATHWAY_NAMES, outcomeWords, personDetails } from './rules.ts';
import { hubQueue, type QueueItem } from './queue.ts';
import type { RequestFilters } from '../repository.ts';
import type { FrontDoorService } from '../service.ts';

/**
 * The Children and Families Hub at work: the queue with each item's age against its timescale,
 * assignment, "who is this child?" (matching each person to existing records), and the decision —
 * level of need with reasons, and a pathway that hands work to the team that picks it up. A level 4
 * decision, or one that overrides the requester's view, waits for a manager when the tenant says so.
 */

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
    this.contacts = new HubContacts(db, audit);
    this.decisions = new HubDecisions(
      db,
      audit,
      notify,
      frontDoor,
      directory,
      reference,
      settings,
      (ids) => this.untriaged(ids),
      this.socialCareHandOffs,
    );
    this.handedOn = new HandedOn(db, audit, this.contacts);
  }

  private readonly socialCareHandOffs: SocialCareHandOffHook[] = [];

  /** A level 4 decision to children's social care calls this, in the decision's transaction (issue 15). */
  onSocialCareHandOff(hook: SocialCareHandOffHook) {
    this.socialCareHandOffs.push(hook);
  }

  /** Social care's outcome noted on a request, a request sent back, a decision as an escalation sees it. */
  readonly handedOn: HandedOn;

  private readonly decisions: HubDecisions;

  /** The contact log on a request (contacts.ts). */
  readonly contacts: HubContacts;

  /** Linking, history and merging of people (hub-people.ts). */
  readonly persons: HubPeople;

  /** The screener says an entered person is this existing record. Nothing is merged. */
  linkPerson(actor: AuditActor, requestId: string, requestPersonId: string, personId: string) {
    return this.persons.linkPerson(actor, requestId, requestPersonId, personId);
  }

  /** The screener finds nobody: a new person record from the details as entered (or corrected). */
  createPersonFor(actor: AuditActor, requestId: string, requestPersonId: string, corrected?: PersonCorrection) {
    return this.persons.createPersonFor(actor, requestId, requestPersonId, corrected);
  }

  /** The queue within the filters, least time left first, each item with its RAG status (queue.ts). */
  queue(filters: RequestFilters, now = new Date()): Promise<{ items: QueueItem[]; total: number }> {
    return hubQueue(
      { db: this.db, frontDoor: this.frontDoor, reference: this.reference, calendar: this.calendar },
      filters,
      now,
    );
  }

  /** Police notifications among these requests that still wait for their lighter triage. */
  untriaged(requestIds: string[]): Promise<Set<string>> {
    return untriagedAmong(this.db, requestIds);
  }

  /** The people who screen, for the "assigned to" filter and a manager's reassignment. */
  screeners(): Promise<{ id: string; name: string }[]> {
    return screenersOf(this.db);
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

  /**
   * Waiting for information (what, from whom, by when: written to the contact log with the status), or
   * back to screening when it arrives.
   */
  async setAwaitingInformation(
    actor: AuditActor,
    requestId: string,
    expectedVersion: number,
    awaiting: Omit<ContactInput, 'kind'> | false,
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
      if (awaiting) await this.contacts.add(actor, requestId, { kind: 'awaiting', ...awaiting }, tx);
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
    const [hub, calendar, decisions, untriaged, others] = await Promise.all([
      this.reference.hubSettings(),
      this.calendar.calendar(),
      this.decisions.decisionsOf(requestId),
      this.untriaged(request.source === 'police' ? [requestId] : []),
      otherRequestsAbout(this.db, [requestId]),
    ]);
    const pending =
      decisions.find((d) => d.state === 'awaiting-approval' || d.state === 'awaiting-social-work-review') ?? null;
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
      ? ((await screenerNames(this.db, [request.assigned_to])).get(request.assigned_to) ?? null)
      : null;
    return {
      request,
      people,
      contact: familyContacts(request),
      /** Other open requests about the same children: a warning, and the requests a decision may link to. */
      others: others.get(requestId) ?? [],
      decisions,
      /** A decision waiting for a social worker or a manager: nobody can decide again until it is settled. */
      pending,
      assignedName,
      needsTriage: untriaged.has(requestId),
      priorityName: priority?.name ?? request.priority,
      rag:
        priority && request.status !== 'decided'
          ? calendar.rag(request.received_at, now, priority.timescale, { amberAt: hub.amberAtPercent / 100 })
          : null,
    };
  }

  /**
   * How a family's early help began, for the people working with them: the request as sent (the read
   * is audited like every read of a request) and the Hub's final decision, or null for no request.
   */
  async origin(actor: AuditActor, requestId: string) {
    if (!isUuid(requestId)) return null;
    const request = await this.frontDoor.viewRequest(actor, requestId);
    if (!request) return null;
    const decisions = await this.decisions.decisionsOf(requestId);
    return { request, decision: decisions.find((d) => d.state === 'final') ?? null };
  }

  /**
   * Whether the Hub decided a request about this person at level 4 (specialist: children's social care), at any
   * time, whatever happened next: for Education Compliance's "known to social care" priority (issue 15).
   */
  /**
   * The schools Requests for Support named for these people (request_people.school, free text as the requester typed
   * it), newest first: Operation Encompass recognises a child's school from them (issue 15).
   */
  async schoolsNamedFor(personIds: string[]): Promise<{ personId: string; school: string; on: Date }[]> {
    const ids = personIds.filter(isUuid);
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('request_people')
      .select(['person_id', 'school', 'created_at'])
      .where('person_id', 'in', ids)
      .where('school', 'is not', null)
      .where('school', '!=', '')
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute();
    return rows.map((r) => ({ personId: r.person_id!, school: r.school!, on: r.created_at }));
  }

  async decidedAtLevel4(personId: string): Promise<boolean> {
    if (!isUuid(personId)) return false;
    const row = await this.db
      .selectFrom('request_people as p')
      .innerJoin('hub_decisions as d', 'd.request_id', 'p.request_id')
      .select('d.id')
      .where('p.person_id', '=', personId)
      .where('d.level', '=', 4)
      .where('d.state', '!=', 'returned')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The Hub's final decision on a request, as its requester is told it (level, pathway, services), or null. */
  async outcome(requestId: string) {
    const [decisions, levels] = await Promise.all([
      this.decisions.decisionsOf(requestId),
      this.reference.windscreenLevels(),
    ]);
    const final = decisions.find((d) => d.state === 'final');
    if (!final) return null;
    const level = levels.find((l) => l.level === final.level);
    return {
      decisionId: final.id,
      level: final.level,
      levelName: level ? `Level ${level.level}: ${level.name}` : `Level ${final.level}`,
      levelSummary: level?.summary ?? null,
      pathway: final.pathway,
      pathwayName: PATHWAY_NAMES[final.pathway],
      whatHappensNext: outcomeWords(final.pathway, final.level),
      decidedAt: final.decided_at,
      services: final.services,
      noFurtherActionReason: final.no_further_action_reason,
    };
  }

  /**
   * Records the decision. The request's version guards against two screeners deciding at once (the
   * second is told; nothing is overwritten). Returns whether it waits for a manager.
   */
  decide(actor: AuditActor, viewer: Principal, requestId: string, expectedVersion: number, input: DecisionInput) {
    return this.decisions.decide(actor, viewer, requestId, expectedVersion, input);
  }

  /** Every problem with a decision as far as the screener has got, in page order (decision-rules.ts). */
  decisionProblems(requestId: string, draft: DecisionDraft) {
    return this.decisions.problems(requestId, draft);
  }

  /** The request a decision belongs to (to show a manager's review form again), or null. */
  requestOfDecision(decisionId: string) {
    return this.decisions.requestOfDecision(decisionId);
  }

  /** Decisions waiting for a manager, oldest first. */
  awaitingApproval() {
    return awaitingApproval(this.db);
  }

  /** Decisions waiting for a Hub social worker (a missing child at level 3 or 4), oldest first. */
  awaitingSocialWorkReview(now = new Date()) {
    return awaitingSocialWorkReview(this.db, now);
  }

  /** A Hub social worker agrees with a decision or asks for changes (decisions.ts). */
  socialWorkReview(
    actor: AuditActor,
    viewer: Principal,
    decisionId: string,
    expectedVersion: number,
    agreed: boolean,
    reasons: string,
  ) {
    return this.decisions.socialWorkReview(actor, viewer, decisionId, expectedVersion, agreed, reasons);
  }

  /** A manager approves a decision (it takes effect) or returns it to screening with a note. */
  review(actor: AuditActor, viewer: Principal, decisionId: string, approve: boolean, note: string) {
    return this.decisions.review(actor, viewer, decisionId, approve, note);
  }

  /** Open work the Hub handed on, for the receiving team (hub-work-items.ts). */
  openWorkItems(kind: WorkItemKind, districtCodes?: string[]) {
    return openWorkItems(this.db, kind, districtCodes);
  }

  /** Takes on a work item; pass the caller's transaction so it commits with what the team creates. */
  acceptWorkItem(actor: AuditActor, workItemId: string, expectedVersion: number, db: Kysely<DB> = this.db) {
    return acceptWorkItem(this.audit, actor, workItemId, expectedVersion, db);
  }

  /**
   * The figures the partnership needs, for a period: requests by source, district and quadrant;
   * decisions by level and pathway; time from receipt to decision; the share of police
   * notifications progressed to children's social care or Family Solutions (the Board's measure); re-requests about the same child within 12 months;
   * the Hub social worker's reviews, agreed and changes asked.
   */
  figures(from: Date, to: Date) {
    return hubFigures(this.db, from, to);
  }
}
