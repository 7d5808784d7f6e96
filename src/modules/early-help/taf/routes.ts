import { currentUser, uuidParam } from '../../../platform/http/params.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decidedRecord } from '../../../platform/http/route-access.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { RELATIONSHIP_NAMES } from '../rules.ts';
import { EarlyHelpDenied, EarlyHelpError, type EarlyHelpService } from '../service.ts';
import {
  ATTENDANCE,
  PLAN_ACTION_CHOICES,
  SUPPORT_KINDS,
  cancelSchema,
  londonDay,
  meetingSchema,
  recordSchema,
  supportSchema,
} from './schemas.ts';
import { TafPlanChanged, TafProblems, meetingWhen, type TafService } from './service.ts';

const V = 'early-help/taf/views';
const STALE =
  'Someone else changed this meeting while you were looking at it. Nothing has been saved: check the meeting as it is now.';

type Deps = { taf: TafService; earlyHelp: EarlyHelpService };
type Values = Record<string, unknown>;

/** A service problem as the form's error summary, or null when it is not one the user can fix. */
function problemOf(error: unknown): FormErrors | null {
  if (error instanceof TafProblems)
    return {
      list: error.problems.map((p) => ({ text: p.text, href: `#${p.field}` })),
      fields: Object.fromEntries(error.problems.map((p) => [p.field, { text: p.text }])),
    };
  if (error instanceof EarlyHelpError) return formError(error.field, error.message);
  if (error instanceof StaleVersionError) return formError('version', STALE);
  if (error instanceof TafPlanChanged) return formError('planActions', error.message);
  return null;
}

/** The error summary in the order the form shows its fields (the schema checks fields before the rules across them). */
function inFormOrder(errors: FormErrors, order: string[]): FormErrors {
  const at = (href: string) => {
    const i = order.findIndex((f) => href === `#${f}` || href.startsWith(`#${f}-`));
    return i < 0 ? order.length : i;
  };
  return { ...errors, list: [...errors.list].sort((a, b) => at(a.href) - at(b.href)) };
}
const MEETING_ORDER = ['date', 'time', 'where', 'place', 'practitioners', 'emails', 'familyMembers'];
const RECORD_ORDER = [
  'attendance',
  'notes',
  'decisions',
  'planActions',
  'action',
  'actionUpdates',
  'nextReview',
  'lead',
];
const SUPPORT_ORDER = [
  'date',
  'kind',
  'practitionerEmail',
  'practitionerName',
  'organisationId',
  'organisationName',
  'episodeId',
  'notes',
];

const asList = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/**
 * Team Around the Family meetings (/families/:id/meetings, /early-help/meetings/:id and the episode's
 * forms) and the TAF Support Officers' support log (/early-help/support-log). Every meeting page goes
 * through the route's declared record access to the family (policy by involvement, break-glass, audit); forms need the
 * family's editors.
 */
