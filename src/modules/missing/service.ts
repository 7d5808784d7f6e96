import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { londonDay } from '../../platform/calendar/london.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import type { DB, MissingEpisodesTable } from '../../platform/db/schema/index.ts';
import type { RecordLocator } from '../../platform/http/route-access.ts';
import { uuidParam } from '../../platform/http/params.ts';
import { can, type Involvement, type Principal } from '../../platform/permissions/policy.ts';
import { pageWindow } from '../../platform/views/pagination.ts';
import type { BreakGlassService } from '../../platform/break-glass/service.ts';
import type { EarlyHelpService } from '../early-help/index.ts';
import type { NotificationInput, PoliceSender, PoliceService } from '../front-door/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import { MissingRepository } from './repository.ts';

interface Route {
  personId: string | undefined;
  routed: { familyId: string; workerId: string } | undefined;
}

/** What decides who sees an episode (involvementsIn). */
type EpisodeAccess = Pick<MissingEpisodesTable, 'family_id' | 'worker_id' | 'returned_at' | 'age_at_missing'>;

/** Something to do when an episode's child returns (the Missing Chats become due). */
export type ReturnListener = (tx: Kysely<DB>, actor: AuditActor, episodeId: string) => Promise<void>;

/** Missing children's episodes, as the audit trail, the policy and break-glass name them. */
export const MISSING_RECORD_TYPE = 'missing-episode';

export interface MissingDeps {
  people: PeopleService;
  earlyHelp: EarlyHelpService;
  police: PoliceService;
  breakGlass: BreakGlassService;
  reference: ReferenceService;
}

/** Whole years between a date of birth and a day, both 'YYYY-MM-DD'. */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Missing children (issue 13; seed 002 "Responding to missing children"). A police notification of category
 * `missing` opens or updates one missing episode, named by the force's episode reference: the report, updates
 * and the return stay one episode. The child is matched to a person as the Hub matches (one likely candidate);
 * a child open to a worker in early help goes to that worker's list, any other to the Hub's missing list. The
 * notification still joins the Hub's police queue as before.
 */
