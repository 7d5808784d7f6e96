import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { can, type Involvement, type Principal } from '../../platform/permissions/policy.ts';
import { SYSTEM_GRANTS } from '../../platform/permissions/grants.ts';
import { ROLES } from '../../platform/permissions/roles.ts';
import type { PlanService } from '../early-help/index.ts';
import type { HubService } from '../front-door/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import { EscalationRepository } from './escalation-repository.ts';
import { HandOffRepository } from './repository.ts';
import { SocialCareError } from './rules.ts';

/**
 * Who sees an escalation, as its page decides: whoever raised it, whoever it asks (a plan's lead professional, the
 * social care practitioner, or whom a manager reassigned it to), and the escalation managers, who see every one. The
 * drill-down (drill-down.ts) decides the same way.
 */
export function escalationInvolvements(
  row: { raised_by: string; addressed_to: string | null },
  viewer: Principal,
): Involvement[] {
  const found: Involvement[] = [];
  if (row.raised_by === viewer.id) found.push('raised-concern');
  if (row.addressed_to !== null && row.addressed_to === viewer.id) found.push('allocated-worker');
  if (can(viewer, 'escalation:manage').allowed) found.push('team-manager');
  return found;
}

/** Refused: the user cannot see the decision or the plan. Says only whom to ask. */
export class EscalationRefused extends SocialCareError {
  constructor(
    message = 'You cannot raise an escalation about this decision. Ask the Children and Families Hub’s manager, or your own manager.',
  ) {
    super('decision', message);
  }
}
/** No such plan: the page is not found (nothing says whether an id was ever a plan). */
export class EscalationSubjectMissing extends EscalationRefused {}
const PLAN_REFUSED =
  'You cannot raise an escalation about this plan: you are not working with this family. Ask the family’s lead professional, or your own manager.';

/** Refused: social care has not sent this decision back with no further action (nothing to escalate about it). */
export class EscalationNotOffered extends EscalationRefused {
  constructor() {
    super(
      'Children’s social care has not sent this request back with no further action. If you disagree with the Hub’s decision, raise an escalation about that decision.',
    );
  }
}

/**
 * What an escalation is about: a Hub decision, an Early Help Plan, or children's social care sending a level 4
 * request back with no further action (its hand-off, found by the Hub decision it came from).
 */
export type EscalationAbout = { decisionId: string } | { planId: string } | { nfaOfDecisionId: string };
export const SUBJECT_KINDS = [
  { code: 'hub-decision', name: 'Hub decisions' },
  { code: 'early-help-plan', name: 'Early Help Plans' },
  { code: 'social-care-handoff', name: 'Children’s social care’s no further action' },
] as const;

/** Who may be asked at the first stage instead (a manager's reassignment): the roles that do that work. */
const ANSWERING_ACTION = { 'early-help-plan': 'early-help:lead', 'social-care-handoff': 'social-care:intake' } as const;
const rolesWith = (action: string) => ROLES.filter((r) => (SYSTEM_GRANTS[r] as readonly string[]).includes(action));

/**
 * Escalations (issue 15; seed 004: escalation is "not effectively used by partners"): a practitioner who disagrees
 * with a Hub decision or an Early Help Plan they can see raises one, and it moves up the tenant's stages
 * (practitioner to practitioner, managers, senior managers, the partnership) keeping each stage's question and
 * response. Whether they can see the decision is asked of the front door (record:view-origin), the plan of early
 * help (record:view on the family); a refusal is audited and names only whom to ask. A plan's escalation starts at
 * the first stage, asked of its lead professional, who responds there. Escalation managers see all and respond at
 * the managers' stage; the raiser records the other stages' responses.
 */
