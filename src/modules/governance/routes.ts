import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { notFound } from '../../platform/http/errors.ts';
import { uuidParam } from '../../platform/http/params.ts';
import { dateInputItems, withDateInputs } from '../../platform/views/date-input.ts';
import { combineErrors, formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { actionRoutes } from './action-routes.ts';
import { GovernanceRefused } from './core.ts';
import { meetingRoutes } from './meeting-routes.ts';
import { MANAGE, STALE, asTyped, V, VIEW, boardFor, manages, radios, sorted } from './route-helpers.ts';
import {
  BOARD_KINDS,
  MEETING_STATUSES,
  LEFT_FIELDS,
  MEMBER_FIELDS,
  MEMBER_ROLES,
  WORK_FIELDS,
  memberLeftSchema,
  memberSchema,
  workSchema,
} from './schemas.ts';
import type { GovernanceService } from './service.ts';

/** The boards (issue 14): the list, a board's page, its members and its scrutiny work programme. */
export async function governanceRoutes(app: FastifyInstance, { governance }: { governance: GovernanceService }) {
  app.get('/boards', { config: { access: VIEW } }, async (_request, reply) =>
    reply.render(`${V}/boards.njk`, { pageTitle: 'Boards', boards: await governance.boards(), kinds: BOARD_KINDS }),
  );

  app.get('/boards/:code', { config: { access: VIEW } }, async (request, reply) => {
    const board = await boardFor(governance, request);
    return reply.render(`${V}/board.njk`, {
      pageTitle: board.name,
      board,
      kinds: BOARD_KINDS,
      roles: MEMBER_ROLES,
      meetingStatuses: MEETING_STATUSES,
      manages: manages(request),
      ...(await governance.boardPage(board)),
    });
  });

  async function memberForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const board = await boardFor(governance, request);
    return reply.render(
      `${V}/member-form.njk`,
      {
        pageTitle: `Add a member: ${board.name}`,
        board,
        values,
        errors,
        roleItems: radios(MEMBER_ROLES, values.role),
        joinedOnItems: dateInputItems('joinedOn', values, Boolean(errors?.fields['joinedOn-day'])),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/boards/:code/members/new', { config: { access: MANAGE } }, (request, reply) =>
    memberForm(request, reply, {}),
  );
  app.post('/boards/:code/members', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const board = await boardFor(governance, request);
    const form = parseForm(memberSchema, withDateInputs(request.body, ['joinedOn']));
    if (!form.ok) return memberForm(request, reply, asTyped(request), sorted(form.errors, MEMBER_FIELDS));
    try {
      await governance.addMember(actorOf(request), request.user!, board, form.data);
    } catch (error) {
      if (!(error instanceof GovernanceRefused)) throw error;
      return memberForm(request, reply, asTyped(request), combineErrors(formError(error.field, error.message)));
    }
    request.session.flash = 'The member is added.';
    return reply.redirect(`/boards/${board.code}`, 303);
  });

  // A member leaving: the day they left, kept on the board's page.
  async function leftForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    status = 400,
  ) {
    const board = await boardFor(governance, request);
    const member = await governance.member(board, uuidParam(request));
    if (!member) throw notFound();
    return reply.render(
      `${V}/member-left.njk`,
      {
        pageTitle: `Record that ${member.name} left`,
        board,
        member,
        values,
        errors,
        leftOnItems: dateInputItems('leftOn', values, Boolean(errors?.fields['leftOn-day'])),
      },
      errors ? status : 200,
    );
  }
  app.get('/boards/:code/members/:id/left', { config: { access: MANAGE } }, (request, reply) =>
    leftForm(request, reply, {}),
  );
  app.post('/boards/:code/members/:id/left', { config: { access: MANAGE } }, async (request, reply) => {
    const board = await boardFor(governance, request);
    const form = parseForm(memberLeftSchema, withDateInputs(request.body, ['leftOn']));
    if (!form.ok) return leftForm(request, reply, asTyped(request), sorted(form.errors, LEFT_FIELDS));
    const { version: _version, ...typed } = asTyped(request);
    try {
      const saved = await governance.memberLeft(actorOf(request), request.user!, board, uuidParam(request), form.data);
      if (!saved) throw notFound();
    } catch (error) {
      if (error instanceof StaleVersionError)
        return leftForm(request, reply, typed, formError('leftOn-day', STALE), 409);
      if (error instanceof GovernanceRefused)
        return leftForm(request, reply, typed, formError(error.field, error.message));
      throw error;
    }
    request.session.flash = 'The member is recorded as having left.';
    return reply.redirect(`/boards/${board.code}`, 303);
  });

  app.get('/boards/:code/work-programme', { config: { access: VIEW } }, async (request, reply) => {
    const board = await boardFor(governance, request);
    return reply.render(`${V}/work-programme.njk`, {
      pageTitle: `Work programme: ${board.name}`,
      board,
      manages: manages(request),
      rows: await governance.workProgramme(board),
    });
  });
  async function workForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const board = await boardFor(governance, request);
    return reply.render(
      `${V}/work-form.njk`,
      {
        pageTitle: `Add to the work programme: ${board.name}`,
        board,
        values,
        errors,
        plannedOnItems: dateInputItems('plannedOn', values, Boolean(errors?.fields['plannedOn-day'])),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/boards/:code/work-programme/new', { config: { access: MANAGE } }, (request, reply) =>
    workForm(request, reply, {}),
  );
  app.post('/boards/:code/work-programme', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const board = await boardFor(governance, request);
    const form = parseForm(workSchema, withDateInputs(request.body, ['plannedOn']));
    if (!form.ok) return workForm(request, reply, asTyped(request), sorted(form.errors, WORK_FIELDS));
    await governance.addWork(actorOf(request), request.user!, board, form.data);
    request.session.flash = 'The topic is added to the work programme.';
    return reply.redirect(`/boards/${board.code}/work-programme`, 303);
  });

  await meetingRoutes(app, { governance });
  await actionRoutes(app, { governance });
}
