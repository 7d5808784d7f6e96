import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { uuidParam } from '../../../platform/http/params.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { Quadrant } from './access.ts';
import { actionRoutes } from './action-routes.ts';
import { asList, districtItems, quadrantCode, quadrantFor, sorted, TAKE_PART, V } from './route-helpers.ts';
import type { Mace2Meetings } from './meetings.ts';
import { PERSON_FIELDS, PLACE_FIELDS, personSchema, placeSchema, placeStatusSchema, profileSchema } from './schemas.ts';
import type { Mace2Service } from './service.ts';
import { ordered, presentAction } from './present.ts';

/**
 * MACE 2's pages (issue 13): /mace (the quadrants the user takes part in), a quadrant's page, places and persons of
 * concern, the problem profile; meetings and actions in action-routes.ts. The service decides who sees each record.
 */
export async function mace2Routes(app: FastifyInstance, deps: { mace2: Mace2Service; meetings: Mace2Meetings }) {
  const { mace2 } = deps;
  const { records } = mace2;
  const panel = { record: records.quadrant, can: 'restricted:view-panel' } as const;
  const placeAccess = { record: records.place, can: 'restricted:view-panel' } as const;

  app.get('/mace/mace2/:quadrant', { config: { access: panel } }, async (request, reply) => {
    const found = await mace2.overview(actorOf(request), request.user!, quadrantCode(request));
    if (!found) throw notFound();
    const kinds = await mace2.placeKinds();
    const district = (code: string) => found.quadrant.districts.find((d) => d.code === code)?.name ?? code;
    return reply.render(`${V}/quadrant.njk`, {
      pageTitle: `MACE 2: ${found.quadrant.name} quadrant`,
      ...found,
      places: found.places.map((p) => ({
        ...p,
        kindName: kinds.find((k) => k.code === p.kind)?.name ?? p.kind,
        districtName: district(p.district),
      })),
      persons: found.persons.map((p) => ({ ...p, districtName: district(p.district) })),
      actions: ordered(found.actions).map((a) => presentAction(a, found.today)),
      profile: found.profiles[0],
      earlier: found.profiles.slice(1),
      plan: found.actions.filter((a) => a.in_action_plan).map((a) => presentAction(a, found.today)),
    });
  });

  // Places of concern: a panel member or a coordinator adds one.
  async function placeForm(
    reply: FastifyReply,
    quadrant: Quadrant,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const kinds = await mace2.placeKinds();
    return reply.render(
      `${V}/place-form.njk`,
      {
        pageTitle: 'Add a place of concern',
        quadrant,
        values,
        errors,
        kindItems: kinds.map((k) => ({ value: k.code, text: k.name, checked: values.kind === k.code })),
        districtItems: districtItems(quadrant, values.district),
      },
      errors ? 400 : 200,
    );
  }
  app.get(
    '/mace/mace2/:quadrant/places/new',
    { config: { access: { ...panel, action: TAKE_PART } } },
    async (request, reply) => placeForm(reply, await quadrantFor(mace2, request, 'place', 'add a place'), {}),
  );
  app.post(
    '/mace/mace2/:quadrant/places',
    { config: { access: { ...panel, action: TAKE_PART }, once: true } },
    async (request, reply) => {
      const quadrant = await quadrantFor(mace2, request, 'place', 'add a place');
      const kinds = (await mace2.placeKinds()).map((k) => k.code);
      const form = parseForm(placeSchema({ kinds, districts: quadrant.districts.map((d) => d.code) }), request.body);
      if (!form.ok) return placeForm(reply, quadrant, form.values, sorted(form.errors, PLACE_FIELDS));
      const id = await mace2.addPlace(actorOf(request), request.user!, quadrant, form.data);
      request.session.flash = 'The place of concern is recorded.';
      return reply.redirect(`/mace/mace2/places/${id}`, 303);
    },
  );

  async function placePage(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) {
    const found = await mace2.place(actorOf(request), request.user!, uuidParam(request));
    if (!found) throw notFound();
    const kinds = await mace2.placeKinds();
    return reply.render(
      `${V}/place.njk`,
      {
        pageTitle: `Place of concern: ${found.place.name}`,
        ...found,
        errors,
        kindName: kinds.find((k) => k.code === found.place.kind)?.name ?? found.place.kind,
        districtName: found.quadrant.districts.find((d) => d.code === found.place.district)?.name,
        actions: found.actions.map((a) => presentAction(a, todayInLondon())),
      },
      errors ? 409 : 200,
    );
  }
  app.get('/mace/mace2/places/:id', { config: { access: placeAccess } }, placePage);
  app.post(
    '/mace/mace2/places/:id/status',
    { config: { access: { ...placeAccess, action: TAKE_PART } } },
    async (request, reply) => {
      const form = parseForm(placeStatusSchema, request.body);
      if (!form.ok) return placePage(request, reply, form.errors);
      const saved = await mace2.setPlaceStatus(actorOf(request), request.user!, uuidParam(request), form.data);
      if (saved === null) throw notFound();
      if (!saved)
        return placePage(
          request,
          reply,
          formError('status', 'Someone else changed this place after you opened it. Check it and try again.'),
        );
      request.session.flash = form.data.status === 'closed' ? 'The place is closed.' : 'The place is open again.';
      return reply.redirect(`/mace/mace2/places/${uuidParam(request)}`, 303);
    },
  );

  // Persons of concern: a coordinator records one; only the quadrant's panel sees them.
  async function personForm(
    reply: FastifyReply,
    quadrant: Quadrant,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const places = (await mace2.placesOf(quadrant)).filter((p) => p.status === 'open');
    const ticked = new Set(asList(values.places));
    return reply.render(
      `${V}/person-form.njk`,
      {
        pageTitle: 'Add a person of concern',
        quadrant,
        values,
        errors,
        districtItems: districtItems(quadrant, values.district),
        placeItems: places.map((p) => ({ value: p.id, text: p.name, checked: ticked.has(p.id) })),
      },
      errors ? 400 : 200,
    );
  }
  const PERSON = 'record a person of concern';
  app.get(
    '/mace/mace2/:quadrant/persons/new',
    { config: { access: { ...panel, action: 'mace:coordinate' } } },
    async (request, reply) => personForm(reply, await quadrantFor(mace2, request, 'coordinator', PERSON), {}),
  );
  app.post(
    '/mace/mace2/:quadrant/persons',
    { config: { access: { ...panel, action: 'mace:coordinate' }, once: true } },
    async (request, reply) => {
      const quadrant = await quadrantFor(mace2, request, 'coordinator', PERSON);
      const places = (await mace2.placesOf(quadrant)).map((p) => p.id);
      const form = parseForm(personSchema({ districts: quadrant.districts.map((d) => d.code), places }), request.body);
      if (!form.ok) return personForm(reply, quadrant, form.values, sorted(form.errors, PERSON_FIELDS));
      const id = await mace2.addPerson(actorOf(request), request.user!, quadrant, form.data);
      request.session.flash = 'The person of concern is recorded.';
      return reply.redirect(`/mace/mace2/persons/${id}`, 303);
    },
  );
  app.get(
    '/mace/mace2/persons/:id',
    { config: { access: { record: records.person, can: 'restricted:view-panel' } } },
    async (request, reply) => {
      const found = await mace2.person(actorOf(request), request.user!, uuidParam(request));
      if (!found) throw notFound();
      return reply.render(`${V}/person.njk`, {
        pageTitle: `Person of concern: ${found.person.name}`,
        ...found,
        districtName: found.quadrant.districts.find((d) => d.code === found.person.district)?.name,
        actions: found.actions.map((a) => presentAction(a, todayInLondon())),
      });
    },
  );

  // The problem profile: a coordinator writes a new version; the earlier ones stay.
  const PROFILE = 'change the problem profile';
  const profileForm = (reply: FastifyReply, quadrant: Quadrant, values: Record<string, unknown>, errors?: FormErrors) =>
    reply.render(
      `${V}/profile-form.njk`,
      { pageTitle: 'Update the problem profile', quadrant, values, errors },
      errors ? 400 : 200,
    );
  app.get(
    '/mace/mace2/:quadrant/profile/new',
    { config: { access: { ...panel, action: 'mace:coordinate' } } },
    async (request, reply) => {
      const quadrant = await quadrantFor(mace2, request, 'coordinator', PROFILE);
      const [latest] = await mace2.profilesOf(quadrant);
      return profileForm(reply, quadrant, latest ? { summary: latest.summary, themes: latest.themes } : {});
    },
  );
  app.post(
    '/mace/mace2/:quadrant/profile',
    { config: { access: { ...panel, action: 'mace:coordinate' }, once: true } },
    async (request, reply) => {
      const quadrant = await quadrantFor(mace2, request, 'coordinator', PROFILE);
      const form = parseForm(profileSchema, request.body);
      if (!form.ok) return profileForm(reply, quadrant, form.values, form.errors);
      await mace2.addProfile(actorOf(request), request.user!, quadrant, form.data);
      request.session.flash = 'The problem profile is updated.';
      return reply.redirect(`/mace/mace2/${quadrant.code}#profile`, 303);
    },
  );

  await actionRoutes(app, deps);
}
