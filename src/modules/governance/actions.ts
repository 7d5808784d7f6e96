import type { AuditActor } from '../../platform/audit/audit.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import type { GovernanceActionStatus } from '../../platform/db/schema/index.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { GovernanceRefused, type Board, type GovernanceCore } from './core.ts';
import { ACTION_STATUSES, OPEN_STATUSES, type ActionInput, type ActionUpdateInput } from './schemas.ts';

/**
 * How the action log checks what an action points at. The performance framework (indicators, by code) and the plan
 * (plan actions, by id) answer through these lookups, wired in services.ts; a link that cannot be checked is refused.
 */
export interface GovernanceLinks {
  indicator?(code: string): Promise<{ code: string; name: string } | null>;
  planAction?(id: string): Promise<{ id: string; title: string } | null>;
}

const STATUS_TAGS: Record<GovernanceActionStatus, string> = {
  open: 'govuk-tag--blue',
  'in-progress': 'govuk-tag--yellow',
  done: 'govuk-tag--green',
  dropped: 'govuk-tag--grey',
};

/** An action as a page shows it: status words and tag, overdue when still open after its due day. */
export function presentAction<T extends { status: GovernanceActionStatus; due_on: string | null }>(
  a: T,
  today: string,
) {
  return {
    ...a,
    statusText: ACTION_STATUSES[a.status],
    statusTag: STATUS_TAGS[a.status],
    overdue: OPEN_STATUSES.includes(a.status) && a.due_on !== null && a.due_on < today,
  };
}

/**
 * The action log (matters arising; seed 004: "Date, Agenda item, Action, Status"): who owns each action, when it is
 * due, its dated updates, and what it points at (an indicator or a plan action). Updates use optimistic locking,
 * so two people updating one action at once never lose either's words: the second is told and keeps what they typed.
 */
export class GovernanceActions {
  constructor(
    private readonly core: GovernanceCore,
    private readonly links: GovernanceLinks,
  ) {}
  private get r() {
    return this.core.r;
  }

  async list(board: Board, show: 'open' | 'done' | 'all') {
    const today = todayInLondon();
    return (await this.r.actions(board.id, show, { open: OPEN_STATUSES })).map((a) => presentAction(a, today));
  }

  /** What an action may come from: the agenda items of the board's meetings. */
  items(board: Board) {
    return this.r.boardItems(board.id);
  }

  async add(actor: AuditActor, user: Principal, board: Board, input: ActionInput): Promise<string> {
    await this.core.toManage(actor, user, 'governance-action', 'add an action');
    const item = input.item ? (await this.r.boardItems(board.id)).find((i) => i.id === input.item) : undefined;
    if (input.item && !item) throw new GovernanceRefused('item', 'Select an agenda item from the list');
    const link = input.link ? await this.checkLink(input.link) : null;
    const id = newId();
    await this.core.write(
      actor,
      {
        action: 'governance-action.added',
        subjectType: 'governance-action',
        subjectId: id,
        details: { board: board.code, ...(link ? { link: `${link.kind}:${link.ref}` } : {}) },
      },
      (tx) =>
        this.r.insertAction(tx, {
          id,
          board_id: board.id,
          meeting_id: item?.meeting_id ?? null,
          item_id: item?.id ?? null,
          item_title: item?.title ?? '',
          raised_on: input['raisedOn-day'],
          action: input.action,
          owner: input.owner,
          due_on: input['dueOn-day'],
          link_kind: link?.kind ?? null,
          link_ref: link?.ref ?? null,
          link_label: link?.label ?? null,
          seed_key: null,
          created_by: actor.userId,
          updated_by: actor.userId,
        }),
    );
    return id;
  }

  /** The link, checked by the module that owns it; refused with a clear message when unknown or uncheckable. */
  private async checkLink(link: NonNullable<ActionInput['link']>) {
    if (link.kind === 'indicator') {
      if (!this.links.indicator)
        throw new GovernanceRefused('indicator', 'Indicators cannot be checked yet, so an action cannot point at one');
      const found = await this.links.indicator(link.ref);
      if (!found)
        throw new GovernanceRefused('indicator', `There is no indicator with the code ${link.ref}: check the code`);
      return { kind: link.kind, ref: found.code, label: found.name };
    }
    if (!this.links.planAction)
      throw new GovernanceRefused('planAction', 'Plan actions cannot be checked yet, so an action cannot point at one');
    const found = isUuid(link.ref) ? await this.links.planAction(link.ref) : null;
    if (!found) throw new GovernanceRefused('planAction', 'There is no plan action with this id: check it');
    return { kind: link.kind, ref: found.id, label: found.title };
  }

  /** The action of this board (another board's action is not found), with its dated updates. */
  async action(board: Board, id: string) {
    const action = isUuid(id) ? await this.r.action(board.id, id) : undefined;
    if (!action) return null;
    return { action: presentAction(action, todayInLondon()), updates: await this.r.updates(action.id) };
  }

  /**
   * A dated update with the action's new status. If someone else updated the action after the user opened it,
   * nothing is saved and StaleVersionError is thrown.
   */
  async update(actor: AuditActor, user: Principal, board: Board, id: string, input: ActionUpdateInput) {
    await this.core.toManage(actor, user, 'governance-action', 'update an action');
    const found = await this.action(board, id);
    if (!found) return null;
    await this.core.write(
      actor,
      {
        action: 'governance-action.updated',
        subjectType: 'governance-action',
        subjectId: id,
        details: { status: input.status },
      },
      async (tx) => {
        await updateVersioned(
          tx,
          'governance_actions',
          { id, version: input.version, by: actor.userId, what: 'This action' },
          { status: input.status },
        );
        await this.r.insertUpdate(tx, {
          id: newId(),
          action_id: id,
          status: input.status,
          note: input.note,
          created_by: actor.userId,
        });
      },
    );
    return true;
  }
}
