import { pageCount, pageField, pageHref, pageWindow, pagination } from '../../../platform/views/pagination.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import { currentUser as user } from '../../../platform/http/params.ts';
import { can } from '../../../platform/permissions/policy.ts';
import { parseForm } from '../../../platform/views/forms.ts';
import type { ReferenceService } from '../../reference/index.ts';
import type { RequestFilters } from '../repository.ts';
import {
  AGE_RANGES,
  KIND_NAMES,
  KIND_TAGS,
  PAGE_SIZE,
  RAG_TAGS,
  SOURCE_NAMES,
  STATUS_NAMES,
  V,
  list,
} from './page-words.ts';
import type { HubService } from './service.ts';

/**
 * Of these police notifications, those about a child who is repeat missing, each with the missing episode to link to
 * (the missing module's, given by the app so the front door does not depend on it). One query for a page of rows.
 */
export type RepeatMissingOf = (requestIds: string[]) => Promise<Map<string, string>>;

/** The Hub's queue (/hub): open requests with filters, each against its timescale. */
export function hubQueuePage({
  hub,
  reference,
  repeatMissing,
}: {
  hub: HubService;
  reference: ReferenceService;
  repeatMissing?: RepeatMissingOf | undefined;
}) {
  async function showQueue(request: FastifyRequest, reply: FastifyReply) {
    const [districts, quadrants, screeners] = await Promise.all([
      reference.districts(),
      reference.quadrants(),
      hub.screeners(),
    ]);
    const query = request.query as Record<string, unknown>;
    const filterSchema = z.object({
      status: z.preprocess(
        list,
        z.array(z.enum(['new', 'in-screening', 'awaiting-information', 'decided'], 'Select a status from the list')),
      ),
      source: z.preprocess(
        list,
        z.array(z.enum(['practitioner', 'family', 'police'], 'Select a source from the list')),
      ),
      kind: z.preprocess(
        list,
        z.array(z.enum(['new', 'step-up', 'step-down'], 'Select a kind of request from the list')),
      ),
      area: z.enum(
        ['', ...districts.map((d) => `district:${d.code}`), ...quadrants.map((q) => `quadrant:${q.code}`)],
        'Select an area from the list',
      ),
      assigned: z.enum(['', 'me', 'unassigned', ...screeners.map((s) => s.id)], 'Select a screener from the list'),
      age: z.enum(['', ...AGE_RANGES], 'Select an age range from the list'),
      page: pageField(),
    });
    const form = parseForm(filterSchema, query);
    const values = {
      status: list(query.status),
      source: list(query.source),
      kind: list(query.kind),
      area: query.area ?? '',
      assigned: query.assigned ?? '',
      age: query.age ?? '',
    };
    const choices = {
      statusItems: Object.entries(STATUS_NAMES).map(([value, text]) => ({
        value,
        text,
        checked: values.status.includes(value),
      })),
      sourceItems: Object.entries(SOURCE_NAMES).map(([value, text]) => ({
        value,
        text,
        checked: values.source.includes(value),
      })),
      kindItems: Object.entries(KIND_NAMES).map(([value, text]) => ({
        value,
        text,
        checked: values.kind.includes(value),
      })),
      areaItems: [
        { value: '', text: 'Anywhere' },
        ...quadrants.map((q) => ({
          value: `quadrant:${q.code}`,
          text: `${q.name} (quadrant)`,
          selected: values.area === `quadrant:${q.code}`,
        })),
        ...districts.map((d) => ({
          value: `district:${d.code}`,
          text: d.name,
          selected: values.area === `district:${d.code}`,
        })),
      ],
      assignedItems: [
        { value: '', text: 'Anyone' },
        { value: 'me', text: 'Me', selected: values.assigned === 'me' },
        { value: 'unassigned', text: 'Nobody yet', selected: values.assigned === 'unassigned' },
        ...screeners.map((s) => ({ value: s.id, text: s.name, selected: values.assigned === s.id })),
      ],
      ageItems: [
        { value: '', text: 'Any age' },
        ...AGE_RANGES.map((a) => ({ value: a, text: `${a.replace('-', ' to ')} years`, selected: values.age === a })),
      ],
    };
    const page = {
      pageTitle: 'Hub queue',
      values,
      ...choices,
      ragTags: RAG_TAGS,
      statusNames: STATUS_NAMES,
      sourceNames: SOURCE_NAMES,
      kindNames: KIND_NAMES,
      kindTags: KIND_TAGS,
    };
    if (!form.ok) return reply.render(`${V}/hub-queue.njk`, { ...page, errors: form.errors, items: [], total: 0 }, 400);
    const f = form.data;
    const [kind, code] = f.area ? f.area.split(':') : [];
    const [min, max] = f.age ? f.age.split('-').map(Number) : [];
    const pageNumber = f.page;
    const filters: RequestFilters = {
      ...(f.status.length ? { status: f.status } : {}),
      ...(f.source.length ? { source: f.source as RequestFilters['source'] } : {}),
      ...(f.kind.length ? { kind: f.kind } : {}),
      ...(kind === 'district' ? { district: [code!] } : kind === 'quadrant' ? { quadrant: [code!] } : {}),
      ...(f.assigned === 'me' ? { assignedTo: user(request).id } : f.assigned ? { assignedTo: f.assigned } : {}),
      ...(min !== undefined && max !== undefined ? { childAge: { min, max, today: todayInLondon() } } : {}),
      ...pageWindow(pageNumber, PAGE_SIZE),
    };
    const { items, total } = await hub.queue(filters);
    const repeat = repeatMissing
      ? await repeatMissing(items.filter((i) => i.source === 'police').map((i) => i.id))
      : new Map<string, string>();
    const approvals = can(user(request), 'hub:manage').allowed ? (await hub.awaitingApproval()).length : 0;
    const socialWorkReviews = can(user(request), 'hub:social-work-review').allowed
      ? (await hub.awaitingSocialWorkReview()).length
      : 0;
    const base = new URLSearchParams(
      Object.entries({ ...values, status: undefined, source: undefined, kind: undefined }).filter(
        ([, v]) => typeof v === 'string' && v,
      ) as [string, string][],
    );
    for (const s of values.status) base.append('status', String(s));
    for (const s of values.source) base.append('source', String(s));
    for (const k of values.kind) base.append('kind', String(k));
    return reply.render(`${V}/hub-queue.njk`, {
      ...page,
      items: items.map((i) => ({ ...i, repeatMissingEpisode: repeat.get(i.id) ?? null })),
      total,
      approvals,
      socialWorkReviews,
      pagination: pagination(pageNumber, pageCount(total, PAGE_SIZE), pageHref('/hub', base)),
    });
  }

  return { showQueue };
}
