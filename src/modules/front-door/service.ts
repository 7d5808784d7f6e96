import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { newId } from '../../platform/db/ids.ts';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { Notify } from '../../platform/notify/notify.ts';
import type { ReferenceService } from '../reference/index.ts';
import {
  emptyPractitionerAnswers,
  type FamilyAnswers,
  type LevelChangeInput,
  type PractitionerAnswers,
} from './answers.ts';
import {
  DraftSubmittedError,
  RequestNotReadyError,
  StaleDraftError,
  type Requester,
  type Submitted,
} from './errors.ts';
import { formatReference } from './reference.ts';
import { mayEmailFamily } from './contact.ts';
import { insertRequest } from './request-insert.ts';
import { PostcodeDistricts, type PostcodePlaces } from './postcode-districts.ts';
import { FrontDoorRepository, type RequestFilters } from './repository.ts';
import {
  familyInput,
  familyProblems,
  levelChangeInputProblems,
  practitionerInput,
  practitionerLevelChange,
  practitionerProblems,
} from './rules.ts';

export type { RequestFilters } from './repository.ts';
export {
  DraftSubmittedError,
  RequestNotReadyError,
  StaleDraftError,
  type Requester,
  type Submitted,
} from './errors.ts';

/** Everything the forms need from the tenant file, read once: it changes only at start-up. */
export interface FrontDoorOptions {
  hub: { name: string; phone: string | null; outOfHoursPhone: string | null };
  /** The Hub's priorities, most urgent first (tenant file, hub.priorities). */
  priorities: string[];
  levels: { level: number; name: string; summary: string; descriptors: string[] }[];
  outcomeAreas: { code: string; name: string; description: string }[];
  districts: { code: string; name: string }[];
  /** The words for a person's ethnicity the person page offers (tenant file, people.ethnicities). */
  ethnicities: { code: string; name: string }[];
  /** The same as the select's items, "Not given" first. */
  ethnicityItems: { value: string; text: string }[];
}

/**
 * The front door of the Children and Families Hub: Requests for Support from practitioners (built
 * up in a draft, section by section) and from families (kept in their session). Submission is
 * idempotent and atomic: the request, its people, the audit event (and the family's confirmation
 * email) commit together or not at all. The Hub's queue, screening and decisions read requests
 * through request() and listRequests().
 */
export class FrontDoorService {
  private readonly repository: FrontDoorRepository;
  private cachedOptions: Promise<FrontDoorOptions> | undefined;

