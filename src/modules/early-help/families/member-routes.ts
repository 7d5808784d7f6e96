import { withDateInputs } from '../../../platform/views/date-input.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { PersonDetails } from '../../people/index.ts';
import { RELATIONSHIP_NAMES } from '../rules.ts';
import { addMemberSchema, endMembershipSchema, moveSchema } from '../schemas.ts';
import { type PersonChoice } from '../service.ts';
import type { Candidate } from '../../people/index.ts';
import {
  V,
  type Deps,
  problemOf,
  relationshipItems,
  user,
  flash,
  candidatesFor,
  personItems,
  openFamily,
  familyAccess,
} from './routes-shared.ts';

/** Who is in the family and where they live: adding a member (find, confirm, add), someone leaving, a move. */
export async function memberRoutes(app: FastifyInstance, { earlyHelp }: Deps) {
  const { editFamily } = familyAccess(earlyHelp);

  // ---- Adding a family member: find, confirm, add ----

  async function renderMember(
    reply: FastifyReply,
    record: NonNullable<Awaited<ReturnType<typeof openFamily>>>['record'],
    values: Record<string, unknown>,
    extra: { errors?: FormErrors; candidates?: Candidate[] | null } = {},
  ) {
    return reply.render(
      `${V}/member.njk`,
      {
        pageTitle: 'Add someone to the family',
        ...record,
        values: { version: record.family.version, ...values },
        errors: extra.errors,
        relationshipItems: [{ value: '', text: 'Choose a relationship' }, ...relationshipItems(values.relationship)],
        personItems: extra.candidates ? personItems(extra.candidates, values.choice) : null,
      },
      extra.errors ? 400 : 200,
    );
  }

  async function openFamilyForEdit(request: FastifyRequest) {
    const opened = await openFamily(earlyHelp, request);
    if (!opened.record.canEdit)
      throw forbidden('Only the family’s lead professional or allocated worker can change who is in the family.');
    return opened.record;
  }

  app.get('/families/:id/members/new', { config: editFamily }, async (request, reply) => {
    const record = await openFamilyForEdit(request);
    return record ? renderMember(reply, record, {}) : reply;
  });

  app.post('/families/:id/members/new', { config: { ...editFamily, once: true } }, async (request, reply) => {
    const record = await openFamilyForEdit(request);
    if (!record) return reply;
    const values = request.body as Record<string, unknown>;
    const form = parseForm(addMemberSchema, withDateInputs(request.body, ['dateOfBirth']));
    if (!form.ok) return renderMember(reply, record, values, { errors: form.errors });
    const f = form.data;
    const details: PersonDetails = {
      firstName: f.firstName,
      lastName: f.lastName,
      dateOfBirth: f['dateOfBirth-day'],
      postcode: f.postcode || null,
    };
    const found = await candidatesFor(earlyHelp, request, details);
    if (found.error) return renderMember(reply, record, values, { errors: found.error });
    if (f.step === 'find')
      return renderMember(reply, record, { ...values, step: 'confirm', choice: '' }, { candidates: found.candidates });
    if (f.choice !== 'new' && !found.candidates.some((c) => c.person.id === f.choice)) {
      return renderMember(reply, record, values, {
        errors: formError('choice', 'Select who this is, or that they are not listed'),
        candidates: found.candidates,
      });
    }
    try {
      const person: PersonChoice = f.choice === 'new' ? { details } : { personId: f.choice };
      await earlyHelp.addMember(actorOf(request), user(request), record.family.id, f.version, {
        person,
        relationship: f.relationship,
        schoolOrSetting: f.schoolOrSetting,
        gp: f.gp,
      });
      flash(request, `${f.firstName} ${f.lastName} is now in the family.`);
      return reply.redirect(`/families/${record.family.id}`, 303);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      return renderMember(reply, record, values, {
        errors: problem.fields.person ? formError('choice', problem.list[0]!.text) : problem,
        candidates: found.candidates,
      });
    }
  });

  // ---- Someone leaves the household; the family moves ----

  type FamilyRecord = NonNullable<Awaited<ReturnType<typeof openFamilyForEdit>>>;
  /** A stale edit comes back with the page as it is now and the current version, so the user can check and send again. */
  const versionAfter = (record: FamilyRecord, values: Record<string, unknown>, problem: FormErrors | null) =>
    problem?.fields.version ? { ...values, version: record.family.version } : values;

  /** The current membership the path names, or 404 (an ended one has nothing left to end). */
  function currentMember(request: FastifyRequest, record: FamilyRecord) {
    const { memberId } = request.params as { memberId: string };
    const member = record.members.find((m) => m.id === memberId && m.current);
    if (!member) throw notFound();
    return member;
  }

  const renderEnd = (
    reply: FastifyReply,
    record: FamilyRecord,
    member: FamilyRecord['members'][number],
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) =>
    reply.render(
      `${V}/member-end.njk`,
      {
        pageTitle: `${member.name} has left the household`,
        ...record,
        member,
        relationshipNames: RELATIONSHIP_NAMES,
        values: { version: record.family.version, ...values },
        errors,
      },
      errors ? 400 : 200,
    );

  app.get('/families/:id/members/:memberId/end', { config: editFamily }, async (request, reply) => {
    const record = await openFamilyForEdit(request);
    return record ? renderEnd(reply, record, currentMember(request, record), {}) : reply;
  });

  app.post('/families/:id/members/:memberId/end', { config: editFamily }, async (request, reply) => {
    const record = await openFamilyForEdit(request);
    if (!record) return reply;
    const member = currentMember(request, record);
    const values = request.body as Record<string, unknown>;
    const form = parseForm(endMembershipSchema, withDateInputs(request.body, ['toDate']));
    if (!form.ok) return renderEnd(reply, record, member, values, form.errors);
    try {
      await earlyHelp.endMembership(
        actorOf(request),
        user(request),
        record.family.id,
        form.data.version,
        member.id,
        form.data['toDate-day'],
        form.data.reason,
      );
      flash(
        request,
        `${member.name} is no longer in the household. They are listed under the people who were in the family.`,
      );
      return reply.redirect(`/families/${record.family.id}`, 303);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      const shown = problem.fields.toDate ? formError('toDate-day', problem.list[0]!.text) : problem;
      return renderEnd(reply, record, member, versionAfter(record, values, problem), shown);
    }
  });

  const renderMove = (
    reply: FastifyReply,
    record: FamilyRecord,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) =>
    reply.render(
      `${V}/address-move.njk`,
      {
        pageTitle: 'Record a move',
        ...record,
        currentAddress: record.addresses.find((a) => !a.to_date) ?? null,
        values: { version: record.family.version, ...values },
        errors,
      },
      errors ? 400 : 200,
    );

  app.get('/families/:id/address', { config: editFamily }, async (request, reply) => {
    const record = await openFamilyForEdit(request);
    return record ? renderMove(reply, record, {}) : reply;
  });

  app.post('/families/:id/address', { config: editFamily }, async (request, reply) => {
    const record = await openFamilyForEdit(request);
    if (!record) return reply;
    const values = request.body as Record<string, unknown>;
    const form = parseForm(moveSchema, withDateInputs(request.body, ['fromDate']));
    if (!form.ok) return renderMove(reply, record, values, form.errors);
    try {
      const f = form.data;
      await earlyHelp.moveAddress(actorOf(request), user(request), record.family.id, f.version, {
        address: f.address,
        postcode: f.postcode,
        fromDate: f['fromDate-day'],
      });
      flash(request, 'The move is recorded. The old address is kept in the family’s address history.');
      return reply.redirect(`/families/${record.family.id}`, 303);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      const shown = problem.fields.fromDate ? formError('fromDate-day', problem.list[0]!.text) : problem;
      return renderMove(reply, record, versionAfter(record, values, problem), shown);
    }
  });
}
