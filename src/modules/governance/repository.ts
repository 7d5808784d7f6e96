import type { Insertable, Kysely } from 'kysely';
import type {
  DB,
  GovernanceActionStatus,
  GovernanceActionsTable,
  GovernanceAgendaItemsTable,
  GovernanceMeetingsTable,
  GovernanceMembersTable,
  GovernancePapersTable,
  GovernanceWorkProgrammeTable,
} from '../../platform/db/schema/index.ts';

/** The governance tables' queries (Kysely only): boards, members, meetings and their items, actions, the programme. */
export class GovernanceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  boards() {
    return this.db
      .selectFrom('governance_boards as b')
      .leftJoin('governance_boards as p', 'p.id', 'b.parent_id')
      .select(['b.id', 'b.code', 'b.name', 'b.kind', 'b.description', 'b.quadrant_code', 'b.parent_id'])
      .select(['p.code as parent_code', 'p.name as parent_name'])
      .orderBy('b.sort_order')
      .execute();
  }

  members(boardId: string) {
    return this.db
      .selectFrom('governance_members as m')
      .leftJoin('users as u', 'u.id', 'm.user_id')
      .selectAll('m')
      .select(['u.display_name as user_name', 'u.email as user_email'])
      .where('m.board_id', '=', boardId)
      .orderBy('m.created_at')
      .execute();
  }

  /** A member of this board only. */
  member(boardId: string, id: string) {
    return this.db
      .selectFrom('governance_members')
      .selectAll()
      .where('board_id', '=', boardId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async userIdByEmail(email: string): Promise<string | null> {
    const row = await this.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    return row?.id ?? null;
  }

  insertMember(tx: Kysely<DB>, row: Insertable<GovernanceMembersTable>) {
    return tx.insertInto('governance_members').values(row).execute();
  }

  meetings(boardId: string) {
    return this.db
      .selectFrom('governance_meetings')
      .selectAll()
      .where('board_id', '=', boardId)
      .orderBy('held_on', 'desc')
      .execute();
  }

  /** A meeting of this board only: another board's meeting id is not found. */
  meeting(boardId: string, id: string) {
    return this.db
      .selectFrom('governance_meetings')
      .selectAll()
      .where('board_id', '=', boardId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  insertMeeting(tx: Kysely<DB>, row: Insertable<GovernanceMeetingsTable>) {
    return tx.insertInto('governance_meetings').values(row).execute();
  }

  items(meetingId: string) {
    return this.db
      .selectFrom('governance_agenda_items')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('position')
      .execute();
  }

  item(meetingId: string, id: string) {
    return this.db
      .selectFrom('governance_agenda_items')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Every agenda item of the board's meetings, newest meeting first: what an action may come from. */
  boardItems(boardId: string) {
    return this.db
      .selectFrom('governance_agenda_items as i')
      .innerJoin('governance_meetings as m', 'm.id', 'i.meeting_id')
      .select(['i.id', 'i.title', 'i.position', 'm.id as meeting_id', 'm.held_on'])
      .where('m.board_id', '=', boardId)
      .orderBy('m.held_on', 'desc')
      .orderBy('i.position')
      .execute();
  }

  async insertItem(tx: Kysely<DB>, row: Omit<Insertable<GovernanceAgendaItemsTable>, 'position'>) {
    // The next place on the agenda; two people adding at once meet the unique (meeting, position) and one retries.
    const last = await tx
      .selectFrom('governance_agenda_items')
      .select((eb) => eb.fn.max('position').as('n'))
      .where('meeting_id', '=', row.meeting_id)
      .executeTakeFirst();
    const position = Number(last?.n ?? 0) + 1;
    await tx
      .insertInto('governance_agenda_items')
      .values({ ...row, position })
      .execute();
    return position;
  }

  papers(itemIds: string[]) {
    if (itemIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('governance_papers')
      .selectAll()
      .where('item_id', 'in', itemIds)
      .orderBy('created_at')
      .execute();
  }

  insertPaper(tx: Kysely<DB>, row: Insertable<GovernancePapersTable>) {
    return tx.insertInto('governance_papers').values(row).execute();
  }

  decisions(meetingId: string) {
    return this.db
      .selectFrom('governance_decisions')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('created_at')
      .execute();
  }

  insertDecision(tx: Kysely<DB>, row: Insertable<DB['governance_decisions']>) {
    return tx.insertInto('governance_decisions').values(row).execute();
  }

  corrections(itemIds: string[]) {
    if (itemIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('governance_minute_corrections as c')
      .leftJoin('users as u', 'u.id', 'c.created_by')
      .selectAll('c')
      .select('u.display_name as created_by_name')
      .where('c.item_id', 'in', itemIds)
      .orderBy('c.created_at')
      .execute();
  }

  insertCorrection(tx: Kysely<DB>, row: Insertable<DB['governance_minute_corrections']>) {
    return tx.insertInto('governance_minute_corrections').values(row).execute();
  }

  actions(boardId: string, show: 'open' | 'done' | 'all', statuses: { open: readonly GovernanceActionStatus[] }) {
    let query = this.db
      .selectFrom('governance_actions as a')
      .leftJoin('governance_meetings as m', 'm.id', 'a.meeting_id')
      .leftJoin('governance_agenda_items as i', 'i.id', 'a.item_id')
      .selectAll('a')
      .select(['m.held_on as meeting_held_on', 'i.title as agenda_title'])
      .where('a.board_id', '=', boardId);
    if (show === 'open') query = query.where('a.status', 'in', statuses.open);
    if (show === 'done') query = query.where('a.status', 'not in', statuses.open);
    return query.orderBy('a.raised_on', 'desc').orderBy('a.created_at').execute();
  }

  meetingActions(meetingId: string) {
    return this.db
      .selectFrom('governance_actions')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('created_at')
      .execute();
  }

  /** An action of this board only: another board's action id is not found. */
  action(boardId: string, id: string) {
    return this.db
      .selectFrom('governance_actions as a')
      .leftJoin('governance_meetings as m', 'm.id', 'a.meeting_id')
      .leftJoin('governance_agenda_items as i', 'i.id', 'a.item_id')
      .selectAll('a')
      .select(['m.held_on as meeting_held_on', 'i.title as agenda_title'])
      .where('a.board_id', '=', boardId)
      .where('a.id', '=', id)
      .executeTakeFirst();
  }

  insertAction(tx: Kysely<DB>, row: Insertable<GovernanceActionsTable>) {
    return tx.insertInto('governance_actions').values(row).execute();
  }

  updates(actionId: string) {
    return this.db
      .selectFrom('governance_action_updates as u')
      .leftJoin('users', 'users.id', 'u.created_by')
      .selectAll('u')
      .select('users.display_name as created_by_name')
      .where('u.action_id', '=', actionId)
      .orderBy('u.created_at')
      .execute();
  }

  insertUpdate(tx: Kysely<DB>, row: Insertable<DB['governance_action_updates']>) {
    return tx.insertInto('governance_action_updates').values(row).execute();
  }

  workProgramme(boardId: string) {
    return this.db
      .selectFrom('governance_work_programme')
      .selectAll()
      .where('board_id', '=', boardId)
      .orderBy((eb) => eb.fn.coalesce('planned_on', eb.val('9999-12-31')))
      .orderBy('created_at')
      .execute();
  }

  insertWork(tx: Kysely<DB>, row: Insertable<GovernanceWorkProgrammeTable>) {
    return tx.insertInto('governance_work_programme').values(row).execute();
  }
}
