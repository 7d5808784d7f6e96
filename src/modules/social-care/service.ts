import type { Kysely } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import type { DB, SocialCareOutcome } from '../../platform/db/schema/index.ts';
import type { RecordLocator } from '../../platform/http/route-access.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import type { Notify } from '../../platform/notify/notify.ts';
import { can, type Involvement, type Principal } from '../../platform/permissions/policy.ts';
import type { HubService, SocialCareHandOff } from '../front-door/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import { HandOffRepository } from './repository.ts';
import { AlreadyAcknowledged, OUTCOME_NAMES, SocialCareError } from './rules.ts';

export const HANDOFF_RECORD_TYPE = 'social-care-handoff';

/** Who acknowledged: a user in Hearth, or an API client of the authority's own social care system. */
export type Acknowledger =
  | { via: 'hearth'; userId: string; name: string }
  | { via: 'api'; clientName: string; externalReference: string | null };

/** Social care is involved with every hand-off it receives (its intake); the drill-down decides the same way. */
export function handOffInvolvements(viewer: Principal): Involvement[] {
  return can(viewer, 'social-care:intake').allowed ? ['social-care'] : [];
}

/**
 * Children's social care receiving the Hub's level 4 decisions (issue 15; seed 002: the Hub is "the referral pathway
 * for any safeguarding concerns at level 4"). The hand-off is written in the decision's own transaction (the front
 * door calls receive()); social care acknowledges it once, records the outcome, and the Hub and the requester are
 * told. No further action sends the request back to the Hub's queue with the reason.
 */
