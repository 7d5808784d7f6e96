import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { actorOf } from '../../platform/auth/guards.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formError, type FormErrors } from '../../platform/views/forms.ts';
import type { PersonEntry, PractitionerAnswers } from './answers.ts';
import { registerFormExpiredPage } from './form-expired.ts';
import { flagMessage, multiline, personFormValues, personRows, summaryRow, worryRows } from './present.ts';
import { CONSENT_RULE, levelChangeProblem, practitionerProblems } from './rules.ts';
import {
  parseFormPage,
  consentSchema,
  districtSchema,
  levelSchema,
  LIMITS,
  supportSchema,
  personSchema,
  PERSON_FIELDS,
  strengthsSchema,
  triedSchema,
  versionSchema,
  worriesSchema,
  worryField,
} from './schemas.ts';
import {
  DraftSubmittedError,
  RequestNotReadyError,
  StaleDraftError,
  type FrontDoorOptions,
  type FrontDoorService,
} from './service.ts';

const V = 'front-door/views';

export const STALE_MESSAGE =
  'This request was changed in another tab or window after you opened this page, so what you entered here has not been saved. The page now shows the saved answers: make your changes again.';

/** A section of the task list: its page, its form schema, and how its answers are read and saved. */
interface Section<T> {
  slug: string;
  title: string;
  template: string;
  schema: (options: FrontDoorOptions, answers: PractitionerAnswers) => z.ZodType<T>;
  values: (answers: PractitionerAnswers) => Record<string, unknown>;
  save: (answers: PractitionerAnswers, data: T) => PractitionerAnswers;
  done: (answers: PractitionerAnswers) => boolean;
  /** Another section the saved answers now need looking at (its slug), instead of going back. */
  next?: (answers: PractitionerAnswers) => string | null;
}

const section = <T>(s: Section<T>) => s as unknown as Section<unknown>;

/** The answers to "Is the family already getting support?", as the radios say them. */
export const SUPPORT_ANSWERS: Record<string, string> = {
  new: 'No, this is a new request',
  'step-up': 'Yes, and they need more help (step up)',
  'step-down': 'Yes, and they need less help (step down)',
};

const yes = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'yes' : 'no');

const levelNames = (o: FrontDoorOptions) => (level: number) => {
  const found = o.levels.find((l) => l.level === level);
  return found ? found.name : undefined;
};

/** The first section: a new request, or a step up or down for a family already getting support. */
export const SUPPORT_SECTION = section({
  slug: 'support',
  title: 'Is the family already getting support?',
  template: 'support.njk',
  schema: (o) => supportSchema(o.levels.map((l) => l.level)),
  values: (a) => ({
    requestKind: a.support?.kind,
    currentLevel: a.support && a.support.kind !== 'new' ? String(a.support.currentLevel) : undefined,
    handoverSummary: a.support && a.support.kind !== 'new' ? a.support.handoverSummary : undefined,
  }),
  save: (a, support) => ({ ...a, support }),
  done: (a) => a.support !== undefined,
  // A level already chosen that now goes the wrong way for the change: ask for it again at once.
  next: (a) => (a.support && a.level && levelChangeProblem(a.support, a.level.level) ? 'level' : null),
});

