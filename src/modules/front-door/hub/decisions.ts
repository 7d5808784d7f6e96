import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import { StaleVersionError, isUniqueViolation } from '../../../platform/db/errors.ts';
import type { DB, HubPathway } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import type { Notify } from '../../../platform/notify/notify.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { DirectoryService } from '../../directory/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { mayEmailFamily } from '../contact.ts';
import { formatReference } from '../reference.ts';
import type { FrontDoorService } from '../service.ts';
import { otherRequestsAbout } from './duplicates.ts';
import { HubDecisionError, HubDecisionProblems } from './errors.ts';
import { decisionProblems, inPageOrder, type DecisionDraft } from './decision-rules.ts';
import { levelWords, outcomeWords } from './rules.ts';

/** What a screener is told when a decision already waits for a manager. */
export const PENDING_MESSAGE =
  'A decision on this request is waiting for a Hub manager to approve it. You can decide again only if the manager returns it to screening.';

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
  /** For 'linked-request': the other open request about the same child. */
  linkedRequestId?: string | undefined;
  /** Set to hold back the outcome email in a sensitive case: why (kept on the decision). */
  emailWithheldReason?: string | undefined;
}

/**
 * The Hub's decisions: recording one (level, descriptors, reasons, pathway), a manager's approval
 * or return, and what a final decision sets going (the work item, the requester's email).
 */