export class MissingService {
  private readonly repository: MissingRepository;
  readonly episodes: { byId: RecordLocator };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: MissingDeps,
  ) {
    this.repository = new MissingRepository(db);
    deps.police.onReceived({
      prepare: (items) => this.route(items),
      saved: (tx, actor, sender, received, routes) => this.received(tx, actor, sender, received, routes),
    });
    this.episodes = {
      byId: {
        type: MISSING_RECORD_TYPE,
        find: async (request, user) => {
          const episode = await this.row(uuidParam(request, 'id'));
          return episode ? { id: episode.id, involvements: await this.involvementsIn(episode, user) } : null;
        },
      },
    };
    deps.breakGlass.registerRecordType(MISSING_RECORD_TYPE, async (id, viewer) => {
      const episode = await this.row(id);
      return episode
        ? {
            label: `${episode.first_name} ${episode.last_name}: missing episode`,
            href: `/missing/${id}`,
            involvements: await this.involvementsIn(episode, viewer),
          }
        : null;
    });
  }

  private readonly returnListeners: ReturnListener[] = [];

  /** Told, inside the notification's transaction, of each episode a police notification says has returned. */
  onReturned(listener: ReturnListener): void {
    this.returnListeners.push(listener);
  }

  private row(id: string) {
    return isUuid(id) ? this.repository.episode(id) : Promise.resolve(undefined);
  }

  /**
   * Who sees an episode: the Hub (its screeners see every missing child), the worker it was sent to, and anyone
   * involved with the child's family in early help, as on the family's own pages; the Missing Co-ordinator responds
   * to (scrutinises) every episode of a child under the scrutiny age.
   */
  async involvementsIn(episode: EpisodeAccess, viewer: Principal): Promise<Involvement[]> {
    return (await this.involvementsInMany([{ ...episode, id: '' }], viewer)).get('')!;
  }

  /** involvementsIn for many episodes at once (the drill-down's lists): one read of early help's for all their families. */
  async involvementsInMany(
    episodes: readonly (EpisodeAccess & { id: string })[],
    viewer: Principal,
  ): Promise<Map<string, Involvement[]>> {
    const familyIds = episodes.flatMap((e) => (e.family_id ? [e.family_id] : []));
    const [families, scrutinyUnderAge] = await Promise.all([
      familyIds.length
        ? this.deps.earlyHelp.involvementsInFamilies(familyIds, viewer)
        : new Map<string, Involvement[]>(),
      can(viewer, 'missing:scrutinise').allowed
        ? this.deps.reference.missingSettings().then((s) => s.scrutinyUnderAge)
        : null,
    ]);
    const screener = can(viewer, 'hub:screen').allowed;
    const responder = can(viewer, 'missing:chat').allowed;
    return new Map(
      episodes.map((episode) => {
        const found = new Set<Involvement>((episode.family_id && families.get(episode.family_id)) || []);
        if (screener) found.add('hub-screener');
        if (episode.worker_id === viewer.id) found.add('allocated-worker');
        // The Involvement Service offers the Missing Chats of children back from missing.
        if (episode.returned_at && responder) found.add('missing-response');
        if (scrutinyUnderAge !== null && episode.age_at_missing !== null && episode.age_at_missing < scrutinyUnderAge)
          found.add('missing-response');
        return [episode.id, [...found]];
      }),
    );
  }

  /** Before the notifications are saved: who each missing child is, and the worker they are open to, if any. */
  private async route(items: NotificationInput[]): Promise<Map<string, Route>> {
    const routes = new Map<string, Route>();
    for (const item of items) {
      const child = item.children[0];
      if (item.concern_category !== 'missing' || !item.missing || !child) continue;
      const personId = await this.matchChild(child);
      routes.set(item.police_reference, {
        personId,
        routed: personId ? await this.deps.earlyHelp.openWorkerOf(personId) : undefined,
      });
    }
    return routes;
  }

  /** The police service's hook: each new notification of category missing opens or updates its episode. */
  private async received(
    tx: Kysely<DB>,
    actor: AuditActor,
    sender: PoliceSender,
    received: { requestId: string; item: NotificationInput }[],
    routes: Map<string, Route>,
  ): Promise<void> {
    for (const { requestId, item } of received) {
      const missing = item.missing;
      const child = item.children[0];
      const route = routes.get(item.police_reference);
      if (item.concern_category !== 'missing' || !missing || !child || !route) continue;
      const { personId, routed } = route;
      const dob = child.date_of_birth ?? null;
      const episode = await this.repository.upsertEpisode(tx, {
        id: newId(),
        organisation_id: sender.organisationId,
        episode_reference: missing.episode_reference ?? item.police_reference,
        first_name: child.first_name,
        last_name: child.last_name,
        date_of_birth: dob,
        person_id: personId ?? null,
        age_at_missing: dob ? ageOn(dob, londonDay(missing.reported_at)) : null,
        missing_from: missing.missing_from,
        reported_at: missing.reported_at,
        reported_by: missing.reported_by,
        risk_grading: missing.risk_grading,
        returned_at: missing.returned_at ?? null,
        returned_where: missing.returned_where ?? null,
        returned_how: missing.returned_how ?? null,
        district: item.district,
        family_id: routed?.familyId ?? null,
        worker_id: routed?.workerId ?? null,
      });
      if (missing.returned_at) for (const told of this.returnListeners) await told(tx, actor, episode.id);
      await this.repository.insertNotification(tx, {
        request_id: requestId,
        episode_id: episode.id,
        event: missing.event,
        police_reference: item.police_reference,
      });
      await this.audit.record(
        actor,
        {
          action: episode.created ? 'missing-episode.opened' : 'missing-episode.updated',
          outcome: 'success',
          subjectType: MISSING_RECORD_TYPE,
          subjectId: episode.id,
          details: { requestId, event: missing.event, matched: Boolean(personId), routedTo: routed ? 'worker' : 'hub' },
        },
        tx,
      );
    }
  }

  /** The one person the child probably is (as the Hub's matching says), or undefined when none or several. */
  private async matchChild(child: NotificationInput['children'][number]): Promise<string | undefined> {
    const likely = (
      await this.deps.people.findCandidates({
        firstName: child.first_name,
        lastName: child.last_name,
        dateOfBirth: child.date_of_birth ?? null,
        postcode: child.postcode ?? null,
      })
    ).filter((c) => c.likely);
    return likely.length === 1 ? likely[0]!.id : undefined;
  }

  /**
   * The Hub's list: open episodes (or those returned and not yet closed), newest report first. Audited once, with
   * the episodes shown.
   */
  async openEpisodes(actor: AuditActor, page = 1, pageSize = 50, returned = false) {
    const { limit, offset } = pageWindow(page, pageSize);
    const { rows, total } = await this.repository.open(limit, offset, returned);
    await this.audit.record(actor, {
      action: 'missing-episode.list-viewed',
      outcome: 'success',
      details: { list: returned ? 'hub-returned' : 'hub', total, episodeIds: rows.map((r) => r.id) },
    });
    return { rows, total };
  }

  /** A worker's children's missing episodes (open, or returned in the last 30 days), for their home page. Audited. */
  async forWorker(actor: AuditActor, viewer: Principal) {
    const rows = await this.repository.forWorker(viewer.id, new Date(Date.now() - 30 * 86_400_000));
    if (rows.length)
      await this.audit.record(actor, {
        action: 'missing-episode.list-viewed',
        outcome: 'success',
        details: { list: 'worker', total: rows.length, episodeIds: rows.map((r) => r.id) },
      });
    return rows;
  }

  /** One episode with its notifications. Reading it is audited. */
  async episode(actor: AuditActor, id: string) {
    const episode = await this.row(id);
    if (!episode) return null;
    const notifications = await this.repository.notifications(episode.id);
    const workerName = episode.worker_id ? await this.repository.userName(episode.worker_id) : null;
    await this.audit.record(actor, {
      action: 'missing-episode.viewed',
      outcome: 'success',
      subjectType: MISSING_RECORD_TYPE,
      subjectId: episode.id,
    });
    return { episode, notifications, workerName };
  }
}
