import type { AuditActor } from '../../platform/audit/audit.ts';
import { londonDay } from '../../platform/calendar/london.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { GovernanceRefused, type Board, type GovernanceCore } from './core.ts';
import type { CorrectionInput, DecisionInput, ItemInput, MeetingInput, MinutesInput, PaperInput } from './schemas.ts';

/** Why minutes cannot be changed once published: the record the board agreed stays as it was agreed. */
export const minutesLocked = (publishedAt: Date) =>
  `The minutes of this meeting were published on ${longDay(publishedAt)}, so they cannot be changed. ` +
  'Record a correction instead: it keeps what the minutes said, what they say now and why.';
const longDay = (at: Date) =>
  new Date(`${londonDay(at)}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });

/**
 * A board's meetings: date, time, place and status; the agenda (items in order, each with its presenter, purpose,
 * papers and minutes); decisions. Publishing the minutes locks them: after that a change is a recorded correction.
 */
export class GovernanceMeetings {
  constructor(private readonly core: GovernanceCore) {}
  private get r() {
    return this.core.r;
  }

  async schedule(actor: AuditActor, user: Principal, board: Board, input: MeetingInput): Promise<string> {
    await this.core.toManage(actor, user, 'governance-meeting', 'schedule a meeting');
    const id = newId();
    await this.core.write(
      actor,
      {
        action: 'governance-meeting.scheduled',
        subjectType: 'governance-meeting',
        subjectId: id,
        details: { board: board.code, heldOn: input['heldOn-day'] },
      },
      (tx) =>
        this.r.insertMeeting(tx, {
          id,
          board_id: board.id,
          held_on: input['heldOn-day'],
          starts_at: input.time,
          place: input.place,
          status: input.status,
          minutes_published_at: null,
          minutes_published_by: null,
          seed_key: null,
          created_by: actor.userId,
          updated_by: actor.userId,
        }),
    );
    return id;
  }

  /** The meeting of this board (another board's meeting is not found), with its agenda, papers and decisions. */
  async meeting(board: Board, id: string) {
    const meeting = isUuid(id) ? await this.r.meeting(board.id, id) : undefined;
    if (!meeting) return null;
    const items = await this.r.items(meeting.id);
    const ids = items.map((i) => i.id);
    const [papers, corrections, decisions, actions] = await Promise.all([
      this.r.papers(ids),
      this.r.corrections(ids),
      this.r.decisions(meeting.id),
      this.r.meetingActions(meeting.id),
    ]);
    return {
      meeting,
      items: items.map((item) => ({
        ...item,
        papers: papers.filter((p) => p.item_id === item.id),
        corrections: corrections.filter((c) => c.item_id === item.id),
        decisions: decisions.filter((d) => d.item_id === item.id),
        actions: actions.filter((a) => a.item_id === item.id),
      })),
      decisions: decisions.filter((d) => d.item_id === null),
      actions: actions.filter((a) => a.item_id === null),
    };
  }

  async item(board: Board, meetingId: string, itemId: string) {
    const found = await this.meeting(board, meetingId);
    const item = found && isUuid(itemId) ? found.items.find((i) => i.id === itemId) : undefined;
    return found && item ? { ...found, item } : null;
  }

  async addItem(actor: AuditActor, user: Principal, board: Board, meetingId: string, input: ItemInput) {
    await this.core.toManage(actor, user, 'governance-item', 'change the agenda');
    if (!(await this.meeting(board, meetingId))) return null;
    const id = newId();
    await this.core.write(
      actor,
      {
        action: 'governance-item.added',
        subjectType: 'governance-meeting',
        subjectId: meetingId,
        details: { item: id },
      },
      (tx) =>
        this.r.insertItem(tx, {
          id,
          meeting_id: meetingId,
          title: input.title,
          presenter: input.presenter,
          purpose: input.purpose,
          created_by: actor.userId,
          updated_by: actor.userId,
        }),
    );
    return id;
  }

  async addPaper(
    actor: AuditActor,
    user: Principal,
    board: Board,
    meetingId: string,
    itemId: string,
    input: PaperInput,
  ) {
    await this.core.toManage(actor, user, 'governance-paper', 'add a paper');
    if (!(await this.item(board, meetingId, itemId))) return null;
    const id = newId();
    await this.core.write(
      actor,
      {
        action: 'governance-paper.added',
        subjectType: 'governance-meeting',
        subjectId: meetingId,
        details: { item: itemId, paper: id, kind: input.kind, report: input.reportKey },
      },
      (tx) =>
        this.r.insertPaper(tx, {
          id,
          item_id: itemId,
          kind: input.kind,
          title: input.title,
          report_key: input.reportKey,
          report_parameters: input.reportParameters ? JSON.stringify(input.reportParameters) : null,
          link: input.link,
          note: input.note,
          created_by: actor.userId,
        }),
    );
    return id;
  }

  /** The item's minutes, while the meeting's minutes are not yet published (optimistic locking). */
  async recordMinutes(
    actor: AuditActor,
    user: Principal,
    board: Board,
    ids: { meeting: string; item: string },
    input: MinutesInput,
  ) {
    await this.core.toManage(actor, user, 'governance-item', 'record minutes');
    const found = await this.item(board, ids.meeting, ids.item);
    if (!found) return null;
    if (found.meeting.minutes_published_at) {
      await this.refused(actor, ids.meeting, 'minutes published');
      throw new GovernanceRefused('minutes', minutesLocked(found.meeting.minutes_published_at));
    }
    await this.core.write(
      actor,
      {
        action: 'governance-minutes.recorded',
        subjectType: 'governance-meeting',
        subjectId: ids.meeting,
        details: { item: ids.item },
      },
      (tx) =>
        updateVersioned(
          tx,
          'governance_agenda_items',
          { id: ids.item, version: input.version, by: actor.userId, what: 'These minutes' },
          { minutes: input.minutes },
        ),
    );
    return true;
  }

  /** A correction to published minutes: what they said, what they say now and why, kept for good. */
  async correctMinutes(
    actor: AuditActor,
    user: Principal,
    board: Board,
    ids: { meeting: string; item: string },
    input: CorrectionInput,
  ) {
    await this.core.toManage(actor, user, 'governance-item', 'correct minutes');
    const found = await this.item(board, ids.meeting, ids.item);
    if (!found) return null;
    if (!found.meeting.minutes_published_at)
      throw new GovernanceRefused('minutes', 'These minutes are not published yet: change them on the minutes page.');
    await this.core.write(
      actor,
      {
        action: 'governance-minutes.corrected',
        subjectType: 'governance-meeting',
        subjectId: ids.meeting,
        details: { item: ids.item },
      },
      async (tx) => {
        await updateVersioned(
          tx,
          'governance_agenda_items',
          { id: ids.item, version: input.version, by: actor.userId, what: 'These minutes' },
          { minutes: input.minutes },
        );
        await this.r.insertCorrection(tx, {
          id: newId(),
          item_id: ids.item,
          previous: found.item.minutes,
          corrected: input.minutes,
          reason: input.reason,
          created_by: actor.userId,
        });
      },
    );
    return true;
  }

  /** Publishes the meeting's minutes (and marks it held): from now on they change only by a correction. */
  async publish(actor: AuditActor, user: Principal, board: Board, meetingId: string, version: number) {
    await this.core.toManage(actor, user, 'governance-meeting', 'publish minutes');
    const found = await this.meeting(board, meetingId);
    if (!found) return null;
    if (found.meeting.minutes_published_at)
      throw new GovernanceRefused('publish', minutesLocked(found.meeting.minutes_published_at));
    if (!found.items.some((i) => i.minutes.trim()))
      throw new GovernanceRefused('publish', 'Record the minutes of at least one agenda item before publishing them.');
    await this.core.write(
      actor,
      {
        action: 'governance-minutes.published',
        subjectType: 'governance-meeting',
        subjectId: meetingId,
        details: { board: board.code },
      },
      (tx) =>
        updateVersioned(
          tx,
          'governance_meetings',
          { id: meetingId, version, by: actor.userId, what: 'This meeting' },
          { minutes_published_at: new Date(), minutes_published_by: actor.userId, status: 'held' },
        ),
    );
    return true;
  }

  async addDecision(actor: AuditActor, user: Principal, board: Board, meetingId: string, input: DecisionInput) {
    await this.core.toManage(actor, user, 'governance-decision', 'record a decision');
    if (!(await this.meeting(board, meetingId))) return null;
    const id = newId();
    await this.core.write(
      actor,
      {
        action: 'governance-decision.recorded',
        subjectType: 'governance-meeting',
        subjectId: meetingId,
        details: { decision: id },
      },
      (tx) =>
        this.r.insertDecision(tx, {
          id,
          meeting_id: meetingId,
          item_id: input.item,
          decision: input.decision,
          decided_on: input['decidedOn-day'],
          created_by: actor.userId,
        }),
    );
    return id;
  }

  private refused(actor: AuditActor, meetingId: string, reason: string) {
    return this.core.audit.record(actor, {
      action: 'governance-minutes.refused',
      outcome: 'failure',
      subjectType: 'governance-meeting',
      subjectId: meetingId,
      details: { reason },
    });
  }
}