export class HubDecisions {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly notify: Notify,
    private readonly frontDoor: FrontDoorService,
    private readonly directory: DirectoryService,
    private readonly reference: ReferenceService,
    private readonly settings: { publicUrl: string },
    private readonly untriaged: (requestIds: string[]) => Promise<Set<string>>,
  ) {}

  async decisionsOf(requestId: string) {
    const rows = await this.db
      .selectFrom('hub_decisions as d')
      .innerJoin('users as u', 'u.id', 'd.decided_by')
      .leftJoin('users as m', 'm.id', 'd.reviewed_by')
      .leftJoin('requests_for_support as lr', 'lr.id', 'd.linked_request_id')
      .selectAll('d')
      .select(['u.display_name as decided_by_name', 'm.display_name as reviewed_by_name', 'lr.reference as linked_to'])
      .where('d.request_id', '=', requestId)
      .orderBy('d.decided_at', 'desc')
      .execute();
    const ids = [...new Set(rows.flatMap((r) => r.signposted_service_ids))];
    const names = await this.directory.serviceNames(ids);
    return rows.map((r) => ({
      ...r,
      linked_reference: r.linked_to ? formatReference(r.linked_to) : null,
      services: names.filter((n) => r.signposted_service_ids.includes(n.id)).map((n) => ({ id: n.id, name: n.name })),
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
    if (await this.pendingDecision(requestId)) throw new HubDecisionError('decision-pending', PENDING_MESSAGE);
    const problems = await this.problems(requestId, {
      ...input,
      withholdEmail: input.emailWithheldReason !== undefined,
    });
    if (problems.length) throw new HubDecisionProblems(problems);
    const overrides = request.requested_level !== null && request.requested_level !== input.level;
    const needsManager =
      (hub.requireManagerApproval.level4 && input.level === 4) || (hub.requireManagerApproval.override && overrides);
    const awaitingApproval = needsManager && !can(viewer, 'hub:manage').allowed;
    const services = await this.checkServices(input.serviceIds, viewer);
    const decisionId = newId();
    await this.db
      .transaction()
      .execute(async (tx) => {
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
            linked_request_id: input.pathway === 'linked-request' ? input.linkedRequestId! : null,
            email_withheld_reason: input.emailWithheldReason || null,
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
        if (!awaitingApproval) await this.finalise(tx, requestId, decisionId, levels);
      })
      .catch((error: unknown) => {
        // Another decision became current meanwhile (one waits for a manager): say so, never a 500.
        if (isUniqueViolation(error)) throw new HubDecisionError('decision-pending', PENDING_MESSAGE);
        throw error;
      });
    return { awaitingApproval };
  }

  /**
   * Every problem with a decision as far as the screener has got (decision-rules.ts), in page order: the form
   * shows them all at once, and decide() refuses with all of them.
   */
  async problems(requestId: string, draft: DecisionDraft) {
    const [levels, hub, others] = await Promise.all([
      this.reference.windscreenLevels(),
      this.reference.hubSettings(),
      draft.pathway === 'linked-request' ? otherRequestsAbout(this.db, [requestId]) : new Map<string, never[]>(),
    ]);
    return inPageOrder(
      decisionProblems(draft, {
        levels: levels.map((l) => ({ level: l.level, descriptors: l.descriptors as string[] })),
        pathwayLevels: hub.pathwayLevels,
        linkable: (others.get(requestId) ?? []).map((o) => o.id),
      }),
    );
  }

  /** The decision on this request that waits for a manager, if there is one. */
  async pendingDecision(requestId: string) {
    return this.db
      .selectFrom('hub_decisions')
      .select('id')
      .where('request_id', '=', requestId)
      .where('state', '=', 'awaiting-approval')
      .executeTakeFirst();
  }

  /** The request a decision belongs to, or null. */
  async requestOfDecision(decisionId: string): Promise<string | null> {
    if (!isUuid(decisionId)) return null;
    const row = await this.db
      .selectFrom('hub_decisions')
      .select('request_id')
      .where('id', '=', decisionId)
      .executeTakeFirst();
    return row?.request_id ?? null;
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
    const levels = await this.reference.windscreenLevels();
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
      if (approve) await this.finalise(tx, decision.request_id, decisionId, levels);
      return decision.request_id;
    });
  }

  /** A final decision hands on its work and tells the requester, in the same transaction. */
  private async finalise(
    tx: Kysely<DB>,
    requestId: string,
    decisionId: string,
    levels: readonly { level: number; name: string }[],
  ) {
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
        'r.requester_contact_by',
        'd.email_withheld_reason',
        'd.linked_request_id',
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
    // A practitioner is emailed at their account; a family only if they chose email (contact.ts).
    const to =
      d.requester_user_email ??
      (mayEmailFamily({ contactBy: d.requester_contact_by, email: d.requester_email }) ? d.requester_email : null);
    // Held back by the screener (recorded with why), or a family's request linked to another: no email.
    if (!to || d.email_withheld_reason || (d.pathway === 'linked-request' && d.source !== 'practitioner')) return;
    const services = await this.directory.serviceNames(d.signposted_service_ids, tx);
    // Inside the transaction: on PGlite a query outside it would wait for it forever.
    const hubName =
      (await tx.selectFrom('local_authority').select('hub_name').executeTakeFirst())?.hub_name ??
      'the Children and Families Hub';
    const body = [
      `The ${hubName} has looked at request ${formatReference(d.reference)}.`,
      levelWords(d.level, levels),
      outcomeWords(d.pathway, d.level),
      ...(services.length
        ? ['These services may help:', ...services.map((s) => `${s.name}: ${this.settings.publicUrl}/services/${s.id}`)]
        : []),
      ...(d.linked_request_id ? [`It is linked to request ${await this.referenceOf(tx, d.linked_request_id)}.`] : []),
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

  private async referenceOf(tx: Kysely<DB>, requestId: string) {
    const row = await tx
      .selectFrom('requests_for_support')
      .select('reference')
      .where('id', '=', requestId)
      .executeTakeFirst();
    return row ? formatReference(row.reference) : 'another request';
  }

  /** Signposted services must be live and visible to the screener. */
  private async checkServices(ids: string[], viewer: Principal) {
    const found = await Promise.all([...new Set(ids)].map((id) => this.directory.publicService(id, viewer)));
    if (found.some((s) => s === null))
      throw new HubDecisionError('serviceIds', 'One of the services is no longer in the directory: search again');
    return found.filter((s) => s !== null);
  }
}
