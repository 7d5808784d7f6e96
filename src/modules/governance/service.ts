import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { GovernanceActions, type GovernanceLinks } from './actions.ts';
import { GovernanceCore, GovernanceRefused, type Board } from './core.ts';
import { GovernanceMeetings } from './meetings.ts';
import type { MemberInput, MemberLeftInput, WorkInput } from './schemas.ts';
import { readGovernanceFile, seedGovernance } from './seed.ts';

/**
 * The partnership's governance records (issue 14): boards and sub-groups (seeded from the tenant's governance file),
 * their members, meetings (`meetings`), the action log (`actions`) and the scrutiny work programme. Anyone with
 * `governance:view` reads them; a board manager (`governance:manage`) keeps them; every write is audited.
 */
export class GovernanceService {
  private readonly core: GovernanceCore;
  readonly meetings: GovernanceMeetings;
  readonly actions: GovernanceActions;

  constructor(db: Kysely<DB>, audit: AuditLog, deps: { links?: GovernanceLinks } = {}) {
    this.core = new GovernanceCore(db, audit);
    this.meetings = new GovernanceMeetings(this.core);
    this.actions = new GovernanceActions(this.core, deps.links ?? {});
  }

  /** Start-up: the tenant's boards from config/tenants/<tenant>/governance.json (none without the file). */
  async seed(tenant: string, dir?: string): Promise<number> {
    return seedGovernance(this.core.db, await readGovernanceFile(tenant, dir));
  }

  /** Every board, each with its sub-groups, in the file's order. */
  async boards() {
    const all = await this.core.r.boards();
    return all.filter((b) => !b.parent_id).map((b) => ({ ...b, children: all.filter((c) => c.parent_id === b.id) }));
  }

  /** A board by its code, or null. */
  async board(code: string) {
    if (!/^[a-z0-9-]{1,60}$/.test(code)) return null;
    return (await this.core.r.boards()).find((b) => b.code === code) ?? null;
  }

  /** The board's page: its sub-groups, members (those who have left last), meetings and open actions. */
  async boardPage(board: Board) {
    const [all, members, meetings, actions] = await Promise.all([
      this.core.r.boards(),
      this.core.r.members(board.id),
      this.core.r.meetings(board.id),
      this.actions.list(board, 'open'),
    ]);
    return {
      children: all.filter((b) => b.parent_id === board.id),
      members: [...members].sort((a, b) => Number(a.left_on !== null) - Number(b.left_on !== null)),
      meetings,
      actions,
    };
  }

  async addMember(actor: AuditActor, user: Principal, board: Board, input: MemberInput): Promise<string> {
    await this.core.toManage(actor, user, 'governance-member', 'add a member');
    const userId = input.userEmail ? await this.core.r.userIdByEmail(input.userEmail) : null;
    if (input.userEmail && !userId)
      throw new GovernanceRefused(
        'userEmail',
        'There is no Hearth user with this email address: check it, or leave it blank',
      );
    const id = newId();
    await this.core.write(
      actor,
      {
        action: 'governance-member.added',
        subjectType: 'governance-member',
        subjectId: id,
        details: { board: board.code, role: input.role },
      },
      (tx) =>
        this.core.r.insertMember(tx, {
          id,
          board_id: board.id,
          name: input.name,
          organisation: input.organisation,
          role: input.role,
          user_id: userId,
          joined_on: input['joinedOn-day'],
          left_on: null,
          seed_key: null,
          created_by: actor.userId,
          updated_by: actor.userId,
        }),
    );
    return id;
  }

  async member(board: Board, id: string) {
    return isUuid(id) ? ((await this.core.r.member(board.id, id)) ?? null) : null;
  }

  /** Records the day a member left the board (optimistic locking); they stay on the page, marked as left. */
  async memberLeft(actor: AuditActor, user: Principal, board: Board, id: string, input: MemberLeftInput) {
    await this.core.toManage(actor, user, 'governance-member', 'record that a member left');
    const member = await this.member(board, id);
    if (!member) return null;
    const leftOn = input['leftOn-day'];
    if (member.joined_on && leftOn < member.joined_on)
      throw new GovernanceRefused('leftOn-day', 'The date they left must be the same as or after the date they joined');
    await this.core.write(
      actor,
      {
        action: 'governance-member.left',
        subjectType: 'governance-member',
        subjectId: id,
        details: { board: board.code, leftOn },
      },
      (tx) =>
        updateVersioned(
          tx,
          'governance_members',
          { id, version: input.version, by: actor.userId, what: 'This member' },
          { left_on: leftOn },
        ),
    );
    return true;
  }

  workProgramme(board: Board) {
    return this.core.r.workProgramme(board.id);
  }

  async addWork(actor: AuditActor, user: Principal, board: Board, input: WorkInput): Promise<string> {
    await this.core.toManage(actor, user, 'governance-work', 'change the work programme');
    const id = newId();
    await this.core.write(
      actor,
      {
        action: 'governance-work.added',
        subjectType: 'governance-work',
        subjectId: id,
        details: { board: board.code },
      },
      (tx) =>
        this.core.r.insertWork(tx, {
          id,
          board_id: board.id,
          planned_on: input['plannedOn-day'],
          when_text: input.when,
          topic: input.topic,
          lead: input.lead,
          purpose: input.purpose,
          commitment: input.commitment,
          cross_committee: input.crossCommittee,
          seed_key: null,
          created_by: actor.userId,
          updated_by: actor.userId,
        }),
    );
    return id;
  }
}
