import { pageCount, pageHref, pageWindow, pagination } from '../../../platform/views/pagination.ts';
import { dateInputValues } from '../../../platform/views/date-input.ts';
import { addDays, format, parseISO } from 'date-fns';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { ReferenceService } from '../../reference/index.ts';
import {
  CHANNELS,
  CONSULTATION_FIELDS,
  consultationSchema,
  filterSchema,
  linkSchema,
  londonInstant,
} from './schemas.ts';
import { ConsultationError, type ConsultationFilters, type ConsultationsService } from './service.ts';
import { todayInLondon } from '../rules.ts';

const V = 'front-door/consultations/views';
const PAGE_SIZE = 50;

const nextDay = (day: string) => format(addDays(parseISO(day), 1), 'yyyy-MM-dd');

/**
 * Consultations for Hub staff ('hub:screen'): the list with filters (/hub/consultations), recording
 * one (/hub/consultations/new), reading one and linking it to the request it led to
 * (/hub/consultations/:id).
 */
export async function consultationRoutes(
  app: FastifyInstance,
  { consultations, reference }: { consultations: ConsultationsService; reference: ReferenceService; audit: AuditLog },
) {
  const organisations = async () => (await reference.organisations()).filter((o) => o.is_active);

  app.get('/hub/consultations', { config: { access: { action: 'hub:screen' } } }, async (request, reply) => {
    const orgs = await organisations();
    const query = request.query as Record<string, unknown>;
    const form = parseForm(filterSchema(orgs.map((o) => o.id)), query);
    const values = {
      from: query.from ?? '',
      to: query.to ?? '',
      organisation: query.organisation ?? '',
      linked: query.linked ?? '',
    };
    const page = {
      pageTitle: 'Consultations',
      values,
      organisationItems: [
        { value: '', text: 'Any organisation' },
        ...orgs.map((o) => ({ value: o.id, text: o.name, selected: values.organisation === o.id })),
      ],
      linkedItems: [
        { value: '', text: 'Either' },
        { value: 'yes', text: 'Led to a request', selected: values.linked === 'yes' },
        { value: 'no', text: 'Not linked to a request', selected: values.linked === 'no' },
      ],
      channels: CHANNELS,
    };
    if (!form.ok)
      return reply.render(
        `${V}/consultation-list.njk`,
        { ...page, errors: form.errors, rows: [], total: 0, linked: 0 },
        400,
      );
    const f = form.data;
    const filters: ConsultationFilters = {
      ...(f.from ? { from: londonInstant(f.from, '00:00') } : {}),
      ...(f.to ? { to: londonInstant(nextDay(f.to), '00:00') } : {}),
      ...(f.organisation ? { organisationId: f.organisation } : {}),
      ...(f.linked ? { linked: f.linked === 'yes' } : {}),
      ...pageWindow(f.page, PAGE_SIZE),
    };
    const { rows, total, linked } = await consultations.list(filters);
    const base = new URLSearchParams(
      Object.entries(values).filter(([, v]) => typeof v === 'string' && v) as [string, string][],
    );
    return reply.render(`${V}/consultation-list.njk`, {
      ...page,
      rows,
      total,
      linked,
      pagination: pagination(f.page, pageCount(total, PAGE_SIZE), pageHref('/hub/consultations', base)),
    });
  });

  async function renderForm(reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors) {
    const [orgs, levels] = await Promise.all([organisations(), reference.windscreenLevels()]);
    return reply.render(
      `${V}/consultation-form.njk`,
      {
        pageTitle: 'Record a consultation',
        values,
        errors,
        channelItems: Object.entries(CHANNELS).map(([value, text]) => ({
          value,
          text,
          checked: values.channel === value,
        })),
        organisationItems: [
          { value: '', text: 'Select an organisation' },
          ...orgs.map((o) => ({ value: o.id, text: o.name, selected: values.askerOrganisationId === o.id })),
        ],
        levelItems: [
          ...levels.map((l) => ({
            value: String(l.level),
            text: `Level ${l.level}: ${l.name}`,
            hint: { text: l.summary },
            checked: values.level === String(l.level),
          })),
          { divider: 'or' },
          { value: '', text: 'Not discussed', checked: !values.level },
        ],
      },
      errors ? 400 : 200,
    );
  }

  app.get('/hub/consultations/new', { config: { access: { action: 'hub:screen' } } }, async (_request, reply) => {
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(new Date());
    return renderForm(reply, {
      ...dateInputValues('consultedOn', todayInLondon()),
      consultedTime: time,
      channel: 'phone',
    });
  });

  app.post(
    '/hub/consultations',
    { config: { access: { action: 'hub:screen' }, once: true } },
    async (request, reply) => {
      const [orgs, levels] = await Promise.all([organisations(), reference.windscreenLevels()]);
      const form = parseForm(
        consultationSchema(
          orgs.map((o) => o.id),
          levels.map((l) => l.level),
        ),
        request.body,
      );
      if (!form.ok) {
        const at = (href: string) => CONSULTATION_FIELDS.indexOf(href.slice(1));
        return renderForm(reply, form.values, {
          ...form.errors,
          list: [...form.errors.list].sort((a, b) => at(a.href) - at(b.href)),
        });
      }
      if (!request.user) throw forbidden();
      const id = await consultations.record(actorOf(request), request.user.id, form.data);
      request.session.flash = 'The consultation is recorded.';
      return reply.redirect(`/hub/consultations/${id}`, 303);
    },
  );

  const consultationId = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    return id;
  };

  async function renderView(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) {
    const consultation = await consultations.view(actorOf(request), consultationId(request));
    if (!consultation) throw notFound();
    return reply.render(
      `${V}/consultation-view.njk`,
      {
        pageTitle: 'Consultation',
        consultation,
        channels: CHANNELS,
        values: { version: String(consultation.version), ...values },
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/hub/consultations/:id', { config: { access: { action: 'hub:screen' } } }, async (request, reply) =>
    renderView(request, reply),
  );

  app.post('/hub/consultations/:id/link', { config: { access: { action: 'hub:screen' } } }, async (request, reply) => {
    const id = consultationId(request);
    const form = parseForm(linkSchema, request.body);
    if (!form.ok) return renderView(request, reply, form.values, form.errors);
    try {
      const linked = await consultations.link(actorOf(request), id, form.data.version, form.data.reference);
      request.session.flash = `Linked to request ${linked.reference}.`;
    } catch (error) {
      if (error instanceof ConsultationError)
        return renderView(request, reply, form.values, formError(error.field, error.message));
      if (error instanceof StaleVersionError) {
        return renderView(
          request,
          reply,
          { reference: form.values.reference },
          formError(
            'reference',
            'Someone else changed this consultation while you were looking at it. Nothing has been saved: check it as it is now, then link it again.',
          ),
        );
      }
      throw error;
    }
    return reply.redirect(`/hub/consultations/${id}`, 303);
  });
}