export async function tafRoutes(app: FastifyInstance, { taf, earlyHelp }: Deps) {
  const user = currentUser;
  const idOf = (request: FastifyRequest) => uuidParam(request);
  const flash = (request: FastifyRequest, text: string) => {
    request.session.flash = text;
  };
  const refused = (error: unknown) => {
    if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
  };

  /** The emergency-access banner of a page whose declared access decided the family (null when not in use). */
  const access = (request: FastifyRequest) => ({ banner: decidedRecord(request).access?.banner ?? null });

  // ---- The family's meetings ----

  app.get(
    '/families/:id/meetings',
    { config: { access: { record: earlyHelp.families.byId, can: 'record:view' } } },
    async (request, reply) => {
      const familyId = decidedRecord(request).id;
      const granted = access(request);
      try {
        const record = (await taf.meetingsOf(user(request), familyId))!;
        const today = londonDay();
        return reply.render(`${V}/taf-meetings.njk`, {
          pageTitle: 'Team Around the Family meetings',
          ...record,
          emergencyAccess: granted.banner,
          upcoming: record.meetings
            .filter((m) => m.status === 'scheduled' && londonDay(m.starts_at) >= today)
            .reverse(),
          past: record.meetings
            .filter((m) => !(m.status === 'scheduled' && londonDay(m.starts_at) >= today))
            .map((m) => ({ ...m, needsRecord: m.status === 'scheduled' })),
          when: meetingWhen,
        });
      } catch (error) {
        refused(error);
        throw error;
      }
    },
  );

  // ---- Scheduling a meeting, or adding one that has already happened ----

  /** The episode and its family for a form, only for the family's editors while the episode is open. */
  async function openEpisodeForEdit(request: FastifyRequest) {
    const episode = (await earlyHelp.episodeRow(idOf(request)))!;
    const record = await earlyHelp.family(user(request), episode.family_id).catch((error: unknown) => {
      refused(error);
      throw error;
    });
    if (!record) throw notFound();
    if (!record.canEdit)
      throw forbidden('Only the family’s lead professional or allocated worker can arrange its TAF meetings.');
    if (episode.status !== 'open') throw forbidden('This episode has been closed: nothing more can change.');
    return { ...record, episode: record.episodes.find((e) => e.id === episode.id)! };
  }

  for (const mode of ['upcoming', 'held'] as const) {
    const path =
      mode === 'upcoming' ? '/early-help/episodes/:id/meetings/new' : '/early-help/episodes/:id/meetings/past';
    const title = mode === 'upcoming' ? 'Schedule a TAF meeting' : 'Record a meeting that has already happened';
    const render = async (
      reply: FastifyReply,
      record: NonNullable<Awaited<ReturnType<typeof openEpisodeForEdit>>>,
      values: Values,
      errors?: FormErrors,
    ) => {
      const organiser = reply.request.user?.id;
      const { practitioners, members } = await taf.inviteOptions(record.episode.id, record.family.id);
      const ticked = { practitioners: asList(values.practitioners), familyMembers: asList(values.familyMembers) };
      return reply.render(
        `${V}/taf-schedule.njk`,
        {
          pageTitle: title,
          mode,
          ...record,
          values,
          errors,
          practitionerItems: practitioners
            .filter((p) => p.id !== organiser)
            .map((p) => ({
              value: p.id,
              text: `${p.display_name}, ${p.organisation_name}`,
              checked: ticked.practitioners.includes(p.id),
            })),
          memberItems: members.map((m) => ({
            value: m.personId,
            text: `${m.name} (${RELATIONSHIP_NAMES[m.relationship].toLowerCase()})`,
            checked: ticked.familyMembers.includes(m.personId),
          })),
        },
        errors ? 400 : 200,
      );
    };
    app.get(
      path,
      { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' } } },
      async (request, reply) => {
        const record = await openEpisodeForEdit(request);
        return record ? render(reply, record, { where: '' }) : reply;
      },
    );
    app.post(
      path,
      { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' } } },
      async (request, reply) => {
        const record = await openEpisodeForEdit(request);
        if (!record) return reply;
        const form = parseForm(meetingSchema(mode, new Date()), request.body);
        if (!form.ok) return render(reply, record, form.values, inFormOrder(form.errors, MEETING_ORDER));
        try {
          const meetingId = await taf.schedule(actorOf(request), user(request), record.episode.id, mode, form.data);
          if (mode === 'held') return reply.redirect(`/early-help/meetings/${meetingId}/record`, 303);
          flash(
            request,
            `The meeting is scheduled for ${meetingWhen(form.data.startsAt)}. The practitioners invited have been emailed.`,
          );
          return reply.redirect(`/early-help/meetings/${meetingId}`, 303);
        } catch (error) {
          refused(error);
          const problem = problemOf(error);
          if (!problem) throw error;
          return render(reply, record, form.values, inFormOrder(problem, MEETING_ORDER));
        }
      },
    );
  }

  // ---- One meeting ----

  async function openMeeting(request: FastifyRequest) {
    const granted = access(request);
    try {
      const found = (await taf.meeting(user(request), idOf(request)))!;
      return { ...found, emergencyAccess: granted.banner };
    } catch (error) {
      refused(error);
      throw error;
    }
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
            text: `No change (${found.episode.lead_name ?? 'no lead professional yet'})`,
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

  app.get(
    '/early-help/meetings/:id/record',
    { config: { access: { record: taf.families.byMeeting, can: 'record:edit' } } },
    async (request, reply) => {
      const found = await openForChange(request);
      if (!found) return reply;
      if (!found.canChange) return notScheduled(request, reply, found);
      return renderRecord(reply, found, {});
    },
  );

  app.post(
    '/early-help/meetings/:id/record',
    { config: { access: { record: taf.families.byMeeting, can: 'record:edit' } } },
    async (request, reply) => {
      const found = await openForChange(request);
      if (!found) return reply;
      if (!found.canChange) return notScheduled(request, reply, found);
      const form = parseForm(recordSchema, request.body);
      if (!form.ok) return renderRecord(reply, found, form.values, inFormOrder(form.errors, RECORD_ORDER));
      try {
        await taf.recordMeeting(actorOf(request), user(request), found.meeting.id, form.data);
        flash(
          request,
          form.data.leadUserId
            ? 'The meeting is recorded, and the new lead professional with it.'
            : 'The meeting is recorded.',
        );
        return reply.redirect(`/early-help/meetings/${found.meeting.id}`, 303);
      } catch (error) {
        refused(error);
        const problem = problemOf(error);
        if (!problem) throw error;
        // A stale form (the meeting or the plan): show them as they are now, keeping what was typed (with the current versions).
        const now =
          error instanceof StaleVersionError || error instanceof TafPlanChanged ? await openMeeting(request) : found;
        if (!now) return reply;
        if (!now.canChange) return notScheduled(request, reply, now);
        const versions = error instanceof TafPlanChanged ? { planVersion: now.plan?.version ?? '' } : {};
        return renderRecord(
          reply,
          now,
          { ...form.values, version: now.meeting.version, ...versions },
          inFormOrder(problem, RECORD_ORDER),
        );
      }
    },
  );

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

  app.get(
    '/early-help/meetings/:id/cancel',
    { config: { access: { record: taf.families.byMeeting, can: 'record:edit' } } },
    async (request, reply) => {
      const found = await openForChange(request);
      if (!found) return reply;
      if (!found.canChange) return notScheduled(request, reply, found);
      return renderCancel(reply, found, {});
    },
  );

  app.post(
    '/early-help/meetings/:id/cancel',
    { config: { access: { record: taf.families.byMeeting, can: 'record:edit' } } },
    async (request, reply) => {
      const found = await openForChange(request);
      if (!found) return reply;
      if (!found.canChange) return notScheduled(request, reply, found);
      const form = parseForm(cancelSchema, request.body);
      if (!form.ok) return renderCancel(reply, found, form.values, form.errors);
      try {
        await taf.cancel(actorOf(request), user(request), found.meeting.id, form.data.version, form.data.reason);
        flash(request, 'The meeting is cancelled. The practitioners invited have been told.');
        return reply.redirect(`/families/${found.family.id}/meetings`, 303);
      } catch (error) {
        refused(error);
        const problem = problemOf(error);
        if (!problem) throw error;
        const now = (await openMeeting(request))!;
        if (!now.canChange) return notScheduled(request, reply, now);
        return renderCancel(reply, now, { ...form.values, version: now.meeting.version }, problem);
      }
    },
  );

  // ---- The TAF Support Officers' support log ----

  app.get(
    '/early-help/support-log',
    { config: { access: { action: 'early-help:support-log' } } },
    async (request, reply) => {
      const log = await taf.supportLog(user(request));
      return reply.render(`${V}/taf-support-log.njk`, { pageTitle: 'Your support log', ...log });
    },
  );

  async function renderSupport(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const log = await taf.supportLog(user(request));
    return reply.render(
      `${V}/taf-support-new.njk`,
      {
        pageTitle: 'Record support you gave',
        values,
        errors,
        kindItems: Object.entries(SUPPORT_KINDS).map(([value, text]) => ({
          value,
          text,
          checked: values.kind === value,
        })),
        organisationItems: [
          { value: '', text: 'Choose an organisation' },
          ...log.organisations.map((o) => ({ value: o.id, text: o.name, selected: values.organisationId === o.id })),
        ],
        episodeItems: [
          { value: '', text: 'None (not about one family)' },
          ...log.episodes.map((e) => ({ value: e.id, text: e.family_name, selected: values.episodeId === e.id })),
        ],
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    '/early-help/support-log/new',
    { config: { access: { action: 'early-help:support-log' } } },
    (request, reply) => renderSupport(request, reply, {}),
  );

  app.post(
    '/early-help/support-log/new',
    { config: { access: { action: 'early-help:support-log' } } },
    async (request, reply) => {
      const form = parseForm(supportSchema(new Date()), request.body);
      if (!form.ok) return renderSupport(request, reply, form.values, inFormOrder(form.errors, SUPPORT_ORDER));
      try {
        await taf.recordSupport(actorOf(request), user(request), form.data);
        flash(request, 'The support is recorded.');
        return reply.redirect('/early-help/support-log', 303);
      } catch (error) {
        refused(error);
        const problem = problemOf(error);
        if (!problem) throw error;
        return renderSupport(request, reply, form.values, inFormOrder(problem, SUPPORT_ORDER));
      }
    },
  );
}
