import type { AuditActor } from '../../../platform/audit/audit.ts';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import { AccessDenied } from '../../../platform/permissions/denied.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { PersonEntry } from '../../front-door/index.ts';
import { MARAC_CASE } from '../access.ts';
import { MaracPlanRepository } from './plan-repository.ts';
import type { ActionInput, InvitationInput, UpdateInput } from './schemas.ts';
import { MaracRefused, type MaracMeetingService } from './service.ts';

export interface MaracPlanDeps {
  /** The front door (its index.ts): a Request for Support begun for the coordinator, and whether it was sent. */
  frontDoor: {
    startDraft(
      actor: AuditActor,
      userId: string,
      start: { people: PersonEntry[] },
      from?: { type: string; id: string },
    ): Promise<string>;
    draft(userId: string, id: string): Promise<{ submittedRequestId: string | null } | null>;
  };
  /** Early help (its index.ts): the worker a child is open to, if any. */
  earlyHelp: { openWorkerOf(personId: string): Promise<{ familyId: string; workerId: string } | undefined> };
}

/**
 * A MARAC case's safety action plan: actions per agency with an owner (a Hearth user or a name), a due date and a
 * status, reviewed until done. An action for the children goes to the Hub as a Request for Support (the children
 * only: names, dates of birth, schools; never an address) or, when a child is open to early help, to the allocated
 * worker's list. Other agencies may be invited to a single case. The coordinator closes a case once no action is
 * open. Every read and change is audited.
 */
export class MaracPlanService {
  private readonly repository: MaracPlanRepository;

  constructor(
    private readonly meetings: MaracMeetingService,
    private readonly deps: MaracPlanDeps,
  ) {
    this.repository = new MaracPlanRepository(meetings.db);
  }

  private get audit() {
    return this.meetings.audit;
  }

  private async coordinate(actor: AuditActor, user: Principal, caseId: string) {
    await this.meetings.mustTakePart(actor, user, caseId, 'marac:coordinate');
  }

  private async openCase(caseId: string) {
    const row = await this.repository.caseRow(caseId);
    if (!row) throw new MaracRefused('description', 'There is no such case');
    if (row.status === 'closed') throw new MaracRefused('note', 'This case is closed: its plan cannot change');
    return row;
  }

  action(actionId: string) {
    return isUuid(actionId) ? this.repository.action(actionId) : Promise.resolve(undefined);
  }

  /** The organisations a case may invite (the tenant's, by name). */
  organisations() {
    return this.repository.organisations();
  }

  /** The plan as the page shows it; a Request for Support sent since is recorded on its action. Audited. */
  async plan(actor: AuditActor, user: Principal, caseId: string) {
    const row = await this.repository.caseRow(caseId);
    if (!row) return null;
    let actions = await this.repository.actions(caseId);
    for (const a of actions.filter((a) => a.request_draft_id && !a.request_id && a.created_by)) {
      const draft = await this.deps.frontDoor.draft(a.created_by!, a.request_draft_id!);
      if (draft?.submittedRequestId)
        await this.meetings.db
          .updateTable('marac_actions')
          .set({ request_id: draft.submittedRequestId })
          .where('id', '=', a.id)
          .execute();
    }
    actions = await this.repository.actions(caseId);
    const [updates, invitations, hearings, myAgencies] = await Promise.all([
      this.repository.updates(caseId),
      this.repository.invitations(caseId),
      this.meetings.hearingsOf(caseId),
      this.meetings.deps.access.agenciesOf(user),
    ]);
    const today = todayInLondon();
    const coordinator = can(user, 'marac:coordinate').allowed;
    await this.audit.record(actor, {
      action: 'marac-case.viewed',
      outcome: 'allowed',
      subjectType: MARAC_CASE,
      subjectId: caseId,
      details: { view: 'plan' },
    });
    return {
      row,
      coordinator,
      hearings,
      invitations,
      actions: actions.map((a) => ({
        ...a,
        overdue: a.status === 'open' && a.due_on < today,
        updates: updates.filter((u) => u.action_id === a.id),
        mayReview:
          row.status !== 'closed' &&
          a.status === 'open' &&
          (coordinator || a.owner_user_id === user.id || myAgencies.includes(a.agency)),
        mayContinueRequest: Boolean(a.request_draft_id && !a.request_id && a.created_by === user.id),
      })),
    };
  }