export const SECTIONS: Section<unknown>[] = [
  SUPPORT_SECTION,
  section({
    slug: 'worries',
    title: 'What the worries are',
    template: 'worries.njk',
    schema: (o) => worriesSchema(o.outcomeAreas, 'practitioner'),
    values: (a) => ({
      areas: (a.worries ?? []).map((w) => w.area),
      ...Object.fromEntries((a.worries ?? []).map((w) => [worryField(w.area), w.details])),
    }),
    save: (a, worries) => ({ ...a, worries }),
    done: (a) => Boolean(a.worries?.length),
  }),
  section({
    slug: 'strengths',
    title: 'Strengths',
    template: 'strengths.njk',
    schema: () => strengthsSchema,
    values: (a) => ({ strengths: a.strengths }),
    save: (a, d) => ({ ...a, strengths: d.strengths }),
    done: (a) => a.strengths !== undefined,
  }),
  section({
    slug: 'tried',
    title: 'What has already been tried',
    template: 'tried.njk',
    schema: () => triedSchema,
    values: (a) => ({ tried: a.tried?.text, earlyHelpPlan: yes(a.tried?.earlyHelpPlan), taf: yes(a.tried?.taf) }),
    save: (a, d) => ({ ...a, tried: { text: d.tried, earlyHelpPlan: d.earlyHelpPlan, taf: d.taf } }),
    done: (a) => a.tried !== undefined,
  }),
  section({
    slug: 'level',
    title: 'Level of need',
    template: 'level.njk',
    schema: (o, a) =>
      levelSchema(
        o.levels.map((l) => l.level),
        a.support,
        levelNames(o),
      ),
    values: (a) => ({ level: a.level ? String(a.level.level) : undefined, levelReasons: a.level?.reasons }),
    save: (a, d) => ({ ...a, level: { level: d.level, reasons: d.levelReasons } }),
    done: (a) => a.level !== undefined,
  }),
  section({
    slug: 'consent',
    title: 'Consent',
    template: 'consent.njk',
    schema: () => consentSchema,
    values: (a) => ({
      consentToRequest: yes(a.consent?.request),
      consentToSharing: yes(a.consent?.sharing),
      noConsentReason: a.consent?.reason,
    }),
    save: (a, consent) => ({ ...a, consent }),
    done: (a) => a.consent !== undefined,
  }),
];

/** Checkbox fields arrive as a string for one choice and an array for several: always an array here. */
const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

/** The draft version a form was built from; a form without one is treated as out of date. */
const formVersion = (body: unknown) => {
  const parsed = versionSchema.safeParse(body);
  return parsed.success ? parsed.data.version : 0;
};

/** Sorts an error summary into the order the page shows its fields. */
function inFieldOrder(errors: FormErrors, fields: string[]): FormErrors {
  const rank = (href: string) => {
    const i = fields.indexOf(href.slice(1));
    return i === -1 ? fields.length : i;
  };
  return { ...errors, list: [...errors.list].sort((a, b) => rank(a.href) - rank(b.href)) };
}

/**
 * The practitioner's Request for Support: a GOV.UK task list over a draft that every section saves
 * to, then "Check your answers", then an idempotent send. Only for users who may 'request:make'.
 */