  /** The tenant's district a postcode is in, when the ONS Postcode Directory can tell (postcode-districts.ts). */
  readonly postcodeDistricts: PostcodeDistricts;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly notify: Notify,
    private readonly reference: ReferenceService,
    places?: PostcodePlaces,
  ) {
    this.repository = new FrontDoorRepository(db);
    this.postcodeDistricts = new PostcodeDistricts(reference, places);
  }

  options(): Promise<FrontDoorOptions> {
    this.cachedOptions ??= this.loadOptions().catch((error: unknown) => {
      this.cachedOptions = undefined;
      throw error;
    });
    return this.cachedOptions;
  }

  private async loadOptions(): Promise<FrontDoorOptions> {
    const [la, levels, outcomeAreas, districts, hubSettings, ethnicities] = await Promise.all([
      this.reference.localAuthority(),
      this.reference.windscreenLevels(),
      this.reference.outcomeAreas(),
      this.reference.districts(),
      this.reference.hubSettings(),
      this.reference.ethnicities(),
    ]);
    return {
      hub: {
        name: la?.hub_name ?? 'Children and Families Hub',
        phone: la?.hub_phone ?? null,
        outOfHoursPhone: la?.out_of_hours_phone ?? null,
      },
      levels: levels.map((l) => ({ level: l.level, name: l.name, summary: l.summary, descriptors: l.descriptors })),
      outcomeAreas: outcomeAreas.map((a) => ({ code: a.code, name: a.name, description: a.description })),
      districts: districts.map((d) => ({ code: d.code, name: d.name })),
      priorities: hubSettings.priorities.map((p) => p.code),
      ethnicities: ethnicities.map((e) => ({ code: e.code, name: e.name })),
      ethnicityItems: [{ value: '', text: 'Not given' }, ...ethnicities.map((e) => ({ value: e.code, text: e.name }))],
    };
  }

  // ---- A practitioner's draft ----

  /**
   * Starts a practitioner's draft, empty or with answers another module already has (the exploitation pathway
   * carries the child, and the level and its reasons): the practitioner still checks every section and sends it.
   */
  async startDraft(
    actor: AuditActor,
    userId: string,
    start: Pick<PractitionerAnswers, 'people' | 'level' | 'levelAtLeast'> = { people: [] },
    from?: { type: string; id: string },
  ): Promise<string> {
    const id = newId();
    const answers: PractitionerAnswers = { ...emptyPractitionerAnswers(), ...start };
    await this.repository.insertDraft({ id, userId, data: JSON.stringify(answers) });
    await this.audit.record(actor, {
      action: 'request-draft.started',
      outcome: 'success',
      subjectType: 'request-draft',
      subjectId: id,
      ...(from ? { details: { from: from.type, fromId: from.id, level: start.level?.level ?? null } } : {}),
    });
    return id;
  }

  /** The user's own draft, or null (someone else's draft is as good as missing). */
  async draft(userId: string, id: string) {
    const row = await this.repository.findDraft(userId, id);
    if (!row) return null;
    return {
      id: row.id,
      version: row.version,
      submittedRequestId: row.submitted_request_id,
      answers: { ...emptyPractitionerAnswers(), ...(row.data as Partial<PractitionerAnswers>) },
    };
  }

  /**
   * Saves one section: `change` gets the answers as they are now and returns them changed. Throws
   * StaleDraftError if another tab saved since `version`, DraftSubmittedError once it is sent.
   */
  async saveDraft(
    userId: string,
    id: string,
    version: number,
    change: (answers: PractitionerAnswers) => PractitionerAnswers,
  ): Promise<number> {
    const current = await this.draft(userId, id);
    if (!current) throw new StaleDraftError();
    if (current.submittedRequestId) throw new DraftSubmittedError(current.submittedRequestId);
    if (current.version !== version) throw new StaleDraftError();
    const saved = await this.repository.saveDraft(userId, id, version, JSON.stringify(change(current.answers)));
    if (!saved) {
      const now = await this.draft(userId, id);
      if (now?.submittedRequestId) throw new DraftSubmittedError(now.submittedRequestId);
      throw new StaleDraftError();
    }
    return version + 1;
  }

  /** "Your requests": drafts still open and requests sent, newest first. */
  async yourRequests(userId: string) {
    const [drafts, sent] = await Promise.all([
      this.repository.openDrafts(userId),
      this.repository.list({ requesterUserId: userId, limit: 100 }),
    ]);
    const childrenOf = async (ids: string[]) => {
      const people = await this.repository.peopleOf(ids);
      return (id: string) =>
        people.filter((p) => p.request_id === id && p.role === 'child').map((p) => `${p.first_name} ${p.last_name}`);
    };
    const children = await childrenOf(sent.rows.map((r) => r.id));
    return {
      drafts: drafts.map((d) => {
        const answers = d.data as Partial<PractitionerAnswers>;
        return {
          id: d.id,
          updatedAt: d.updated_at,
          children: (answers.people ?? []).filter((p) => p.role === 'child').map((p) => `${p.firstName} ${p.lastName}`),
        };
      }),
      sent: sent.rows.map((r) => ({ ...r, displayReference: formatReference(r.reference), children: children(r.id) })),
    };
  }

  /**
   * Sends a practitioner's draft. The draft's id is the idempotency key and its row is locked first,
   * so a double click or a retried POST returns the request already made, never a second one.
   */
  async submitPractitionerRequest(
    actor: AuditActor,
    requester: Requester,
    draftId: string,
    base = '',
  ): Promise<Submitted | null> {
    const { priorities } = await this.options();
    return this.db.transaction().execute(async (tx) => {
      const draft = await this.repository.findDraft(requester.userId, draftId, tx, true);
      if (!draft) return null;
      if (draft.submitted_request_id) {
        const existing = await this.repository.findByKey(tx, draftId);
        if (existing) return { ...existing, created: false };
      }
      // A draft begun before "Is the family already getting support?" was asked is a new request, as it
      // was when it was written; the pages make practitioners answer it (routes.ts).
      const answers: PractitionerAnswers = {
        support: { kind: 'new' },
        ...emptyPractitionerAnswers(),
        ...(draft.data as Partial<PractitionerAnswers>),
      };
      const problems = practitionerProblems(answers, base);
      if (problems.length) throw new RequestNotReadyError(problems);
      const input = practitionerInput(answers);
      const change = practitionerLevelChange(answers);
      const submitted = await insertRequest(
        this.repository,
        this.audit,
        tx,
        actor,
        'practitioner',
        draftId,
        input,
        priorities,
        {
          requester_user_id: requester.userId,
          requester_organisation_id: requester.organisationId,
          requester_name: requester.name,
        },
        change && { ...change, fromEpisodeId: null },
      );
      if (submitted.created) await this.repository.markDraftSubmitted(tx, draftId, submitted.id, requester.userId);
      return submitted;
    });
  }

  /**
   * A step up or step down sent by casework (the Early Help module, later) for a family it already
   * supports: the Hub screens and decides it like any other request. `input.key` is the caller's
   * idempotency key (kept as `level-change:<key>`, apart from drafts and police references), so a
   * retry returns the first request. Request, people and audit event commit together. Throws
   * RequestNotReadyError with every problem (unknown kind, a step up to the same or a lower level…).
   */
  async submitLevelChange(actor: AuditActor, requester: Requester, input: LevelChangeInput): Promise<Submitted> {
    const { priorities, districts } = await this.options();
    const problems = levelChangeInputProblems(
      input,
      districts.map((d) => d.code),
    );
    if (problems.length) throw new RequestNotReadyError(problems);
    const { kind, currentLevel, handoverSummary, fromEpisodeId, key, ...request } = input;
    return this.db.transaction().execute((tx) =>
      insertRequest(
        this.repository,
        this.audit,
        tx,
        actor,
        'practitioner',
        `level-change:${key}`,
        request,
        priorities,
        {
          requester_user_id: requester.userId,
          requester_organisation_id: requester.organisationId,
          requester_name: requester.name,
        },
        { kind, currentLevel, handoverSummary: handoverSummary.trim(), fromEpisodeId },
      ),
    );
  }

  /**
   * A family's own request, with its confirmation email in the same transaction. `key` is made when
   * the family starts and kept in their session, so sending twice returns the first request.
   */
  async submitFamilyRequest(actor: AuditActor, key: string, answers: FamilyAnswers, base = ''): Promise<Submitted> {
    const problems = familyProblems(answers, base);
    if (problems.length) throw new RequestNotReadyError(problems);
    const aboutYou = answers.aboutYou!;
    // Read before the transaction: on PGlite the transaction holds the only connection.
    const { hub, priorities } = await this.options();
    return this.db.transaction().execute(async (tx) => {
      const submitted = await insertRequest(
        this.repository,
        this.audit,
        tx,
        actor,
        'family',
        key,
        familyInput(answers),
        priorities,
        {
          requester_name: aboutYou.name,
          requester_relationship: aboutYou.relationship,
          requester_email: aboutYou.email || null,
          requester_phone: aboutYou.phone || null,
          requester_contact_notes: aboutYou.contactNotes || null,
          requester_contact_by: aboutYou.contactBy,
          requester_helper: aboutYou.helper || null,
        },
      );
      // Only a family who chose email is emailed: for some, an email from the council is not safe.
      if (submitted.created && mayEmailFamily({ contactBy: aboutYou.contactBy, email: aboutYou.email })) {
        // Kept short and without the family's details: someone else may read this inbox.
        const phone = hub.phone ? `, call the ${hub.name} on ${hub.phone}` : `, contact the ${hub.name}`;
        await this.notify.sendEmail(
          {
            template: 'family-request-received',
            to: aboutYou.email,
            subject: `We have your request for help: ${formatReference(submitted.reference)}`,
            body: [
              `Dear ${aboutYou.name},`,
              '',
              `Thank you for asking for help. The ${hub.name} has your request.`,
              '',
              `Your reference number is ${formatReference(submitted.reference)}`,
              '',
              'Someone from the Hub will read it and contact you to talk about what would help.',
              '',
              `If you need to talk to us before then${phone} and give your reference number.`,
              '',
              'If a child is in immediate danger, call 999.',
            ].join('\n'),
          },
          tx,
        );
      }
      return submitted;
    });
  }

  // ---- Reading requests (the Hub builds on these) ----

  /** One request with its people, in the order they were entered; null if there is none. */
  async request(id: string) {
    const row = await this.repository.findRequest(id);
    if (!row) return null;
    const people = await this.repository.peopleOf([id]);
    return { ...row, displayReference: formatReference(row.reference), people };
  }

  /** Who made a Hub decision and when: early help credits a family's first level to them, not to whoever took the work on. */
  async decisionMaker(decisionId: string): Promise<{ decidedBy: string; decidedAt: Date } | null> {
    const row = await this.repository.decisionMaker(decisionId);
    return row ? { decidedBy: row.decided_by, decidedAt: row.decided_at } : null;
  }

  /** Reading a request is recorded in the audit trail, like any read of a child's record. */
  async viewRequest(actor: AuditActor, id: string) {
    const found = await this.request(id);
    if (found)
      await this.audit.record(actor, {
        action: 'request-for-support.viewed',
        outcome: 'success',
        subjectType: 'request-for-support',
        subjectId: id,
      });
    return found;
  }

  /**
   * How many Requests for Support received in (receivedAfter, receivedBy] name any of these people (as
   * linked by the Hub), leaving out those sent from one early help episode (its own step up or down).
   * Early help's Supporting Families sustainment check asks this; it returns a count, nothing about anyone.
   */
  countRequestsAbout(input: {
    personIds: readonly string[];
    receivedAfter: Date;
    receivedBy: Date;
    exceptFromEpisodeId: string | null;
  }): Promise<number> {
    return this.repository.countAbout(input);
  }

  /** The queue: newest first, filtered (see RequestFilters), with the total for paging. */
  listRequests(filters: RequestFilters = {}) {
    return this.repository.list(filters);
  }

  /** Every request the filters match (id, priority, received), unpaged: the Hub orders its queue by time left. */
  requestKeys(filters: RequestFilters) {
    return this.repository.keys(filters);
  }
}
