import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { reportHref } from '../performance/index.ts';
import type { z } from 'zod';
import { actorOf } from '../../platform/auth/guards.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { notFound } from '../../platform/http/errors.ts';
import { uuidParam } from '../../platform/http/params.ts';
import { dateInputItems, dateInputValues, withDateInputs } from '../../platform/views/date-input.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { GovernanceRefused } from './core.ts';
import { MANAGE, asTyped, dayText, STALE, V, VIEW, boardFor, manages, radios, sorted } from './route-helpers.ts';
import {
  ACTION_STATUSES,
  CORRECTION_FIELDS,
  DECISION_FIELDS,
  ITEM_FIELDS,
  MEETING_FIELDS,
  MEETING_STATUSES,
  MINUTES_FIELDS,
  PAPER_FIELDS,
  correctionSchema,
  decisionSchema,
  itemSchema,
  meetingSchema,
  minutesSchema,
  paperSchema,
  publishSchema,
} from './schemas.ts';
import type { GovernanceService } from './service.ts';

/** A board's meetings: schedule one, its page, its agenda items, papers, minutes (and corrections), decisions. */
export async function meetingRoutes(app: FastifyInstance, { governance }: { governance: GovernanceService }) {
  const meetings = governance.meetings;
  const base = (code: string, id: string) => `/boards/${code}/meetings/${id}`;

  async function meetingForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const board = await boardFor(governance, request);
    return reply.render(
      `${V}/meeting-form.njk`,
      {
        pageTitle: `Schedule a meeting: ${board.name}`,
        board,
        values,
        errors,
        heldOnItems: dateInputItems('heldOn', values, Boolean(errors?.fields['heldOn-day'])),
        statusItems: radios(MEETING_STATUSES, values.status ?? 'scheduled'),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/boards/:code/meetings/new', { config: { access: MANAGE } }, (request, reply) =>
    meetingForm(request, reply, {}),
  );
  app.post('/boards/:code/meetings', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const board = await boardFor(governance, request);
    const form = parseForm(meetingSchema, withDateInputs(request.body, ['heldOn']));
    if (!form.ok) return meetingForm(request, reply, asTyped(request), sorted(form.errors, MEETING_FIELDS));
    const id = await meetings.schedule(actorOf(request), request.user!, board, form.data);
    request.session.flash = 'The meeting is scheduled. Add its agenda items.';
    return reply.redirect(base(board.code, id), 303);
  });

  /** The meeting of the board in the address, or a 404 (another board's meeting too). */
  async function meetingFor(request: FastifyRequest) {
    const board = await boardFor(governance, request);
    const found = await meetings.meeting(board, uuidParam(request));
    if (!found) throw notFound();
    return { board, ...found };
  }
  async function meetingPage(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status = 200) {
    const found = await meetingFor(request);
    return reply.render(
      `${V}/meeting.njk`,
      {
        pageTitle: `Meeting on ${dayText(found.meeting.held_on)}: ${found.board.name}`,
        ...found,
        statuses: MEETING_STATUSES,
        actionStatuses: ACTION_STATUSES,
        manages: manages(request),
        reportHref,
        errors,
      },
      errors ? status : 200,
    );
  }
  app.get('/boards/:code/meetings/:id', { config: { access: VIEW } }, (request, reply) => meetingPage(request, reply));

  app.post('/boards/:code/meetings/:id/publish', { config: { access: MANAGE } }, async (request, reply) => {
    const found = await meetingFor(request);
    const form = parseForm(publishSchema, request.body);
    if (!form.ok) return meetingPage(request, reply, form.errors, 400);
    try {
      await meetings.publish(actorOf(request), request.user!, found.board, found.meeting.id, form.data.version);
    } catch (error) {
      if (error instanceof StaleVersionError) return meetingPage(request, reply, formError('publish', STALE), 409);
      if (error instanceof GovernanceRefused)
        return meetingPage(request, reply, formError('publish', error.message), 409);
      throw error;
    }
    request.session.flash = 'The minutes are published. From now on they change only by a recorded correction.';
    return reply.redirect(base(found.board.code, found.meeting.id), 303);
  });

  // An agenda item: it goes at the end of the agenda.
  async function itemForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const found = await meetingFor(request);
    return reply.render(
      `${V}/item-form.njk`,
      { pageTitle: 'Add an agenda item', ...found, values, errors },
      errors ? 400 : 200,
    );
  }
  app.get('/boards/:code/meetings/:id/items/new', { config: { access: MANAGE } }, (request, reply) =>
    itemForm(request, reply, {}),
  );
  app.post('/boards/:code/meetings/:id/items', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const found = await meetingFor(request);
    const form = parseForm(itemSchema, request.body);
    if (!form.ok) return itemForm(request, reply, form.values, sorted(form.errors, ITEM_FIELDS));
    await meetings.addItem(actorOf(request), request.user!, found.board, found.meeting.id, form.data);
    request.session.flash = 'The agenda item is added.';
    return reply.redirect(base(found.board.code, found.meeting.id), 303);
  });

  /** The agenda item of the meeting in the address, or a 404. */
  async function itemFor(request: FastifyRequest) {
    const found = await meetingFor(request);
    const item = found.items.find((i) => i.id === uuidParam(request, 'item'));
    if (!item) throw notFound();
    return { ...found, item };
  }

  // A paper for an item: a report Hearth makes (a key and parameters) or a document (a link or a note).
  async function paperForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const found = await itemFor(request);
    const kinds = { document: 'A document (a link or a note of where it is)', report: 'A report Hearth makes' };
    return reply.render(
      `${V}/paper-form.njk`,
      { pageTitle: 'Add a paper', ...found, values, errors, kindItems: radios(kinds, values.kind ?? 'document') },
      errors ? 400 : 200,
    );
  }
  app.get('/boards/:code/meetings/:id/items/:item/papers/new', { config: { access: MANAGE } }, (request, reply) =>
    paperForm(request, reply, {}),
  );
  app.post(
    '/boards/:code/meetings/:id/items/:item/papers',
    { config: { access: MANAGE, once: true } },
    async (request, reply) => {
      const found = await itemFor(request);
      const form = parseForm(paperSchema, request.body);
      if (!form.ok) return paperForm(request, reply, form.values, sorted(form.errors, PAPER_FIELDS));
      await meetings.addPaper(actorOf(request), request.user!, found.board, found.meeting.id, found.item.id, form.data);
      request.session.flash = 'The paper is added.';
      return reply.redirect(base(found.board.code, found.meeting.id), 303);
    },
  );

  // Minutes of an item: recorded until published; after that, a correction with its reason.
  async function minutesForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    status = 400,
  ) {
    const found = await itemFor(request);
    const published = found.meeting.minutes_published_at !== null;
    return reply.render(
      `${V}/minutes-form.njk`,
      {
        pageTitle: published ? 'Correct the minutes' : 'Record the minutes',
        ...found,
        published,
        values: { minutes: found.item.minutes, ...values },
        errors,
      },
      errors ? status : 200,
    );
  }
  app.get('/boards/:code/meetings/:id/items/:item/minutes', { config: { access: MANAGE } }, (request, reply) =>
    minutesForm(request, reply, {}),
  );
  type ItemFound = Awaited<ReturnType<typeof itemFor>>;
  type ItemIds = { meeting: string; item: string };
  /** Minutes and their corrections: one form, one way of saving (stale or refused → the form again, kept). */
  async function saveMinutes<S extends z.ZodType>(
    request: FastifyRequest,
    reply: FastifyReply,
    step: { schema: S; fields: string[]; flash: string },
    save: (found: ItemFound, ids: ItemIds, data: z.infer<S>) => Promise<unknown>,
  ): Promise<unknown> {
    const found = await itemFor(request);
    const form = parseForm(step.schema, request.body);
    if (!form.ok) return minutesForm(request, reply, form.values, sorted(form.errors, step.fields));
    const { version: _version, ...typed } = form.values;
    try {
      await save(found, { meeting: found.meeting.id, item: found.item.id }, form.data);
    } catch (error) {
      if (error instanceof StaleVersionError)
        return minutesForm(request, reply, typed, formError('minutes', STALE), 409);
      if (error instanceof GovernanceRefused)
        return minutesForm(request, reply, typed, formError(error.field, error.message), 409);
      throw error;
    }
    request.session.flash = step.flash;
    return reply.redirect(`${base(found.board.code, found.meeting.id)}#item-${found.item.position}`, 303);
  }
  app.post('/boards/:code/meetings/:id/items/:item/minutes', { config: { access: MANAGE } }, (request, reply) =>
    saveMinutes(
      request,
      reply,
      { schema: minutesSchema, fields: MINUTES_FIELDS, flash: 'The minutes are saved.' },
      (found, ids, data) => meetings.recordMinutes(actorOf(request), request.user!, found.board, ids, data),
    ),
  );
  app.post('/boards/:code/meetings/:id/items/:item/corrections', { config: { access: MANAGE } }, (request, reply) =>
    saveMinutes(
      request,
      reply,
      { schema: correctionSchema, fields: CORRECTION_FIELDS, flash: 'The correction is recorded.' },
      (found, ids, data) => meetings.correctMinutes(actorOf(request), request.user!, found.board, ids, data),
    ),
  );

  // A decision of the meeting, about one of its items or the meeting as a whole.
  async function decisionForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const found = await meetingFor(request);
    const start = Object.keys(values).length
      ? values
      : { ...dateInputValues('decidedOn', found.meeting.held_on), item: (request.query as { item?: string }).item };
    return reply.render(
      `${V}/decision-form.njk`,
      {
        pageTitle: 'Record a decision',
        ...found,
        values: start,
        errors,
        itemOptions: [
          { value: '', text: 'The meeting as a whole' },
          ...found.items.map((i) => ({
            value: i.id,
            text: `${i.position}. ${i.title}`,
            selected: start.item === i.id,
          })),
        ],
        decidedOnItems: dateInputItems('decidedOn', start, Boolean(errors?.fields['decidedOn-day'])),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/boards/:code/meetings/:id/decisions/new', { config: { access: MANAGE } }, (request, reply) =>
    decisionForm(request, reply, {}),
  );
  app.post(
    '/boards/:code/meetings/:id/decisions',
    { config: { access: MANAGE, once: true } },
    async (request, reply) => {
      const found = await meetingFor(request);
      const form = parseForm(decisionSchema(found.items.map((i) => i.id)), withDateInputs(request.body, ['decidedOn']));
      if (!form.ok) return decisionForm(request, reply, asTyped(request), sorted(form.errors, DECISION_FIELDS));
      await meetings.addDecision(actorOf(request), request.user!, found.board, found.meeting.id, form.data);
      request.session.flash = 'The decision is recorded.';
      return reply.redirect(base(found.board.code, found.meeting.id), 303);
    },
  );
}
