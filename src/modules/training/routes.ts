import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { actorOf } from '../../platform/auth/guards.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { combineErrors, formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { TrainingRefused } from './core.ts';
import { manageRoutes } from './manage-routes.ts';
import { BOOK, TAKING_PART, V, asTyped, books, found, manages, sorted } from './route-helpers.ts';
import { AFTER_FIELDS, ATTENDANCE, FOLLOW_UP_FIELDS, SCALE, afterSchema, followUpSchema, whenText } from './schemas.ts';
import type { TrainingService } from './service.ts';
import { sessionRows } from './present.ts';

const STATUS = { booked: 'You have a place', waiting: 'On the waiting list', cancelled: 'Cancelled' };

/** The training offer (issue 16): the sessions, booking and cancelling, evaluations; the manager's pages beside. */
export async function trainingRoutes(app: FastifyInstance, { training }: { training: TrainingService }) {
  app.get('/training', { config: { access: TAKING_PART } }, async (request, reply) => {
    const user = currentUser(request);
    const [sessions, mine, settings] = await Promise.all([
      training.upcoming(),
      training.bookingsOf(user.id),
      training.settings(),
    ]);
    return reply.render(`${V}/offer.njk`, {
      pageTitle: 'Training',
      manages: manages(request),
      books: books(request),
      sessions: sessionRows(sessions, settings),
      mine: mine.map((b) => ({ ...b, when: whenText(b.starts_at), statusText: STATUS[b.status] })),
      today: new Date(),
    });
  });

  async function sessionPage(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors, status = 200) {
    const session = found(await training.session(uuidParam(request)));
    const user = currentUser(request);
    const settings = await training.settings();
    const people = await training.people(session.id);
    const manager = manages(request);
    const own = people.find((p) => p.user_id === user.id);
    const waitingPlace = own?.status === 'waiting' ? people.filter((p) => p.status === 'waiting').indexOf(own) + 1 : 0;
    return reply.render(
      `${V}/session.njk`,
      {
        pageTitle: session.title,
        session: sessionRows([session], settings)[0],
        own,
        waitingPlace,
        books: books(request),
        manages: manager,
        started: session.starts_at <= new Date(),
        booked: manager
          ? people
              .filter((p) => p.status === 'booked')
              .map((p) => ({
                ...p,
                items: Object.entries(ATTENDANCE).map(([value, text]) => ({
                  value,
                  text,
                  checked: p.attendance === value,
                })),
              }))
          : [],
        waiting: manager ? people.filter((p) => p.status === 'waiting') : [],
        attendanceLabels: ATTENDANCE,
        errors,
      },
      errors ? status : 200,
    );
  }
  app.get('/training/sessions/:id', { config: { access: TAKING_PART } }, (request, reply) =>
    sessionPage(request, reply),
  );

  app.post('/training/sessions/:id/book', { config: { access: BOOK, once: true } }, async (request, reply) => {
    const id = uuidParam(request);
    try {
      const booked = found(await training.bookings.book(actorOf(request), currentUser(request), id));
      request.session.flash =
        booked.status === 'booked'
          ? 'You have a place on this session.'
          : 'The session is full: you are on its waiting list, and will be emailed if a place comes free.';
    } catch (error) {
      if (!(error instanceof TrainingRefused)) throw error;
      return sessionPage(request, reply, formError('book', error.message), 409);
    }
    return reply.redirect(`/training/sessions/${id}`, 303);
  });

  app.post('/training/bookings/:id/cancel', { config: { access: BOOK } }, async (request, reply) => {
    const id = uuidParam(request);
    try {
      found((await training.bookings.cancel(actorOf(request), currentUser(request), id)) || null);
    } catch (error) {
      if (!(error instanceof TrainingRefused)) throw error;
      request.session.flash = error.message;
      return reply.redirect('/training', 303);
    }
    request.session.flash = 'Your booking is cancelled.';
    return reply.redirect('/training', 303);
  });

  // ---- Evaluations: straight after the session, and some months later (impact on practice) ----
  for (const kind of ['after', 'follow-up'] as const) {
    const path = kind === 'after' ? 'evaluation' : 'follow-up';
    const schema = kind === 'after' ? afterSchema : followUpSchema;
    const fields = kind === 'after' ? AFTER_FIELDS : FOLLOW_UP_FIELDS;
    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors?: FormErrors,
    ) => {
      const user = currentUser(request);
      found(await training.bookings.own(actorOf(request), user, uuidParam(request)));
      const window = await training.bookings.evaluationWindow(user, uuidParam(request), kind);
      if (!window.session) throw new Error('unreachable');
      return reply.render(
        `${V}/evaluation.njk`,
        {
          pageTitle: kind === 'after' ? 'Evaluate the session' : 'How has the training changed your practice?',
          kind,
          action: `/training/bookings/${uuidParam(request)}/${path}`,
          session: { ...window.session, when: whenText(window.session.starts_at) },
          closedReason: window.reason,
          values,
          errors,
          scale: (name: string) => SCALE.map((v) => ({ value: v, text: v, checked: values[name] === v })),
        },
        errors ? 400 : 200,
      );
    };
    app.get(`/training/bookings/:id/${path}`, { config: { access: BOOK } }, (request, reply) =>
      render(request, reply, {}),
    );
    app.post(`/training/bookings/:id/${path}`, { config: { access: BOOK, once: true } }, async (request, reply) => {
      const form = parseForm(schema, request.body);
      if (!form.ok) return render(request, reply, asTyped(request), sorted(form.errors, fields));
      try {
        const input =
          kind === 'after'
            ? { kind, data: form.data as z.output<typeof afterSchema> }
            : { kind, data: form.data as z.output<typeof followUpSchema> };
        found(
          (await training.bookings.evaluate(actorOf(request), currentUser(request), uuidParam(request), input)) || null,
        );
      } catch (error) {
        if (!(error instanceof TrainingRefused)) throw error;
        return render(request, reply, asTyped(request), combineErrors(formError(error.field, error.message)));
      }
      request.session.flash = 'Thank you: your evaluation is saved.';
      return reply.redirect('/training', 303);
    });
  }

  await manageRoutes(app, { training, sessionPage });
}
