import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { newId } from '../../../platform/db/ids.ts';
import { notFound } from '../../../platform/http/errors.ts';
import type { FormErrors } from '../../../platform/views/forms.ts';
import { emptyFamilyAnswers, type FamilyAnswers } from '../answers.ts';
import { registerFormExpiredPage } from '../form-expired.ts';
import {
  RELATIONSHIP_NAMES,
  flagMessage,
  multiline,
  personFormValues,
  personRows,
  summaryRow,
  worryRows,
} from '../present.ts';
import { formatReference } from '../reference.ts';
import { familyProblems } from '../rules.ts';
import {
  parseFormPage,
  aboutYouSchema,
  helpedSchema,
  LIMITS,
  personSchema,
  PERSON_FIELDS,
  RELATIONSHIPS,
  sharingSchema,
  worriesSchema,
  worryField,
} from '../schemas.ts';
import { RequestNotReadyError, type FrontDoorOptions, type FrontDoorService } from '../service.ts';

declare module 'fastify' {
  interface Session {
    /** A family's request in progress: no account, so it lives in the session until sent. */
    familyRequest?: { key: string; answers: FamilyAnswers };
    /** Shown on the confirmation page, and what a repeated send returns to. */
    familySent?: { reference: string; email: string };
  }
}

const V = 'front-door/family/views';
const BASE = '/get-help';

/**
 * The Supporting Families outcome areas in a parent's words. The tenant's own names (as the Hub
 * uses them) are shown to practitioners; a code not listed here falls back to that name.
 */
const FAMILY_WORDS: Record<string, string> = {
  education: 'School, college or work',
  'early-years': 'How a baby or young child is growing and learning',
  health: 'Health, feelings or mental health',
  'substance-use': 'Drinking or drugs',
  relationships: 'Arguments or getting on at home',
  'abuse-and-exploitation': 'A child being harmed, or someone taking advantage of them',
  crime: 'Trouble with the police, or crime',
  'domestic-abuse': 'Someone at home hurting, frightening or controlling you',
  housing: 'Housing, or somewhere to live',
  'financial-stability': 'Money, debt or finding work',
};

const familyAreas = (options: FrontDoorOptions) =>
  options.outcomeAreas.map((a) => ({ code: a.code, name: FAMILY_WORDS[a.code] ?? a.name }));

/** Sent family requests allowed per client address in an hour: enough for a shared computer, not for a script. */
export const FAMILY_SUBMITS_PER_HOUR = 10;

/**
 * A family's own Request for Support, with no account: a safeguarding start page, then the same
 * questions in plain words, kept in the session, "Check your answers", and a reference number with
 * an email confirmation. Every page offers "Exit this page", which also forgets the answers.
 */
