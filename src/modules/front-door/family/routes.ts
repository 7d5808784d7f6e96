import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newId } from '../../../platform/db/ids.ts';
import { notFound } from '../../../platform/http/errors.ts';
import type { FamilyAnswers } from '../answers.ts';
import { registerFormExpiredPage } from '../form-expired.ts';
import { RELATIONSHIP_NAMES, flagMessage, personFormValues, personRows } from '../present.ts';
import {
  parseFormPage,
  aboutYouSchema,
  helpedSchema,
  personSchema,
  PERSON_FIELDS,
  RELATIONSHIPS,
  sharingSchema,
  worriesSchema,
  worryField,
} from '../schemas.ts';
import type { FrontDoorService } from '../service.ts';
import { familyCheckPages } from './check-page.ts';
import { BASE, answersOf, familyPage, next, query, store } from './journey.ts';
import { familyAreas } from './words.ts';

declare module 'fastify' {
  interface Session {
    /** A family's request in progress: no account, so it lives in the session until sent. */
    familyRequest?: { key: string; answers: FamilyAnswers };
    /** Shown on the confirmation page, and what a repeated send returns to. */
    familySent?: { reference: string; email: string };
  }
}

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

  const page = familyPage(frontDoor);

  const showStart = (_request: FastifyRequest, reply: FastifyReply) =>
    page(reply, 'start.njk', 'Ask for help for your family', { idleMinutes });

  // "Exit this page": forget the answers, so the back button on a shared device shows nothing, then leave.
  async function showLeave(request: FastifyRequest, reply: FastifyReply) {
    if (request.session.familyRequest || request.session.familySent) {
      request.session.familyRequest = undefined;
      request.session.familySent = undefined;
    }
    return reply.header('referrer-policy', 'no-referrer').redirect('https://www.bbc.co.uk/weather', 303);
  }

  // ---- About you ----
  const aboutContext = async (request: FastifyRequest) => ({
    action: `${BASE}/about-you${query(request)}`,
    relationships: RELATIONSHIPS.map((r) => ({ value: r, text: RELATIONSHIP_NAMES[r] })),
    districts: (await frontDoor.options()).districts,
    fromPostcode: await frontDoor.postcodeDistricts.known(),
  });
  async function showAboutYou(request: FastifyRequest, reply: FastifyReply) {
    const about = answersOf(request).aboutYou;
    return page(reply, 'about-you.njk', 'About you', {
      ...(await aboutContext(request)),
      values: about ? { ...about, interpreterNeeded: about.interpreterNeeded ? 'yes' : '' } : {},
    });
  }
  async function saveAboutYou(request: FastifyRequest, reply: FastifyReply) {
    const { districts } = await frontDoor.options();
    // The area can be left for the postcode to tell (when the ONS Postcode Directory is loaded); a chosen one stands.
    const body = { ...((request.body ?? {}) as Record<string, unknown>) };
    if (!body.district && typeof body.postcode === 'string')
      body.district = (await frontDoor.postcodeDistricts.of(body.postcode)) ?? '';
    const fromPostcode = await frontDoor.postcodeDistricts.known();
    const form = parseFormPage(
      aboutYouSchema(
        districts.map((d) => d.code),
        fromPostcode,
      ),
      body,
    );
    if (!form.ok)
      return page(
        reply,
        'about-you.njk',
        'About you',
        {
          ...(await aboutContext(request)),
          values: { ...form.values, district: request.body && (request.body as Record<string, unknown>).district },
        },
        form.errors,
      );
    store(request, { ...answersOf(request), aboutYou: form.data });
    return reply.redirect(next(request, 'children'), 303);
  }

  // ---- Your children ----
  async function showChildren(request: FastifyRequest, reply: FastifyReply) {
    const children = answersOf(request).children.map((c) => ({
      child: c,
      rows: personRows(c, { family: true }),
      change: `${BASE}/children/${c.id}`,
      remove: `${BASE}/children/${c.id}/remove`,
      flag: flagMessage(c),
    }));
    return page(reply, 'children.njk', 'Your children', { children });
  }
  async function saveChildren(request: FastifyRequest, reply: FastifyReply) {
    if (answersOf(request).children.length > 0) return reply.redirect(next(request, 'worries'), 303);
    const errors = {
      list: [{ text: 'Add at least one child', href: '#add-child' }],
      fields: { 'add-child': { text: 'Add at least one child' } },
    };
    return page(reply, 'children.njk', 'Your children', { children: [] }, errors);
  }

  const childForm = (_request: FastifyRequest, id: string | null) => ({
    action: id ? `${BASE}/children/${id}` : `${BASE}/children/add`,
    back: `${BASE}/children`,
    family: true,
  });
  const childId = (request: FastifyRequest) => (request.params as { childId: string }).childId;

  const showChildrenAdd = async (request: FastifyRequest, reply: FastifyReply) =>
    page(reply, 'child.njk', 'Tell us about your child', { ...childForm(request, null), values: {} });
  async function showChildrenChild(request: FastifyRequest, reply: FastifyReply) {
    const child = answersOf(request).children.find((c) => c.id === childId(request));
    if (!child) throw notFound();
    return page(reply, 'child.njk', 'Tell us about your child', {
      ...childForm(request, child.id),
      values: personFormValues(child),
    });
  }
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
  const addChild = saveChild(true);
  const changeChild = saveChild(false);

  async function showChildrenChildRemove(request: FastifyRequest, reply: FastifyReply) {
    const child = answersOf(request).children.find((c) => c.id === childId(request));
    if (!child) throw notFound();
    return page(reply, 'remove.njk', `Remove ${child.firstName} ${child.lastName}?`, {
      child,
      action: `${BASE}/children/${child.id}/remove`,
      back: `${BASE}/children`,
    });
  }
  async function saveChildrenChildRemove(request: FastifyRequest, reply: FastifyReply) {
    const answers = answersOf(request);
    store(request, { ...answers, children: answers.children.filter((c) => c.id !== childId(request)) });
    return reply.redirect(`${BASE}/children`, 303);
  }

  // ---- What is worrying you ----
  const worriesContext = async (request: FastifyRequest) => ({
    action: `${BASE}/worries${query(request)}`,
    areas: familyAreas(await frontDoor.options()),
  });
  async function showWorries(request: FastifyRequest, reply: FastifyReply) {
    const worries = answersOf(request).worries ?? [];
    const values = {
      areas: worries.map((w) => w.area),
      ...Object.fromEntries(worries.map((w) => [worryField(w.area), w.details])),
    };
    return page(reply, 'worries.njk', 'What is worrying you', { ...(await worriesContext(request)), values });
  }
  async function saveWorries(request: FastifyRequest, reply: FastifyReply) {
    const areas = familyAreas(await frontDoor.options());
    const form = parseFormPage(worriesSchema(areas, 'family'), request.body);
    if (!form.ok) {
      const areasTicked =
        form.values.areas === undefined || form.values.areas === '' ? [] : ([] as unknown[]).concat(form.values.areas);
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
  }

  // ---- What is going well, and what has helped ----
  const showWhatHasHelped = async (request: FastifyRequest, reply: FastifyReply) =>
    page(reply, 'helped.njk', 'What is going well, and what has helped', {
      action: `${BASE}/what-has-helped${query(request)}`,
      values: answersOf(request).helped ?? {},
    });
  async function saveWhatHasHelped(request: FastifyRequest, reply: FastifyReply) {
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
  }

  // ---- Keeping and sharing what you tell us ----
  const sharingValues = (a: FamilyAnswers) =>
    a.sharing ? { agree: a.sharing.agree ? 'yes' : 'no', sharing: a.sharing.sharing ? 'yes' : 'no' } : {};
  const showSharing = async (request: FastifyRequest, reply: FastifyReply) =>
    page(reply, 'sharing.njk', 'Keeping and sharing what you tell us', {
      action: `${BASE}/sharing${query(request)}`,
      values: sharingValues(answersOf(request)),
    });
  async function saveSharing(request: FastifyRequest, reply: FastifyReply) {
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
  }

  const open = { config: { access: { public: 'a family asks for help without an account' } } } as const;
  app.get(BASE, open, showStart);
  app.get(`${BASE}/leave`, open, showLeave);
  app.get(`${BASE}/about-you`, open, showAboutYou);
  app.post(`${BASE}/about-you`, open, saveAboutYou);
  app.get(`${BASE}/children`, open, showChildren);
  app.post(`${BASE}/children`, open, saveChildren);
  app.get(`${BASE}/children/add`, open, showChildrenAdd);
  app.post(`${BASE}/children/add`, open, addChild);
  app.get(`${BASE}/children/:childId`, open, showChildrenChild);
  app.post(`${BASE}/children/:childId`, open, changeChild);
  app.get(`${BASE}/children/:childId/remove`, open, showChildrenChildRemove);
  app.post(`${BASE}/children/:childId/remove`, open, saveChildrenChildRemove);
  app.get(`${BASE}/worries`, open, showWorries);
  app.post(`${BASE}/worries`, open, saveWorries);
  app.get(`${BASE}/what-has-helped`, open, showWhatHasHelped);
  app.post(`${BASE}/what-has-helped`, open, saveWhatHasHelped);
  app.get(`${BASE}/sharing`, open, showSharing);
  app.post(`${BASE}/sharing`, open, saveSharing);
  const check = familyCheckPages(frontDoor);
  app.get(`${BASE}/check`, open, check.showCheck);
  app.post(
    `${BASE}/check`,
    {
      config: {
        access: { public: 'a family asks for help without an account' },
        rateLimit: { max: FAMILY_SUBMITS_PER_HOUR, timeWindow: 3_600_000 },
      },
    },
    check.sendRequest,
  );
  app.get(`${BASE}/sent`, open, check.showSent);
}
