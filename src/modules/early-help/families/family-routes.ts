import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accessLogFor } from '../../../platform/break-glass/access.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import { forbidden } from '../../../platform/http/errors.ts';
import { can } from '../../../platform/permissions/policy.ts';
import { parseForm, type FormErrors, type FormResult } from '../../../platform/views/forms.ts';
import {
  CLOSURE_REASONS,
  CLOSURE_REASON_NAMES,
  NEED_OUTCOMES,
  NEED_OUTCOME_NAMES,
  PATHWAY_NAMES,
  RELATIONSHIP_NAMES,
} from '../rules.ts';
import { closeSchema, leadSchema, levelSchema, needSchema, tafSchema } from '../schemas.ts';
import { V, type Deps, problemOf, user, idOf, flash, openFamily, familyAccess } from './routes-shared.ts';

/** The family page (/families/:id) and the episode's small forms: level, lead, TAF, needs, closure. */
export async function familyRoutes(
  app: FastifyInstance,
  { earlyHelp, reference, breakGlass, restricted, repeatMissing }: Deps,
) {
  const { viewFamily, editEpisode } = familyAccess(earlyHelp);

  // ---- The family ----

  app.get('/families/:id', { config: viewFamily }, async (request, reply) => {
    const { record, access, target } = await openFamily(earlyHelp, request);
    const current = record.members.filter((m) => m.current);
    const [accessLog, levels, markers, repeat] = await Promise.all([
      accessLogFor(breakGlass, request, target),
      reference.windscreenLevels(),
      restricted.forPeople(
        current.map((m) => m.person_id),
        user(request),
      ),
      repeatMissing?.(current.map((m) => m.person_id)) ?? new Map<string, string>(),
    ]);
    const nameOf = new Map(current.map((m) => [m.person_id, m.name]));
    return reply.render(`${V}/family.njk`, {
      pageTitle: record.family.name,
      ...record,
      current: record.episodes.find((e) => e.status === 'open') ?? null,
      closedEpisodes: record.episodes.filter((e) => e.status === 'closed'),
      levelNames: Object.fromEntries(levels.map((l) => [l.level, `Level ${l.level}: ${l.name}`])),
      relationshipNames: RELATIONSHIP_NAMES,
      pathwayNames: PATHWAY_NAMES,
      closureReasonNames: CLOSURE_REASON_NAMES,
      outcomeNames: NEED_OUTCOME_NAMES,
      emergencyAccess: access?.banner ?? null,
      restrictedRecords: markers.map((m) => ({ ...m, name: nameOf.get(m.personId) ?? '' })),
      canSeeOrigin: can(user(request), 'record:view-origin', {
        type: 'record',
        id: target.id,
        involvements: target.involvements,
        breakGlass: !!access?.grant,
      }).allowed,
      accessLog,
      repeatMissing: Object.fromEntries(repeat),
    });
  });

  /** The family for one of the episode's forms: only its editors get the form. */
  async function openEpisode(request: FastifyRequest) {
    const episode = (await earlyHelp.episodeRow(idOf(request)))!;
    const opened = await openFamily(earlyHelp, request);
    if (!opened.record.canEdit)
      throw forbidden('Only the family’s lead professional or allocated worker can change their early help.');
    const current = opened.record.episodes.find((e) => e.id === episode.id)!;
    if (current.status !== 'open') throw forbidden('This episode has been closed: nothing more can change.');
    return { ...opened.record, episode: current };
  }

  /** One small form of the episode: GET renders it, POST validates, calls the service, and goes back to the family. */
  function episodeForm<T>(
    path: string,
    template: string,
    title: string,
    parse: (body: unknown) => FormResult<T>,
    act: (request: FastifyRequest, episodeId: string, data: T) => Promise<string>,
    context: (
      record: NonNullable<Awaited<ReturnType<typeof openEpisode>>>,
      values: Record<string, unknown>,
    ) => Promise<Record<string, unknown>> | Record<string, unknown> = () => ({}),
  ) {
    const render = async (
      reply: FastifyReply,
      record: NonNullable<Awaited<ReturnType<typeof openEpisode>>>,
      values: Record<string, unknown>,
      errors?: FormErrors,
    ) =>
      reply.render(
        `${V}/${template}`,
        {
          pageTitle: title,
          ...record,
          values: { version: record.episode.version, ...values },
          errors,
          ...(await context(record, values)),
        },
        errors ? 400 : 200,
      );
    app.get(path, { config: editEpisode }, async (request, reply) => {
      const record = await openEpisode(request);
      return record ? render(reply, record, {}) : reply;
    });
    app.post(path, { config: editEpisode }, async (request, reply) => {
      const record = await openEpisode(request);
      if (!record) return reply;
      const form = parse(request.body);
      if (!form.ok) return render(reply, record, form.values, form.errors);
      try {
        flash(request, await act(request, record.episode.id, form.data));
        return reply.redirect(`/families/${record.family.id}`, 303);
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        return render(reply, record, form.values, problem);
      }
    });
  }

  episodeForm(
    '/early-help/episodes/:id/level',
    'level.njk',
    'Change the level of need',
    (body) => parseForm(levelSchema, body),
    async (request, id, data: { version: number; level: number; reason: string }) => {
      const { direction, request: sent } = await earlyHelp.changeLevel(
        actorOf(request),
        user(request),
        id,
        data.version,
        data,
      );
      const words = direction === 'step-up' ? 'stepped up' : 'stepped down';
      return sent
        ? `The family is ${words} to level ${data.level}. Request for Support ${sent.reference.slice(0, 4)} ${sent.reference.slice(4)} has gone to the Hub with your handover.`
        : `The family is ${words} to level ${data.level}.`;
    },
    async (record, values) => {
      const levels = await reference.windscreenLevels();
      return {
        levelItems: levels.map((l) => ({
          value: String(l.level),
          text: `Level ${l.level}: ${l.name}${l.level === record.episode.level ? ' (the level now)' : ''}`,
          hint: { text: l.summary },
          checked: String(values.level) === String(l.level),
        })),
      };
    },
  );

  episodeForm(
    '/early-help/episodes/:id/lead',
    'lead.njk',
    'Change the lead professional',
    (body) => parseForm(leadSchema, body),
    async (request, id, data: { version: number; email: string }) => {
      const lead = await earlyHelp.changeLeadProfessional(actorOf(request), user(request), id, data.version, data);
      return `${lead.displayName} is now the lead professional.`;
    },
  );

  episodeForm(
    '/early-help/episodes/:id/taf',
    'taf.njk',
    'Add someone to the Team Around the Family',
    (body) => parseForm(tafSchema, body),
    async (request, id, data: { version: number; tafEmail: string }) => {
      const member = await earlyHelp.addTafMember(actorOf(request), user(request), id, data.version, {
        email: data.tafEmail,
      });
      return `${member.displayName} is in the Team Around the Family. They can now see this family.`;
    },
  );

  episodeForm(
    '/early-help/episodes/:id/needs',
    'need.njk',
    'Add a need',
    (body) => parseForm(needSchema, body),
    async (request, id, data: { version: number; area: string; description: string }) => {
      await earlyHelp.addNeed(actorOf(request), user(request), id, data.version, data);
      return 'The need is recorded.';
    },
    async (_record, values) => {
      const areas = await reference.outcomeAreas();
      return {
        areaItems: [
          { value: '', text: 'Choose an outcome area' },
          ...areas.map((a) => ({ value: a.code, text: a.name, selected: values.area === a.code })),
        ],
      };
    },
  );

  episodeForm(
    '/early-help/episodes/:id/close',
    'close.njk',
    'Close early help',
    (body) => parseForm(closeSchema, body),
    async (
      request,
      id,
      data: { version: number; reason: (typeof CLOSURE_REASONS)[number] } & Record<string, unknown>,
    ) => {
      const outcomes = Object.fromEntries(
        Object.entries(data)
          .filter(([k]) => k.startsWith('outcome-'))
          .map(([k, v]) => [k.slice('outcome-'.length), typeof v === 'string' ? v : undefined]),
      );
      await earlyHelp.close(actorOf(request), user(request), id, data.version, { reason: data.reason, outcomes });
      return 'Early help for this family is closed. The outcomes are recorded.';
    },
    (record, values) => ({
      reasonItems: CLOSURE_REASONS.map((r) => ({
        value: r,
        text: CLOSURE_REASON_NAMES[r],
        checked: values.reason === r,
      })),
      outcomeItems: (needId: string) =>
        NEED_OUTCOMES.map((o) => ({
          value: o,
          text: NEED_OUTCOME_NAMES[o],
          checked: values[`outcome-${needId}`] === o,
        })),
    }),
  );
}
