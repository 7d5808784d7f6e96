import { dateInputValues as dateParts, withDateInputs } from '../../../platform/views/date-input.ts';
import { can } from '../../../platform/permissions/policy.ts';
import { currentUser, uuidParam } from '../../../platform/http/params.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { decidedRecord } from '../../../platform/http/route-access.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors, type FormResult } from '../../../platform/views/forms.ts';
import { allocateSchema, agreementSchema, supervisionSchema, sustainmentSchema } from './schemas.ts';
import { FamilySolutionsDenied, FamilySolutionsError, type FamilySolutionsService } from './service.ts';
import { CLOSURE_REASON_NAMES } from '../rules.ts';
import { type EarlyHelpService } from '../service.ts';

const V = 'early-help/family-solutions/views';
const STALE = 'Someone else changed this while you were looking at it. Nothing has been saved: check it as it is now.';
const BASE = '/early-help/family-solutions';

type Deps = {
  familySolutions: FamilySolutionsService;
  earlyHelp: EarlyHelpService;
};

/** A service problem as the form's error summary, or null when it is not one the user can fix. */
function problemOf(error: unknown): FormErrors | null {
  if (error instanceof FamilySolutionsError) return formError(error.field, error.message);
  if (error instanceof StaleVersionError) return formError('version', STALE);
  return null;
}

/**
 * Family Solutions pages: the worker's and manager's lists (/early-help/family-solutions), allocation
 * (/early-help/family-solutions/allocation, managers), and each episode's Family Solutions page with
 * the family agreement, supervision and the sustainment check. Episode pages declare record access to the family.
 */
