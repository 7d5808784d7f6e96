import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { notFound } from '../../platform/http/errors.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { decidedRecord } from '../../platform/http/route-access.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { can } from '../../platform/permissions/policy.ts';
import { pageHref, pageNumber, pagination } from '../../platform/views/pagination.ts';
import { HUB_PAGE_SIZE, V, hubListWords, statusOf, yearGroupWords } from './present.ts';
import { receivedSchema, schoolSchema, schoolSearchSchema, supportSchema } from './schemas.ts';
import { EncompassRuleError, HUB_LISTS, type EncompassService } from './service.ts';
import { schoolsRoutes } from './schools-routes.ts';

/** Schools offered at once by the Hub's search: more matches ask for more words. */
const SCHOOL_RESULTS = 20;
const STALE =
  'Someone else changed this notification while you were looking at it. Nothing has been saved: check it and try again.';

function problemOf(error: unknown): FormErrors | null {
  if (error instanceof EncompassRuleError) return formError(error.field, error.message);
  if (error instanceof StaleVersionError) return formError('form', STALE);
  return null;
}

type Row = Parameters<typeof statusOf>[0] & { year_group: number };
const shaped = <T extends Row>(rows: T[]) =>
  rows.map((r) => ({ ...r, status: statusOf(r), yearGroup: yearGroupWords(r.year_group) }));

/**
 * Operation Encompass's pages: the school's list (/encompass, for a designated safeguarding lead), the Hub's lists
 * (/encompass/hub), one notification (/encompass/:id: the Hub and that school's lead only, a restricted record), and
 * its forms (the Hub chooses the school; the school records "received", once, and the support it gave).
 */
