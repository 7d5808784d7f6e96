import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { uuidParam } from '../../../platform/http/params.ts';
import { dateInputItems, withDateInputs } from '../../../platform/views/date-input.ts';
import { combineErrors, formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { Quadrant } from './access.ts';
import type { Mace2Meetings } from './meetings.ts';
import { ordered, presentAction } from './present.ts';
import { asList, quadrantFor, sorted, V } from './route-helpers.ts';
import {
  ACTION_FIELDS,
  ACTION_STATUSES,
  CATEGORIES,
  MEETING_FIELDS,
  UPDATE_FIELDS,
  actionSchema,
  actionUpdateSchema,
  meetingSchema,
} from './schemas.ts';
import type { Mace2Service } from './service.ts';

const STALE =
  'Someone else updated this action after you opened it. Their update is shown below; check it, then save yours again.';

/** MACE 2's meetings and disruption actions: schedule, open, record, update (with optimistic locking). */
export async function actionRoutes(
  app: FastifyInstance,
  { mace2, meetings }: { mace2: Mace2Service; meetings: Mace2Meetings },
) {
  const { records } = mace2;
  // A coordinator's step in a quadrant: the panel's record, and the coordinator's action.
  const COORDINATE = { record: records.quadrant, can: 'restricted:view-panel', action: 'mace:coordinate' } as const;
  const organisations = async () => (await mace2.organisations()).map((o) => ({ id: o.id, name: o.name }));

  // Meetings: a coordinator schedules one, with the agencies and Community Safety Partnerships present.
  async function meetingForm(
    reply: FastifyReply,
    quadrant: Quadrant,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const orgs = new Set(asList(values.organisations));
    const csps = new Set(asList(values.csps));
    return reply.render(
      `${V}/meeting-form.njk`,
      {
        pageTitle: 'Schedule a MACE 2 meeting',
        quadrant,
        values,
        errors,
        heldOnItems: dateInputItems('heldOn', values, Boolean(errors?.fields['heldOn-day'])),
        organisationItems: (await organisations()).map((o) => ({ value: o.id, text: o.name, checked: orgs.has(o.id) })),
        cspItems: quadrant.districts.map((d) => ({
          value: d.code,
          text: `${d.name} Community Safety Partnership`,
          checked: csps.has(d.code),
        })),
      },
      errors ? 400 : 200,
    );
  }
  const MEETING = 'schedule a MACE 2 meeting';
  app.get('/mace/mace2/:quadrant/meetings/new', { config: { access: COORDINATE } }, async (request, reply) =>
    meetingForm(reply, await quadrantFor(mace2, request, 'coordinator', MEETING), {}),
  );
  app.post('/mace/mace2/:quadrant/meetings', { config: { access: COORDINATE, once: true } }, async (request, reply) => {
    const quadrant = await quadrantFor(mace2, request, 'coordinator', MEETING);
    const schema = meetingSchema({
      organisations: (await organisations()).map((o) => o.id),
      districts: quadrant.districts.map((d) => d.code),
    });
    const form = parseForm(schema, withDateInputs(request.body, ['heldOn']));
    if (!form.ok) return meetingForm(reply, quadrant, form.values, sorted(form.errors, MEETING_FIELDS));
    const id = await meetings.schedule(actorOf(request), request.user!, quadrant, form.data);
    request.session.flash = 'The meeting is scheduled.';
    return reply.redirect(`/mace/mace2/meetings/${id}`, 303);
  });
  app.get(
    '/mace/mace2/meetings/:id',
    { config: { access: { record: records.meeting, can: 'restricted:view-panel' } } },
    async (request, reply) => {
      const found = await meetings.meeting(actorOf(request), request.user!, uuidParam(request));
      if (!found) throw notFound();
      return reply.render(`${V}/meeting.njk`, {
        pageTitle: `MACE 2 meeting: ${found.quadrant.name} quadrant`,
        ...found,
        actions: ordered(found.actions).map((a) => presentAction(a, found.today)),
      });
    },
  );

  // Disruption actions: a coordinator records one; the panel updates it.
  async function actionForm(
    reply: FastifyReply,
    quadrant: Quadrant,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const [places, persons] = await Promise.all([mace2.placesOf(quadrant), mace2.personsOf(quadrant)]);
    const link = (value: string, text: string) => ({ value, text, selected: values.link === value });
    return reply.render(
      `${V}/action-form.njk`,
      {
        pageTitle: 'Add a disruption action',
        quadrant,
        values,
        errors,
        categoryItems: Object.entries(CATEGORIES).map(([value, c]) => ({
          value,
          text: c.text,
          hint: { text: c.hint },
          checked: values.category === value,
        })),
        organisationItems: [
          { value: '', text: 'Choose an agency' },
          ...(await organisations()).map((o) => ({
            value: o.id,
            text: o.name,
            selected: values.organisation === o.id,
          })),
        ],
        dueOnItems: dateInputItems('dueOn', values, Boolean(errors?.fields['dueOn-day'])),
        linkItems: [
          link('', 'None'),
          ...places.filter((p) => p.status === 'open').map((p) => link(`place:${p.id}`, `Place: ${p.name}`)),
          ...persons.filter((p) => p.status === 'open').map((p) => link(`person:${p.id}`, `Person: ${p.name}`)),
        ],
        planItems: [
          { value: 'yes', text: 'Part of the problem profile’s action plan', checked: values.inActionPlan === 'yes' },
        ],
      },
      errors ? 400 : 200,
    );
  }
  const ACTION = 'record a disruption action';
  app.get('/mace/mace2/:quadrant/actions/new', { config: { access: COORDINATE } }, async (request, reply) =>
    actionForm(reply, await quadrantFor(mace2, request, 'coordinator', ACTION), {}),
  );
  app.post('/mace/mace2/:quadrant/actions', { config: { access: COORDINATE, once: true } }, async (request, reply) => {
    const quadrant = await quadrantFor(mace2, request, 'coordinator', ACTION);
    const [places, persons] = await Promise.all([mace2.placesOf(quadrant), mace2.personsOf(quadrant)]);
    const schema = actionSchema({
      organisations: (await organisations()).map((o) => o.id),
      links: [...places.map((p) => `place:${p.id}`), ...persons.map((p) => `person:${p.id}`)],
    });
    const form = parseForm(schema, withDateInputs(request.body, ['dueOn']));
    if (!form.ok) return actionForm(reply, quadrant, form.values, sorted(form.errors, ACTION_FIELDS));
    const id = await meetings.addAction(actorOf(request), request.user!, quadrant, form.data);
    request.session.flash = 'The action is recorded.';
    return reply.redirect(`/mace/mace2/actions/${id}`, 303);
  });

  async function actionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    status = 200,
  ) {
    const found = await meetings.action(actorOf(request), request.user!, uuidParam(request));
    if (!found) throw notFound();
    return reply.render(
      `${V}/action.njk`,
      {
        pageTitle: `Disruption action: ${CATEGORIES[found.action.category].text.toLowerCase()}`,
        ...found,
        action: presentAction(found.action, found.today),
        values: { status: found.action.status, ...values },
        statuses: ACTION_STATUSES,
        errors,
        statusItems: Object.entries(ACTION_STATUSES).map(([value, text]) => ({
          value,
          text,
          checked: (values.status ?? found.action.status) === value,
        })),
      },
      errors ? status : 200,
    );
  }
  app.get(
    '/mace/mace2/actions/:id',
    { config: { access: { record: records.action, can: 'restricted:view-panel' } } },
    (request, reply) => actionPage(request, reply, {}),
  );
  app.post(
    '/mace/mace2/actions/:id',
    { config: { access: { record: records.action, can: 'restricted:view-panel', action: 'mace:take-part' } } },
    async (request, reply) => {
      const form = parseForm(actionUpdateSchema, request.body);
      if (!form.ok) return actionPage(request, reply, form.values, sorted(form.errors, UPDATE_FIELDS), 400);
      try {
        const saved = await meetings.update(actorOf(request), request.user!, uuidParam(request), form.data);
        if (!saved) throw notFound();
      } catch (error) {
        if (!(error instanceof StaleVersionError)) throw error;
        // Keep what they typed; the page shows the action as it is now, with its new version.
        const { version: _version, ...typed } = form.values;
        return actionPage(request, reply, typed, combineErrors(formError('note', STALE)), 409);
      }
      request.session.flash = 'The action is updated.';
      return reply.redirect(`/mace/mace2/actions/${uuidParam(request)}`, 303);
    },
  );
}