  /**
   * Adds an action (coordinators). The owner is a Hearth user named by email, or a name. An action for the children
   * goes to the worker a child is open to in early help, else to the Hub as a Request for Support begun with the
   * children only, for the coordinator to complete and send.
   */
  async addAction(actor: AuditActor, user: Principal, caseId: string, hearingId: string | null, input: ActionInput) {
    await this.coordinate(actor, user, caseId);
    await this.openCase(caseId);
    if (input['due-day'] < todayInLondon())
      throw new MaracRefused('due-day', 'The due date must be today or in the future');
    let owner: { id: string | null; name: string } = { id: null, name: input.ownerName };
    if (input.ownerEmail) {
      const found = await this.repository.activeUserByEmail(input.ownerEmail);
      if (!found) throw new MaracRefused('ownerEmail', 'No one with a Hearth account has that email address');
      owner = { id: found.id, name: found.display_name };
    }
    const id = newId();
    let draftId: string | null = null;
    let routed: 'hub' | 'early-help' | null = null;
    if (input.forChildren === 'yes') {
      const children = await this.repository.children(caseId);
      if (!children.length) throw new MaracRefused('forChildren', 'This case has no children');
      for (const child of children) {
        const open = child.person_id ? await this.deps.earlyHelp.openWorkerOf(child.person_id) : undefined;
        if (!open) continue;
        const name = await this.repository.userName(open.workerId);
        owner = { id: open.workerId, name: name?.display_name ?? 'The allocated worker' };
        routed = 'early-help';
        break;
      }
      if (!routed) {
        routed = 'hub';
        if (!input.ownerEmail && !input.ownerName) owner = { id: null, name: 'Children and Families Hub' };
        draftId = await this.deps.frontDoor.startDraft(
          actor,
          user.id,
          { people: children.map(childEntry) },
          { type: MARAC_CASE, id: caseId },
        );
      }
    }
    await this.meetings.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('marac_actions')
        .values({
          id,
          case_id: caseId,
          hearing_id: hearingId,
          agency: input.agency,
          description: input.description,
          owner_user_id: owner.id,
          owner_name: owner.name,
          due_on: input['due-day'],
          for_children: input.forChildren === 'yes',
          request_draft_id: draftId,
          created_by: user.id,
          updated_by: user.id,
          updated_at: new Date(),
        })
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'marac-plan.action-added',
          outcome: 'success',
          subjectType: MARAC_CASE,
          subjectId: caseId,
          details: { actionId: id, agency: input.agency, routed, requestDraftId: draftId },
        },
        tx,
      );
    });
    return { id, routed, draftId };
  }

  /**
   * A review of an action: what was done and its status after, with the version the page showed. By the coordinator,
   * the action's owner, or a representative of the action's agency; never on a closed case.
   */
  async reviewAction(actor: AuditActor, user: Principal, actionId: string, input: UpdateInput) {
    const action = isUuid(actionId) ? await this.repository.action(actionId) : undefined;
    if (!action) return null;
    const coordinator = can(user, 'marac:coordinate').allowed;
    const member = (await this.meetings.deps.access.involvements(action.case_id, user))?.includes('marac-member');
    const speaksFor = member && (await this.meetings.deps.access.agenciesOf(user)).includes(action.agency);
    if (!coordinator && action.owner_user_id !== user.id && !speaksFor) {
      await this.meetings.denied(actor, MARAC_CASE, action.case_id, 'marac:review-action');
      throw new AccessDenied('Only the action’s owner, its agency or the MARAC coordinators can review it.');
    }
    await this.openCase(action.case_id);
    await this.meetings.db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('marac_actions')
        .set((eb) => ({
          status: input.status,
          done_at: input.status === 'open' ? null : eb.fn.coalesce('done_at', eb.val(new Date())),
          updated_at: new Date(),
          updated_by: user.id,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', actionId)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new StaleVersionError('This action');
      await tx
        .insertInto('marac_action_updates')
        .values({
          id: newId(),
          action_id: actionId,
          note: input.note,
          status_after: input.status,
          recorded_by: user.id,
        })
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'marac-plan.action-reviewed',
          outcome: 'success',
          subjectType: MARAC_CASE,
          subjectId: action.case_id,
          details: { actionId, status: input.status },
        },
        tx,
      );
    });
    return action;
  }

  /** The open actions this user owns (the worker's "MARAC actions for you"): no case detail. Audited. */
  async mine(actor: AuditActor, user: Principal) {
    const rows = await this.repository.ownedBy(user.id);
    await this.audit.record(actor, {
      action: 'marac-plan.own-actions-listed',
      outcome: 'allowed',
      subjectType: MARAC_CASE,
      details: { actionIds: rows.map((r) => r.id) },
    });
    const today = todayInLondon();
    return rows.map((r) => ({ ...r, overdue: r.due_on < today }));
  }

  /** Invites another agency to the single case: an organisation's MARAC representatives, or one named user. */
  async invite(actor: AuditActor, user: Principal, caseId: string, input: InvitationInput) {
    await this.coordinate(actor, user, caseId);
    await this.openCase(caseId);
    let userId: string | null = null;
    if (input.email) {
      const found = await this.repository.activeUserByEmail(input.email);
      if (!found) throw new MaracRefused('email', 'No one with a Hearth account has that email address');
      userId = found.id;
    }
    const id = newId();
    await this.meetings.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('marac_invitations')
        .values({
          id,
          case_id: caseId,
          organisation_id: userId ? null : input.organisation,
          user_id: userId,
          reason: input.reason,
          invited_by: user.id,
        })
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'marac-case.invited',
          outcome: 'success',
          subjectType: MARAC_CASE,
          subjectId: caseId,
          details: { invitationId: id, organisationId: userId ? null : input.organisation, userId },
        },
        tx,
      );
    });
    return id;
  }

  async withdraw(actor: AuditActor, user: Principal, caseId: string, invitationId: string) {
    await this.coordinate(actor, user, caseId);
    await this.meetings.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('marac_invitations')
        .set({ withdrawn_at: new Date() })
        .where('id', '=', invitationId)
        .where('case_id', '=', caseId)
        .where('withdrawn_at', 'is', null)
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'marac-case.invitation-withdrawn',
          outcome: 'success',
          subjectType: MARAC_CASE,
          subjectId: caseId,
          details: { invitationId },
        },
        tx,
      );
    });
  }

  /** Closes a case (coordinators) once no action is open, with the reason. */
  async close(actor: AuditActor, user: Principal, caseId: string, input: { reason: string; version: number }) {
    await this.coordinate(actor, user, caseId);
    await this.openCase(caseId);
    await this.meetings.db.transaction().execute(async (tx) => {
      const open = await tx
        .selectFrom('marac_actions')
        .select('id')
        .where('case_id', '=', caseId)
        .where('status', '=', 'open')
        .execute();
      if (open.length)
        throw new MaracRefused(
          'reason',
          `The case cannot be closed while ${open.length === 1 ? 'an action is' : `${open.length} actions are`} open: review ${open.length === 1 ? 'it' : 'them'} first`,
        );
      const updated = await tx
        .updateTable('marac_cases')
        .set((eb) => ({
          status: 'closed',
          closed_at: new Date(),
          closed_by: user.id,
          closure_reason: input.reason,
          updated_at: new Date(),
          updated_by: user.id,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', caseId)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new StaleVersionError('This case');
      await this.audit.record(
        actor,
        { action: 'marac-case.closed', outcome: 'success', subjectType: MARAC_CASE, subjectId: caseId },
        tx,
      );
    });
  }
}

/** A child as the Request for Support begins with them: no address, nothing about the adults. */
function childEntry(child: {
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  school: string | null;
}): PersonEntry {
  return {
    id: newId(),
    role: 'child',
    relationship: '',
    firstName: child.first_name,
    lastName: child.last_name,
    dateOfBirth: child.date_of_birth,
    isExpected: false,
    gender: '',
    address: '',
    postcode: '',
    school: child.school ?? '',
    gp: '',
    language: '',
    interpreterNeeded: false,
    hasSend: false,
    sendDetails: '',
  };
}