export async function encompassRoutes(app: FastifyInstance, { encompass }: { encompass: EncompassService }) {
  const view = { access: { record: encompass.notifications.byId, can: 'restricted:view' } } as const;
  const schoolEdit = {
    access: { record: encompass.notifications.byId, can: 'record:edit', action: 'encompass:receive' },
  } as const;
  const hubEdit = {
    access: { record: encompass.notifications.byId, can: 'record:edit', action: 'hub:screen' },
  } as const;

  app.get('/encompass', { config: { access: { action: 'encompass:receive' } } }, async (request, reply) => {
    const list = await encompass.forLead(currentUser(request));
    return reply.render(`${V}/school-list.njk`, {
      pageTitle: 'Operation Encompass notifications',
      rows: shaped(list.rows),
      waiting: list.waiting,
      schools: list.schools,
    });
  });

  app.get('/encompass/hub', { config: { access: { action: 'hub:screen' } } }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    // A list or page that is not one (typed into the address) shows the first list's first page.
    const list = HUB_LISTS.find((l) => l === query.list) ?? 'school-needed';
    const found = await encompass.hubPage(list, pageNumber(query.page), HUB_PAGE_SIZE);
    const words = hubListWords(found.acknowledgeWithin);
    return reply.render(`${V}/hub-list.njk`, {
      pageTitle:
        found.page > 1 ? `Operation Encompass: ${words[list].caption}, page ${found.page}` : 'Operation Encompass',
      lists: HUB_LISTS.map((l) => ({
        code: l,
        caption: words[l].caption,
        count: found.counts[l],
        href: `/encompass/hub?list=${l}`,
        current: l === list,
      })),
      list,
      caption: words[list].caption,
      empty: words[list].empty,
      rows: found.shown.incidents ? [] : shaped(found.shown.rows as Row[]),
      incidents: found.shown.incidents ? found.shown.rows : [],
      total: found.shown.total,
      pagination: pagination(found.page, found.pages, pageHref('/encompass/hub', [['list', list]])),
    });
  });

  const linkSchoolToSearch = (errors: FormErrors): FormErrors => ({
    ...errors,
    list: errors.list.map((e) => (e.href === '#school' ? { ...e, href: '#q' } : e)),
  });

  async function renderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) {
    const n = await encompass.page(uuidParam(request));
    if (!n) throw notFound();
    const user = currentUser(request);
    const involvements = decidedRecord(request).involvements;
    const isHub = can(user, 'hub:screen').allowed;
    const isLead = involvements.includes('school-safeguarding-lead');
    // The Hub's school search: a GET of this page with q (the words typed), or the POST's own q when its choice
    // was refused; the first SCHOOL_RESULTS matches are offered as radios.
    const typed =
      values.q ?? (request.method === 'GET' ? (request.query as Record<string, unknown> | undefined)?.q : '');
    const search = parseForm(schoolSearchSchema, { q: typed ?? '' });
    const q = search.ok ? search.data.q : String(typed ?? '').slice(0, 200);
    const found = isHub && !n.sent_at && search.ok ? await encompass.schools.search(q, SCHOOL_RESULTS) : null;
    // With no schools offered, a missing choice is shown on the search box, so the summary links there.
    const shownErrors = errors && !found?.rows.length ? linkSchoolToSearch(errors) : errors;
    return reply.render(
      `${V}/notification.njk`,
      {
        pageTitle: `${n.first_name} ${n.last_name}: Operation Encompass`,
        n,
        status: statusOf(n),
        yearGroup: yearGroupWords(n.year_group),
        isHub,
        isLead,
        // A refused change shows the record as it is now, with its current version to try again from.
        values: { ...values, version: values.version ?? String(n.version) },
        errors: shownErrors ?? (search.ok ? undefined : search.errors),
        search: {
          q,
          errors: search.ok ? undefined : search.errors,
          total: found?.total ?? 0,
          shown: found?.rows.length ?? 0,
          items: (found?.rows ?? []).map((s) => ({
            value: s.urn,
            text: s.name,
            hint: { text: `${s.district_name ?? s.district}, URN ${s.urn}` },
            checked: (values.school ?? n.school_urn) === s.urn,
          })),
        },
        emergencyAccess: decidedRecord(request).access?.banner ?? null,
      },
      errors || !search.ok ? (errors?.fields.form?.text === STALE ? 409 : 400) : 200,
    );
  }

  app.get('/encompass/:id', { config: view }, async (request, reply) => renderPage(request, reply));

  app.post('/encompass/:id/school', { config: hubEdit }, async (request, reply) => {
    const id = uuidParam(request);
    const form = parseForm(schoolSchema, request.body);
    if (!form.ok) return renderPage(request, reply, form.values, form.errors);
    try {
      await encompass.chooseSchool(actorOf(request), id, form.data.version, form.data.school);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      return renderPage(request, reply, { ...form.values, version: undefined }, problem);
    }
    request.session.flash =
      'The school is recorded. The notification will be sent to its designated safeguarding lead.';
    return reply.redirect(`/encompass/${id}`, 303);
  });

  app.post('/encompass/:id/received', { config: schoolEdit }, async (request, reply) => {
    const id = uuidParam(request);
    const form = parseForm(receivedSchema, request.body);
    if (!form.ok) return renderPage(request, reply, {}, form.errors);
    try {
      await encompass.acknowledge(actorOf(request), id, form.data.version);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      return renderPage(request, reply, {}, problem);
    }
    request.session.flash = 'Recorded: the school received this notification.';
    return reply.redirect(`/encompass/${id}`, 303);
  });

  async function renderSupport(
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const n = await encompass.page(uuidParam(request));
    if (!n) throw notFound();
    const settings = await encompass.settings();
    const typed = values ?? { version: String(n.version), kinds: n.support_kinds, details: n.support_details ?? '' };
    const chosen = new Set(([] as unknown[]).concat(typed.kinds ?? []).map(String));
    return reply.render(
      `${V}/support.njk`,
      {
        pageTitle: 'Record the support the school gave',
        n,
        values: typed,
        errors,
        kindItems: settings.supportKinds.map((k) => ({ value: k.code, text: k.name, checked: chosen.has(k.code) })),
      },
      errors ? (errors.fields.form?.text === STALE ? 409 : 400) : 200,
    );
  }

  app.get('/encompass/:id/support', { config: schoolEdit }, async (request, reply) => renderSupport(request, reply));

  app.post('/encompass/:id/support', { config: schoolEdit }, async (request, reply) => {
    const id = uuidParam(request);
    const typed = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(supportSchema, request.body);
    if (!form.ok) return renderSupport(request, reply, typed, form.errors);
    try {
      await encompass.recordSupport(actorOf(request), id, form.data.version, form.data);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      const again =
        error instanceof StaleVersionError ? { ...typed, version: String((await encompass.page(id))?.version) } : typed;
      return renderSupport(request, reply, again, problem);
    }
    request.session.flash = 'The support the school gave is recorded.';
    return reply.redirect(`/encompass/${id}`, 303);
  });

  await schoolsRoutes(app, { encompass });
}
