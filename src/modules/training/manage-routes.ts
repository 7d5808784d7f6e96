import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { dateInputItems, withDateInputs } from '../../platform/views/date-input.ts';
import { combineErrors, formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { TrainingRefused } from './core.ts';
import { MANAGE, STALE, TAKING_PART, V, asTyped, found, manages, options, radios, sorted } from './route-helpers.ts';
import {
  CHAMPION_FIELDS,
  COURSE_FIELDS,
  SESSION_FIELDS,
  attendanceOf,
  championSchema,
  courseEditSchema,
  courseSchema,
  sessionSchema,
  versionOnly,
} from './schemas.ts';
import type { TrainingService } from './service.ts';

type Values = Record<string, unknown>;
type SessionPage = (request: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status?: number) => unknown;

/** The Board manager's pages: courses, sessions (adding, cancelling, attendance) and the champions networks. */
export async function manageRoutes(
  app: FastifyInstance,
  { training, sessionPage }: { training: TrainingService; sessionPage: SessionPage },
) {
  const refused = (error: unknown) => {
    if (error instanceof TrainingRefused) return combineErrors(formError(error.field, error.message));
    throw error;
  };

  // ---- Courses ----
  app.get('/training/courses', { config: { access: MANAGE } }, async (_request, reply) => {
    const settings = await training.settings();
    const courses = (await training.courses()).map((c) => ({
      ...c,
      themeName: settings.themes.find((t) => t.code === c.theme)?.name ?? c.theme,
    }));
    return reply.render(`${V}/courses.njk`, { pageTitle: 'Courses', courses });
  });

  async function courseForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const settings = await training.settings();
    const id = (request.params as { id?: string }).id ? uuidParam(request) : null;
    return reply.render(
      `${V}/course-form.njk`,
      {
        pageTitle: id ? 'Change the course' : 'Add a course',
        action: id ? `/training/courses/${id}` : '/training/courses',
        editing: Boolean(id),
        values,
        errors,
        themeItems: options(settings.themes, values.theme, 'Choose a theme'),
        levelItems: radios(settings.levels, values.level),
        activeItems: radios(
          [
            { code: 'yes', name: 'Yes' },
            { code: 'no', name: 'No, not offered now' },
          ],
          values.active,
        ),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/training/courses/new', { config: { access: MANAGE } }, (request, reply) =>
    courseForm(request, reply, { active: 'yes' }),
  );
  app.post('/training/courses', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const form = parseForm(courseSchema, request.body);
    if (!form.ok) return courseForm(request, reply, asTyped(request), sorted(form.errors, COURSE_FIELDS));
    try {
      await training.offer.addCourse(actorOf(request), currentUser(request), form.data);
    } catch (error) {
      return courseForm(request, reply, asTyped(request), refused(error));
    }
    request.session.flash = 'The course is added.';
    return reply.redirect('/training/courses', 303);
  });
  app.get('/training/courses/:id/edit', { config: { access: MANAGE } }, async (request, reply) => {
    const c = found(await training.course(uuidParam(request)));
    return courseForm(request, reply, { ...c, active: c.active ? 'yes' : 'no' });
  });
  app.post('/training/courses/:id', { config: { access: MANAGE } }, async (request, reply) => {
    const id = uuidParam(request);
    found(await training.course(id));
    const form = parseForm(courseEditSchema, request.body);
    if (!form.ok) return courseForm(request, reply, asTyped(request), sorted(form.errors, COURSE_FIELDS));
    try {
      await training.offer.editCourse(actorOf(request), currentUser(request), id, form.data.version, form.data);
    } catch (error) {
      if (error instanceof StaleVersionError) {
        const c = found(await training.course(id));
        return courseForm(request, reply, { ...asTyped(request), version: c.version }, formError('title', STALE));
      }
      return courseForm(request, reply, asTyped(request), refused(error));
    }
    request.session.flash = 'The course is changed.';
    return reply.redirect('/training/courses', 303);
  });

  // ---- Sessions ----
  async function sessionForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const [courses, quadrants] = await Promise.all([training.courses(true), training.offer.quadrants()]);
    return reply.render(
      `${V}/session-form.njk`,
      {
        pageTitle: 'Add a session',
        values,
        errors,
        courseItems: options(
          courses.map((c) => ({ code: c.id, name: c.title })),
          values.courseId,
          'Choose a course',
        ),
        quadrantItems: options(quadrants, values.quadrant, 'None: the whole county'),
        modeItems: radios(
          [
            { code: 'venue', name: 'In a venue' },
            { code: 'online', name: 'Online' },
          ],
          values.mode,
        ),
        startsOnItems: dateInputItems('startsOn', values, Boolean(errors?.fields['startsOn-day'])),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/training/sessions/new', { config: { access: MANAGE } }, (request, reply) =>
    sessionForm(request, reply, { courseId: (request.query as { course?: string }).course ?? '' }),
  );
  app.post('/training/sessions', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const form = parseForm(sessionSchema(new Date()), withDateInputs(request.body, ['startsOn']));
    if (!form.ok) return sessionForm(request, reply, asTyped(request), sorted(form.errors, SESSION_FIELDS));
    let id: string;
    try {
      id = await training.offer.addSession(actorOf(request), currentUser(request), form.data);
    } catch (error) {
      return sessionForm(request, reply, asTyped(request), refused(error));
    }
    request.session.flash = 'The session is added: practitioners can book it now.';
    return reply.redirect(`/training/sessions/${id}`, 303);
  });

  app.get('/training/sessions/:id/cancel', { config: { access: MANAGE } }, async (request, reply) => {
    const session = found(await training.session(uuidParam(request)));
    return reply.render(`${V}/session-cancel.njk`, { pageTitle: 'Cancel the session', session });
  });
  app.post('/training/sessions/:id/cancel', { config: { access: MANAGE } }, async (request, reply) => {
    const id = uuidParam(request);
    const form = parseForm(versionOnly, request.body);
    if (!form.ok) return sessionPage(request, reply, form.errors, 400);
    try {
      const told = await training.offer.cancelSession(actorOf(request), currentUser(request), id, form.data.version);
      found(told < 0 ? null : told);
      request.session.flash = `The session is cancelled; ${told} ${told === 1 ? 'person was' : 'people were'} emailed.`;
    } catch (error) {
      if (error instanceof StaleVersionError) return sessionPage(request, reply, formError('cancel', STALE), 409);
      return sessionPage(request, reply, refused(error), 409);
    }
    return reply.redirect(`/training/sessions/${id}`, 303);
  });

  app.post('/training/sessions/:id/attendance', { config: { access: MANAGE } }, async (request, reply) => {
    const marks = attendanceOf(request.body);
    if (typeof marks === 'string') return sessionPage(request, reply, formError('attendance', marks), 400);
    try {
      found(
        (await training.bookings.recordAttendance(actorOf(request), currentUser(request), uuidParam(request), marks)) ||
          null,
      );
    } catch (error) {
      return sessionPage(request, reply, refused(error), 409);
    }
    request.session.flash = 'The attendance is recorded.';
    return reply.redirect(`/training/sessions/${uuidParam(request)}`, 303);
  });

  // ---- The champions networks ----
  app.get('/training/champions', { config: { access: TAKING_PART } }, async (request, reply) =>
    reply.render(`${V}/champions.njk`, {
      pageTitle: 'Champions networks',
      manages: manages(request),
      networks: await training.offer.networks(todayInLondon()),
    }),
  );
  async function championForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const [settings, quadrants, organisations] = await Promise.all([
      training.settings(),
      training.offer.quadrants(),
      training.offer.organisations(),
    ]);
    return reply.render(
      `${V}/champion-form.njk`,
      {
        pageTitle: 'Add a champion',
        values,
        errors,
        networkItems: radios(settings.networks, values.network),
        quadrantItems: options(quadrants, values.quadrant, 'Choose a quadrant'),
        organisationItems: options(
          organisations.map((o) => ({ code: o.id, name: o.name })),
          values.organisationId,
          'Not listed: type its name below',
        ),
        startedOnItems: dateInputItems('startedOn', values, Boolean(errors?.fields['startedOn-day'])),
        endedOnItems: dateInputItems('endedOn', values, Boolean(errors?.fields['endedOn-day'])),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/training/champions/new', { config: { access: MANAGE } }, (request, reply) =>
    championForm(request, reply, {}),
  );
  app.post('/training/champions', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const form = parseForm(championSchema, withDateInputs(request.body, ['startedOn', 'endedOn']));
    if (!form.ok) return championForm(request, reply, asTyped(request), sorted(form.errors, CHAMPION_FIELDS));
    try {
      await training.offer.addChampion(actorOf(request), currentUser(request), form.data);
    } catch (error) {
      return championForm(request, reply, asTyped(request), refused(error));
    }
    request.session.flash = 'The champion is added.';
    return reply.redirect('/training/champions', 303);
  });
}
