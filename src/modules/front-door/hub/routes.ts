import { currentUser } from '../../../platform/http/params.ts';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { can } from '../../../platform/permissions/policy.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { DirectoryService } from '../../directory/index.ts';
import { PersonInputError } from '../../people/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { HubDecisionError } from './errors.ts';
import { PATHWAYS, PATHWAY_NAMES } from './rules.ts';
import type { HubService } from './service.ts';
import type { RequestFilters } from '../repository.ts';

const V = 'front-door/hub/views';
const PAGE_SIZE = 50;
const STATUS_NAMES = {
  new: 'New',
  'in-screening': 'In screening',
  'awaiting-information': 'Awaiting information',
  decided: 'Decided',
} as const;
const SOURCE_NAMES = { practitioner: 'Practitioner', family: 'Family', police: 'Police' } as Record<string, string>;
const KIND_NAMES = { new: 'New request', 'step-up': 'Step up', 'step-down': 'Step down' } as Record<string, string>;
const KIND_TAGS = { 'step-up': 'govuk-tag--orange', 'step-down': 'govuk-tag--turquoise' } as Record<string, string>;
const RAG_TAGS = { green: 'govuk-tag--green', amber: 'govuk-tag--yellow', red: 'govuk-tag--red' } as const;
const STALE =
  'Someone else changed this request while you were looking at it. Nothing has been saved: check the request as it is now.';

const AGE_RANGES = ['0-4', '5-10', '11-15', '16-17', '18-25'];
const list = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const lock = z.object({ version: versionField() });

const decisionSchema = z.object({
  version: versionField(),
  level: z.enum(['1', '2', '3', '4'], 'Select the level of need'),
  descriptors: z.preprocess(list, z.array(z.string().max(500)).max(60)),
  reasons: z
    .string()
    .trim()
    .min(1, 'Enter the reasons for the decision, in your own words')
    .max(5000, 'The reasons must be 5,000 characters or fewer'),
  pathway: z.enum(PATHWAYS as [string, ...string[]], 'Select what happens next'),
  socialCareRoute: z.union([z.literal(''), z.enum(['statutory-assessment', 'strategy-discussion'])]),
  noFurtherActionReason: z.string().trim().max(2000, 'The reason must be 2,000 characters or fewer'),
  familyConsent: z.union([z.literal(''), z.literal('yes')]),
  leadProfessional: z.string().trim().max(200, 'The lead professional must be 200 characters or fewer'),
  serviceIds: z.preprocess(
    list,
    z.array(z.string().refine(isUuid, 'Select services from the list')).max(20, 'Select 20 services or fewer'),
  ),
});

/**
 * The Hub's pages: the queue (/hub), screening one request (/hub/requests/:id), the decision
 * (/hub/requests/:id/decide) and managers' approvals (/hub/approvals).
 */
