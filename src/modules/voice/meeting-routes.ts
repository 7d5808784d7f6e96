import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { dateInputItems, withDateInputs } from '../../platform/views/date-input.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { VoiceRefused } from './core.ts';
import { MANAGE, READ, STALE, V, asTyped, found, manages, sorted } from './route-helpers.ts';
import { MEETING_FIELDS, VERSION_FIELDS, followUpSchema, meetingSchema, versionSchema } from './schemas.ts';
import type { VoiceService } from './service.ts';
import { nameOf } from './settings.ts';

type Values = Record<string, unknown>;

/** The Children in Care Council's meetings with decision-makers, and the Pledge and Care Leavers Charter. */
export async function meetingRoutes(app: FastifyInstance, { voice }: { voice: VoiceService }) {
  const roles = (codes: readonly string[]) => codes.map((c) => nameOf(voice.settings.decisionMakers, c));

  // ---- The Children in Care Council's meetings ----
  app.get('/voice/cicc', { config: { access: MANAGE } }, async (request, reply) => {
    const asked = (request.query as { year?: string }).year;
    const year = await voice.meetings.year(todayInLondon(), typeof asked === 'string' ? asked : undefined);
    const start = Number(year.label.slice(0, 4));
    const first = Number(year.firstYear.slice(0, 4));
    return reply.render(`${V}/cicc.njk`, {
      pageTitle: 'Children in Care Council meetings',
      year: { ...year, meetings: year.meetings.map((m) => ({ ...m, roles: roles(m.decision_makers) })) },
      earlier: start > first ? `${start - 1}-${String(start % 100).padStart(2, '0')}` : null,
      later: year.to < todayInLondon() ? `${start + 1}-${String((start + 2) % 100).padStart(2, '0')}` : null,
      note: voice.settings.meetingsNote,
    });
  });

  async function meetingForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const chosen = ([] as unknown[]).concat(values.decisionMakers ?? []);
    return reply.render(
      `${V}/cicc-form.njk`,
      {
        pageTitle: 'Record a Children in Care Council meeting',
        values,
        errors,
        heldOnItems: dateInputItems('heldOn', values, Boolean(errors?.fields['heldOn-day'])),
        roleItems: voice.settings.decisionMakers.map((d) => ({
          value: d.code,
          text: d.name,
          checked: chosen.includes(d.code),
        })),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/voice/cicc/new', { config: { access: MANAGE } }, (request, reply) => meetingForm(request, reply, {}));
  app.post('/voice/cicc', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const form = parseForm(meetingSchema, withDateInputs(request.body, ['heldOn']));
    if (!form.ok) return meetingForm(request, reply, asTyped(request), sorted(form.errors, MEETING_FIELDS));
    let id: string;
    try {
      id = await voice.meetings.add(actorOf(request), currentUser(request), form.data);
    } catch (error) {
      if (!(error instanceof VoiceRefused)) throw error;
      return meetingForm(request, reply, asTyped(request), formError(error.field, error.message));
    }
    request.session.flash = 'The meeting is recorded.';
    return reply.redirect(`/voice/cicc/${id}`, 303);
  });

  async function meetingPage(request: FastifyRequest, reply: FastifyReply, values?: Values, errors?: FormErrors) {
    const meeting = found(await voice.meetings.meeting(uuidParam(request)));
    const shown = values ?? {
      version: meeting.version,
      followUp: meeting.follow_up,
      followedUp: meeting.followed_up ? 'yes' : 'no',
    };
    return reply.render(
      `${V}/cicc-meeting.njk`,
      {
        pageTitle: meeting.title,
        meeting: { ...meeting, roles: roles(meeting.decision_makers) },
        values: shown,
        errors,
        followedUpItems: [
          { value: 'yes', text: 'Yes, everything agreed is done', checked: shown.followedUp === 'yes' },
          { value: 'no', text: 'Not yet', checked: shown.followedUp === 'no' },
        ],
      },
      errors ? 400 : 200,
    );
  }
  app.get('/voice/cicc/:id', { config: { access: MANAGE } }, (request, reply) => meetingPage(request, reply));
  app.post('/voice/cicc/:id/follow-up', { config: { access: MANAGE } }, async (request, reply) => {
    const id = uuidParam(request);
    const form = parseForm(followUpSchema, request.body);
    if (!form.ok) return meetingPage(request, reply, asTyped(request), form.errors);
    try {
      found(await voice.meetings.followUp(actorOf(request), currentUser(request), id, form.data));
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      const now = found(await voice.meetings.meeting(id));
      return meetingPage(request, reply, { ...asTyped(request), version: now.version }, formError('followUp', STALE));
    }
    request.session.flash = 'The follow-up is saved.';
    return reply.redirect(`/voice/cicc/${id}`, 303);
  });

  // ---- The Pledge and the Care Leavers Charter ----
  app.get('/voice/promises', { config: { access: READ } }, async (request, reply) => {
    const versions = await voice.promises.versions();
    return reply.render(`${V}/promises.njk`, {
      pageTitle: 'The Pledge and the Care Leavers Charter',
      manages: manages(request),
      documents: voice.settings.documents.map((d) => ({
        ...d,
        versions: versions.filter((v) => v.document === d.code),
      })),
    });
  });
  async function versionForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    return reply.render(
      `${V}/promise-form.njk`,
      {
        pageTitle: 'Record this year’s version',
        values,
        errors,
        documentItems: voice.settings.documents.map((d) => ({
          value: d.code,
          text: d.name,
          checked: values.document === d.code,
        })),
        agreedOnItems: dateInputItems('agreedOn', values, Boolean(errors?.fields['agreedOn-day'])),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/voice/promises/new', { config: { access: MANAGE } }, (request, reply) =>
    versionForm(request, reply, { year: todayInLondon().slice(0, 4) }),
  );
  app.post('/voice/promises', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const form = parseForm(versionSchema, withDateInputs(request.body, ['agreedOn']));
    if (!form.ok) return versionForm(request, reply, asTyped(request), sorted(form.errors, VERSION_FIELDS));
    let id: string;
    try {
      id = await voice.promises.add(actorOf(request), currentUser(request), form.data);
    } catch (error) {
      if (!(error instanceof VoiceRefused)) throw error;
      return versionForm(request, reply, asTyped(request), formError(error.field, error.message));
    }
    request.session.flash = 'The version is recorded.';
    return reply.redirect(`/voice/promises/${id}`, 303);
  });
  app.get('/voice/promises/:id', { config: { access: READ } }, async (request, reply) => {
    const shown = found(await voice.promises.version(uuidParam(request)));
    const document = nameOf(voice.settings.documents, shown.version.document);
    return reply.render(`${V}/promise.njk`, { pageTitle: `${document} ${shown.version.year}`, document, ...shown });
  });
}
