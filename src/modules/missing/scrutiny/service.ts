import type { Kysely, Selectable } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import { StaleVersionError, isUniqueViolation } from '../../../platform/db/errors.ts';
import type { DB, MissingEpisodesTable } from '../../../platform/db/schema/index.ts';
import { AccessDenied } from '../../../platform/permissions/denied.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import { pageWindow } from '../../../platform/views/pagination.ts';
import type { FrontDoorService } from '../../front-door/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { RepeatMissing } from '../repeat.ts';
import { MISSING_RECORD_TYPE, type MissingService } from '../service.ts';
import { ScrutinyRepository } from './repository.ts';
import type { ScrutinyInput } from './schemas.ts';
import { closingRefusal, isUnderScrutinyAge, ClosingRefused, ScrutinyExists } from './rules.ts';

export interface ScrutinyDeps {
  reference: ReferenceService;
  frontDoor: FrontDoorService;
  missing: MissingService;
}

type Episode = Selectable<MissingEpisodesTable>;

/**
 * Responding to a missing episode (issue 13; seed 002 "Responding to missing children"): the Missing Co-ordinator's
 * scrutiny of every episode of a child under 10 ("All children under 10 who go missing will be scrutinised by the
 * Missing Co-ordinator"), closing an episode after the child's return, repeat missing, and the figures.
 */
