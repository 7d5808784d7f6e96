import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { dateInputItems, withDateInputs } from '../../platform/views/date-input.ts';
import { combineErrors, formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { VoiceRefused } from './core.ts';
import { meetingRoutes } from './meeting-routes.ts';
import { importRoutes } from './import-routes.ts';
import { MANAGE, READ, V, asTyped, codeParam, found, manages, sorted } from './route-helpers.ts';
import { RESPONSE_FIELDS, ROUND_FIELDS, answersOf, responseSchema, roundSchema } from './schemas.ts';
import type { VoiceService } from './service.ts';
import { VoiceProblems } from './surveys.ts';

type Values = Record<string, unknown>;

/** The voice of children in care (issue 16): the surveys and their rounds; the CiCC and the promises beside. */
export async function voiceRoutes(app: FastifyInstance, { voice }: { voice: VoiceService }) {
  app.get('/voice', { config: { access: READ } }, async (request, reply) => {
    const manager = manages(request);
    const [surveys, rounds, versions, year] = await Promise.all([
      voice.surveys.list(),
      voice.surveys.rounds(),
      voice.promises.versions(),
      manager ? voice.meetings.year(todayInLondon()) : null,
    ]);
    const latest = voice.settings.documents.map((d) => ({
      ...d,
      version: versions.find((v) => v.document === d.code) ?? null,
    }));
    return reply.render(`${V}/home.njk`, {
      pageTitle: 'Voice of children in care',
      manages: manager,
      surveys: surveys.map((s) => ({ ...s, rounds: rounds.filter((r) => r.survey_code === s.code).slice(0, 3) })),
      latest,
      year,
    });
  });

  app.get('/voice/surveys/:code', { config: { access: READ } }, async (request, reply) => {
    const survey = found(await voice.surveys.survey(codeParam(request)));
    const [questions, rounds] = await Promise.all([
      voice.surveys.questions(survey.id),
      voice.surveys.rounds(survey.id),
    ]);
    const file = voice.settings.surveys.find((s) => s.code === survey.code);
    return reply.render(`${V}/survey.njk`, {
      pageTitle: survey.name,
      survey,
      about: file?.about ?? '',
      toConfirm: file?.toConfirm || voice.settings.toConfirm,
      questions: questions.map((q) => ({
        ...q,
        themeName: voice.settings.themes.find((t) => t.code === q.theme)?.name,
      })),
      rounds,
      scale: voice.settings.scale,
      manages: manages(request),
    });
  });

  // ---- Rounds ----
  async function roundForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const survey = found(await voice.surveys.survey(codeParam(request)));
    return reply.render(
      `${V}/round-form.njk`,
      {
        pageTitle: `Open a round of ${survey.name}`,
        survey,
        values,
        errors,
        opensOnItems: dateInputItems('opensOn', values, Boolean(errors?.fields['opensOn-day'])),
        closesOnItems: dateInputItems('closesOn', values, Boolean(errors?.fields['closesOn-day'])),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/voice/surveys/:code/rounds/new', { config: { access: MANAGE } }, (request, reply) =>
    roundForm(request, reply, { year: todayInLondon().slice(0, 4) }),
  );
  app.post('/voice/surveys/:code/rounds', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const code = codeParam(request);
    found(await voice.surveys.survey(code));
    const form = parseForm(roundSchema, withDateInputs(request.body, ['opensOn', 'closesOn']));
    if (!form.ok) return roundForm(request, reply, asTyped(request), sorted(form.errors, ROUND_FIELDS));
    let id: string;
    try {
      id = await voice.surveys.addRound(actorOf(request), currentUser(request), code, form.data);
    } catch (error) {
      if (!(error instanceof VoiceRefused)) throw error;
      return roundForm(request, reply, asTyped(request), formError(error.field, error.message));
    }
    request.session.flash = 'The round is open: enter or import its responses.';
    return reply.redirect(`/voice/rounds/${id}`, 303);
  });

  app.get('/voice/rounds/:id', { config: { access: READ } }, async (request, reply) => {
    const shown = found(await voice.results(uuidParam(request)));
    return reply.render(`${V}/round.njk`, {
      pageTitle: `${shown.round.survey_name} ${shown.round.year}`,
      ...shown,
      manages: manages(request),
    });
  });

  // ---- Responses: one typed in ----
  async function responseForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const round = found(await voice.surveys.round(uuidParam(request)));
    const questions = await voice.surveys.questions(round.survey_id);
    const { scale, ageGroups } = voice.settings;
    const points = scale.labels.map((label, i) => ({ value: String(scale.min + i), label }));
    return reply.render(
      `${V}/response-form.njk`,
      {
        pageTitle: 'Enter a response',
        round,
        values,
        errors,
        respondedOnItems: dateInputItems('respondedOn', values, Boolean(errors?.fields['respondedOn-day'])),
        ageGroupItems: ageGroups.map((g) => ({ value: g.code, text: g.name, checked: values.ageGroup === g.code })),
        questions: questions.map((q) => ({
          ...q,
          items: [
            ...points.map((p) => ({
              value: p.value,
              text: `${p.value}: ${p.label}`,
              checked: values[`q-${q.code}`] === p.value,
            })),
            { value: '', text: 'Not answered', checked: !values[`q-${q.code}`] },
          ],
        })),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/voice/rounds/:id/responses/new', { config: { access: MANAGE } }, (request, reply) =>
    responseForm(request, reply, {}),
  );
  app.post('/voice/rounds/:id/responses', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const id = uuidParam(request);
    found(await voice.surveys.round(id));
    const form = parseForm(responseSchema, withDateInputs(request.body, ['respondedOn']));
    if (!form.ok) return responseForm(request, reply, asTyped(request), sorted(form.errors, RESPONSE_FIELDS));
    try {
      const input = { ...form.data, answers: answersOf(request.body) };
      found(await voice.surveys.addResponse(actorOf(request), currentUser(request), id, input));
    } catch (error) {
      if (!(error instanceof VoiceProblems)) throw error;
      return responseForm(request, reply, asTyped(request), sorted(combineErrors(error.problems), RESPONSE_FIELDS));
    }
    request.session.flash = 'The response is saved.';
    return reply.redirect(`/voice/rounds/${id}`, 303);
  });

  await importRoutes(app, { voice });
  await meetingRoutes(app, { voice });
}