export async function familyRequestRoutes(
  app: FastifyInstance,
  { frontDoor, idleMinutes }: { frontDoor: FrontDoorService; idleMinutes: number },
) {
  registerFormExpiredPage(app, 'family');

  const answersOf = (request: FastifyRequest): FamilyAnswers =>
    request.session.familyRequest?.answers ?? emptyFamilyAnswers();
  const store = (request: FastifyRequest, answers: FamilyAnswers) => {
    request.session.familyRequest = { key: request.session.familyRequest?.key ?? newId(), answers };
  };
  const next = (request: FastifyRequest, path: string) =>
    (request.query as { return?: string }).return === 'check' ? `${BASE}/check` : `${BASE}/${path}`;
  const query = (request: FastifyRequest) =>
    (request.query as { return?: string }).return === 'check' ? '?return=check' : '';

  async function page(
    reply: FastifyReply,
    template: string,
    pageTitle: string,
    context: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const options = await frontDoor.options();
    return reply.render(
      `${V}/${template}`,
      { pageTitle, hub: options.hub, limits: LIMITS, exitUrl: `${BASE}/leave`, errors, ...context },
      errors ? 400 : 200,
    );
  }

  app.get(
    BASE,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (_request, reply) => page(reply, 'start.njk', 'Ask for help for your family', { idleMinutes }),
  );

  // "Exit this page": forget the answers, so the back button on a shared device shows nothing, then leave.
  app.get(
    `${BASE}/leave`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      if (request.session.familyRequest || request.session.familySent) {
        request.session.familyRequest = undefined;
        request.session.familySent = undefined;
      }
      return reply.header('referrer-policy', 'no-referrer').redirect('https://www.bbc.co.uk/weather', 303);
    },
  );

  // ---- About you ----
  const aboutContext = async (request: FastifyRequest) => ({
    action: `${BASE}/about-you${query(request)}`,
    relationships: RELATIONSHIPS.map((r) => ({ value: r, text: RELATIONSHIP_NAMES[r] })),
    districts: (await frontDoor.options()).districts,
  });
  app.get(
    `${BASE}/about-you`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      const about = answersOf(request).aboutYou;
      return page(reply, 'about-you.njk', 'About you', {
        ...(await aboutContext(request)),
        values: about ? { ...about, interpreterNeeded: about.interpreterNeeded ? 'yes' : '' } : {},
      });
    },
  );
  app.post(
    `${BASE}/about-you`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      const { districts } = await frontDoor.options();
      const form = parseFormPage(aboutYouSchema(districts.map((d) => d.code)), request.body);
      if (!form.ok)
        return page(
          reply,
          'about-you.njk',
          'About you',
          { ...(await aboutContext(request)), values: form.values },
          form.errors,
        );
      store(request, { ...answersOf(request), aboutYou: form.data });
      return reply.redirect(next(request, 'children'), 303);
    },
  );

  // ---- Your children ----
  app.get(
    `${BASE}/children`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      const children = answersOf(request).children.map((c) => ({
        child: c,
        rows: personRows(c, { family: true }),
        change: `${BASE}/children/${c.id}`,
        remove: `${BASE}/children/${c.id}/remove`,
        flag: flagMessage(c),
      }));
      return page(reply, 'children.njk', 'Your children', { children });
    },
  );
  app.post(
    `${BASE}/children`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      if (answersOf(request).children.length > 0) return reply.redirect(next(request, 'worries'), 303);
      const errors = {
        list: [{ text: 'Add at least one child', href: '#add-child' }],
        fields: { 'add-child': { text: 'Add at least one child' } },
      };
      return page(reply, 'children.njk', 'Your children', { children: [] }, errors);
    },
  );

  const childForm = (_request: FastifyRequest, id: string | null) => ({
    action: id ? `${BASE}/children/${id}` : `${BASE}/children/add`,
    back: `${BASE}/children`,
    family: true,
  });
  const childId = (request: FastifyRequest) => (request.params as { childId: string }).childId;

  app.get(
    `${BASE}/children/add`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) =>
      page(reply, 'child.njk', 'Tell us about your child', { ...childForm(request, null), values: {} }),
  );
  app.get(
    `${BASE}/children/:childId`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      const child = answersOf(request).children.find((c) => c.id === childId(request));
      if (!child) throw notFound();
      return page(reply, 'child.njk', 'Tell us about your child', {
        ...childForm(request, child.id),
        values: personFormValues(child),
      });
    },
  );
  const saveChild = (adding: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const id = adding ? null : childId(request);
    const answers = answersOf(request);
    if (id && !answers.children.some((c) => c.id === id)) throw notFound();
    const body = { ...(request.body as object), role: 'child' };
    const form = parseFormPage(personSchema, body);
    if (!form.ok) {
      const order = (href: string) => PERSON_FIELDS.indexOf(href.slice(1));
      const errors = { ...form.errors, list: [...form.errors.list].sort((a, b) => order(a.href) - order(b.href)) };
      return page(
        reply,
        'child.njk',
        'Tell us about your child',
        { ...childForm(request, id), values: form.values },
        errors,
      );
    }
    const child = { ...form.data, id: id ?? newId() };
    store(request, {
      ...answers,
      children: id ? answers.children.map((c) => (c.id === id ? child : c)) : [...answers.children, child],
    });
    return reply.redirect(`${BASE}/children${query(request)}`, 303);
  };
  app.post(
    `${BASE}/children/add`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    saveChild(true),
  );
  app.post(
    `${BASE}/children/:childId`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    saveChild(false),
  );

  app.get(
    `${BASE}/children/:childId/remove`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      const child = answersOf(request).children.find((c) => c.id === childId(request));
      if (!child) throw notFound();
      return page(reply, 'remove.njk', `Remove ${child.firstName} ${child.lastName}?`, {
        child,
        action: `${BASE}/children/${child.id}/remove`,
        back: `${BASE}/children`,
      });
    },
  );
  app.post(
    `${BASE}/children/:childId/remove`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      const answers = answersOf(request);
      store(request, { ...answers, children: answers.children.filter((c) => c.id !== childId(request)) });
      return reply.redirect(`${BASE}/children`, 303);
    },
  );

  // ---- What is worrying you ----
  const worriesContext = async (request: FastifyRequest) => ({
    action: `${BASE}/worries${query(request)}`,
    areas: familyAreas(await frontDoor.options()),
  });
  app.get(
    `${BASE}/worries`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      const worries = answersOf(request).worries ?? [];
      const values = {
        areas: worries.map((w) => w.area),
        ...Object.fromEntries(worries.map((w) => [worryField(w.area), w.details])),
      };
      return page(reply, 'worries.njk', 'What is worrying you', { ...(await worriesContext(request)), values });
    },
  );
  app.post(
    `${BASE}/worries`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      const areas = familyAreas(await frontDoor.options());
      const form = parseFormPage(worriesSchema(areas, 'family'), request.body);
      if (!form.ok) {
        const areasTicked =
          form.values.areas === undefined || form.values.areas === ''
            ? []
            : ([] as unknown[]).concat(form.values.areas);
        return page(
          reply,
          'worries.njk',
          'What is worrying you',
          { ...(await worriesContext(request)), values: { ...form.values, areas: areasTicked } },
          form.errors,
        );
      }
      store(request, { ...answersOf(request), worries: form.data });
      return reply.redirect(next(request, 'what-has-helped'), 303);
    },
  );

  // ---- What is going well, and what has helped ----
  app.get(
    `${BASE}/what-has-helped`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) =>
      page(reply, 'helped.njk', 'What is going well, and what has helped', {
        action: `${BASE}/what-has-helped${query(request)}`,
        values: answersOf(request).helped ?? {},
      }),
  );
  app.post(
    `${BASE}/what-has-helped`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      const form = parseFormPage(helpedSchema, request.body);
      if (!form.ok)
        return page(
          reply,
          'helped.njk',
          'What is going well, and what has helped',
          { action: `${BASE}/what-has-helped${query(request)}`, values: form.values },
          form.errors,
        );
      store(request, { ...answersOf(request), helped: form.data });
      return reply.redirect(next(request, 'sharing'), 303);
    },
  );

  // ---- Keeping and sharing what you tell us ----
  const sharingValues = (a: FamilyAnswers) =>
    a.sharing ? { agree: a.sharing.agree ? 'yes' : 'no', sharing: a.sharing.sharing ? 'yes' : 'no' } : {};
  app.get(
    `${BASE}/sharing`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) =>
      page(reply, 'sharing.njk', 'Keeping and sharing what you tell us', {
        action: `${BASE}/sharing${query(request)}`,
        values: sharingValues(answersOf(request)),
      }),
  );
  app.post(
    `${BASE}/sharing`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      const form = parseFormPage(sharingSchema, request.body);
      if (!form.ok)
        return page(
          reply,
          'sharing.njk',
          'Keeping and sharing what you tell us',
          { action: `${BASE}/sharing${query(request)}`, values: form.values },
          form.errors,
        );
      store(request, { ...answersOf(request), sharing: form.data });
      return reply.redirect(`${BASE}/check`, 303);
    },
  );

  // ---- Check your answers, and send ----
  async function renderCheck(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) {
    const a = answersOf(request);
    const options = await frontDoor.options();
    const names = Object.fromEntries(familyAreas(options).map((x) => [x.code, x.name]));
    const change = (path: string) => `${BASE}/${path}?return=check`;
    const you = a.aboutYou!;
    const district = options.districts.find((d) => d.code === you.district)?.name ?? '';
    const c = (what: string) => ({ href: change('about-you'), what });
    const sections = [
      {
        title: 'About you',
        rows: [
          summaryRow('Name', { text: you.name }, c('your name')),
          summaryRow(
            'How you are related to the children',
            { text: RELATIONSHIP_NAMES[you.relationship] ?? you.relationship },
            c('how you are related'),
          ),
          summaryRow('Email', { text: you.email }, c('your email')),
          summaryRow('Phone', { text: you.phone || 'Not given' }, c('your phone number')),
          summaryRow('Address', multiline(`${you.address}\n${you.postcode}`), c('your address')),
          summaryRow('Area', { text: district }, c('the area you live in')),
          summaryRow(
            'Language',
            { text: `${you.language || 'English'}${you.interpreterNeeded ? ' (you would like an interpreter)' : ''}` },
            c('language'),
          ),
          summaryRow(
            'Contacting you safely',
            { text: you.contactNotes || 'Nothing to add' },
            c('contacting you safely'),
          ),
        ],
      },
      ...a.children.map((child) => ({
        title: `${child.firstName} ${child.lastName}`,
        rows: personRows(child, { family: true, change: `${BASE}/children/${child.id}?return=check` }),
      })),
      { title: 'What is worrying you', rows: worryRows(a.worries ?? [], names, change('worries')) },
      {
        title: 'What is going well, and what has helped',
        rows: [
          summaryRow('What is going well', multiline(a.helped?.strengths ?? ''), {
            href: change('what-has-helped'),
            what: 'what is going well',
          }),
          summaryRow('What you have tried', multiline(a.helped?.tried ?? ''), {
            href: change('what-has-helped'),
            what: 'what you have tried',
          }),
        ],
      },
      {
        title: 'Keeping and sharing what you tell us',
        rows: [
          summaryRow(
            'We can keep what you have told us and contact you',
            { text: a.sharing?.agree ? 'Yes' : 'No' },
            { href: change('sharing'), what: 'keeping what you told us' },
          ),
          summaryRow(
            'We can talk to other people who know your family',
            { text: a.sharing?.sharing ? 'Yes' : 'No' },
            { href: change('sharing'), what: 'talking to other people' },
          ),
        ],
      },
    ];
    const flags = a.children.map((child) => flagMessage(child)).filter(Boolean);
    return page(
      reply,
      'check.njk',
      'Check your answers before sending',
      { sections, flags, action: `${BASE}/check` },
      errors,
    );
  }

  app.get(
    `${BASE}/check`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      const problems = familyProblems(answersOf(request), BASE);
      if (problems.length) return reply.redirect(problems[0]!.href, 303);
      return renderCheck(request, reply);
    },
  );

  app.post(
    `${BASE}/check`,
    {
      config: {
        access: { public: 'a family asks for help without an account' },
        rateLimit: { max: FAMILY_SUBMITS_PER_HOUR, timeWindow: 3_600_000 },
      },
    },
    async (request, reply) => {
      const journey = request.session.familyRequest;
      // Sent already (a double click, or a retried POST): the same confirmation, never a second request.
      if (!journey) return reply.redirect(request.session.familySent ? `${BASE}/sent` : BASE, 303);
      try {
        const sent = await frontDoor.submitFamilyRequest(actorOf(request), journey.key, journey.answers, BASE);
        request.session.familySent = {
          reference: formatReference(sent.reference),
          email: journey.answers.aboutYou!.email,
        };
        request.session.familyRequest = undefined;
        return reply.redirect(`${BASE}/sent`, 303);
      } catch (error) {
        if (!(error instanceof RequestNotReadyError)) throw error;
        return reply.redirect(error.problems[0]!.href, 303);
      }
    },
  );

  app.get(
    `${BASE}/sent`,
    { config: { access: { public: 'a family asks for help without an account' } } },
    async (request, reply) => {
      const sent = request.session.familySent;
      if (!sent) return reply.redirect(BASE, 303);
      return page(reply, 'sent.njk', 'We have your request', { sent });
    },
  );
}
