import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import { StaleVersionError, isUniqueViolation } from '../../../platform/db/errors.ts';
import type { DB, HubDecisionState, HubPathway } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import type { Notify } from '../../../platform/notify/notify.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { DirectoryService } from '../../directory/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { formatReference } from '../reference.ts';
import type { FrontDoorService } from '../service.ts';
import { otherRequestsAbout } from './duplicates.ts';
import { HubDecisionError, HubDecisionProblems } from './errors.ts';
import { decisionProblems, inPageOrder, nextState, reviewsNeeded, type DecisionDraft } from './decision-rules.ts';
import { finaliseDecision, type SocialCareHandOffHook } from './decision-effects.ts';
import { missingFromPolice, pendingDecision, pendingMessage, type PendingState } from './review-lists.ts';

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
    private readonly socialCareHandOffs: readonly SocialCareHandOffHook[] = [],
  ) {}

  async decisionsOf(requestId: string) {
    const rows = await this.db
      .selectFrom('hub_decisions as d')
      .innerJoin('users as u', 'u.id', 'd.decided_by')
      .leftJoin('users as m', 'm.id', 'd.reviewed_by')
      .leftJoin('requests_for_support as lr', 'lr.id', 'd.linked_request_id')
      .leftJoin('hub_social_work_reviews as sw', 'sw.decision_id', 'd.id')
      .leftJoin('users as swu', 'swu.id', 'sw.reviewer_id')
      .selectAll('d')
      .select([
        'u.display_name as decided_by_name',
        'm.display_name as reviewed_by_name',
        'lr.reference as linked_to',
        'sw.outcome as social_work_outcome',
        'sw.reasons as social_work_reasons',
        'sw.reviewed_at as social_work_reviewed_at',
        'swu.display_name as social_worker_name',
      ])
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
   * second is told; nothing is overwritten). Returns whether it waits for a manager, and which review it waits for.
   * A decider who may give a review it needs gives it by deciding (recorded as their review).
   */
  async decide(
    actor: AuditActor,
    viewer: Principal,
    requestId: string,
    expectedVersion: number,
    input: DecisionInput,
  ): Promise<{ awaitingApproval: boolean; state: HubDecisionState }> {
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
    const pending = await pendingDecision(this.db, requestId);
    if (pending) throw new HubDecisionError('decision-pending', pendingMessage(pending.state));
    const problems = await this.problems(requestId, {
      ...input,
      withholdEmail: input.emailWithheldReason !== undefined,
    });
    if (problems.length) throw new HubDecisionProblems(problems);
    const overrides = request.requested_level !== null && request.requested_level !== input.level;
    const needed = reviewsNeeded(
      {
        level: input.level,
        overridesRequestedLevel: overrides,
        missingFromPolice: await missingFromPolice(this.db, request),
      },
      hub.requireManagerApproval,
    );
    const byRole = {
      socialWork: can(viewer, 'hub:social-work-review').allowed,
      manager: can(viewer, 'hub:manage').allowed,
    };
    const state = nextState(needed, byRole);
    const awaitingApproval = state !== 'final';
    // A manager deciding has approved, even while the decision still waits for the social worker.
    const approvedByDecider = needed.manager && byRole.manager;
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
            state,
            decided_by: viewer.id,
            reviewed_by: approvedByDecider ? viewer.id : null,
            reviewed_at: approvedByDecider ? new Date() : null,
            review_note: null,
            linked_request_id: input.pathway === 'linked-request' ? input.linkedRequestId! : null,
            email_withheld_reason: input.emailWithheldReason || null,
          })
          .execute();
        // A social worker deciding a decision that needs their review has reviewed it: recorded as such.
        if (needed.socialWork && byRole.socialWork)
          await tx
            .insertInto('hub_social_work_reviews')
            .values({ id: newId(), decision_id: decisionId, reviewer_id: viewer.id, outcome: 'agreed', reasons: null })
            .execute();
        await this.audit.record(
          actor,
          {
            action: 'hub.decision.made',
            outcome: 'success',
            subjectType: 'request-for-support',
            subjectId: requestId,
            details: { decisionId, level: input.level, pathway: input.pathway, awaitingApproval, state },
          },
          tx,
        );
        if (state === 'final') await this.finalise(tx, requestId, decisionId, levels);
      })
      .catch(async (error: unknown) => {
        // Another decision became current meanwhile (one waits for a review): say so, never a 500.
        if (isUniqueViolation(error))
          throw new HubDecisionError(
            'decision-pending',
            pendingMessage((await pendingDecision(this.db, requestId))?.state ?? 'awaiting-approval'),
          );
        throw error;
      });
    return { awaitingApproval, state };
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
    return this.settle(actor, decisionId, 'awaiting-approval', null, async (tx) => {
      await tx
        .updateTable('hub_decisions')
        .set({ reviewed_by: viewer.id, reviewed_at: new Date(), review_note: note || null })
        .where('id', '=', decisionId)
        .execute();
      return {
        state: approve ? 'final' : 'returned',
        action: approve ? 'hub.decision.approved' : 'hub.decision.returned',
      };
    });
  }

  /**
   * A Hub social worker agrees with a decision (it takes effect, or goes on to a manager if one must approve it
   * and the social worker is not one) or asks for changes (back to screening, with the reasons the screener sees).
   * The decision's version guards against two reviewers at once: the second is told.
   */
  async socialWorkReview(
    actor: AuditActor,
    viewer: Principal,
    decisionId: string,
    expectedVersion: number,
    agreed: boolean,
    reasons: string,
  ): Promise<{ requestId: string; state: HubDecisionState }> {
    if (!can(viewer, 'hub:social-work-review').allowed)
      throw new HubDecisionError('outcome', 'Only a Hub social worker reviews these decisions');
    const hub = await this.reference.hubSettings();
    let state: HubDecisionState = 'returned';
    const requestId = await this.settle(
      actor,
      decisionId,
      'awaiting-social-work-review',
      expectedVersion,
      async (tx, d) => {
        await tx
          .insertInto('hub_social_work_reviews')
          .values({
            id: newId(),
            decision_id: decisionId,
            reviewer_id: viewer.id,
            outcome: agreed ? 'agreed' : 'changes-asked',
            reasons: reasons || null,
          })
          .execute();
        const needed = reviewsNeeded(
          { level: d.level, overridesRequestedLevel: d.overrides_requested_level, missingFromPolice: true },
          hub.requireManagerApproval,
        );
        // Approved already if a manager made the decision; or approved now if the social worker is also a manager.
        const manager = d.reviewed_by !== null || can(viewer, 'hub:manage').allowed;
        state = agreed ? nextState(needed, { socialWork: true, manager }) : 'returned';
        if (state === 'final' && needed.manager && d.reviewed_by === null)
          await tx
            .updateTable('hub_decisions')
            .set({ reviewed_by: viewer.id, reviewed_at: new Date() })
            .where('id', '=', decisionId)
            .execute();
        return {
          state,
          action: agreed ? 'hub.decision.social-work-agreed' : 'hub.decision.social-work-changes-asked',
        };
      },
    );
    return { requestId, state };
  }

  /**
   * What a manager's and a social worker's review share: the decision locked and checked to be still waiting for
   * this review (and at the version the reviewer saw, if given), the review's own record (`record`), then the
   * decision's new state, the request's status, the audit, and the effects of a final decision, in one transaction.
   */
  private async settle(
    actor: AuditActor,
    decisionId: string,
    waiting: PendingState,
    expectedVersion: number | null,
    record: (
      tx: Kysely<DB>,
      decision: { request_id: string; level: number; overrides_requested_level: boolean; reviewed_by: string | null },
    ) => Promise<{ state: HubDecisionState; action: string }>,
  ): Promise<string> {
    if (!isUuid(decisionId)) throw new HubDecisionError('outcome', 'There is no such decision');
    const levels = await this.reference.windscreenLevels();
    return this.db.transaction().execute(async (tx) => {
      const decision = await tx
        .selectFrom('hub_decisions')
        .select(['request_id', 'state', 'version', 'level', 'overrides_requested_level', 'reviewed_by'])
        .where('id', '=', decisionId)
        .forUpdate()
        .executeTakeFirst();
      if (!decision) throw new HubDecisionError('outcome', 'There is no such decision');
      if (decision.state !== waiting || (expectedVersion !== null && decision.version !== expectedVersion))
        throw new StaleVersionError('This decision');
      const { state, action } = await record(tx, decision);
      await tx
        .updateTable('hub_decisions')
        .set((eb) => ({ state, version: eb('version', '+', 1) }))
        .where('id', '=', decisionId)
        .execute();
      // Still waiting (now for the manager): the request stays as it is; otherwise decided or back to screening.
      if (state !== 'awaiting-approval')
        await tx
          .updateTable('requests_for_support')
          .set((eb) => ({
            status: state === 'final' ? 'decided' : 'in-screening',
            version: eb('version', '+', 1),
            updated_at: new Date(),
            updated_by: actor.userId,
          }))
          .where('id', '=', decision.request_id)
          .execute();
      await this.audit.record(
        actor,
        {
          action,
          outcome: 'success',
          subjectType: 'request-for-support',
          subjectId: decision.request_id,
          details: { decisionId, state },
        },
        tx,
      );
      if (state === 'final') await this.finalise(tx, decision.request_id, decisionId, levels);
      return decision.request_id;
    });
  }

  private finalise(
    tx: Kysely<DB>,
    requestId: string,
    decisionId: string,
    levels: readonly { level: number; name: string }[],
  ) {
    const deps = {
      directory: this.directory,
      notify: this.notify,
      publicUrl: this.settings.publicUrl,
      socialCareHandOffs: this.socialCareHandOffs,
    };
    return finaliseDecision(tx, deps, requestId, decisionId, levels);
  }

  /** Signposted services must be live and visible to the screener. */
  private async checkServices(ids: string[], viewer: Principal) {
    const found = await Promise.all([...new Set(ids)].map((id) => this.directory.publicService(id, viewer)));
    if (found.some((s) => s === null))
      throw new HubDecisionError('serviceIds', 'One of the services is no longer in the directory: search again');
    return found.filter((s) => s !== null);
  }
}
