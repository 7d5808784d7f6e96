import { TZDate } from '@date-fns/tz';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { BreakGlassService } from '../../../platform/break-glass/service.ts';
import { londonDay } from '../../../platform/calendar/london.ts';
import type { CalendarService } from '../../../platform/calendar/service.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { DB, MissingChatKind, MissingChatStatus } from '../../../platform/db/schema/index.ts';
import type { RecordLocator } from '../../../platform/http/route-access.ts';
import { uuidParam } from '../../../platform/http/params.ts';
import { AccessDenied } from '../../../platform/permissions/denied.ts';
import { can, type Involvement, type Principal } from '../../../platform/permissions/policy.ts';
import { pageWindow } from '../../../platform/views/pagination.ts';
import type { ExploitationService } from '../../exploitation/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { ageOn } from '../service.ts';
import { chatFigures } from './figures.ts';
import { MissingChatsRepository } from './repository.ts';
import type { ChatInput } from './schemas.ts';

/** Missing Chats, as the audit trail, the policy and break-glass name them. */
export const CHAT_RECORD_TYPE = 'missing-chat';

/** A chat the service will not make: the child's age, or no return yet. Audited before it is thrown. */
export class ChatRefused extends AccessDenied {
  override name = 'ChatRefused';
}

export interface MissingChatsDeps {
  reference: ReferenceService;
  calendar: CalendarService;
  exploitation: ExploitationService;
  breakGlass: BreakGlassService;
}

type Settings = Awaited<ReturnType<ReferenceService['missingSettings']>>['chats'];

/**
 * Who takes part in a chat, as its page decides: the Involvement Service responds (and records); the Hub, who screens
 * every missing child, may read. The drill-down (records.ts) decides the same way.
 */
export function chatInvolvements(viewer: Principal): Involvement[] {
  const found: Involvement[] = [];
  if (can(viewer, 'missing:chat').allowed) found.push('missing-response');
  if (can(viewer, 'hub:screen').allowed) found.push('hub-screener');
  return found;
}

/**
 * Missing Chats (issue 13; seed 002: "The Involvement Service offer independent 'Missing Chats' to all children and
 * young people aged between 10 and 18 years old that have returned from a missing episode. In addition, Parental
 * Missing Chats ... are offered"). When the police notify a return, a child of the tenant's ages (or whose age is not
 * known, for the worker to check) is due a Missing Chat and their parents a Parental Missing Chat, offered within the
 * tenant's timescale from the return. The Involvement Service (`missing:chat`) records them; the Hub may read them.
 */
export class MissingChatsService {
  private readonly repository: MissingChatsRepository;
  readonly chats: { byId: RecordLocator };

  constructor(
    db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: MissingChatsDeps,
  ) {
    this.repository = new MissingChatsRepository(db);
    this.chats = {
      byId: {
        type: CHAT_RECORD_TYPE,
        find: async (request, user) => {
          const chat = await this.row(uuidParam(request, 'id'));
          return chat ? { id: chat.id, involvements: this.involvementsIn(user) } : null;
        },
      },
    };
    deps.breakGlass.registerRecordType(CHAT_RECORD_TYPE, async (id, viewer) => {
      const chat = await this.row(id);
      return chat
        ? {
            label: `${chat.first_name} ${chat.last_name}: ${chat.kind === 'child' ? 'Missing Chat' : 'Parental Missing Chat'}`,
            href: `/missing-chats/${id}`,
            involvements: this.involvementsIn(viewer),
          }
        : null;
    });
    // "Raise an exploitation concern" from a chat: the form starts with the child, and the chat records the concern.
    deps.exploitation.registerSource('chat', {
      prefill: async (actor, user, id) => {
        const chat = await this.row(id);
        if (!chat || !this.involvementsIn(user).includes('missing-response')) return null;
        await this.audited(actor, 'missing-chat.concern-started', chat.id);
        return { firstName: chat.first_name, lastName: chat.last_name, dateOfBirth: chat.date_of_birth };
      },
      raised: async (actor, user, id, concernId) => {
        const chat = await this.row(id);
        if (!chat || !this.involvementsIn(user).includes('missing-response')) return;
        await this.repository.setConcern(chat.id, concernId, actor.userId);
        await this.audited(actor, 'missing-chat.concern-raised', chat.id, { concernId });
      },
    });
  }