export class EscalationService {
  private readonly repository: EscalationRepository;
  private readonly handOffs: HandOffRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: {
      hub: HubService;
      plans: PlanService;
      reference: ReferenceService;
      handedOff: (decisionId: string) => Promise<boolean>;
    },
  ) {
    this.repository = new EscalationRepository(db);
    this.handOffs = new HandOffRepository(db);
  }

  async stages() {
    const settings = await this.deps.reference.socialCareSettings();
    return { stages: settings.escalationStages, managersStage: settings.managersStage };
  }

  /** The decision the escalation is to be about, if the viewer may see it; refused (and audited) otherwise. */
  async decision(actor: AuditActor, viewer: Principal, decisionId: string) {
    const found = await this.deps.hub.handedOn.decisionFor(viewer, decisionId, this.deps.handedOff);
    if (found?.mayView) return found;
    await this.refused(actor, 'hub-decision', decisionId, found ? found.reason : 'no such decision');
    throw new EscalationRefused();
  }

  /** The plan the escalation is to be about, if the viewer may see it; refused (and audited) otherwise. */
  async plan(actor: AuditActor, viewer: Principal, planId: string) {
    const found = await this.deps.plans.escalationSubject(viewer, planId);
    if (found?.mayView)
      return { ...found, leadProfessionalName: await this.repository.userName(found.leadProfessionalId) };
    await this.refused(actor, 'early-help-plan', planId, found ? found.reason : 'no such plan');
    throw found ? new EscalationRefused(PLAN_REFUSED) : new EscalationSubjectMissing();
  }

  /**
   * Children's social care's no further action on a Hub decision, if the viewer may see the decision (the Hub, the
   * requester, social care) and social care sent it back; refused (and audited) otherwise.
   */
  async noFurtherAction(actor: AuditActor, viewer: Principal, decisionId: string) {
    const decision = await this.decision(actor, viewer, decisionId);
    const handOff = await this.handOffs.byDecision(decision.id);
    if (handOff?.outcome !== 'no-further-action') {
      await this.refused(actor, 'hub-decision', decision.id, 'social care did not send it back');
      throw new EscalationNotOffered();
    }
    return { decision, handOff };
  }

  /** Of these Hub decisions, those children's social care sent back with no further action (the Hub's page). */
  sentBackBySocialCare(decisionIds: string[]) {
    return this.handOffs.sentBack(decisionIds.filter(isUuid));
  }

  async raise(actor: AuditActor, viewer: Principal, input: EscalationAbout & { stage: string; asked: string }) {
    if (!can(viewer, 'escalation:raise').allowed) throw new EscalationRefused();
    const { stages } = await this.stages();
    let subject: {
      subject_type: 'hub-decision' | 'early-help-plan' | 'social-care-handoff';
      subject_id: string;
      reference: string;
    };
    let link: { request_id: string | null; episode_id: string | null; addressed_to: string | null };
    if ('planId' in input) {
      const plan = await this.plan(actor, viewer, input.planId);
      if (plan.leadProfessionalId === viewer.id)
        throw new SocialCareError('asked', 'You lead this plan: change it with the family and the TAF instead.');
      // A plan's escalation is asked of its lead professional first: it starts at the first stage.
      if (input.stage !== stages[0]?.code)
        throw new SocialCareError(
          'stage',
          `An escalation about a plan starts with its lead professional: ${stages[0]?.name ?? 'the first stage'}`,
        );
      subject = { subject_type: 'early-help-plan', subject_id: plan.id, reference: plan.reference };
      link = { request_id: null, episode_id: plan.episodeId, addressed_to: plan.leadProfessionalId };
    } else if ('nfaOfDecisionId' in input) {
      const { decision, handOff } = await this.noFurtherAction(actor, viewer, input.nfaOfDecisionId);
      if (handOff.outcome_by === viewer.id)
        throw new SocialCareError('asked', 'You recorded this outcome: talk to your manager instead.');
      // Asked first of the social care practitioner who recorded no further action (none: it came from their system).
      if (input.stage !== stages[0]?.code)
        throw new SocialCareError(
          'stage',
          `An escalation about social care’s outcome starts with the practitioner who recorded it: ${stages[0]?.name ?? 'the first stage'}`,
        );
      subject = { subject_type: 'social-care-handoff', subject_id: handOff.id, reference: decision.reference };
      link = { request_id: handOff.request_id, episode_id: null, addressed_to: handOff.outcome_by };
    } else {
      const decision = await this.decision(actor, viewer, input.decisionId);
      if (!stages.some((s) => s.code === input.stage)) throw new SocialCareError('stage', 'Select the stage');
      subject = { subject_type: 'hub-decision', subject_id: decision.id, reference: decision.reference };
      link = { request_id: decision.requestId, episode_id: null, addressed_to: null };
    }
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('escalations')
        .values({
          id,
          ...subject,
          ...link,
          raised_by: viewer.id,
          stage: input.stage,
          resolution: null,
          resolved_at: null,
          resolved_by: null,
        })
        .execute();
      await tx
        .insertInto('escalation_stages')
        .values({ id: newId(), escalation_id: id, stage: input.stage, asked: input.asked, asked_by: viewer.id })
        .execute();
      await this.record(tx, actor, id, 'escalation.raised', {
        subjectType: subject.subject_type,
        subjectId: subject.subject_id,
        stage: input.stage,
      });
    });
    return id;
  }

  /** The escalations the viewer raised or was asked (a plan's lead professional), or every one for a manager. */
  list(viewer: Principal) {
    return this.repository.list(can(viewer, 'escalation:manage').allowed ? null : viewer.id);
  }

  /** One escalation with its stages, for whoever raised it or an escalation manager; null otherwise (404). */
  async view(actor: AuditActor, viewer: Principal, id: string) {
    if (!isUuid(id)) return null;
    const found = await this.repository.find(id);
    if (!found) return null;
    if (!escalationInvolvements(found, viewer).length) return null;
    const manager = can(viewer, 'escalation:manage').allowed;
    const asked = found.addressed_to !== null && found.addressed_to === viewer.id;
    await this.audit.record(actor, {
      action: 'escalation.viewed',
      outcome: 'success',
      subjectType: 'escalation',
      subjectId: id,
    });
    const { stages, managersStage } = await this.stages();
    const current = found.stages.at(-1)!;
    const index = stages.findIndex((s) => s.code === found.stage);
    const open = !found.resolved_at;
    // A plan's lead professional answers the practitioner-to-practitioner stage they were asked at.
    const leadAnswers = found.addressed_to !== null && current.stage === stages[0]?.code;
    return {
      escalation: found,
      stageNames: Object.fromEntries(stages.map((s) => [s.code, s.name])),
      next: open ? (stages[index + 1] ?? null) : null,
      mayRespond:
        open &&
        !current.response &&
        (current.stage === managersStage ? manager : leadAnswers ? asked : found.raised_by === viewer.id),
      mayMove: open && found.raised_by === viewer.id,
      // Before anyone answers the first stage, a manager may ask someone else there (the addressee left, or is away).
      mayReassign:
        open &&
        manager &&
        found.subject_type !== 'hub-decision' &&
        found.stages.length === 1 &&
        current.stage === stages[0]?.code &&
        !current.response,
      mayResolve: open && (found.raised_by === viewer.id || manager),
    };
  }

  async respond(actor: AuditActor, viewer: Principal, id: string, version: number, response: string) {
    const view = await this.view(actor, viewer, id);
    if (view && !view.escalation.resolved_at && !view.escalation.stages.at(-1)!.response && !view.mayRespond)
      throw new SocialCareError('response', 'This stage is not yours to answer: it was asked of someone else.');
    if (!view?.mayRespond) throw new StaleVersionError('This escalation');
    await this.change(id, version, async (tx) => {
      const done = await tx
        .updateTable('escalation_stages')
        .set({ response, responded_by: viewer.id, responded_at: new Date() })
        .where('escalation_id', '=', id)
        .where('stage', '=', view.escalation.stage)
        .where('response', 'is', null)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new StaleVersionError('This escalation');
      await this.record(tx, actor, id, 'escalation.responded', { stage: view.escalation.stage });
    });
  }

  /** Whom a manager may ask at the first stage instead: active users whose role does that work, not the raiser. */
  async reassignable(escalation: { subject_type: string; raised_by: string }) {
    const action = ANSWERING_ACTION[escalation.subject_type as keyof typeof ANSWERING_ACTION];
    if (!action) return [];
    const users = await this.repository.candidates(rolesWith(action));
    return users.filter((u) => u.id !== escalation.raised_by);
  }

  /** A manager asks someone else at the first stage (audited with who it was and who it is now). */
  async reassign(actor: AuditActor, viewer: Principal, id: string, version: number, userId: string) {
    const view = await this.view(actor, viewer, id);
    if (!view?.mayReassign) throw new StaleVersionError('This escalation');
    const to = (await this.reassignable(view.escalation)).find((u) => u.id === userId);
    if (!to) throw new SocialCareError('addressedTo', 'Select who is to answer from the list');
    if (to.id === view.escalation.addressed_to)
      throw new SocialCareError('addressedTo', `${to.display_name} is already asked: select someone else`);
    await this.change(id, version, async (tx) => {
      await tx.updateTable('escalations').set({ addressed_to: to.id }).where('id', '=', id).execute();
      await this.record(tx, actor, id, 'escalation.reassigned', { from: view.escalation.addressed_to, to: to.id });
    });
    return to.display_name;
  }

  /** Up to the next stage: the earlier stages stay as they were (the history). */
  async moveUp(actor: AuditActor, viewer: Principal, id: string, version: number, asked: string) {
    const view = await this.view(actor, viewer, id);
    if (!view?.mayMove) throw new StaleVersionError('This escalation');
    const next = view.next;
    if (!next) throw new SocialCareError('asked', 'This is the last stage: record the resolution instead');
    await this.change(id, version, async (tx) => {
      await tx.updateTable('escalations').set({ stage: next.code }).where('id', '=', id).execute();
      await tx
        .insertInto('escalation_stages')
        .values({ id: newId(), escalation_id: id, stage: next.code, asked, asked_by: viewer.id })
        .execute();
      await this.record(tx, actor, id, 'escalation.moved-up', { stage: next.code });
    });
  }

  async resolve(actor: AuditActor, viewer: Principal, id: string, version: number, resolution: string) {
    const view = await this.view(actor, viewer, id);
    if (!view?.mayResolve) throw new StaleVersionError('This escalation');
    await this.change(id, version, async (tx) => {
      await tx
        .updateTable('escalations')
        .set({ resolution, resolved_at: new Date(), resolved_by: viewer.id })
        .where('id', '=', id)
        .execute();
      await this.record(tx, actor, id, 'escalation.resolved', { stage: view.escalation.stage });
    });
  }

  /**
   * How often escalation is used and how long it takes, by what it is about (Hub decisions, Early Help Plans) and the
   * stage each reached (the report page).
   */
  async report() {
    const { stages } = await this.stages();
    const [rows, totals] = await Promise.all([this.repository.byStage(), this.repository.byKind()]);
    return SUBJECT_KINDS.map((kind) => ({
      ...kind,
      raised: totals.find((t) => t.subject_type === kind.code)?.raised ?? 0,
      resolved: totals.find((t) => t.subject_type === kind.code)?.resolved ?? 0,
      medianDaysToResolve: totals.find((t) => t.subject_type === kind.code)?.median_days_to_resolve ?? null,
      stages: stages.map((s) => {
        const row = rows.find((r) => r.subject_type === kind.code && r.stage === s.code);
        return {
          code: s.code,
          name: s.name,
          reached: row?.reached ?? 0,
          responded: row?.responded ?? 0,
          resolvedHere: row?.resolved_here ?? 0,
          medianDaysToResponse: row?.median_days_to_response ?? null,
          medianDaysToResolve: row?.median_days_to_resolve ?? null,
        };
      }),
    }));
  }

  private async change(id: string, version: number, work: (tx: Kysely<DB>) => Promise<void>) {
    await this.db.transaction().execute(async (tx) => {
      const bumped = await tx
        .updateTable('escalations')
        .set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date() }))
        .where('id', '=', id)
        .where('version', '=', version)
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      if (Number(bumped.numUpdatedRows) !== 1) throw new StaleVersionError('This escalation');
      await work(tx);
    });
  }

  /** A refused escalation, audited against what it would have been about; nothing is created. */
  private refused(actor: AuditActor, subjectType: string, id: string, reason: string) {
    return this.audit.record(actor, {
      action: 'escalation.refused',
      outcome: 'denied',
      subjectType,
      ...(isUuid(id) ? { subjectId: id } : {}),
      details: { reason },
    });
  }

  private record(tx: Kysely<DB>, actor: AuditActor, id: string, action: string, details: Record<string, unknown>) {
    return this.audit.record(
      actor,
      { action, outcome: 'success', subjectType: 'escalation', subjectId: id, details },
      tx,
    );
  }
}
