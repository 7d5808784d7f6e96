import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { forbidden } from '../../../platform/http/errors.ts';
import { parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { formPage } from '../../../platform/views/form-page.ts';
import { dateInputValues } from '../../../platform/views/date-input.ts';
import {
  ATTENDANCE,
  PLAN_ACTION_CHOICES,
  cancelSchema,
  changeSchema,
  londonDay,
  londonTime,
  recordSchema,
} from './schemas.ts';
import { TafPlanChanged, meetingWhen } from './service.ts';
import { V, type Deps, type Values, problemOf, inFormOrder, RECORD_ORDER, tafPages } from './routes-shared.ts';

/** One meeting: its page, recording what happened, and cancelling it. */
export async function recordRoutes(app: FastifyInstance, deps: Deps) {
  const { taf } = deps;
  const { user, idOf, flash, access } = tafPages(deps);

  // ---- One meeting ----

  async function openMeeting(request: FastifyRequest) {
    const granted = access(request);
    const found = (await taf.meeting(user(request), idOf(request)))!;
    return { ...found, emergencyAccess: granted.banner };
  }
  type Opened = NonNullable<Awaited<ReturnType<typeof openMeeting>>>;

  app.get(
    '/early-help/meetings/:id',
    { config: { access: { record: taf.families.byMeeting, can: 'record:view' } } },
    async (request, reply) => {
      const found = await openMeeting(request);
      if (!found) return reply;
      return reply.render(`${V}/taf-meeting.njk`, {
        pageTitle: 'Team Around the Family meeting',
        ...found,
        when: meetingWhen(found.meeting.starts_at),
      });
    },
  );

  /** A change to a scheduled meeting: only its family's editors, only while it is still scheduled. */
  async function openForChange(request: FastifyRequest) {
    const found = await openMeeting(request);
    if (!found) return null;
    if (!found.canEdit)
      throw forbidden('Only the family’s lead professional or allocated worker can record or cancel its TAF meetings.');
    return found;
  }
  /** The meeting is no longer scheduled (recorded or cancelled meanwhile): say so on its page. */
  const notScheduled = (request: FastifyRequest, reply: FastifyReply, found: Opened) => {
    flash(
      request,
      found.meeting.status === 'held'
        ? 'This meeting has already been recorded.'
        : found.meeting.status === 'cancelled'
          ? 'This meeting was cancelled.'
          : 'This family’s early help has been closed: the meeting cannot change.',
    );
    return reply.redirect(`/early-help/meetings/${found.meeting.id}`, 303);
  };

  const renderRecord = (reply: FastifyReply, found: Opened, values: Values, errors?: FormErrors) =>
    reply.render(
      `${V}/taf-record.njk`,
      {
        pageTitle: 'Record the meeting',
        ...found,
        when: meetingWhen(found.meeting.starts_at),
        values: { version: found.meeting.version, planVersion: found.plan?.version ?? '', ...values },
        errors,
        actionItems: (actionId: string) => {
          const chosen =
            typeof values[`action-${actionId}-status`] === 'string' ? values[`action-${actionId}-status`] : 'open';
          return Object.entries(PLAN_ACTION_CHOICES).map(([value, text]) => ({
            value,
            text,
            checked: chosen === value,
          }));
        },
        attendanceItems: (inviteeId: string) =>
          Object.entries(ATTENDANCE).map(([value, text]) => ({
            value,
            text,
            checked: values[`attendance-${inviteeId}`] === value,
          })),
        leadItems: [
          {
            value: '',
            text: `No change (${found.episode.lead_name ?? 'lead professional not yet agreed'})`,
            selected: !values.lead,
          },
          ...found.invitees
            .filter((i) => i.user_id && i.user_id !== found.episode.lead_professional_id)
            .map((i) => ({
              value: i.user_id,
              text: `${i.name}, ${i.organisation_name}`,
              selected: values.lead === i.user_id,
            })),
        ],
      },
      errors ? 400 : 200,
    );

  /** A change to a scheduled meeting: its family's editors only, and only while the meeting is still scheduled. */
  const scheduled = {
    open: openForChange,
    closed: (request: FastifyRequest, reply: FastifyReply, found: Opened) =>
      found.canChange ? null : notScheduled(request, reply, found),
    problemOf,
  };
  const edit = { config: { access: { record: taf.families.byMeeting, can: 'record:edit' as const } } };

  const record = formPage({
    ...scheduled,
    parse: (body) => {
      const form = parseForm(recordSchema, body);
      return form.ok ? form : { ...form, errors: inFormOrder(form.errors, RECORD_ORDER) };
    },
    render: renderRecord,
    save: async (request, found, data) => {
      await taf.recordMeeting(actorOf(request), user(request), found.meeting.id, data);
      flash(
        request,
        data.leadUserId
          ? 'The meeting is recorded, and the new lead professional with it.'
          : 'The meeting is recorded.',
      );
      return `/early-help/meetings/${found.meeting.id}`;
    },
    // A stale form (the meeting or the plan): show them as they are now, keeping what was typed (with the current versions).
    afterProblem: async (request, _reply, found, values, error) => {
      const stale = error instanceof StaleVersionError || error instanceof TafPlanChanged;
      const now = stale ? await openMeeting(request) : found;
      const versions = error instanceof TafPlanChanged ? { planVersion: now.plan?.version ?? '' } : {};
      return { found: now, values: { ...values, version: now.meeting.version, ...versions } };
    },
  });
  app.get('/early-help/meetings/:id/record', edit, record.show);
  app.post('/early-help/meetings/:id/record', edit, record.submit);

  const renderCancel = (reply: FastifyReply, found: Opened, values: Values, errors?: FormErrors) =>
    reply.render(
      `${V}/taf-cancel.njk`,
      {
        pageTitle: 'Cancel the meeting',
        ...found,
        when: meetingWhen(found.meeting.starts_at),
        values: { version: found.meeting.version, ...values },
        errors,
      },
      errors ? 400 : 200,
    );

  const cancel = formPage({
    ...scheduled,
    parse: (body) => parseForm(cancelSchema, body),
    render: renderCancel,
    save: async (request, found, data) => {
      await taf.cancel(actorOf(request), user(request), found.meeting.id, data.version, data.reason);
      flash(request, 'The meeting is cancelled. The practitioners invited have been told.');
      return `/families/${found.family.id}/meetings`;
    },
    afterProblem: async (request, _reply, _found, values) => {
      const now = await openMeeting(request);
      return { found: now, values: { ...values, version: now.meeting.version } };
    },
  });
  app.get('/early-help/meetings/:id/cancel', edit, cancel.show);
  app.post('/early-help/meetings/:id/cancel', edit, cancel.submit);

  // ---- Changing the time or place: everyone invited is told (those without an account too) ----

  const change = formPage({
    ...scheduled,
    initial: (found) => ({
      version: found.meeting.version,
      ...dateInputValues('date', londonDay(found.meeting.starts_at)),
      time: londonTime(found.meeting.starts_at),
      where: found.meeting.online ? 'online' : 'in-person',
      place: found.meeting.place ?? '',
    }),
    parse: (body) => {
      const form = parseForm(changeSchema(new Date()), body);
      return form.ok ? form : { ...form, errors: inFormOrder(form.errors, ['date', 'time', 'where', 'place']) };
    },
    render: (reply, found, values, errors) =>
      reply.render(
        `${V}/taf-change.njk`,
        { pageTitle: 'Change the time or place', ...found, when: meetingWhen(found.meeting.starts_at), values, errors },
        errors ? 400 : 200,
      ),
    save: async (request, found, data) => {
      const changed = await taf.changeTimeOrPlace(actorOf(request), user(request), found.meeting.id, data);
      flash(
        request,
        changed
          ? `The meeting is now on ${meetingWhen(data.startsAt)}. Everyone invited has been emailed.`
          : 'Nothing was changed, so nobody has been emailed.',
      );
      return `/early-help/meetings/${found.meeting.id}`;
    },
    afterProblem: async (request, _reply, _found, values) => {
      const now = await openMeeting(request);
      return { found: now, values: { ...values, version: now.meeting.version } };
    },
  });
  app.get('/early-help/meetings/:id/change', edit, change.show);
  app.post('/early-help/meetings/:id/change', edit, change.submit);
}