  private row(id: string) {
    return isUuid(id) ? this.repository.chat(id) : Promise.resolve(undefined);
  }

  private involvementsIn(viewer: Principal): Involvement[] {
    return chatInvolvements(viewer);
  }

  async settings(): Promise<Settings> {
    return (await this.deps.reference.missingSettings()).chats;
  }

  /**
   * Why a child may not have a Missing Chat, or null: no return yet, or an age outside the tenant's (an unknown age
   * is no reason: the worker checks it).
   */
  private refusal(
    episode: { first_name: string; returned_at: Date | null },
    age: number | null,
    s: Settings,
  ): string | null {
    if (!episode.returned_at)
      return `${episode.first_name} has not returned yet. A Missing Chat is offered once the police tell us the child has returned or been found.`;
    if (age === null || (age >= s.fromAge && age <= s.toAge)) return null;
    return (
      `${episode.first_name} was ${age} when they returned. Missing Chats are for children aged ${s.fromAge} to ${s.toAge}` +
      (age < s.fromAge
        ? `: the Missing Co-ordinator scrutinises every missing episode of a child under ${s.fromAge}.`
        : '.')
    );
  }

  private ageAtReturn(episode: { date_of_birth: string | null; returned_at: Date | null }): number | null {
    return episode.date_of_birth && episode.returned_at
      ? ageOn(episode.date_of_birth, londonDay(episode.returned_at))
      : null;
  }

  /**
   * The missing service's hook when the police notify a return (inside its transaction): the child's Missing Chat
   * and the Parental Missing Chat become due, unless the child's age is outside the tenant's. Once per episode.
   */
  async onReturned(tx: Kysely<DB>, actor: AuditActor, episodeId: string): Promise<void> {
    const episode = await this.repository.episode(episodeId, tx);
    if (!episode) return;
    const age = this.ageAtReturn(episode);
    if (this.refusal(episode, age, await this.settings())) return;
    for (const kind of ['child', 'parent'] as const) {
      const made = await this.repository.insert(tx, { id: newId(), episode_id: episode.id, kind, age_at_return: age });
      if (made.created) await this.audited(actor, 'missing-chat.due', made.id, { episodeId, kind, age }, tx);
    }
  }

  /**
   * Starts a chat for a returned episode that has none (one returned before chats were kept): refused, with the
   * reason, for a child of another age or not yet returned. Starting one twice gives the same chat.
   */
  async start(actor: AuditActor, user: Principal, episodeId: string, kind: MissingChatKind): Promise<string | null> {
    const episode = isUuid(episodeId) ? await this.repository.episode(episodeId) : undefined;
    if (!episode) return null;
    if (!can(user, 'missing:chat').allowed) {
      await this.denied(actor, null, { episodeId, reason: 'missing:chat' });
      throw new ChatRefused('Only the Involvement Service starts Missing Chats.');
    }
    const age = this.ageAtReturn(episode);
    const refusal = this.refusal(episode, age, await this.settings());
    if (refusal) {
      await this.denied(actor, null, { episodeId, kind, reason: episode.returned_at ? 'age' : 'not-returned', age });
      throw new ChatRefused(refusal);
    }
    const made = await this.repository.insert(null, {
      id: newId(),
      episode_id: episode.id,
      kind,
      age_at_return: age,
      created_by: actor.userId,
      updated_by: actor.userId,
    });
    if (made.created) await this.audited(actor, 'missing-chat.started', made.id, { episodeId, kind, age });
    return made.id;
  }

  /** The clock of a chat not yet offered: RAG against the offer timescale from the return. */
  private async clock(now: Date) {
    const [s, calendar] = await Promise.all([this.settings(), this.deps.calendar.calendar()]);
    return (returnedAt: Date) => calendar.rag(returnedAt, now, s.offerWithin, { amberAt: s.amberAtPercent / 100 });
  }

