import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { notFound } from '../../platform/http/errors.ts';
import { uuidParam } from '../../platform/http/params.ts';
import { dateInputItems, dateInputValues, withDateInputs } from '../../platform/views/date-input.ts';
import { combineErrors, formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { GovernanceRefused } from './core.ts';
import { MANAGE, asTyped, dayText, STALE, V, VIEW, boardFor, manages, radios, sorted } from './route-helpers.ts';
import { ACTION_FIELDS, ACTION_STATUSES, UPDATE_FIELDS, actionSchema, actionUpdateSchema } from './schemas.ts';
import type { GovernanceService } from './service.ts';

const SHOW = { open: 'Open', done: 'Done or dropped', all: 'All' } as const;
type Show = keyof typeof SHOW;

/** The action log of a board (matters arising): the list (open, done, all; overdue marked), add, open and update. */
export async function actionRoutes(app: FastifyInstance, { governance }: { governance: GovernanceService }) {
  const actions = governance.actions;

  app.get('/boards/:code/actions', { config: { access: VIEW } }, async (request, reply) => {
    const board = await boardFor(governance, request);
    const asked = (request.query as { show?: unknown }).show;
    const show: Show = typeof asked === 'string' && asked in SHOW ? (asked as Show) : 'open';
    return reply.render(`${V}/actions.njk`, {
      pageTitle: `Action log: ${board.name}`,
      board,
      show,
      filters: Object.entries(SHOW).map(([value, text]) => ({ value, text, current: value === show })),
      actions: await actions.list(board, show),
      manages: manages(request),
    });
  });

  async function actionForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const board = await boardFor(governance, request);
    const items = await actions.items(board);
    const start = Object.keys(values).length
      ? values
      : { ...dateInputValues('raisedOn', todayInLondon()), item: (request.query as { item?: string }).item ?? '' };
    return reply.render(
      `${V}/action-form.njk`,
      {
        pageTitle: `Add an action: ${board.name}`,
        board,
        values: start,
        errors,
        itemOptions: [
          { value: '', text: 'Not from an agenda item' },
          ...items.map((i) => ({
            value: i.id,
            text: `${dayText(i.held_on)}, item ${i.position}: ${i.title}`,
            selected: start.item === i.id,
          })),
        ],
        raisedOnItems: dateInputItems('raisedOn', start, Boolean(errors?.fields['raisedOn-day'])),
        dueOnItems: dateInputItems('dueOn', start, Boolean(errors?.fields['dueOn-day'])),
        linkKind: start.linkKind ?? '',
      },
      errors ? 400 : 200,
    );
  }
  app.get('/boards/:code/actions/new', { config: { access: MANAGE } }, (request, reply) =>
    actionForm(request, reply, {}),
  );
  app.post('/boards/:code/actions', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const board = await boardFor(governance, request);
    const items = await actions.items(board);
    const form = parseForm(actionSchema(items.map((i) => i.id)), withDateInputs(request.body, ['raisedOn', 'dueOn']));
    if (!form.ok) return actionForm(request, reply, asTyped(request), sorted(form.errors, ACTION_FIELDS));
    let id: string;
    try {
      id = await actions.add(actorOf(request), request.user!, board, form.data);
    } catch (error) {
      if (!(error instanceof GovernanceRefused)) throw error;
      return actionForm(request, reply, asTyped(request), combineErrors(formError(error.field, error.message)));
    }
    request.session.flash = 'The action is added to the log.';
    return reply.redirect(`/boards/${board.code}/actions/${id}`, 303);
  });

  async function actionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    status = 200,
  ) {
    const board = await boardFor(governance, request);
    const found = await actions.action(board, uuidParam(request));
    if (!found) throw notFound();
    return reply.render(
      `${V}/action.njk`,
      {
        pageTitle: `Action: ${board.name}`,
        board,
        ...found,
        statuses: ACTION_STATUSES,
        manages: manages(request),
        values,
        errors,
        statusItems: radios(ACTION_STATUSES, values.status ?? found.action.status),
      },
      errors ? status : 200,
    );
  }
  app.get('/boards/:code/actions/:id', { config: { access: VIEW } }, (request, reply) =>
    actionPage(request, reply, {}),
  );
  app.post('/boards/:code/actions/:id', { config: { access: MANAGE } }, async (request, reply) => {
    const board = await boardFor(governance, request);
    const form = parseForm(actionUpdateSchema, request.body);
    if (!form.ok) return actionPage(request, reply, form.values, sorted(form.errors, UPDATE_FIELDS), 400);
    try {
      const saved = await actions.update(actorOf(request), request.user!, board, uuidParam(request), form.data);
      if (!saved) throw notFound();
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      // Keep what they typed; the page shows the action as it is now, with its new version.
      const { version: _version, ...typed } = form.values;
      return actionPage(request, reply, typed, combineErrors(formError('note', STALE)), 409);
    }
    request.session.flash = 'The action is updated.';
    return reply.redirect(`/boards/${board.code}/actions/${uuidParam(request)}`, 303);
  });
}