export class MissingScrutinyService {
  private readonly repository: ScrutinyRepository;
  readonly repeat: RepeatMissing;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: ScrutinyDeps,
  ) {
    this.repository = new ScrutinyRepository(db);
    this.repeat = new RepeatMissing(db, async () => (await deps.reference.missingSettings()).repeat);
  }

  settings() {
    return this.deps.reference.missingSettings();
  }

  private async episode(id: string) {
    if (!isUuid(id)) return undefined;
    return this.db.selectFrom('missing_episodes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A refusal, audited: `throw await this.denied(…)`. */
  private async denied(actor: AuditActor, id: string | null, action: string, message: string) {
    await this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      subjectType: MISSING_RECORD_TYPE,
      ...(id ? { subjectId: id } : {}),
      details: { action },
    });
    return new AccessDenied(message);
  }

  /** What the episode page shows of the response: the scrutiny, closing, and the repeat tag. */
  async forEpisodePage(viewer: Principal, episode: Episode) {
    const { scrutinyUnderAge } = await this.settings();
    const [scrutiny, repeat, closedBy] = await Promise.all([
      this.scrutinyWithActions(episode.id),
      this.repeat.episodes([episode.id]),
      episode.closed_by ? this.userName(episode.closed_by) : null,
    ]);
    const underAge = isUnderScrutinyAge(episode, scrutinyUnderAge);
    const mayClose = can(viewer, 'hub:screen').allowed || episode.worker_id === viewer.id;
    return {
      scrutinyUnderAge,
      underAge,
      scrutiny,
      repeat: repeat.has(episode.id),
      canScrutinise: underAge && !scrutiny && can(viewer, 'missing:scrutinise').allowed,
      canStartRequest: Boolean(scrutiny?.referral_needed) && can(viewer, 'missing:scrutinise').allowed,
      canClose: mayClose && !episode.closed_at,
      closingRefusal: closingRefusal(episode, scrutinyUnderAge, Boolean(scrutiny)),
      closedByName: closedBy,
    };
  }

  private async userName(id: string) {
    const u = await this.db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst();
    return u?.display_name ?? null;
  }

  private async scrutinyWithActions(episodeId: string) {
    const scrutiny = await this.repository.scrutinyOf(episodeId);
    return scrutiny ? { ...scrutiny, actions: await this.repository.actionsOf(scrutiny.id) } : null;
  }

  /** The Co-ordinator's list: under-age episodes waiting for scrutiny (oldest first), or done. Audited. */
  async list(actor: AuditActor, viewer: Principal, done: boolean, page = 1, pageSize = 50) {
    if (!can(viewer, 'missing:scrutinise').allowed)
      throw await this.denied(
        actor,
        null,
        'missing:scrutinise',
        'Only the Missing Co-ordinator scrutinises missing episodes.',
      );
    const { scrutinyUnderAge } = await this.settings();
    const { limit, offset } = pageWindow(page, pageSize);
    const { rows, total } = await this.repository.list(scrutinyUnderAge, done, limit, offset);
    const repeat = await this.repeat.episodes(rows.map((r) => r.id));
    await this.audit.record(actor, {
      action: 'missing-episode.list-viewed',
      outcome: 'success',
      details: { list: done ? 'scrutinised' : 'scrutiny', total, episodeIds: rows.map((r) => r.id) },
    });
    return { rows: rows.map((r) => ({ ...r, repeat: repeat.has(r.id) })), total, scrutinyUnderAge };
  }

  /**
   * The episode the Co-ordinator is to scrutinise: refused (and audited) for a child of the age or over, or of an
   * unknown age, and for anyone without missing:scrutinise. Reading it is audited.
   */
  async forScrutiny(actor: AuditActor, viewer: Principal, id: string) {
    const episode = await this.episode(id);
    if (!episode) return null;
    if (!can(viewer, 'missing:scrutinise').allowed)
      throw await this.denied(
        actor,
        id,
        'missing:scrutinise',
        'Only the Missing Co-ordinator scrutinises missing episodes.',
      );
    const { scrutinyUnderAge } = await this.settings();
    if (!isUnderScrutinyAge(episode, scrutinyUnderAge)) {
      const age =
        episode.age_at_missing === null
          ? 'this child’s age is not known, so the episode is not treated as under ' + scrutinyUnderAge
          : `this child was ${episode.age_at_missing} when reported missing`;
      throw await this.denied(
        actor,
        id,
        'missing:scrutinise',
        `The Missing Co-ordinator scrutinises the episodes of children under ${scrutinyUnderAge}: ${age}.`,
      );
    }
    await this.audit.record(actor, {
      action: 'missing-episode.viewed',
      outcome: 'success',
      subjectType: MISSING_RECORD_TYPE,
      subjectId: episode.id,
      details: { for: 'scrutiny' },
    });
    return { episode, scrutiny: await this.scrutinyWithActions(episode.id), scrutinyUnderAge };
  }

  /** Records the scrutiny (once an episode: a second is refused with ScrutinyExists). Audited. */
  async record(actor: AuditActor, viewer: Principal, id: string, input: ScrutinyInput): Promise<void> {
    const found = await this.forScrutiny(actor, viewer, id);
    if (!found) throw new ScrutinyExists('There is no such missing episode');
    if (found.scrutiny) throw new ScrutinyExists();
    const scrutinyId = newId();
    await this.db
      .transaction()
      .execute(async (tx) => {
        await tx
          .insertInto('missing_scrutinies')
          .values({
            id: scrutinyId,
            episode_id: id,
            findings: input.findings,
            referral_needed: input.referralNeeded,
            request_draft_id: null,
            reviewed_by: viewer.id,
          })
          .execute();
        await tx
          .insertInto('missing_scrutiny_actions')
          .values(
            input.actions.map((a, i) => ({
              id: newId(),
              scrutiny_id: scrutinyId,
              position: i + 1,
              what: a.what,
              who: a.who,
              by_when: a.byWhen,
            })),
          )
          .execute();
        await this.audit.record(
          actor,
          {
            action: 'missing-episode.scrutinised',
            outcome: 'success',
            subjectType: MISSING_RECORD_TYPE,
            subjectId: id,
            details: { scrutinyId, actions: input.actions.length, referralNeeded: input.referralNeeded },
          },
          tx,
        );
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new ScrutinyExists();
        throw error;
      });
  }

  /**
   * Starts the Request for Support the scrutiny says is needed, with the child carried over, through the front door;
   * the Co-ordinator checks every section and sends it. A second call returns the same draft.
   */
  async startRequest(actor: AuditActor, viewer: Principal, id: string): Promise<string> {
    const found = await this.forScrutiny(actor, viewer, id);
    const scrutiny = found?.scrutiny;
    if (!found || !scrutiny?.referral_needed || !can(viewer, 'request:make').allowed)
      throw await this.denied(
        actor,
        id,
        'request:make',
        'Start a Request for Support once the scrutiny says a referral is needed.',
      );
    if (scrutiny.request_draft_id) return scrutiny.request_draft_id;
    const e = found.episode;
    const draftId = await this.deps.frontDoor.startDraft(
      actor,
      viewer.id,
      {
        people: [
          {
            id: newId(),
            role: 'child',
            relationship: '',
            firstName: e.first_name,
            lastName: e.last_name,
            dateOfBirth: e.date_of_birth,
            isExpected: false,
            gender: '',
            address: '',
            postcode: '',
            school: '',
            gp: '',
            language: '',
            interpreterNeeded: false,
            hasSend: false,
            sendDetails: '',
          },
        ],
      },
      { type: MISSING_RECORD_TYPE, id },
    );
    if (Number((await this.repository.setDraft(scrutiny.id, draftId)).numUpdatedRows) === 0)
      return (await this.repository.scrutinyOf(id))?.request_draft_id ?? draftId;
    return draftId;
  }

  /**
   * Closes an episode: the Hub or the worker it went to, after the child's return, and for a child under the
   * scrutiny age only once the scrutiny is recorded. The version the user saw guards against a change meanwhile.
   */
  async close(actor: AuditActor, viewer: Principal, id: string, version: number, note: string): Promise<void> {
    const episode = await this.episode(id);
    if (!episode) throw new ClosingRefused('There is no such missing episode');
    if (!(can(viewer, 'hub:screen').allowed || episode.worker_id === viewer.id))
      throw await this.denied(
        actor,
        id,
        'missing:close',
        'Only the Hub or the worker the episode was sent to can close it.',
      );
    const { scrutinyUnderAge } = await this.settings();
    const scrutiny = await this.repository.scrutinyOf(id);
    const refusal = closingRefusal(episode, scrutinyUnderAge, Boolean(scrutiny));
    if (refusal) {
      await this.audit.record(actor, {
        action: 'missing-episode.close-refused',
        outcome: 'failure',
        subjectType: MISSING_RECORD_TYPE,
        subjectId: id,
        details: { reason: refusal },
      });
      throw new ClosingRefused(refusal);
    }
    if (!(await this.repository.close(id, version, viewer.id, note))) throw new StaleVersionError('This episode');
    await this.audit.record(actor, {
      action: 'missing-episode.closed',
      outcome: 'success',
      subjectType: MISSING_RECORD_TYPE,
      subjectId: id,
    });
  }

  /** The episode to close, as the close page opens it. */
  async forClosing(id: string) {
    const episode = await this.episode(id);
    if (!episode) return null;
    const { scrutinyUnderAge } = await this.settings();
    const scrutiny = await this.repository.scrutinyOf(id);
    return { episode, refusal: closingRefusal(episode, scrutinyUnderAge, Boolean(scrutiny)) };
  }

  /**
   * Every episode of this episode's child that the viewer may see (through each episode's involvements, as the
   * episode page decides), newest first. Audited with the episodes shown.
   */
  async childEpisodes(actor: AuditActor, viewer: Principal, id: string) {
    const episode = await this.episode(id);
    if (!episode) return null;
    const all = await this.repository.childEpisodes(id);
    const visible = [];
    for (const e of all) {
      const involvements = await this.deps.missing.involvementsIn(e, viewer);
      if (can(viewer, 'record:view', { type: 'record', id: e.id, involvements }).allowed) visible.push(e);
    }
    const repeat = await this.repeat.episodes([id]);
    await this.audit.record(actor, {
      action: 'missing-episode.list-viewed',
      outcome: 'success',
      subjectType: MISSING_RECORD_TYPE,
      subjectId: id,
      details: { list: 'child', total: visible.length, episodeIds: visible.map((e) => e.id) },
    });
    return { episode, episodes: visible, hidden: all.length - visible.length, repeat: repeat.has(id) };
  }

  /** Rows (a page of episodes) with whether each child is repeat missing: one query for the page. */
  async withRepeat<T extends { id: string }>(rows: T[]): Promise<(T & { repeat: boolean })[]> {
    const repeat = await this.repeat.episodes(rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, repeat: repeat.has(r.id) }));
  }

  /**
   * Figures for a period [from, to): episodes and distinct children by district and quadrant, from a care placement
   * or not, repeat missing children, under-age episodes and how many are scrutinised.
   */
  async figures(from: Date, to: Date) {
    const { scrutinyUnderAge, repeat } = await this.settings();
    const f = await this.repository.figures(from, to, scrutinyUnderAge, repeat);
    const counts = (r: {
      episodes: number;
      children: number;
      from_care: number;
      under_age: number;
      scrutinised: number;
    }) => ({
      episodes: Number(r.episodes),
      children: Number(r.children),
      fromCarePlacement: Number(r.from_care),
      notFromCarePlacement: Number(r.episodes) - Number(r.from_care),
      underScrutinyAge: Number(r.under_age),
      scrutinised: Number(r.scrutinised),
    });
    return {
      from,
      to,
      scrutinyUnderAge,
      ...counts(f.total),
      repeatMissingChildren: f.repeatChildren,
      byDistrict: f.byDistrict.map((r) => ({ code: r.code, name: r.name, ...counts(r) })),
      byQuadrant: f.byQuadrant.map((r) => ({ code: r.code, name: r.name, ...counts(r) })),
    };
  }
}