  /** The due list: chats of one kind not yet offered (least time left first, with RAG), and those under way. */
  async dueList(actor: AuditActor, kind: MissingChatKind, page = 1, pageSize = 50, now = new Date()) {
    const { limit, offset } = pageWindow(page, pageSize);
    const [due, underway, rag, s] = await Promise.all([
      this.repository.due(kind, limit, offset),
      this.repository.underway(kind, 100),
      this.clock(now),
      this.settings(),
    ]);
    await this.audit.record(actor, {
      action: 'missing-chat.list-viewed',
      outcome: 'success',
      details: {
        kind,
        total: due.total,
        chatIds: [...due.rows, ...underway.rows].map((r) => r.id),
      },
    });
    return {
      due: { rows: due.rows.map((r) => ({ ...r, rag: rag(r.returned_at!) })), total: due.total },
      underway,
      settings: s,
    };
  }

  /** One chat with its child's episode and its clock. Reading it is audited. */
  async chat(actor: AuditActor, id: string, now = new Date()) {
    const chat = await this.row(id);
    if (!chat) return null;
    const rag = await this.clock(now);
    await this.audited(actor, 'missing-chat.viewed', chat.id);
    return { chat, rag: chat.status === 'due' ? rag(chat.returned_at!) : null, settings: await this.settings() };
  }

  /** An episode's chats (for its page), with whether one may be started and why not. */
  async forEpisode(episode: {
    id: string;
    first_name: string;
    date_of_birth: string | null;
    returned_at: Date | null;
  }) {
    const chats = await this.repository.forEpisode(episode.id);
    const refusal = this.refusal(episode, this.ageAtReturn(episode), await this.settings());
    return { chats, refusal };
  }

  /**
   * Saves the chat form: the offer, the choice, the chat. Optimistic locking: a chat changed since the form was
   * opened throws StaleVersionError and nothing is written. The offer cannot come before the return.
   */
  async save(actor: AuditActor, id: string, input: ChatInput): Promise<{ problem: string | null }> {
    const chat = await this.row(id);
    if (!chat) return { problem: 'This chat no longer exists' };
    const [y, m, d] = input.offeredOn.split('-').map(Number) as [number, number, number];
    const [hh, mm] = input.offeredTime.split(':').map(Number) as [number, number];
    const offeredAt = new Date(new TZDate(y, m - 1, d, hh, mm, 'Europe/London').getTime());
    if (chat.returned_at && offeredAt < chat.returned_at)
      return { problem: 'The chat must have been offered after the child returned: check the date and time' };
    const status: MissingChatStatus =
      input.choice === null
        ? 'offered'
        : input.choice === 'accepted'
          ? input.heldOn
            ? 'held'
            : 'accepted'
          : input.choice;
    await this.repository.update(chat.id, input.version, actor.userId, {
      status,
      offered_at: offeredAt,
      offered_how: input.offeredHow,
      offered_to: input.offeredTo,
      offer_again_on: input.offerAgainOn,
      held_on: input.heldOn,
      held_how: input.heldHow,
      said: input.said,
      push_factors: input.pushFactors,
      pull_factors: input.pullFactors,
      factors_other: input.factorsOther,
      risks: input.risks,
      actions: input.actions,
      shared_with: input.sharedWith,
      shared_with_other: input.sharedWithOther,
    });
    await this.audited(actor, 'missing-chat.saved', chat.id, { status, kind: chat.kind });
    return { problem: null };
  }

  /**
   * The partnership's figures for the episodes returned in [from, to): chats due, offered within the timescale or
   * late, the child's choices, chats held by how; parental chats offered, accepted and held.
   */
  async figures(from: Date, to: Date) {
    const [rows, calendar, s] = await Promise.all([
      this.repository.ofReturnsBetween(from, to),
      this.deps.calendar.calendar(),
      this.settings(),
    ]);
    return chatFigures(rows, (returnedAt) => calendar.due(returnedAt, s.offerWithin));
  }

  private audited(
    actor: AuditActor,
    action: string,
    id: string,
    details: Record<string, unknown> = {},
    tx?: Kysely<DB>,
  ) {
    return this.audit.record(
      actor,
      { action, outcome: 'success', subjectType: CHAT_RECORD_TYPE, subjectId: id, details },
      tx,
    );
  }

  private denied(actor: AuditActor, id: string | null, details: Record<string, unknown>) {
    return this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      subjectType: CHAT_RECORD_TYPE,
      ...(id ? { subjectId: id } : {}),
      details,
    });
  }
}