export async function frontDoorRoutes(app: FastifyInstance, { frontDoor }: { frontDoor: FrontDoorService }) {
  registerFormExpiredPage(app);

  const draftBase = (id: string) => `/requests/drafts/${id}`;

  /** The signed-in user's open draft from the URL, or a 404; a sent draft goes to its confirmation. */
  async function loadDraft(request: FastifyRequest, reply: FastifyReply) {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    const draft = await frontDoor.draft(request.user!.id, id);
    if (!draft) throw notFound();
    if (draft.submittedRequestId) {
      void reply.redirect(`/requests/sent/${draft.submittedRequestId}`, 303);
      return null;
    }
    return draft;
  }

  const returnTo = (request: FastifyRequest, id: string) =>
    (request.query as { return?: string }).return === 'check' ? `${draftBase(id)}/check` : draftBase(id);
  const returnQuery = (request: FastifyRequest) =>
    (request.query as { return?: string }).return === 'check' ? '?return=check' : '';

  /** Saves a section, or re-renders it with the saved answers and a message if another tab got there first. */
  async function save(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    version: number,
    change: (a: PractitionerAnswers) => PractitionerAnswers,
    rerender: (errors: FormErrors) => Promise<FastifyReply>,
  ) {
    try {
      await frontDoor.saveDraft(request.user!.id, id, version, change);
    } catch (error) {
      if (error instanceof DraftSubmittedError) return reply.redirect(`/requests/sent/${error.requestId}`, 303);
      if (error instanceof StaleDraftError) return rerender(formError('version', STALE_MESSAGE));
      throw error;
    }
    return null;
  }

  // ---- Your requests, and starting one ----

  app.get('/requests', { config: { access: { action: 'request:make' } } }, async (request, reply) => {
    const { drafts, sent } = await frontDoor.yourRequests(request.user!.id);
    return reply.render(`${V}/your-requests.njk`, { pageTitle: 'Your requests for support', drafts, sent });
  });

  app.get('/requests/new', { config: { access: { action: 'request:make' } } }, async (_request, reply) =>
    reply.render(`${V}/start.njk`, {
      pageTitle: 'Request support from the Children and Families Hub',
      hub: (await frontDoor.options()).hub,
    }),
  );

  app.post('/requests/new', { config: { access: { action: 'request:make' } } }, async (request, reply) => {
    const id = await frontDoor.startDraft(actorOf(request), request.user!.id);
    return reply.redirect(draftBase(id), 303);
  });

  // ---- The task list ----

  app.get('/requests/drafts/:id', { config: { access: { action: 'request:make' } } }, async (request, reply) => {
    const draft = await loadDraft(request, reply);
    if (!draft) return reply;
    const a = draft.answers;
    const base = draftBase(draft.id);
    const status = (done: boolean, started = false) =>
      done
        ? { text: 'Completed' }
        : {
            tag: {
              text: started ? 'In progress' : 'Not yet started',
              classes: started ? 'govuk-tag--light-blue' : 'govuk-tag--blue',
            },
          };
    const peopleDone = a.people.some((p) => p.role === 'child') && Boolean(a.district);
    const items: { title: { text: string }; href?: string; status: Record<string, unknown> }[] = [
      ...SECTIONS.slice(0, 1).map((s) => ({
        title: { text: s.title },
        href: `${base}/${s.slug}`,
        status: status(s.done(a)),
      })),
      {
        title: { text: 'Children and family members' },
        href: `${base}/people`,
        status: status(peopleDone, a.people.length > 0),
      },
      ...SECTIONS.slice(1).map((s) => ({
        title: { text: s.title },
        href: `${base}/${s.slug}`,
        status: status(s.done(a)),
      })),
    ];
    const ready = practitionerProblems(a, base).every((p) => p.kind !== 'missing');
    const done = items.filter((i) => 'text' in i.status && i.status.text === 'Completed').length;
    items.push(
      ready
        ? {
            title: { text: 'Check your answers and send' },
            href: `${base}/check`,
            status: { tag: { text: 'Ready to send', classes: 'govuk-tag--green' } },
          }
        : {
            title: { text: 'Check your answers and send' },
            status: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
          },
    );
    return reply.render(`${V}/task-list.njk`, {
      pageTitle: 'Request for Support',
      items,
      done,
      total: items.length - 1,
      children: a.people.filter((p) => p.role === 'child'),
    });
  });

  // ---- Children and family members ----

  const peopleList = (base: string, people: PersonEntry[]) =>
    people.map((p) => ({
      person: p,
      rows: personRows(p, {}),
      change: `${base}/people/${p.id}`,
      remove: `${base}/people/${p.id}/remove`,
      flag: flagMessage(p),
    }));

  async function renderPeople(
    reply: FastifyReply,
    draft: { id: string; version: number; answers: PractitionerAnswers },
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const base = draftBase(draft.id);
    return reply.render(
      `${V}/people.njk`,
      {
        pageTitle: 'Children and family members',
        base,
        people: peopleList(base, draft.answers.people),
        districts: (await frontDoor.options()).districts,
        values: { version: draft.version, ...values },
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/requests/drafts/:id/people', { config: { access: { action: 'request:make' } } }, async (request, reply) => {
    const draft = await loadDraft(request, reply);
    if (!draft) return reply;
    return renderPeople(reply, draft, { district: draft.answers.district });
  });

  app.post(
    '/requests/drafts/:id/people',
    { config: { access: { action: 'request:make' } } },
    async (request, reply) => {
      const draft = await loadDraft(request, reply);
      if (!draft) return reply;
      const { districts } = await frontDoor.options();
      const form = parseFormPage(districtSchema(districts.map((d) => d.code)), request.body);
      const errors: FormErrors = form.ok ? { list: [], fields: {} } : form.errors;
      if (!draft.answers.people.some((p) => p.role === 'child')) {
        errors.list.unshift({ text: 'Add at least one child', href: '#add-person' });
        errors.fields['add-person'] = { text: 'Add at least one child' };
      }
      if (!form.ok || errors.list.length) return renderPeople(reply, draft, form.values, errors);
      const stale = await save(
        request,
        reply,
        draft.id,
        formVersion(request.body),
        (a) => ({ ...a, district: form.data.district }),
        async (e) => {
          const fresh = await frontDoor.draft(request.user!.id, draft.id);
          return renderPeople(reply, fresh!, { district: fresh!.answers.district }, e);
        },
      );
      return stale ?? reply.redirect(returnTo(request, draft.id), 303);
    },
  );

  async function renderPerson(
    reply: FastifyReply,
    draft: { id: string; version: number },
    personId: string | null,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const base = draftBase(draft.id);
    return reply.render(
      `${V}/person.njk`,
      {
        pageTitle: personId ? 'Change a family member' : 'Add a child or family member',
        action: personId ? `${base}/people/${personId}` : `${base}/people/add`,
        back: `${base}/people`,
        limits: LIMITS,
        values: { version: draft.version, ...values },
        errors,
      },
      errors ? 400 : 200,
    );
  }

  const personId = (request: FastifyRequest) => (request.params as { personId: string }).personId;

  app.get(
    '/requests/drafts/:id/people/add',
    { config: { access: { action: 'request:make' } } },
    async (request, reply) => {
      const draft = await loadDraft(request, reply);
      if (!draft) return reply;
      return renderPerson(reply, draft, null, {
        role: draft.answers.people.some((p) => p.role === 'child') ? undefined : 'child',
      });
    },
  );

  app.get(
    '/requests/drafts/:id/people/:personId',
    { config: { access: { action: 'request:make' } } },
    async (request, reply) => {
      const draft = await loadDraft(request, reply);
      if (!draft) return reply;
      const person = draft.answers.people.find((p) => p.id === personId(request));
      if (!person) throw notFound();
      return renderPerson(reply, draft, person.id, personFormValues(person));
    },
  );

  const savePerson = (adding: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const draft = await loadDraft(request, reply);
    if (!draft) return reply;
    const id = adding ? null : personId(request);
    if (id && !draft.answers.people.some((p) => p.id === id)) throw notFound();
    const form = parseFormPage(personSchema, request.body);
    if (!form.ok) return renderPerson(reply, draft, id, form.values, inFieldOrder(form.errors, PERSON_FIELDS));
    const person = form.data;
    const version = formVersion(request.body);
    const stale = await save(
      request,
      reply,
      draft.id,
      version,
      (a) => ({
        ...a,
        people: id
          ? a.people.map((p) => (p.id === id ? { ...person, id } : p))
          : [...a.people, { ...person, id: newId() }],
      }),
      async (e) => {
        const fresh = (await frontDoor.draft(request.user!.id, draft.id))!;
        const saved = fresh.answers.people.find((p) => p.id === id);
        // Adding overwrites nothing, so what was typed is kept; a change shows the saved person.
        return renderPerson(
          reply,
          fresh,
          id,
          saved ? personFormValues(saved) : { ...form.values, version: fresh.version },
          e,
        );
      },
    );
    return stale ?? reply.redirect(`${draftBase(draft.id)}/people${returnQuery(request)}`, 303);
  };
  app.post('/requests/drafts/:id/people/add', { config: { access: { action: 'request:make' } } }, savePerson(true));
  app.post(
    '/requests/drafts/:id/people/:personId',
    { config: { access: { action: 'request:make' } } },
    savePerson(false),
  );

  app.get(
    '/requests/drafts/:id/people/:personId/remove',
    { config: { access: { action: 'request:make' } } },
    async (request, reply) => {
      const draft = await loadDraft(request, reply);
      if (!draft) return reply;
      const person = draft.answers.people.find((p) => p.id === personId(request));
      if (!person) throw notFound();
      return reply.render(`${V}/remove.njk`, {
        pageTitle: `Remove ${person.firstName} ${person.lastName}?`,
        person,
        back: `${draftBase(draft.id)}/people`,
        values: { version: draft.version },
      });
    },
  );

  app.post(
    '/requests/drafts/:id/people/:personId/remove',
    { config: { access: { action: 'request:make' } } },
    async (request, reply) => {
      const draft = await loadDraft(request, reply);
      if (!draft) return reply;
      const id = personId(request);
      const stale = await save(
        request,
        reply,
        draft.id,
        formVersion(request.body),
        (a) => ({ ...a, people: a.people.filter((p) => p.id !== id) }),
        async (e) => {
          const fresh = (await frontDoor.draft(request.user!.id, draft.id))!;
          return renderPeople(reply, fresh, { district: fresh.answers.district }, e);
        },
      );
      return stale ?? reply.redirect(`${draftBase(draft.id)}/people`, 303);
    },
  );

  // ---- The other sections, one page each ----

  for (const s of SECTIONS) {
    const render = async (
      reply: FastifyReply,
      draft: { id: string; version: number },
      query: string,
      values: Record<string, unknown>,
      errors?: FormErrors,
    ) => {
      const options = await frontDoor.options();
      return reply.render(
        `${V}/${s.template}`,
        {
          pageTitle: s.title,
          action: `${draftBase(draft.id)}/${s.slug}${query}`,
          back: draftBase(draft.id),
          limits: LIMITS,
          options,
          consentRule: CONSENT_RULE,
          supportAnswers: SUPPORT_ANSWERS,
          values: { version: draft.version, ...values },
          errors,
        },
        errors ? 400 : 200,
      );
    };
    app.get(
      `/requests/drafts/:id/${s.slug}`,
      { config: { access: { action: 'request:make' } } },
      async (request, reply) => {
        const draft = await loadDraft(request, reply);
        if (!draft) return reply;
        return render(reply, draft, returnQuery(request), s.values(draft.answers));
      },
    );
    app.post(
      `/requests/drafts/:id/${s.slug}`,
      { config: { access: { action: 'request:make' } } },
      async (request, reply) => {
        const draft = await loadDraft(request, reply);
        if (!draft) return reply;
        const options = await frontDoor.options();
        const form = parseFormPage(s.schema(options, draft.answers), request.body);
        const values = { ...form.values, areas: asList(form.values.areas) };
        if (!form.ok) return render(reply, draft, returnQuery(request), values, form.errors);
        const data = form.data;
        const stale = await save(
          request,
          reply,
          draft.id,
          formVersion(request.body),
          (a) => s.save(a, data),
          async (e) => {
            const fresh = (await frontDoor.draft(request.user!.id, draft.id))!;
            return render(reply, fresh, returnQuery(request), s.values(fresh.answers), e);
          },
        );
        const next = s.next?.(s.save(draft.answers, data));
        return (
          stale ??
          reply.redirect(
            next ? `${draftBase(draft.id)}/${next}${returnQuery(request)}` : returnTo(request, draft.id),
            303,
          )
        );
      },
    );
  }

  // ---- Check your answers, and send ----

  async function renderCheck(
    request: FastifyRequest,
    reply: FastifyReply,
    draft: { id: string; version: number; answers: PractitionerAnswers },
    errors?: FormErrors,
  ) {
    const base = draftBase(draft.id);
    const a = draft.answers;
    const options = await frontDoor.options();
    const change = (slug: string) => `${base}/${slug}?return=check`;
    const areaNames = Object.fromEntries(options.outcomeAreas.map((o) => [o.code, o.name]));
    const level = options.levels.find((l) => l.level === a.level?.level);
    const district = options.districts.find((d) => d.code === a.district);
    const consented = a.consent?.request && a.consent?.sharing;
    const levelName = (n: number) => {
      const found = options.levels.find((l) => l.level === n);
      return found ? `Level ${found.level}: ${found.name}` : `Level ${n}`;
    };
    const support = a.support;
    const sections = [
      {
        title: 'Is the family already getting support?',
        rows: [
          summaryRow(
            'Already getting support',
            { text: SUPPORT_ANSWERS[support?.kind ?? 'new'] ?? '' },
            { href: change('support'), what: 'whether the family is already getting support' },
          ),
          ...(support && support.kind !== 'new'
            ? [
                summaryRow(
                  'Level now',
                  { text: levelName(support.currentLevel) },
                  { href: change('support'), what: 'the family’s level now' },
                ),
                summaryRow('Handover summary', multiline(support.handoverSummary), {
                  href: change('support'),
                  what: 'handover summary',
                }),
              ]
            : []),
        ],
      },
      {
        title: 'Where the family lives',
        rows: [
          summaryRow('District', { text: district?.name ?? 'Not given' }, { href: change('people'), what: 'district' }),
        ],
      },
      ...a.people.map((p) => ({
        title: `${p.firstName} ${p.lastName}`,
        rows: personRows(p, { change: `${base}/people/${p.id}?return=check` }),
      })),
      { title: 'What the worries are', rows: worryRows(a.worries ?? [], areaNames, change('worries')) },
      {
        title: 'Strengths',
        rows: [summaryRow('Strengths', multiline(a.strengths ?? ''), { href: change('strengths'), what: 'strengths' })],
      },
      {
        title: 'What has already been tried',
        rows: [
          summaryRow('What has been tried', multiline(a.tried?.text ?? ''), {
            href: change('tried'),
            what: 'what has been tried',
          }),
          summaryRow(
            'Early Help Plan',
            { text: a.tried?.earlyHelpPlan ? 'Yes' : 'No' },
            { href: change('tried'), what: 'Early Help Plan' },
          ),
          summaryRow(
            'Team Around the Family',
            { text: a.tried?.taf ? 'Yes' : 'No' },
            { href: change('tried'), what: 'Team Around the Family' },
          ),
        ],
      },
      {
        title: 'Level of need',
        rows: [
          summaryRow(
            'Level',
            { text: level ? `Level ${level.level}: ${level.name}` : 'Not given' },
            { href: change('level'), what: 'level of need' },
          ),
          summaryRow('Why', multiline(a.level?.reasons ?? ''), {
            href: change('level'),
            what: 'why this level applies',
          }),
        ],
      },
      {
        title: 'Consent',
        rows: [
          summaryRow(
            'The family agrees to this request',
            { text: a.consent?.request ? 'Yes' : 'No' },
            { href: change('consent'), what: 'agreement to the request' },
          ),
          summaryRow(
            'The family agrees to information being shared',
            { text: a.consent?.sharing ? 'Yes' : 'No' },
            { href: change('consent'), what: 'agreement to sharing' },
          ),
          ...(consented
            ? []
            : [
                summaryRow('Why consent was not sought', multiline(a.consent?.reason ?? ''), {
                  href: change('consent'),
                  what: 'why consent was not sought',
                }),
              ]),
        ],
      },
    ];
    const flags = a.people.map((p) => flagMessage(p)).filter(Boolean);
    return reply.render(
      `${V}/check.njk`,
      {
        pageTitle: 'Check your answers before sending your request',
        sections,
        flags,
        consented,
        consentRule: CONSENT_RULE,
        action: `${base}/check`,
        back: base,
        values: { version: draft.version },
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/requests/drafts/:id/check', { config: { access: { action: 'request:make' } } }, async (request, reply) => {
    const draft = await loadDraft(request, reply);
    if (!draft) return reply;
    if (practitionerProblems(draft.answers, draftBase(draft.id)).some((p) => p.kind === 'missing'))
      return reply.redirect(draftBase(draft.id), 303);
    return renderCheck(request, reply, draft);
  });

  app.post('/requests/drafts/:id/check', { config: { access: { action: 'request:make' } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    const user = request.user!;
    // The service sends a draft without this answer as a new request (drafts begun before the question
    // existed); a practitioner sending from the page must have answered it.
    const unanswered = await frontDoor.draft(user.id, id);
    if (unanswered && !unanswered.submittedRequestId && !unanswered.answers.support)
      return reply.redirect(draftBase(id), 303);
    try {
      const sent = await frontDoor.submitPractitionerRequest(
        actorOf(request),
        { userId: user.id, organisationId: user.organisationId, name: user.displayName },
        id,
        draftBase(id),
      );
      if (!sent) throw notFound();
      return reply.redirect(`/requests/sent/${sent.id}`, 303);
    } catch (error) {
      if (!(error instanceof RequestNotReadyError)) throw error;
      const draft = (await frontDoor.draft(user.id, id))!;
      return renderCheck(request, reply, draft, {
        list: error.problems.map((p) => ({ text: p.text, href: p.href })),
        fields: {},
      });
    }
  });

  app.get('/requests/sent/:requestId', { config: { access: { action: 'request:make' } } }, async (request, reply) => {
    const { requestId } = request.params as { requestId: string };
    if (!isUuid(requestId)) throw notFound();
    const sent = await frontDoor.request(requestId);
    if (!sent || sent.requester_user_id !== request.user!.id) throw notFound();
    return reply.render(`${V}/sent.njk`, { pageTitle: 'Request sent', sent, hub: (await frontDoor.options()).hub });
  });
}
