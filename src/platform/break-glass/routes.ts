import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/audit.ts';
import { actorOf, safeReturnTo } from '../auth/guards.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { can } from '../permissions/policy.ts';
import { formError, parseForm, type FormErrors } from '../views/forms.ts';
import { breakGlassSchema, DURATIONS, endGrantSchema, recordQuerySchema, REASON_MAX } from './schemas.ts';
import { BreakGlassInputError, type BreakGlassService, type RecordSummary } from './service.ts';

const V = 'break-glass/views';

/**
 * The break-glass page (a reason and a duration for emergency access to a record the user is not
 * involved with), ending it early, and a record's access log for involved or alerted managers.
 */
export async function breakGlassRoutes(
  app: FastifyInstance,
  { breakGlass, audit }: { breakGlass: BreakGlassService; audit: AuditLog },
) {
  /** The record named in the query, as its module describes it to this user; 404 for anything else. */
  async function recordFrom(request: FastifyRequest) {
    const query = recordQuerySchema.safeParse(request.query);
    if (!query.success) throw notFound();
    const { type, id, returnTo } = query.data;
    const summary = await breakGlass.describe({ type, id }, request.user!);
    if (!summary) throw notFound();
    return { record: { type, id }, summary, returnTo: safeReturnTo(returnTo ?? summary.href) };
  }

  async function refuseOrContinue(
    request: FastifyRequest,
    reply: FastifyReply,
    { record, summary, returnTo }: Awaited<ReturnType<typeof recordFrom>>,
  ) {
    const user = request.user!;
    // Already involved, or already holding a grant: nothing to ask, go to the record.
    if (summary.involvements.length > 0 || (await breakGlass.activeGrant(user.id, record.type, record.id)))
      return reply.redirect(returnTo, 303);
    if (!breakGlass.available(user, record)) {
      await audit.record(actorOf(request), {
        action: 'break-glass.refused',
        outcome: 'denied',
        subjectType: record.type,
        subjectId: record.id,
        details: { reason: 'not a casework role' },
      });
      return reply.render(`${V}/refused.njk`, { pageTitle: 'You cannot see this record' }, 403);
    }
    return null;
  }

  function renderForm(
    reply: FastifyReply,
    request: FastifyRequest,
    summary: RecordSummary,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    return reply.render(
      `${V}/request.njk`,
      {
        pageTitle: `Emergency access to ${summary.label}`,
        summary,
        action: request.url,
        reasonMax: REASON_MAX,
        durations: DURATIONS.map((d) => ({
          value: String(d.minutes),
          text: d.text,
          checked: String(values.minutes) === String(d.minutes),
        })),
        values,
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/break-glass', { config: { access: { signedIn: true } } }, async (request, reply) => {
    const found = await recordFrom(request);
    const answered = await refuseOrContinue(request, reply, found);
    if (answered) return answered;
    return renderForm(reply, request, found.summary, { minutes: String(breakGlass.defaultMinutes) });
  });

  app.post('/break-glass', { config: { access: { signedIn: true } } }, async (request, reply) => {
    const found = await recordFrom(request);
    const answered = await refuseOrContinue(request, reply, found);
    if (answered) return answered;
    const form = parseForm(breakGlassSchema, request.body);
    if (!form.ok) return renderForm(reply, request, found.summary, form.values, form.errors);
    try {
      await breakGlass.grant(actorOf(request), request.user!, {
        recordType: found.record.type,
        recordId: found.record.id,
        recordLabel: found.summary.label,
        reason: form.data.reason,
        minutes: form.data.minutes,
        returnTo: found.returnTo,
      });
    } catch (error) {
      if (!(error instanceof BreakGlassInputError)) throw error;
      return renderForm(reply, request, found.summary, form.values, formError(error.field, error.message));
    }
    return reply.redirect(found.returnTo, 303);
  });

  app.post('/break-glass/end', { config: { access: { signedIn: true } } }, async (request, reply) => {
    const body = endGrantSchema.safeParse(request.body);
    if (!body.success) throw notFound();
    const grant = await breakGlass.endGrant(actorOf(request), body.data.grantId);
    if (!grant) throw notFound();
    request.session.flash = `Your emergency access to ${grant.recordLabel} has ended.`;
    return reply.redirect('/', 303);
  });

  app.get('/access-log', { config: { access: { signedIn: true } } }, async (request, reply) => {
    const { record, summary } = await recordFrom(request);
    const user = request.user!;
    const involvements = await breakGlass.accessLogInvolvements(record, user, summary);
    const decision = can(user, 'record:view-access-log', { type: 'record', id: record.id, involvements });
    if (!decision.allowed) {
      await audit.record(actorOf(request), {
        action: 'permission.denied',
        outcome: 'denied',
        subjectType: record.type,
        subjectId: record.id,
        details: { action: 'record:view-access-log', reason: decision.reason },
      });
      throw forbidden(
        'Only a manager involved with this record, or told about emergency access to it, can see who has looked at it.',
      );
    }
    const accessLog = await breakGlass.accessLog(record.type, record.id);
    await audit.record(actorOf(request), {
      action: 'record.access-log-viewed',
      outcome: 'success',
      subjectType: record.type,
      subjectId: record.id,
    });
    return reply.render(`${V}/access-log.njk`, { pageTitle: `Who has looked at ${summary.label}`, summary, accessLog });
  });
}