export class SocialCareService {
  private readonly repository: HandOffRepository;
  /** How a hand-off's page finds its record: social care is involved with every hand-off it receives. */
  readonly handOffs: { byId: RecordLocator };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly notify: Notify,
    private readonly deps: { hub: HubService; reference: ReferenceService },
    private readonly options: { publicUrl?: string } = {},
  ) {
    this.repository = new HandOffRepository(db);
    this.handOffs = {
      byId: {
        type: HANDOFF_RECORD_TYPE,
        find: async (request: FastifyRequest, user: CurrentUser) => {
          const id = (request.params as { id?: string }).id ?? '';
          if (!isUuid(id) || !(await this.repository.find(id))) return null;
          return { id, involvements: handOffInvolvements(user) };
        },
      },
    };
  }

  settings() {
    return this.deps.reference.socialCareSettings();
  }

  /** The front door's level 4 decision, in its transaction: one hand-off per decision. */
  async receive(tx: Kysely<DB>, handOff: SocialCareHandOff) {
    const id = newId();
    await tx
      .insertInto('social_care_handoffs')
      .values({
        id,
        request_id: handOff.requestId,
        decision_id: handOff.decisionId,
        reference: handOff.reference,
        level: handOff.level,
        district_code: handOff.districtCode,
        route: handOff.route,
        requester_email: handOff.requesterEmail,
        // Milliseconds, as the API's cursor carries them (PostgreSQL's now() has microseconds).
        created_at: new Date(),
      })
      .onConflict((oc) => oc.column('decision_id').doNothing())
      .execute();
    await this.audit.record(
      { userId: null, label: 'hub-decision' },
      {
        action: 'social-care.handoff.received',
        outcome: 'success',
        subjectType: HANDOFF_RECORD_TYPE,
        subjectId: id,
        details: { requestId: handOff.requestId, decisionId: handOff.decisionId },
      },
      tx,
    );
  }

  /** Whether a decision was handed to social care (an escalation's "may social care see it?"). */
  handedOff(decisionId: string) {
    return isUuid(decisionId) ? this.repository.existsForDecision(decisionId) : Promise.resolve(false);
  }

  /** The CSV of unacknowledged hand-offs was downloaded (how many rows: ids only). */
  exported(actor: AuditActor, rows: number) {
    return this.audit.record(actor, {
      action: 'social-care.handoffs.exported',
      outcome: 'success',
      details: { rows },
    });
  }

  /** The outbound API listed these hand-offs to a client (ids only). */
  listedByApi(actor: AuditActor, ids: string[]) {
    return this.audit.record(actor, {
      action: 'social-care.handoffs.listed',
      outcome: 'success',
      details: { handOffIds: ids },
    });
  }

  /** The ids of the organisations (by code) whose API clients may read hand-offs. */
  async organisationIds(codes: readonly string[]): Promise<Set<string>> {
    if (!codes.length) return new Set();
    const rows = await this.db.selectFrom('organisations').select('id').where('code', 'in', codes).execute();
    return new Set(rows.map((r) => r.id));
  }

  /** The outbound API's page: hand-offs after the cursor, oldest first. */
  since(after: { at: Date; id: string } | null, limit: number) {
    return this.repository.since(after, limit);
  }

  /** The hand-offs not acknowledged yet, for the CSV. */
  unacknowledged() {
    return this.repository.unacknowledged();
  }

  list(done: boolean) {
    return this.repository.list(done, 200);
  }

  /** One hand-off with the request and the Hub's decision (the request's read is audited by the front door). */
  async view(actor: AuditActor, id: string) {
    const handOff = isUuid(id) ? await this.repository.find(id) : undefined;
    if (!handOff) return null;
    const origin = await this.deps.hub.origin(actor, handOff.request_id);
    return { handOff, request: origin?.request ?? null, decision: origin?.decision ?? null };
  }

  /**
   * Acknowledges a hand-off once. A second acknowledgement is refused (AlreadyAcknowledged says by whom and when),
   * except the same API client acknowledging again: that is the same acknowledgement, answered as before.
   */
  async acknowledge(actor: AuditActor, id: string, by: Acknowledger): Promise<{ repeated: boolean }> {
    if (!isUuid(id)) throw new SocialCareError('acknowledge', 'There is no such hand-off');
    const name = by.via === 'hearth' ? by.name : by.clientName;
    return this.db.transaction().execute(async (tx) => {
      const result = await tx
        .updateTable('social_care_handoffs')
        .set((eb) => ({
          acknowledged_at: new Date(),
          acknowledged_by: by.via === 'hearth' ? by.userId : null,
          acknowledged_by_name: name,
          acknowledged_via: by.via,
          external_reference: by.via === 'api' ? by.externalReference : null,
          updated_at: new Date(),
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .where('acknowledged_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        const found = await this.repository.find(id, tx);
        if (!found) throw new SocialCareError('acknowledge', 'There is no such hand-off');
        if (found.acknowledged_via === 'api' && by.via === 'api' && found.acknowledged_by_name === name)
          return { repeated: true };
        throw new AlreadyAcknowledged(found.acknowledged_by_name ?? 'someone', found.acknowledged_at!, by.via);
      }
      await this.audit.record(
        actor,
        {
          action: 'social-care.handoff.acknowledged',
          outcome: 'success',
          subjectType: HANDOFF_RECORD_TYPE,
          subjectId: id,
        },
        tx,
      );
      return { repeated: false };
    });
  }

  /**
   * Records social care's outcome (once; after the acknowledgement), tells the Hub (the request's contact log, and
   * the Hub's mailbox where the tenant names one) and the requester (unless the Hub held their email back). No
   * further action puts the request back on the Hub's queue with the reason.
   */
  async recordOutcome(
    actor: AuditActor,
    viewer: Principal,
    id: string,
    expectedVersion: number,
    input: { outcome: SocialCareOutcome; reason: string },
  ) {
    if (!can(viewer, 'social-care:intake').allowed)
      throw new SocialCareError('outcome', 'Only children’s social care records the outcome');
    const settings = await this.settings();
    await this.db.transaction().execute(async (tx) => {
      const found = await this.repository.find(id, tx);
      if (!found) throw new SocialCareError('outcome', 'There is no such hand-off');
      if (found.outcome) throw new StaleVersionError('This hand-off');
      if (!found.acknowledged_at) throw new SocialCareError('outcome', 'Acknowledge the hand-off first');
      const result = await tx
        .updateTable('social_care_handoffs')
        .set((eb) => ({
          outcome: input.outcome,
          outcome_reason: input.reason || null,
          outcome_at: new Date(),
          outcome_by: viewer.id,
          updated_at: new Date(),
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .where('outcome', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new StaleVersionError('This hand-off');
      const words = OUTCOME_NAMES[input.outcome];
      if (input.outcome === 'no-further-action')
        await this.deps.hub.handedOn.backToHub(tx, actor, {
          requestId: found.request_id,
          decisionId: found.decision_id,
          reason: input.reason,
        });
      else
        await this.deps.hub.handedOn.note(
          tx,
          actor,
          found.request_id,
          'Children’s social care',
          `Outcome: ${words}${input.reason ? `. ${input.reason}` : ''}`,
        );
      await this.audit.record(
        actor,
        {
          action: 'social-care.handoff.outcome',
          outcome: 'success',
          subjectType: HANDOFF_RECORD_TYPE,
          subjectId: id,
          details: { outcome: input.outcome },
        },
        tx,
      );
      const subject = `Request ${found.reference}: children’s social care`;
      if (settings.hubEmail)
        await this.notify.sendEmail(
          {
            template: 'social-care-outcome-hub',
            to: settings.hubEmail,
            subject,
            body: [
              `Children’s social care has recorded its outcome for request ${found.reference}: ${words}.`,
              ...(input.outcome === 'no-further-action'
                ? [`The request is back on the Hub’s queue. Why: ${input.reason}`]
                : []),
            ].join('\n\n'),
          },
          tx,
        );
      if (found.requester_email)
        await this.notify.sendEmail(
          {
            template: 'social-care-outcome-requester',
            to: found.requester_email,
            subject,
            body: [
              `Children’s social care has looked at request ${found.reference}.`,
              input.outcome === 'no-further-action'
                ? 'It is not needed at level 4. The Children and Families Hub will look at the request again and tell you what happens next.'
                : `What happens next: ${words.toLowerCase()}.`,
              ...(input.outcome === 'no-further-action' && this.options.publicUrl
                ? [
                    `If you disagree, raise an escalation: ${this.options.publicUrl}/escalations/new?decision=${found.decision_id}&about=social-care`,
                  ]
                : []),
            ].join('\n\n'),
          },
          tx,
        );
    });
  }
}
