import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { actorOf } from '../../platform/auth/guards.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { can } from '../../platform/permissions/policy.ts';
import {
  EscalationRefused,
  EscalationSubjectMissing,
  type EscalationAbout,
  type EscalationService,
} from './escalations.ts';
import { SocialCareError } from './rules.ts';
import { moveUpSchema, raiseSchema, reassignSchema, resolveSchema, respondSchema } from './schemas.ts';

const V = 'social-care/views';
const CHANGED = 'Someone else changed this escalation meanwhile. Nothing has been saved: check it and try again.';

/**
 * Escalations: raising one about a Hub decision (/escalations/new?decision=…), children's social care's no further
 * action on one (/escalations/new?decision=…&about=social-care) or an Early Help Plan (/escalations/new?plan=…); a
 * manager asking someone else at the first stage (/escalations/:id/reassign); one's own (raised, or asked of a plan's lead professional; for an escalation manager,
 * every) escalation, each with its stages, a response, moving up a stage, the resolution; and the report
 * of how often escalation is used and how long it takes.
 */
export async function escalationRoutes(app: FastifyInstance, { escalations }: { escalations: EscalationService }) {
  const raise = { access: { anyOf: ['escalation:raise', 'escalation:manage'] } } as const;

  app.get('/escalations', { config: raise }, async (request, reply) =>
    reply.render(`${V}/escalations.njk`, {
      pageTitle: 'Escalations',
      items: await escalations.list(currentUser(request)),
      stageNames: Object.fromEntries((await escalations.stages()).stages.map((s) => [s.code, s.name])),
      manager: can(currentUser(request), 'escalation:manage').allowed,
      userId: currentUser(request).id,
    }),
  );

  app.get('/escalations/report', { config: { access: { action: 'escalation:manage' } } }, async (_request, reply) =>
    reply.render(`${V}/escalation-report.njk`, {
      pageTitle: 'How escalation is used',
      kinds: await escalations.report(),
    }),
  );

  /**
   * What the new escalation is about, from the query or the form: a plan (plan=…), a Hub decision (decision=…), or
   * social care's no further action on a Hub decision (decision=…&about=social-care).
   */
  const aboutOf = (values: Record<string, unknown>): EscalationAbout => {
    if (typeof values.plan === 'string' && values.plan) return { planId: values.plan };
    const decisionId = typeof values.decision === 'string' ? values.decision : '';
    return values.about === 'social-care' ? { nfaOfDecisionId: decisionId } : { decisionId };
  };

  async function renderNew(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const about = aboutOf(values);
    let subject;
    try {
      const [actor, viewer] = [actorOf(request), currentUser(request)];
      subject =
        'planId' in about
          ? { plan: await escalations.plan(actor, viewer, about.planId) }
          : 'nfaOfDecisionId' in about
            ? { nfa: await escalations.noFurtherAction(actor, viewer, about.nfaOfDecisionId) }
            : { decision: await escalations.decision(actor, viewer, about.decisionId) };
    } catch (error) {
      if (error instanceof EscalationSubjectMissing) throw notFound();
      if (error instanceof EscalationRefused) throw forbidden(error.message);
      throw error;
    }
    return reply.render(
      `${V}/escalation-new.njk`,
      { pageTitle: 'Raise an escalation', ...subject, stages: (await escalations.stages()).stages, values, errors },
      errors ? 400 : 200,
    );
  }

  app.get('/escalations/new', { config: { access: { action: 'escalation:raise' } } }, async (request, reply) => {
    const query = (request.query ?? {}) as { decision?: unknown; plan?: unknown; about?: unknown };
    return renderNew(request, reply, { decision: query.decision ?? '', plan: query.plan ?? '', about: query.about });
  });

  app.post(
    '/escalations/new',
    { config: { access: { action: 'escalation:raise' }, once: true } },
    async (request, reply) => {
      const typed = (request.body ?? {}) as Record<string, unknown>;
      const form = parseForm(raiseSchema, request.body);
      if (!form.ok) return renderNew(request, reply, typed, form.errors);
      let id: string;
      try {
        id = await escalations.raise(actorOf(request), currentUser(request), { ...aboutOf(typed), ...form.data });
      } catch (error) {
        if (error instanceof EscalationSubjectMissing) throw notFound();
        if (error instanceof EscalationRefused) throw forbidden(error.message);
        if (error instanceof SocialCareError)
          return renderNew(request, reply, typed, formError(error.field, error.message));
        throw error;
      }
      request.session.flash = 'Escalation raised.';
      return reply.redirect(`/escalations/${id}`, 303);
    },
  );

  async function renderOne(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) {
    const found = await escalations.view(actorOf(request), currentUser(request), uuidParam(request));
    if (!found) throw notFound();
    const chosen = values.addressedTo ?? found.escalation.addressed_to;
    const reassignItems = found.mayReassign
      ? [
          { value: '', text: 'Select who is to answer' },
          ...(await escalations.reassignable(found.escalation)).map((u) => ({
            value: u.id,
            text: u.display_name,
            selected: u.id === chosen,
          })),
        ]
      : [];
    return reply.render(
      `${V}/escalation.njk`,
      {
        pageTitle: `Escalation: ${found.escalation.reference}`,
        ...found,
        reassignItems,
        hubPage: can(currentUser(request), 'hub:screen').allowed,
        values,
        errors,
      },
      errors ? 400 : 200,
    );
  }
  app.get('/escalations/:id', { config: raise }, (request, reply) => renderOne(request, reply));

  const step = <S extends z.ZodType<{ version: number }>>(
    path: string,
    schema: S,
    field: string,
    save: (request: FastifyRequest, id: string, data: z.infer<S>) => Promise<void>,
    flash: string,
  ) =>
    app.post(`/escalations/:id/${path}`, { config: { ...raise, once: true } }, async (request, reply) => {
      const id = uuidParam(request);
      const typed = (request.body ?? {}) as Record<string, unknown>;
      const form = parseForm(schema, request.body);
      if (!form.ok) return renderOne(request, reply, typed, form.errors);
      try {
        await save(request, id, form.data);
      } catch (error) {
        if (error instanceof SocialCareError)
          return renderOne(request, reply, typed, formError(error.field, error.message));
        if (error instanceof StaleVersionError) return renderOne(request, reply, typed, formError(field, CHANGED));
        throw error;
      }
      if (flash) request.session.flash = flash;
      return reply.redirect(`/escalations/${id}`, 303);
    });
  const who = (request: FastifyRequest) => [actorOf(request), currentUser(request)] as const;
  step(
    'respond',
    respondSchema,
    'response',
    (r, id, d) => escalations.respond(...who(r), id, d.version, d.response),
    'Response recorded.',
  );
  step(
    'move-up',
    moveUpSchema,
    'asked',
    (r, id, d) => escalations.moveUp(...who(r), id, d.version, d.asked),
    'Moved up to the next stage.',
  );
  step(
    'reassign',
    reassignSchema,
    'addressedTo',
    async (r, id, d) => {
      const name = await escalations.reassign(...who(r), id, d.version, d.addressedTo);
      r.session.flash = `${name} is asked now.`;
    },
    '',
  );
  step(
    'resolve',
    resolveSchema,
    'resolution',
    (r, id, d) => escalations.resolve(...who(r), id, d.version, d.resolution),
    'Resolution recorded.',
  );
}