export async function hubRoutes(
  app: FastifyInstance,
  {
    hub,
    directory,
    reference,
  }: { hub: HubService; directory: DirectoryService; reference: ReferenceService; audit: AuditLog },
) {
  const user = currentUser;
  const requestId = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    return id;
  };

  app.get('/hub', { config: { access: { action: 'hub:screen' } } }, async (request, reply) => {
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
      page: z
        .string()
        .regex(/^-?\d*$/, 'Page must be a whole number')
        .transform((v) => (v === '' ? 1 : Number(v)))
        .pipe(z.number().min(1, 'Page must be 1 or more').max(10_000, 'Page must be 10,000 or less')),
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
      limit: PAGE_SIZE,
      offset: (pageNumber - 1) * PAGE_SIZE,
    };
    const { items, total } = await hub.queue(filters);
    const approvals = can(user(request), 'hub:manage').allowed ? (await hub.awaitingApproval()).length : 0;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const base = new URLSearchParams(
      Object.entries({ ...values, status: undefined, source: undefined, kind: undefined }).filter(
        ([, v]) => typeof v === 'string' && v,
      ) as [string, string][],
    );
    for (const s of values.status) base.append('status', String(s));
    for (const s of values.source) base.append('source', String(s));
    for (const k of values.kind) base.append('kind', String(k));
    const href = (n: number) => `/hub?${new URLSearchParams([...base, ['page', String(n)]]).toString()}`;
    return reply.render(`${V}/hub-queue.njk`, {
      ...page,
      items,
      total,
      approvals,
      pagination:
        pages > 1
          ? {
              previous: pageNumber > 1 ? { href: href(pageNumber - 1) } : undefined,
              next: pageNumber < pages ? { href: href(pageNumber + 1) } : undefined,
              items: Array.from({ length: Math.min(pages, 10) }, (_, i) => ({
                number: i + 1,
                href: href(i + 1),
                current: i + 1 === pageNumber,
              })),
            }
          : null,
    });
  });

  async function renderScreening(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) {
    const found = await hub.screening(actorOf(request), requestId(request));
    if (!found) throw notFound();
    const isManager = can(user(request), 'hub:manage').allowed;
    const [districts, areas, levels] = await Promise.all([
      reference.districts(),
      reference.outcomeAreas(),
      reference.windscreenLevels(),
    ]);
    return reply.render(
      `${V}/hub-request.njk`,
      {
        districtName:
          districts.find((d) => d.code === found.request.district_code)?.name ?? found.request.district_code,
        areaNames: Object.fromEntries(areas.map((a) => [a.code, a.name])),
        levelNames: Object.fromEntries(levels.map((l) => [l.level, `Level ${l.level}: ${l.name}`])),
        kindNames: KIND_NAMES,
        kindTags: KIND_TAGS,
        pageTitle: `Request ${found.request.displayReference}`,
        ...found,
        errors,
        isManager,
        mine: found.request.assigned_to === user(request).id,
        screeners: isManager
          ? (await hub.screeners()).map((s) => ({
              value: s.id,
              text: s.name,
              selected: s.id === found.request.assigned_to,
            }))
          : [],
        ragTags: RAG_TAGS,
        statusNames: STATUS_NAMES,
        sourceNames: SOURCE_NAMES,
        pathwayNames: PATHWAY_NAMES,
        decisionStates: {
          final: 'Final',
          'awaiting-approval': 'Waiting for a manager',
          returned: 'Returned to screening',
        },
      },
      errors ? 400 : 200,
    );
  }

  app.get('/hub/requests/:id', { config: { access: { action: 'hub:screen' } } }, async (request, reply) =>
    renderScreening(request, reply),
  );

  /** Runs a change from the screening page; a stale or refused change re-shows the page with why. */
  async function change(request: FastifyRequest, reply: FastifyReply, field: string, run: () => Promise<string>) {
    try {
      request.session.flash = await run();
    } catch (error) {
      if (error instanceof StaleVersionError) return renderScreening(request, reply, formError(field, STALE));
      if (error instanceof HubDecisionError)
        return renderScreening(request, reply, formError(error.field, error.message));
      throw error;
    }
    return reply.redirect(`/hub/requests/${requestId(request)}`, 303);
  }

  app.post('/hub/requests/:id/assign', { config: { access: { action: 'hub:screen' } } }, async (request, reply) => {
    const body = z.object({ version: versionField(), to: z.string() }).safeParse(request.body);
    if (!body.success)
      return renderScreening(request, reply, formError('assignee', 'Select who should screen this request'));
    const to = body.data.to === 'me' ? user(request).id : body.data.to;
    return change(request, reply, 'assignee', async () => {
      await hub.assign(actorOf(request), user(request), requestId(request), body.data.version, to);
      return to === user(request).id
        ? 'You are screening this request.'
        : 'The request has been given to someone else.';
    });
  });

  app.post('/hub/requests/:id/awaiting', { config: { access: { action: 'hub:screen' } } }, async (request, reply) => {
    const body = lock.extend({ awaiting: z.enum(['yes', 'no']) }).safeParse(request.body);
    if (!body.success) return renderScreening(request, reply, formError('status', 'Something went wrong: try again'));
    return change(request, reply, 'status', async () => {
      await hub.setAwaitingInformation(
        actorOf(request),
        requestId(request),
        body.data.version,
        body.data.awaiting === 'yes',
      );
      return body.data.awaiting === 'yes'
        ? 'The request is waiting for information.'
        : 'The request is back in screening.';
    });
  });

  app.post(
    '/hub/requests/:id/people/:personId/link',
    { config: { access: { action: 'hub:screen' } } },
    async (request, reply) => {
      const { personId } = request.params as { personId: string };
      const body = z.object({ candidateId: z.string().refine(isUuid) }).safeParse(request.body);
      if (!isUuid(personId) || !body.success)
        return renderScreening(request, reply, formError('person', 'Choose one of the records listed'));
      return change(request, reply, 'person', async () => {
        await hub.linkPerson(actorOf(request), requestId(request), personId, body.data.candidateId);
        return 'Linked to the existing record. Nothing has been merged.';
      });
    },
  );

  app.post(
    '/hub/requests/:id/people/:personId/create',
    { config: { access: { action: 'hub:screen' } } },
    async (request, reply) => {
      const { personId } = request.params as { personId: string };
      if (!isUuid(personId)) throw notFound();
      return change(request, reply, 'person', async () => {
        await hub.createPersonFor(actorOf(request), requestId(request), personId);
        return 'A new person record has been created.';
      });
    },
  );

  async function renderDecision(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const found = await hub.screening(actorOf(request), requestId(request));
    if (!found) throw notFound();
    const levels = await reference.windscreenLevels();
    // The directory search travels with the decision form, so its results survive an error.
    const words = String((request.query as { q?: unknown }).q ?? values.q ?? '').slice(0, 200);
    const chosen = list(values.serviceIds).map(String);
    const viewer = user(request);
    const search = words ? await directory.search({ words, pageSize: 10 }, viewer).catch(() => null) : null;
    const chosenServices = (await Promise.all(chosen.map((id) => directory.publicService(id, viewer)))).filter(
      (s) => s !== null,
    );
    const serviceItems = [
      ...chosenServices.map((s) => ({
        value: s.id,
        text: s.content.name,
        hint: { text: s.organisationName },
        checked: true,
      })),
      ...(search?.services ?? [])
        .filter((s) => !chosen.includes(s.id))
        .map((s) => ({ value: s.id, text: s.name, hint: { text: s.summary } })),
    ];
    return reply.render(
      `${V}/hub-decide.njk`,
      {
        pageTitle: `Decide request ${found.request.displayReference}`,
        ...found,
        words,
        searched: Boolean(search),
        serviceItems,
        values: { version: String(found.request.version), ...values },
        levels: levels.map((l) => ({
          ...l,
          descriptorItems: (l.descriptors as string[]).map((d) => ({
            value: d,
            text: d,
            checked: list(values.descriptors).includes(d),
          })),
        })),
        pathwayItems: PATHWAYS.map((p) => ({ value: p, text: PATHWAY_NAMES[p], checked: values.pathway === p })),
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/hub/requests/:id/decide', { config: { access: { action: 'hub:screen' } } }, async (request, reply) =>
    renderDecision(request, reply, {}),
  );

  app.post('/hub/requests/:id/decide', { config: { access: { action: 'hub:screen' } } }, async (request, reply) => {
    const form = parseForm(decisionSchema, request.body);
    if (!form.ok) return renderDecision(request, reply, form.values, form.errors);
    const d = form.data;
    try {
      const { awaitingApproval } = await hub.decide(actorOf(request), user(request), requestId(request), d.version, {
        level: Number(d.level),
        descriptors: d.descriptors,
        reasons: d.reasons,
        pathway: d.pathway as (typeof PATHWAYS)[number],
        socialCareRoute: d.socialCareRoute || undefined,
        noFurtherActionReason: d.noFurtherActionReason || undefined,
        familyConsent: d.familyConsent === 'yes',
        leadProfessional: d.leadProfessional || undefined,
        serviceIds: d.serviceIds,
      });
      const handsOn = ['taf', 'family-solutions', 'social-care'].includes(d.pathway);
      request.session.flash = awaitingApproval
        ? 'Your decision is waiting for a Hub manager to approve it.'
        : `The decision is recorded and the requester has been told${handsOn ? '. The work has gone to the team that picks it up' : ''}.`;
    } catch (error) {
      if (error instanceof HubDecisionError)
        return renderDecision(request, reply, form.values, formError(error.field, error.message));
      if (error instanceof StaleVersionError) {
        return renderDecision(
          request,
          reply,
          { ...form.values, version: undefined },
          formError(
            'level',
            'Another screener decided this request, or changed it, while you were working on it. Your decision has not been saved: check the request as it is now.',
          ),
        );
      }
      throw error;
    }
    return reply.redirect(`/hub/requests/${requestId(request)}`, 303);
  });

  async function renderPerson(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    const found = await hub.persons.personRecord(actorOf(request), id);
    if (!found) throw notFound();
    const name = `${found.person.firstName} ${found.person.lastName}`;
    return reply.render(
      `${V}/hub-person.njk`,
      {
        pageTitle: name,
        name,
        ...found,
        values,
        errors,
        pathwayNames: PATHWAY_NAMES,
        statusNames: STATUS_NAMES,
        sourceNames: SOURCE_NAMES,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/hub/people/:id', { config: { access: { action: 'hub:screen' } } }, async (request, reply) =>
    renderPerson(request, reply),
  );

  app.post('/hub/people/:id/merge', { config: { access: { action: 'hub:screen' } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const form = parseForm(
      z.object({
        duplicate: z.string().refine(isUuid, 'Choose the record that is the same person'),
        reason: z
          .string()
          .trim()
          .min(1, 'Say why these records are the same person')
          .max(1000, 'The reason must be 1,000 characters or fewer'),
      }),
      request.body,
    );
    if (!form.ok) return renderPerson(request, reply, form.values, form.errors);
    try {
      await hub.persons.mergePeople(actorOf(request), id, form.data.duplicate, form.data.reason);
    } catch (error) {
      if (!(error instanceof PersonInputError)) throw error;
      return renderPerson(request, reply, form.values, formError(error.field, error.message));
    }
    request.session.flash = 'The records are merged. Everything recorded under either of them now shows here.';
    return reply.redirect(`/hub/people/${id}`, 303);
  });

  app.get('/hub/approvals', { config: { access: { action: 'hub:manage' } } }, async (_request, reply) =>
    reply.render(`${V}/hub-approvals.njk`, {
      pageTitle: 'Decisions to approve',
      decisions: await hub.awaitingApproval(),
      pathwayNames: PATHWAY_NAMES,
    }),
  );

  app.post('/hub/decisions/:id/review', { config: { access: { action: 'hub:manage' } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const body = z
      .object({ outcome: z.enum(['approve', 'return'], 'Select approve or return'), note: z.string().trim().max(2000) })
      .safeParse(request.body);
    if (!body.success || (body.data.outcome === 'return' && !body.data.note)) {
      request.session.flash = body.success
        ? 'Say why you are returning the decision, so the screener knows what to look at.'
        : 'Select approve or return.';
      return reply.redirect('/hub/approvals', 303);
    }
    try {
      const request_id = await hub.review(
        actorOf(request),
        user(request),
        id,
        body.data.outcome === 'approve',
        body.data.note,
      );
      request.session.flash =
        body.data.outcome === 'approve'
          ? 'Approved. The decision has taken effect.'
          : 'Returned to screening with your note.';
      return reply.redirect(`/hub/requests/${request_id}`, 303);
    } catch (error) {
      if (!(error instanceof StaleVersionError || error instanceof HubDecisionError)) throw error;
      request.session.flash = 'That decision has already been dealt with.';
      return reply.redirect('/hub/approvals', 303);
    }
  });
}
