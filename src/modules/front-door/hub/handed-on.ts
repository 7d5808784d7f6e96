import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { can, type Involvement, type Principal } from '../../../platform/permissions/policy.ts';
import { formatReference } from '../reference.ts';
import type { HubContacts } from './contacts.ts';
import { PATHWAY_NAMES } from './rules.ts';

/**
 * What other modules learn of, and do to, a decision the Hub handed on (issue 15): children's social care sending a
 * level 4 request back with no further action (the request returns to the Hub's queue, the reason in its contact
 * log), social care's outcome noted on the request, and a Hub decision as an escalation sees it.
 */
export class HandedOn {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly contacts: HubContacts,
  ) {}

  /** A note on the request's contact log (the Hub reads social care's outcome there), in the caller's transaction. */
  note(tx: Kysely<DB>, actor: AuditActor, requestId: string, withWhom: string, details: string) {
    return this.contacts.add(actor, requestId, { kind: 'note', withWhom, details, dueOn: null }, tx);
  }

  /**
   * Social care found no further action at level 4: the decision stops being current and the request is back on
   * the Hub's queue, screening again, with the reason in its contact log. In the caller's transaction.
   */
  async backToHub(tx: Kysely<DB>, actor: AuditActor, input: { requestId: string; decisionId: string; reason: string }) {
    const decision = await tx
      .updateTable('hub_decisions')
      .set({ state: 'returned' })
      .where('id', '=', input.decisionId)
      .where('request_id', '=', input.requestId)
      .where('state', '=', 'final')
      .executeTakeFirst();
    if (Number(decision.numUpdatedRows) !== 1) throw new StaleVersionError('This decision');
    await tx
      .updateTable('requests_for_support')
      .set((eb) => ({
        status: 'in-screening',
        updated_at: new Date(),
        updated_by: actor.userId,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', input.requestId)
      .execute();
    await this.note(
      tx,
      actor,
      input.requestId,
      'Children’s social care',
      `Sent back to the Hub: no further action at level 4. Why: ${input.reason}`,
    );
    await this.audit.record(
      actor,
      {
        action: 'hub.decision.returned-by-social-care',
        outcome: 'success',
        subjectType: 'request-for-support',
        subjectId: input.requestId,
        details: { decisionId: input.decisionId },
      },
      tx,
    );
  }

  /**
   * A Hub decision as someone escalating it sees it, and whether they may: the Hub's screeners see every decision
   * (the 'hub-screener' involvement), the requester their own request's (as their request page shows it), children's
   * social care a decision handed to them. Null for no such final or past decision.
   */
  async decisionFor(viewer: Principal, decisionId: string, socialCare: (decisionId: string) => Promise<boolean>) {
    if (!isUuid(decisionId)) return null;
    const d = await this.db
      .selectFrom('hub_decisions as d')
      .innerJoin('requests_for_support as r', 'r.id', 'd.request_id')
      .select(['d.id', 'd.request_id', 'd.level', 'd.pathway', 'd.decided_at', 'r.reference', 'r.requester_user_id'])
      .where('d.id', '=', decisionId)
      .where('d.state', 'in', ['final', 'returned'])
      .executeTakeFirst();
    if (!d) return null;
    const involvements: Involvement[] = [];
    if (can(viewer, 'hub:screen').allowed) involvements.push('hub-screener');
    if (can(viewer, 'social-care:intake').allowed && (await socialCare(decisionId))) involvements.push('social-care');
    const requester = d.requester_user_id === viewer.id;
    const origin = can(viewer, 'record:view-origin', { type: 'record', id: d.request_id, involvements });
    return {
      id: d.id,
      requestId: d.request_id,
      reference: formatReference(d.reference),
      level: d.level,
      pathwayName: PATHWAY_NAMES[d.pathway],
      decidedAt: d.decided_at,
      mayView: requester || origin.allowed,
      reason: requester ? 'the requester' : origin.reason,
    };
  }
}
