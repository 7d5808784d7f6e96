import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { dateInputItems, withDateInputs } from '../../platform/views/date-input.ts';
import { parseForm, type FormErrors } from '../../platform/views/forms.ts';
import {
  MANAGE,
  RESPOND,
  TAKING_PART,
  V,
  asTyped,
  dayText,
  found,
  instantDay,
  manages,
  radios,
  refused,
} from './route-helpers.ts';
import { returnForm } from './answer-pages.ts';
import { CYCLE_FIELDS, cycleSchema, inviteSchema, returnAnswers, returnSchema, versionOnly } from './schemas.ts';
import type { AssuranceAuditsService } from './service.ts';
import { CYCLE_KINDS } from './standards.ts';

type Values = Record<string, unknown>;

/** Section 11 and Section 175 cycles: the manager's cycle pages, and an invited agency's return. */
export async function cycleRoutes(app: FastifyInstance, { audits }: { audits: AssuranceAuditsService }) {
  const { cycles } = audits;

  function cycleForm(reply: FastifyReply, values: Values, errors?: FormErrors) {
    return reply.render(
      `${V}/cycle-form.njk`,
      {
        pageTitle: 'Start a Section 11 or Section 175 audit',
        values,
        errors,
        kindItems: radios(CYCLE_KINDS, values.kind),
        opensOnItems: dateInputItems('opensOn', values, Boolean(errors?.fields['opensOn-day'])),
        dueOnItems: dateInputItems('dueOn', values, Boolean(errors?.fields['dueOn-day'])),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/audits/cycles/new', { config: { access: MANAGE } }, (_request, reply) => cycleForm(reply, {}));
  app.post('/audits/cycles', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const form = parseForm(cycleSchema, withDateInputs(request.body, ['opensOn', 'dueOn']));
    if (!form.ok) {
      const list = [...form.errors.list].sort(
        (a, b) => CYCLE_FIELDS.indexOf(a.href.slice(1)) - CYCLE_FIELDS.indexOf(b.href.slice(1)),
      );
      return cycleForm(reply, asTyped(request), { ...form.errors, list });
    }
    const id = await cycles.create(actorOf(request), currentUser(request), form.data);
    request.session.flash = 'The audit is open: now invite the organisations that take part.';
    return reply.redirect(`/audits/cycles/${id}`, 303);
  });

  async function cyclePage(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors, values: Values = {}) {
    const cycle = found(await cycles.cycle(uuidParam(request)));
    const user = currentUser(request);
    const manager = manages(request);
    const own = await cycles.ownInvitation(user, cycle.id);
    if (!manager && !own) found(null);
    const [invitations, summary, organisations] = manager
      ? await Promise.all([
          cycles.invitations(cycle.id),
          cycles.summary(cycle.id, cycle.kind),
          audits.core.organisations(),
        ])
      : [[], [], []];
    const invited = new Set(invitations.map((i) => i.organisation_id));
    return reply.render(
      `${V}/cycle.njk`,
      {
        pageTitle: cycle.title,
        cycle: {
          ...cycle,
          kindName: CYCLE_KINDS[cycle.kind],
          opens: dayText(cycle.opens_on),
          due: dayText(cycle.due_on),
        },
        manager,
        own: own ? { ...own, submitted: instantDay(own.submitted_at) } : null,
        invitations: invitations.map((i) => ({ ...i, submitted: instantDay(i.submitted_at) })),
        summary,
        organisationItems: [
          { value: '', text: 'Choose an organisation' },
          ...organisations
            .filter((o) => !invited.has(o.id))
            .map((o) => ({ value: o.id, text: o.name, selected: values.organisationId === o.id })),
        ],
        errors,
      },
      errors ? 400 : 200,
    );
  }
  app.get('/audits/cycles/:id', { config: { access: TAKING_PART } }, (request, reply) => cyclePage(request, reply));

  app.post('/audits/cycles/:id/invitations', { config: { access: MANAGE } }, async (request, reply) => {
    const id = uuidParam(request);
    const form = parseForm(inviteSchema, request.body);
    if (!form.ok) return cyclePage(request, reply, form.errors, asTyped(request));
    try {
      const name = found(await cycles.invite(actorOf(request), currentUser(request), id, form.data.organisationId));
      request.session.flash = `${name} is invited.`;
    } catch (error) {
      return cyclePage(request, reply, refused(error), asTyped(request));
    }
    return reply.redirect(`/audits/cycles/${id}`, 303);
  });

  app.post('/audits/cycles/:id/close', { config: { access: MANAGE } }, async (request, reply) => {
    const id = uuidParam(request);
    const form = parseForm(versionOnly, request.body);
    if (!form.ok) return cyclePage(request, reply, form.errors);
    try {
      await cycles.close(actorOf(request), currentUser(request), id, form.data.version);
    } catch (error) {
      return cyclePage(request, reply, refused(error));
    }
    request.session.flash = 'The audit is closed: no more returns can be made.';
    return reply.redirect(`/audits/cycles/${id}`, 303);
  });

  // ---- An invited agency's return ----
  async function returnPage(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const cycle = found(await cycles.cycle(uuidParam(request)));
    const own = await cycles.ownInvitation(currentUser(request), cycle.id);
    if (!own) {
      await cycles.submit(actorOf(request), currentUser(request), cycle.id, {}); // refused and audited: not invited
      throw new Error('unreachable');
    }
    if (own.return_id && !errors) return reply.redirect(`/audits/cycles/${cycle.id}/returns/${own.return_id}`, 303);
    return returnForm(reply, { cycle, standards: (await audits.standards()).standards[cycle.kind], values, errors });
  }
  app.get('/audits/cycles/:id/return', { config: { access: RESPOND } }, (request, reply) =>
    returnPage(request, reply, {}),
  );
  app.post('/audits/cycles/:id/return', { config: { access: RESPOND, once: true } }, async (request, reply) => {
    const cycle = found(await cycles.cycle(uuidParam(request)));
    const standards = (await audits.standards()).standards[cycle.kind];
    const form = parseForm(returnSchema(standards), request.body);
    if (!(await cycles.ownInvitation(currentUser(request), cycle.id)))
      await cycles.submit(actorOf(request), currentUser(request), cycle.id, {}); // refused, audited, nothing saved
    if (!form.ok) return returnPage(request, reply, asTyped(request), form.errors);
    const answers = returnAnswers(standards, form.data);
    let id: string | null;
    try {
      id = await cycles.submit(actorOf(request), currentUser(request), cycle.id, answers);
    } catch (error) {
      return returnPage(request, reply, asTyped(request), refused(error));
    }
    request.session.flash = 'Thank you: your organisation’s return is sent. You can correct it until the audit closes.';
    return reply.redirect(`/audits/cycles/${cycle.id}/returns/${found(id)}`, 303);
  });
}
