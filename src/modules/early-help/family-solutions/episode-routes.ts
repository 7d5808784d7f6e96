import { dateInputValues as dateParts, withDateInputs } from '../../../platform/views/date-input.ts';
import { currentUser, uuidParam } from '../../../platform/http/params.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { decidedRecord } from '../../../platform/http/route-access.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { parseForm, type FormResult } from '../../../platform/views/forms.ts';
import { agreementSchema, supervisionSchema, sustainmentSchema } from './schemas.ts';
import { FamilySolutionsDenied, FamilySolutionsError } from './service.ts';
import { CLOSURE_REASON_NAMES } from '../rules.ts';
import { formPage } from '../../../platform/views/form-page.ts';
import { V, BASE, problemOf, type Deps } from './routes-shared.ts';

/**
 * Each episode's Family Solutions page, with the family agreement, supervision and the sustainment check. The
 * pages declare record access to the family; what the viewer may change here the service decides.
 */
export async function episodeRoutes(app: FastifyInstance, { familySolutions, earlyHelp }: Deps) {
  const user = currentUser;
  const viewEpisode = { access: { record: earlyHelp.families.byEpisode, can: 'record:view' } } as const;
  const idOf = (request: FastifyRequest) => uuidParam(request);
  const flash = (request: FastifyRequest, text: string) => {
    request.session.flash = text;
  };

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

  /** A fresh form: the values come from the record as it is (spec.load), not from what was typed. */
  const FRESH: Record<string, unknown> = {};

  /** One form of the episode (platform/views/form-page.ts): after saving, back to the episode's page. */
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
    /** The episode can no longer take this form (closed, not due): a refusal, not an error summary. */
    const refusal = (error: unknown) => error instanceof FamilySolutionsError && error.field === 'episode';
    const page = formPage<string, T>({
      open: async (request) => (await openEpisode(request)).page.episode.id,
      initial: () => FRESH,
      parse: spec.parse,
      render: async (reply, episodeId, values, errors) => {
        const loaded = await spec.load(reply.request, episodeId);
        const stale = Boolean(errors?.fields.version);
        return reply.render(
          `${V}/${spec.template}`,
          {
            pageTitle: spec.title,
            ...loaded,
            values: stale || values === FRESH ? loaded.values : { ...values, version: loaded.values.version },
            errors,
          },
          errors ? 400 : 200,
        );
      },
      save: async (request, episodeId, data) => {
        flash(request, await spec.act(request, episodeId, data));
        return `${BASE}/episodes/${episodeId}`;
      },
      problemOf: (error) => (refusal(error) ? null : problemOf(error)),
    });
    const guarded =
      (handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          return await handler(request, reply);
        } catch (error) {
          if (refusal(error)) throw forbidden((error as FamilySolutionsError).message);
          throw error;
        }
      };
    app.get(spec.path, { config: viewEpisode }, guarded(page.show));
    app.post(spec.path, { config: spec.once ? { ...viewEpisode, once: true } : viewEpisode }, guarded(page.submit));
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