export async function familySolutionsRoutes(app: FastifyInstance, { familySolutions, earlyHelp }: Deps) {
  const user = currentUser;
  const viewEpisode = { access: { record: earlyHelp.families.byEpisode, can: 'record:view' } } as const;
  const idOf = (request: FastifyRequest) => uuidParam(request);
  const flash = (request: FastifyRequest, text: string) => {
    request.session.flash = text;
  };

  // ---- Lists ----

  app.get(BASE, { config: { access: { action: 'early-help:accept-family-solutions' } } }, async (request, reply) => {
    const viewer = user(request);
    const manager = can(viewer, 'family-solutions:manage').allowed;
    const [mine, oversight] = await Promise.all([
      familySolutions.myFamilies(viewer),
      manager ? familySolutions.oversight(viewer) : null,
    ]);
    return reply.render(`${V}/family-solutions-index.njk`, { pageTitle: 'Family Solutions', mine, oversight, manager });
  });

  app.get(
    `${BASE}/allocation`,
    { config: { access: { action: 'family-solutions:manage' } } },
    async (request, reply) => {
      const overview = await familySolutions.allocationOverview(user(request));
      return reply.render(`${V}/family-solutions-allocation.njk`, { pageTitle: 'Allocate families', ...overview });
    },
  );

  // ---- Allocating one family ----

  async function renderAllocate(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    try {
      const teamId = typeof values.teamId === 'string' ? values.teamId : (request.query as { team?: string }).team;
      const form = await familySolutions.allocationForm(actorOf(request), user(request), idOf(request), teamId);
      const { team, settings } = form;
      return reply.render(
        `${V}/family-solutions-allocate.njk`,
        {
          pageTitle: 'Allocate the family',
          ...form,
          values: {
            ...values,
            version: errors?.fields.version ? form.episode.version : (values.version ?? form.episode.version),
          },
          errors,
          teamItems: form.teams.map((t) => ({
            value: t.id,
            text: `${t.name} (${t.caseload}${settings.teamCapacity ? ` of ${settings.teamCapacity}` : ''} families)`,
            selected: t.id === team?.id,
          })),
          workerItems: (team?.workers ?? []).map((w) => ({
            value: w.id,
            text: w.display_name,
            checked: values.workerId === w.id,
            hint: { text: `${w.caseload} of ${settings.workerCapacity} families${w.full ? ': at capacity' : ''}` },
          })),
          askReason: Boolean(errors?.fields.overCapacityReason) || Boolean(values.overCapacityReason),
        },
        errors ? 400 : 200,
      );
    } catch (error) {
      if (error instanceof FamilySolutionsError && error.field === 'episode') throw notFound();
      throw error;
    }
  }

  app.get(`${BASE}/allocation/:id`, { config: { access: { action: 'family-solutions:manage' } } }, (request, reply) =>
    renderAllocate(request, reply, {}),
  );

  app.post(
    `${BASE}/allocation/:id`,
    { config: { access: { action: 'family-solutions:manage' } } },
    async (request, reply) => {
      const id = idOf(request);
      const form = parseForm(allocateSchema, request.body);
      if (!form.ok) return renderAllocate(request, reply, form.values, form.errors);
      try {
        const done = await familySolutions.allocate(actorOf(request), user(request), id, form.data.version, {
          teamId: form.data.teamId,
          workerId: form.data.workerId,
          overCapacityReason: form.data.overCapacityReason,
        });
        flash(request, `The family is allocated to ${done.worker} in ${done.team}.`);
        return reply.redirect(`${BASE}/allocation`, 303);
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        return renderAllocate(request, reply, form.values, problem);
      }
    },
  );

  // ---- The episode's Family Solutions page ----

  /**
   * What the episode's page shows. The route's declared access has decided (and audited) the view of
   * the family; what the viewer may change here (the agreement, supervision) the service decides.
   */
  async function openEpisode(request: FastifyRequest) {
    const episode = await familySolutions.episodeRow(idOf(request));
    if (!episode || episode.pathway !== 'family-solutions') throw notFound();
    const banner = decidedRecord(request).access?.banner ?? null;
    return { page: await familySolutions.episodePage(user(request), episode.id), banner };
  }

  app.get(`${BASE}/episodes/:id`, { config: viewEpisode }, async (request, reply) => {
    const opened = await openEpisode(request);
    if (!opened) return reply;
    return reply.render(`${V}/family-solutions-episode.njk`, {
      pageTitle: 'Family Solutions',
      ...opened.page,
      emergencyAccess: opened.banner,
      closureReasonNames: CLOSURE_REASON_NAMES,
    });
  });

  /** One form of the episode: GET renders it, POST validates, calls the service, and goes back to the episode's page. */
  function episodeForm<T>(spec: {
    path: string;
    /** The form creates a record (a supervision note): a repeated submit makes nothing new. */
    once?: true;
    template: string;
    title: string;
    parse: (body: unknown) => FormResult<T>;
    /** Current values for the form (and after a stale edit), and anything else the template needs. */
    load: (
      request: FastifyRequest,
      episodeId: string,
    ) => Promise<Record<string, unknown> & { values: Record<string, unknown> }>;
    act: (request: FastifyRequest, episodeId: string, data: T) => Promise<string>;
  }) {
    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      episodeId: string,
      values?: Record<string, unknown>,
      errors?: FormErrors,
    ) => {
      const loaded = await spec.load(request, episodeId);
      const stale = Boolean(errors?.fields.version);
      return reply.render(
        `${V}/${spec.template}`,
        {
          pageTitle: spec.title,
          ...loaded,
          values: stale || !values ? loaded.values : { ...values, version: loaded.values.version },
          errors,
        },
        errors ? 400 : 200,
      );
    };
    const guarded = async (
      request: FastifyRequest,
      reply: FastifyReply,
      then: (episodeId: string) => Promise<unknown>,
    ) => {
      const opened = await openEpisode(request);
      if (!opened) return reply;
      try {
        return await then(opened.page.episode.id);
      } catch (error) {
        if (error instanceof FamilySolutionsError && error.field === 'episode') throw forbidden(error.message);
        throw error;
      }
    };
    app.get(spec.path, { config: viewEpisode }, (request, reply) =>
      guarded(request, reply, (id) => render(request, reply, id)),
    );
    app.post(spec.path, { config: spec.once ? { ...viewEpisode, once: true } : viewEpisode }, (request, reply) =>
      guarded(request, reply, async (id) => {
        const form = spec.parse(request.body);
        if (!form.ok) return render(request, reply, id, form.values, form.errors);
        try {
          flash(request, await spec.act(request, id, form.data));
          return reply.redirect(`${BASE}/episodes/${id}`, 303);
        } catch (error) {
          const problem = problemOf(error);
          if (!problem || (error instanceof FamilySolutionsError && error.field === 'episode')) throw error;
          return render(request, reply, id, form.values, problem);
        }
      }),
    );
  }

  episodeForm({
    path: `${BASE}/episodes/:id/agreement`,
    template: 'family-solutions-agreement.njk',
    title: 'Record the family agreement',
    parse: (body) => parseForm(agreementSchema, withDateInputs(body, ['agreedOn'])),
    load: async (request, id) => {
      const form = await familySolutions.agreementForm(actorOf(request), user(request), id);
      const a = form.agreement;
      return {
        ...form,
        values: a
          ? {
              version: a.version,
              ...dateParts('agreedOn', a.agreed_on),
              agreedBy: a.agreed_by,
              familyAgrees: a.family_agrees,
              serviceAgrees: a.service_agrees,
            }
          : { version: 0 },
        adultItems: (chosen: unknown) =>
          form.adults.map((m) => ({
            value: m.person_id,
            text: `${m.first_name} ${m.last_name}`,
            checked: Array.isArray(chosen) ? chosen.includes(m.person_id) : chosen === m.person_id,
          })),
      };
    },
    act: async (
      request,
      id,
      data: {
        version: number;
        'agreedOn-day': string;
        agreedBy: string[];
        familyAgrees: string;
        serviceAgrees: string;
      },
    ) => {
      await familySolutions.recordAgreement(actorOf(request), user(request), id, data.version, {
        agreedOn: data['agreedOn-day'],
        agreedBy: data.agreedBy,
        familyAgrees: data.familyAgrees,
        serviceAgrees: data.serviceAgrees,
      });
      return 'The family agreement is recorded. Work with the family can start.';
    },
  });

  episodeForm({
    path: `${BASE}/episodes/:id/supervision`,
    once: true,
    template: 'family-solutions-supervision.njk',
    title: 'Record case supervision',
    parse: (body) => parseForm(supervisionSchema, withDateInputs(body, ['supervisedOn', 'nextDue'])),
    load: async (request, id) => {
      const page = await familySolutions.episodePage(user(request), id);
      if (!page.isTeamManager)
        throw new FamilySolutionsDenied(
          'Only a manager of the family’s Family Solutions team records case supervision',
        );
      if (page.episode.status !== 'open')
        throw new FamilySolutionsError('episode', 'This episode has been closed: nothing more can change');
      return { ...page, values: {} };
    },
    act: async (
      request,
      id,
      data: { 'supervisedOn-day': string; notes: string; decisions: string; 'nextDue-day': string },
    ) => {
      await familySolutions.recordSupervision(actorOf(request), user(request), id, {
        supervisedOn: data['supervisedOn-day'],
        notes: data.notes,
        decisions: data.decisions,
        nextDue: data['nextDue-day'],
      });
      return 'The supervision is recorded.';
    },
  });

  episodeForm({
    path: `${BASE}/episodes/:id/sustainment`,
    template: 'family-solutions-sustainment.njk',
    title: 'Record the sustainment check',
    parse: (body) => parseForm(sustainmentSchema, body),
    load: async (request, id) => {
      const page = await familySolutions.episodePage(user(request), id);
      if (!page.canEdit && !page.isTeamManager)
        throw new FamilySolutionsDenied(
          'Only the family’s worker or a manager of its team can record the sustainment check',
        );
      if (!page.sustainment) throw new FamilySolutionsError('episode', 'The sustainment check is not due yet');
      const s = page.sustainment;
      return {
        ...page,
        values: {
          version: s.version,
          sustained: s.sustained === null ? undefined : s.sustained ? 'yes' : 'no',
          notes: s.notes ?? '',
        },
      };
    },
    act: async (request, id, data: { version: number; sustained: boolean; notes: string }) => {
      await familySolutions.recordSustainment(actorOf(request), user(request), id, data.version, data);
      return 'The sustainment check is recorded.';
    },
  });
}
