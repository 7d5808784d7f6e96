import type { Kysely } from 'kysely';
import type { CalendarService } from '../../../platform/calendar/service.ts';
import type { RagResult, Timescale, WorkingCalendar } from '../../../platform/calendar/working-time.ts';
import type { DB, RequestKind, RequestSource, RequestStatus } from '../../../platform/db/schema/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { formatReference } from '../reference.ts';
import type { RequestFilters } from '../repository.ts';
import type { FrontDoorService } from '../service.ts';
import { shorten } from './decide-facts.ts';
import { otherRequestsAbout, type OtherRequest } from './duplicates.ts';
import { byTimeLeft } from './queue-order.ts';
import { screenerNames, untriagedAmong } from './screeners.ts';

/** The Hub's queue: open requests, least time left against their timescale first, with what a screener scans for. */

const OPEN_STATUSES: RequestStatus[] = ['new', 'in-screening', 'awaiting-information'];

export interface QueueItem {
  id: string;
  reference: string;
  source: RequestSource;
  /** A new request, or a step up or down (with the family's level now). */
  kind: RequestKind;
  currentLevel: number | null;
  status: RequestStatus;
  priority: string;
  priorityName: string;
  receivedAt: Date;
  districtName: string;
  requesterName: string;
  requestedLevel: number | null;
  /** The level asked for by name ("Intensive"), if it is one of the tenant's. */
  requestedLevelName: string | null;
  /** The worries as the requester gave them: the outcome area's name and the first words of the details. */
  worries: { area: string; details: string }[];
  assignedTo: string | null;
  assignedName: string | null;
  children: string[];
  /** A police notification nobody has triaged yet: triage comes before screening. */
  needsTriage: boolean;
  rag: RagResult | null;
  /** Other requests about one of its children that are still open, or whose work is (duplicates.ts). */
  others: OtherRequest[];
}

/** A request's worries as stored (JSON), or none. */
const worriesOf = (value: unknown): { area: string; details: string }[] =>
  Array.isArray(value)
    ? (value as unknown[]).filter(
        (w): w is { area: string; details: string } =>
          typeof w === 'object' && w !== null && typeof (w as { area?: unknown }).area === 'string',
      )
    : [];

/**
 * Due times already worked out, per calendar (a new calendar, after bank holidays are imported, starts afresh): the
 * queue orders every open request on each page view, and a request's due time never changes under one calendar.
 */
const dueTimes = new WeakMap<WorkingCalendar, Map<string, Date>>();
const DUE_CACHE_SIZE = 50_000;

function dueOf(calendar: WorkingCalendar, received: Date, priority: { code: string; timescale: Timescale }): Date {
  let known = dueTimes.get(calendar);
  if (!known) dueTimes.set(calendar, (known = new Map()));
  const key = `${priority.code}|${JSON.stringify(priority.timescale)}|${received.getTime()}`;
  let due = known.get(key);
  if (!due) {
    due = calendar.due(received, priority.timescale);
    if (known.size >= DUE_CACHE_SIZE) known.clear();
    known.set(key, due);
  }
  return due;
}

interface QueueDeps {
  db: Kysely<DB>;
  frontDoor: FrontDoorService;
  reference: ReferenceService;
  calendar: CalendarService;
}

/**
 * The queue within the filters, least time left against its timescale first (queue-order.ts), each item with its
 * RAG status. Open requests are ordered here, with the RAG's own calendar, then one page of them is read; decided
 * requests (when asked for) have no time left and follow, newest first.
 */
export async function hubQueue(
  { db, frontDoor, reference, calendar: calendars }: QueueDeps,
  filters: RequestFilters,
  now = new Date(),
): Promise<{ items: QueueItem[]; total: number }> {
  const [hub, calendar, areas, levels] = await Promise.all([
    reference.hubSettings(),
    calendars.calendar(),
    reference.outcomeAreas(),
    reference.windscreenLevels(),
  ]);
  const areaNames = new Map(areas.map((a) => [a.code, a.name]));
  const priorities = new Map(hub.priorities.map((p) => [p.code, p]));
  const { limit = 50, offset = 0, ...where } = filters;
  const statuses = where.status?.length ? where.status : OPEN_STATUSES;
  const open = statuses.filter((s) => s !== 'decided');
  const keys = open.length ? await frontDoor.requestKeys({ ...where, status: open }) : [];
  const ordered = keys
    .map((k) => {
      const priority = priorities.get(k.priority);
      return { ...k, due: priority ? dueOf(calendar, k.received_at, priority) : null };
    })
    .sort(byTimeLeft);
  const pageIds = ordered.slice(offset, offset + limit).map((k) => k.id);
  const [openPage, decided] = await Promise.all([
    pageIds.length ? frontDoor.listRequests({ ids: pageIds, limit: pageIds.length }) : { rows: [], total: 0 },
    statuses.includes('decided')
      ? frontDoor.listRequests({
          ...where,
          status: ['decided'],
          limit: limit - pageIds.length,
          offset: Math.max(0, offset - ordered.length),
        })
      : { rows: [], total: 0 },
  ]);
  const rows = [
    ...pageIds.map((id) => openPage.rows.find((r) => r.id === id)).filter((r) => r !== undefined),
    ...decided.rows,
  ];
  const total = ordered.length + decided.total;
  const ids = rows.map((r) => r.id);
  const [children, assignees, untriaged, others] = await Promise.all([
    ids.length
      ? db
          .selectFrom('request_people')
          .select(['request_id', 'first_name', 'last_name', 'date_of_birth', 'is_expected'])
          .where('request_id', 'in', ids)
          .where('role', '=', 'child')
          .orderBy('position')
          .execute()
      : [],
    screenerNames(
      db,
      rows.map((r) => r.assigned_to).filter((a): a is string => a !== null),
    ),
    untriagedAmong(
      db,
      rows.filter((r) => r.source === 'police').map((r) => r.id),
    ),
    otherRequestsAbout(db, ids),
  ]);
  const items = rows.map((r) => {
    const priority = priorities.get(r.priority);
    return {
      id: r.id,
      reference: formatReference(r.reference),
      source: r.source,
      kind: r.request_kind,
      currentLevel: r.current_level,
      status: r.status,
      priority: r.priority,
      priorityName: priority?.name ?? r.priority,
      receivedAt: r.received_at,
      districtName: r.district_name,
      requesterName: r.requester_name,
      requestedLevel: r.requested_level,
      requestedLevelName: levels.find((l) => l.level === r.requested_level)?.name ?? null,
      worries: worriesOf(r.worries).map((w) => ({
        area: areaNames.get(w.area) ?? w.area,
        details: shorten(w.details, 60),
      })),
      assignedTo: r.assigned_to,
      assignedName: r.assigned_to ? (assignees.get(r.assigned_to) ?? null) : null,
      children: children
        .filter((c) => c.request_id === r.id)
        .map((c) => `${c.first_name} ${c.last_name}${c.is_expected ? ' (unborn)' : ''}`),
      needsTriage: untriaged.has(r.id),
      others: others.get(r.id) ?? [],
      rag:
        priority && r.status !== 'decided'
          ? calendar.rag(r.received_at, now, priority.timescale, { amberAt: hub.amberAtPercent / 100 })
          : null,
    };
  });
  return { items, total };
}
