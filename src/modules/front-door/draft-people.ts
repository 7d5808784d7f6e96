import type { FastifyReply, FastifyRequest } from 'fastify';
import { newId } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { combineErrors, type FormErrors } from '../../platform/views/forms.ts';
import type { PersonEntry, PractitionerAnswers } from './answers.ts';
import {
  V,
  draftBase,
  formVersion,
  inFieldOrder,
  loadDraft,
  returnQuery,
  returnTo,
  saveSection,
} from './draft-context.ts';
import { flagMessage, personFormValues, personRows } from './present.ts';
import { parseFormPage, districtSchema, LIMITS, personSchema, PERSON_FIELDS } from './schemas.ts';
import type { FrontDoorService } from './service.ts';

/** The "Children and family members" pages of a practitioner's draft: the list, add, change and remove. */
export function draftPeoplePages(frontDoor: FrontDoorService) {
  const peopleList = (base: string, people: PersonEntry[]) =>
    people.map((p) => ({
      person: p,
      rows: personRows(p, {}),
      change: `${base}/people/${p.id}`,
      remove: `${base}/people/${p.id}/remove`,
      flag: flagMessage(p),
    }));

  /** The children's postcodes first, then the adults': the family's district is where the children live. */
  const childPostcodes = (answers: PractitionerAnswers) =>
    [...answers.people.filter((p) => p.role === 'child'), ...answers.people.filter((p) => p.role !== 'child')].map(
      (p) => p.postcode,
    );

  const personId = (request: FastifyRequest) => (request.params as { personId: string }).personId;

  async function renderPeople(
    reply: FastifyReply,
    draft: { id: string; version: number; answers: PractitionerAnswers },
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const base = draftBase(draft.id);
    // Not chosen yet: the children's postcodes may tell it (the ONS Postcode Directory), shown chosen with where from.
    const told = values.district ? null : await frontDoor.postcodeDistricts.ofFirst(childPostcodes(draft.answers));
    return reply.render(
      `${V}/people.njk`,
      {
        pageTitle: 'Children and family members',
        base,
        people: peopleList(base, draft.answers.people),
        districts: (await frontDoor.options()).districts,
        toldBy: errors ? null : (told?.postcode ?? null),
        values: { version: draft.version, ...values, ...(told && !errors ? { district: told.district } : {}) },
        errors,
      },
      errors ? 400 : 200,
    );
  }

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
        ethnicityItems: (await frontDoor.options()).ethnicityItems,
        values: { version: draft.version, ...values },
        errors,
      },
      errors ? 400 : 200,
    );
  }

  async function showPeople(request: FastifyRequest, reply: FastifyReply) {
    const draft = await loadDraft(frontDoor, request, reply);
    if (!draft) return reply;
    return renderPeople(reply, draft, { district: draft.answers.district });
  }

  async function savePeople(request: FastifyRequest, reply: FastifyReply) {
    const draft = await loadDraft(frontDoor, request, reply);
    if (!draft) return reply;
    const { districts } = await frontDoor.options();
    const body = { ...((request.body ?? {}) as Record<string, unknown>) };
    if (!body.district)
      body.district = (await frontDoor.postcodeDistricts.ofFirst(childPostcodes(draft.answers)))?.district ?? '';
    const form = parseFormPage(districtSchema(districts.map((d) => d.code)), body);
    const noChild = !draft.answers.people.some((p) => p.role === 'child');
    const errors = combineErrors(
      noChild ? [{ field: 'add-person', text: 'Add at least one child' }] : [],
      form.ok ? null : form.errors,
    );
    if (!form.ok || errors.list.length) return renderPeople(reply, draft, form.values, errors);
    const stale = await saveSection(
      frontDoor,
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
  }

  async function showAddPerson(request: FastifyRequest, reply: FastifyReply) {
    const draft = await loadDraft(frontDoor, request, reply);
    if (!draft) return reply;
    return renderPerson(reply, draft, null, {
      role: draft.answers.people.some((p) => p.role === 'child') ? undefined : 'child',
    });
  }

  async function showPerson(request: FastifyRequest, reply: FastifyReply) {
    const draft = await loadDraft(frontDoor, request, reply);
    if (!draft) return reply;
    const person = draft.answers.people.find((p) => p.id === personId(request));
    if (!person) throw notFound();
    return renderPerson(reply, draft, person.id, personFormValues(person));
  }

  async function savePerson(request: FastifyRequest, reply: FastifyReply, adding: boolean) {
    const draft = await loadDraft(frontDoor, request, reply);
    if (!draft) return reply;
    const id = adding ? null : personId(request);
    if (id && !draft.answers.people.some((p) => p.id === id)) throw notFound();
    const form = parseFormPage(personSchema, request.body);
    if (!form.ok) return renderPerson(reply, draft, id, form.values, inFieldOrder(form.errors, PERSON_FIELDS));
    const person = form.data;
    const stale = await saveSection(
      frontDoor,
      request,
      reply,
      draft.id,
      formVersion(request.body),
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
  }

  const addPerson = (request: FastifyRequest, reply: FastifyReply) => savePerson(request, reply, true);
  const changePerson = (request: FastifyRequest, reply: FastifyReply) => savePerson(request, reply, false);

  async function showRemovePerson(request: FastifyRequest, reply: FastifyReply) {
    const draft = await loadDraft(frontDoor, request, reply);
    if (!draft) return reply;
    const person = draft.answers.people.find((p) => p.id === personId(request));
    if (!person) throw notFound();
    return reply.render(`${V}/remove.njk`, {
      pageTitle: `Remove ${person.firstName} ${person.lastName}?`,
      person,
      back: `${draftBase(draft.id)}/people`,
      values: { version: draft.version },
    });
  }

  async function removePerson(request: FastifyRequest, reply: FastifyReply) {
    const draft = await loadDraft(frontDoor, request, reply);
    if (!draft) return reply;
    const id = personId(request);
    const stale = await saveSection(
      frontDoor,
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
  }

  return { showPeople, savePeople, showAddPerson, showPerson, addPerson, changePerson, showRemovePerson, removePerson };
}
