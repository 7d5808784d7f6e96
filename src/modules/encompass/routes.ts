import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { notFound } from '../../platform/http/errors.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { decidedRecord } from '../../platform/http/route-access.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { can } from '../../platform/permissions/policy.ts';
import { V, statusOf, yearGroupWords } from './present.ts';
import { receivedSchema, schoolSchema, supportSchema } from './schemas.ts';
import { EncompassRuleError, type EncompassService } from './service.ts';
import { schoolsRoutes } from './schools-routes.ts';

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

  app.get('/encompass/hub', { config: { access: { action: 'hub:screen' } } }, async (_request, reply) => {
    const lists = await encompass.hubLists();
    return reply.render(`${V}/hub-list.njk`, {
      pageTitle: 'Operation Encompass',
      schoolNeeded: shaped(lists.schoolNeeded),
      notSent: shaped(lists.notSent),
      sentLate: shaped(lists.sentLate),
      notAcknowledged: shaped(lists.notAcknowledged),
      withoutSchoolAge: lists.withoutSchoolAge,
      acknowledgeWithin: lists.acknowledgeWithin,
    });
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
    const schools = isHub && !n.sent_at ? await encompass.schools.list(true) : [];
    return reply.render(
      `${V}/notification.njk`,
      {
        pageTitle: `${n.first_name} ${n.last_name}: Operation Encompass`,
        n,
        status: statusOf(n),
        yearGroup: yearGroupWords(n.year_group),
        isHub,
        isLead,
        values: { version: String(n.version), ...values },
        errors,
        schoolItems: [
          { value: '', text: 'Select a school' },
          ...schools.map((s) => ({
            value: s.urn,
            text: `${s.name} (${s.district_name ?? s.district}, URN ${s.urn})`,
            selected: (values.school ?? n.school_urn) === s.urn,
          })),
        ],
        emergencyAccess: decidedRecord(request).access?.banner ?? null,
      },
      errors ? (errors.fields.form?.text === STALE ? 409 : 400) : 200,
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
