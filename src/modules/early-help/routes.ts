import { currentUser, uuidParam } from '../../platform/http/params.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { accessLogFor } from '../../platform/break-glass/access.ts';
import { decidedRecord } from '../../platform/http/route-access.ts';
import type { BreakGlassService } from '../../platform/break-glass/service.ts';
import { actorOf } from '../../platform/auth/guards.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors, type FormResult } from '../../platform/views/forms.ts';
import type { PersonDetails } from '../people/index.ts';
import { PersonInputError, type PeopleService } from '../people/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import {
  CLOSURE_REASONS,
  CLOSURE_REASON_NAMES,
  NEED_OUTCOMES,
  NEED_OUTCOME_NAMES,
  PATHWAY_NAMES,
  RELATIONSHIPS,
  RELATIONSHIP_NAMES,
} from './rules.ts';
import {
  acceptSchema,
  addMemberSchema,
  closeSchema,
  endMembershipSchema,
  leadSchema,
  levelSchema,
  moveSchema,
  needSchema,
  startSchema,
  tafSchema,
  withDate,
  withDateOfBirth,
} from './schemas.ts';
import {
  ClosureRefused,
  EarlyHelpDenied,
  EarlyHelpError,
  type EarlyHelpService,
  type PersonChoice,
} from './service.ts';

const V = 'early-help/views';
const STALE =
  'Someone else changed this family’s early help while you were looking at it. Nothing has been saved: check the page as it is now.';

type Deps = {
  earlyHelp: EarlyHelpService;
  reference: ReferenceService;
  people: PeopleService;
  breakGlass: BreakGlassService;
  audit: AuditLog;
};

/** A service problem as the form's error summary, or null when it is not one the user can fix. */
function problemOf(error: unknown): FormErrors | null {
  if (error instanceof EarlyHelpError) return formError(error.field, error.message);
  if (error instanceof StaleVersionError) return formError('version', STALE);
  if (error instanceof ClosureRefused)
    return {
      list: error.problems.map((p) => ({ text: p.text, href: `#${p.field}` })),
      fields: Object.fromEntries(error.problems.map((p) => [p.field, { text: p.text }])),
    };
  return null;
}

const relationshipItems = (selected: unknown) =>
  RELATIONSHIPS.map((r) => ({ value: r, text: RELATIONSHIP_NAMES[r], selected: selected === r }));

/**
 * Early help pages: the user's families (/early-help), Hub work to take on (/early-help/work), a
 * partner's own start (/early-help/start), the family (/families/:id) and the episode's forms.
 * Every family page declares record access to the family (policy by involvement, break-glass, audit).
 */
export async function earlyHelpRoutes(app: FastifyInstance, { earlyHelp, reference, people, breakGlass }: Deps) {
  const user = currentUser;
  const idOf = (request: FastifyRequest) => uuidParam(request);
  const flash = (request: FastifyRequest, text: string) => {
    request.session.flash = text;
  };

  // "My families" (/early-help) is the worker's home page: home-routes.ts.

  // ---- Work from the Hub ----

  const takesOnWork = {
    access: { anyOf: ['early-help:accept-taf', 'early-help:accept-family-solutions'] },
  } as const;

  async function renderWork(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) {
    const work = await earlyHelp.workList(user(request));
    return reply.render(
      `${V}/work.njk`,
      { pageTitle: 'Work from the Hub', ...work, pathwayNames: PATHWAY_NAMES, errors },
      errors ? 400 : 200,
    );
  }

  app.get('/early-help/work', { config: takesOnWork }, (request, reply) => renderWork(request, reply));

  app.post('/early-help/work/:id/accept', { config: takesOnWork }, async (request, reply) => {
    const id = idOf(request);
    const form = parseForm(acceptSchema, request.body);
    if (!form.ok) return renderWork(request, reply, form.errors);
    try {
      const { familyId } = await earlyHelp.startFromWorkItem(actorOf(request), user(request), id, form.data.version);
      flash(request, 'You have taken on this family. You are their lead professional.');
      return reply.redirect(`/families/${familyId}`, 303);
    } catch (error) {
      if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
      const problem = problemOf(error);
      if (!problem) throw error;
      const text =
        error instanceof StaleVersionError
          ? 'Someone else has taken on or changed this work. Check the list as it is now.'
          : problem.list[0]!.text;
      return renderWork(request, reply, { list: [{ text, href: `#work-${id}` }], fields: {} });
    }
  });

  // ---- A partner's own start, at level 2 ----

  /** Finds who the details may be (PeopleService.findCandidates); errors in the details come back as form errors. */
  async function candidatesFor(details: PersonDetails) {
    try {
      return { candidates: await people.findCandidates(details), error: null };
    } catch (error) {
      if (!(error instanceof PersonInputError)) throw error;
      return {
        candidates: [],
        error: formError(error.field === 'dateOfBirth' ? 'dateOfBirth-day' : error.field, error.message),
      };
    }
  }
  const personItems = (candidates: Awaited<ReturnType<typeof people.findCandidates>>, chosen: unknown) => [
    ...candidates.map((c) => ({
      value: c.person.id,
      text: `${c.person.firstName} ${c.person.lastName}${c.person.dateOfBirth ? `, born ${c.person.dateOfBirth}` : ''}${c.person.postcode ? `, ${c.person.postcode}` : ''}`,
      hint: { text: `${c.likely ? 'Probably this person' : 'Possibly this person'}: ${c.reasons.join('; ')}` },
      checked: chosen === c.person.id,
    })),
    ...(candidates.length ? [{ divider: 'or' }] : []),
    {
      value: 'new',
      text: candidates.length ? 'None of these: record a new person' : 'Record a new person',
      checked: chosen === 'new',
    },
  ];

  async function renderStart(
    reply: FastifyReply,
    values: Record<string, unknown>,
    extra: { errors?: FormErrors; candidates?: Awaited<ReturnType<typeof people.findCandidates>> | null } = {},
  ) {
    const districts = await reference.districts();
    return reply.render(
      `${V}/start.njk`,
      {
        pageTitle: 'Start early help',
        values,
        errors: extra.errors,
        districtItems: [
          { value: '', text: 'Choose a district' },
          ...districts.map((d) => ({ value: d.code, text: d.name, selected: values.districtCode === d.code })),
        ],
        relationshipItems: [{ value: '', text: 'Choose a relationship' }, ...relationshipItems(values.relationship)],
        personItems: extra.candidates ? personItems(extra.candidates, values.choice) : null,
      },
      extra.errors ? 400 : 200,
    );
  }

  app.get('/early-help/start', { config: { access: { action: 'early-help:start' } } }, (request, reply) =>
    renderStart(reply, {}),
  );

  app.post('/early-help/start', { config: { access: { action: 'early-help:start' } } }, async (request, reply) => {
    const values = request.body as Record<string, unknown>;
    const form = parseForm(startSchema, withDateOfBirth(request.body));
    if (!form.ok) return renderStart(reply, values, { errors: form.errors });
    const f = form.data;
    if (!(await reference.districts()).some((d) => d.code === f.districtCode))
      return renderStart(reply, values, {
        errors: formError('districtCode', 'Select the district the family lives in'),
      });
    const details: PersonDetails = {
      firstName: f.firstName,
      lastName: f.lastName,
      dateOfBirth: f['dateOfBirth-day'],
      postcode: f.postcode || null,
    };
    const found = await candidatesFor(details);
    if (found.error) return renderStart(reply, values, { errors: found.error });
    if (f.step === 'find')
      return renderStart(reply, { ...values, step: 'confirm', choice: '' }, { candidates: found.candidates });
    const person: PersonChoice =
      f.choice === 'new' ? { details: { ...details, address: f.address || null } } : { personId: f.choice };
    if (f.choice !== 'new' && !found.candidates.some((c) => c.person.id === f.choice)) {
      return renderStart(reply, values, {
        errors: formError('choice', 'Select who this is, or that they are not listed'),
        candidates: found.candidates,
      });
    }
    try {
      const { familyId } = await earlyHelp.startByPartner(actorOf(request), user(request), {
        familyName: f.familyName,
        districtCode: f.districtCode,
        person,
        relationship: f.relationship,
        address: f.address ? { address: f.address, postcode: f.postcode || null } : undefined,
      });
      flash(request, 'Early help has started at level 2. You are the family’s lead professional.');
      return reply.redirect(`/families/${familyId}`, 303);
    } catch (error) {
      if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
      const problem = problemOf(error);
      if (!problem) throw error;
      return renderStart(reply, values, {
        errors: problem.fields.person ? formError('choice', problem.list[0]!.text) : problem,
        candidates: found.candidates,
      });
    }
  });

  // ---- The family ----

  /** The family as the viewer may see it; the route's declared access has decided (and audited) the view. */
  async function openFamily(request: FastifyRequest) {
    const target = decidedRecord(request);
    try {
      const record = (await earlyHelp.family(user(request), target.id))!;
      return { record, access: target.access, target };
    } catch (error) {
      if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
      throw error;
    }
  }

  const viewFamily = { access: { record: earlyHelp.families.byId, can: 'record:view' } } as const;
  const editFamily = { access: { record: earlyHelp.families.byId, can: 'record:edit' } } as const;
  const editEpisode = { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' } } as const;

  app.get('/families/:id', { config: viewFamily }, async (request, reply) => {
    const { record, access, target } = await openFamily(request);
    const [accessLog, levels] = await Promise.all([
      accessLogFor(breakGlass, request, target),
      reference.windscreenLevels(),
    ]);
    return reply.render(`${V}/family.njk`, {
      pageTitle: record.family.name,
      ...record,
      current: record.episodes.find((e) => e.status === 'open') ?? null,
      closedEpisodes: record.episodes.filter((e) => e.status === 'closed'),
      levelNames: Object.fromEntries(levels.map((l) => [l.level, `Level ${l.level}: ${l.name}`])),
      relationshipNames: RELATIONSHIP_NAMES,
      pathwayNames: PATHWAY_NAMES,
      closureReasonNames: CLOSURE_REASON_NAMES,
      outcomeNames: NEED_OUTCOME_NAMES,
      emergencyAccess: access?.banner ?? null,
      accessLog,
    });
  });

  /** The family for one of the episode's forms: only its editors get the form. */
  async function openEpisode(request: FastifyRequest) {
    const episode = (await earlyHelp.episodeRow(idOf(request)))!;
    const opened = await openFamily(request);
    if (!opened.record.canEdit)
      throw forbidden('Only the family’s lead professional or allocated worker can change their early help.');
    const current = opened.record.episodes.find((e) => e.id === episode.id)!;
    if (current.status !== 'open') throw forbidden('This episode has been closed: nothing more can change.');
    return { ...opened.record, episode: current };
  }

  /** One small form of the episode: GET renders it, POST validates, calls the service, and goes back to the family. */
  function episodeForm<T>(
    path: string,
    template: string,
    title: string,
    parse: (body: unknown) => FormResult<T>,
    act: (request: FastifyRequest, episodeId: string, data: T) => Promise<string>,
    context: (
      record: NonNullable<Awaited<ReturnType<typeof openEpisode>>>,
      values: Record<string, unknown>,
    ) => Promise<Record<string, unknown>> | Record<string, unknown> = () => ({}),
  ) {
    const render = async (
      reply: FastifyReply,
      record: NonNullable<Awaited<ReturnType<typeof openEpisode>>>,
      values: Record<string, unknown>,
      errors?: FormErrors,
    ) =>
      reply.render(
        `${V}/${template}`,
        {
          pageTitle: title,
          ...record,
          values: { version: record.episode.version, ...values },
          errors,
          ...(await context(record, values)),
        },
        errors ? 400 : 200,
      );
    app.get(path, { config: editEpisode }, async (request, reply) => {
      const record = await openEpisode(request);
      return record ? render(reply, record, {}) : reply;
    });
    app.post(path, { config: editEpisode }, async (request, reply) => {
      const record = await openEpisode(request);
      if (!record) return reply;
      const form = parse(request.body);
      if (!form.ok) return render(reply, record, form.values, form.errors);
      try {
        flash(request, await act(request, record.episode.id, form.data));
        return reply.redirect(`/families/${record.family.id}`, 303);
      } catch (error) {
        if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
        const problem = problemOf(error);
        if (!problem) throw error;
        return render(reply, record, form.values, problem);
      }
    });
  }

  episodeForm(
    '/early-help/episodes/:id/level',
    'level.njk',
    'Change the level of need',
    (body) => parseForm(levelSchema, body),
    async (request, id, data: { version: number; level: number; reason: string }) => {
      const { direction, request: sent } = await earlyHelp.changeLevel(
        actorOf(request),
        user(request),
        id,
        data.version,
        data,
      );
      const words = direction === 'step-up' ? 'stepped up' : 'stepped down';
      return sent
        ? `The family is ${words} to level ${data.level}. Request for Support ${sent.reference.slice(0, 4)} ${sent.reference.slice(4)} has gone to the Hub with your handover.`
        : `The family is ${words} to level ${data.level}.`;
    },
    async (record, values) => {
      const levels = await reference.windscreenLevels();
      return {
        levelItems: levels.map((l) => ({
          value: String(l.level),
          text: `Level ${l.level}: ${l.name}${l.level === record.episode.level ? ' (the level now)' : ''}`,
          hint: { text: l.summary },
          checked: String(values.level) === String(l.level),
        })),
      };
    },
  );

  episodeForm(
    '/early-help/episodes/:id/lead',
    'lead.njk',
    'Change the lead professional',
    (body) => parseForm(leadSchema, body),
    async (request, id, data: { version: number; email: string }) => {
      const lead = await earlyHelp.changeLeadProfessional(actorOf(request), user(request), id, data.version, data);
      return `${lead.displayName} is now the lead professional.`;
    },
  );

  episodeForm(
    '/early-help/episodes/:id/taf',
    'taf.njk',
    'Add someone to the Team Around the Family',
    (body) => parseForm(tafSchema, body),
    async (request, id, data: { version: number; tafEmail: string }) => {
      const member = await earlyHelp.addTafMember(actorOf(request), user(request), id, data.version, {
        email: data.tafEmail,
      });
      return `${member.displayName} is in the Team Around the Family. They can now see this family.`;
    },
  );

  episodeForm(
    '/early-help/episodes/:id/needs',
    'need.njk',
    'Add a need',
    (body) => parseForm(needSchema, body),
    async (request, id, data: { version: number; area: string; description: string }) => {
      await earlyHelp.addNeed(actorOf(request), user(request), id, data.version, data);
      return 'The need is recorded.';
    },
    async (_record, values) => {
      const areas = await reference.outcomeAreas();
      return {
        areaItems: [
          { value: '', text: 'Choose an outcome area' },
          ...areas.map((a) => ({ value: a.code, text: a.name, selected: values.area === a.code })),
        ],
      };
    },
  );

  episodeForm(
    '/early-help/episodes/:id/close',
    'close.njk',
    'Close early help',
    (body) => parseForm(closeSchema, body),
    async (
      request,
      id,
      data: { version: number; reason: (typeof CLOSURE_REASONS)[number] } & Record<string, unknown>,
    ) => {
      const outcomes = Object.fromEntries(
        Object.entries(data)
          .filter(([k]) => k.startsWith('outcome-'))
          .map(([k, v]) => [k.slice('outcome-'.length), typeof v === 'string' ? v : undefined]),
      );
      await earlyHelp.close(actorOf(request), user(request), id, data.version, { reason: data.reason, outcomes });
      return 'Early help for this family is closed. The outcomes are recorded.';
    },
    (record, values) => ({
      reasonItems: CLOSURE_REASONS.map((r) => ({
        value: r,
        text: CLOSURE_REASON_NAMES[r],
        checked: values.reason === r,
      })),
      outcomeItems: (needId: string) =>
        NEED_OUTCOMES.map((o) => ({
          value: o,
          text: NEED_OUTCOME_NAMES[o],
          checked: values[`outcome-${needId}`] === o,
        })),
    }),
  );

  // ---- Adding a family member: find, confirm, add ----

  async function renderMember(
    reply: FastifyReply,
    record: NonNullable<Awaited<ReturnType<typeof openFamily>>>['record'],
    values: Record<string, unknown>,
    extra: { errors?: FormErrors; candidates?: Awaited<ReturnType<typeof people.findCandidates>> | null } = {},
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
    const opened = await openFamily(request);
    if (!opened.record.canEdit)
      throw forbidden('Only the family’s lead professional or allocated worker can change who is in the family.');
    return opened.record;
  }

  app.get('/families/:id/members/new', { config: editFamily }, async (request, reply) => {
    const record = await openFamilyForEdit(request);
    return record ? renderMember(reply, record, {}) : reply;
  });

  app.post('/families/:id/members/new', { config: editFamily }, async (request, reply) => {
    const record = await openFamilyForEdit(request);
    if (!record) return reply;
    const values = request.body as Record<string, unknown>;
    const form = parseForm(addMemberSchema, withDateOfBirth(request.body));
    if (!form.ok) return renderMember(reply, record, values, { errors: form.errors });
    const f = form.data;
    const details: PersonDetails = {
      firstName: f.firstName,
      lastName: f.lastName,
      dateOfBirth: f['dateOfBirth-day'],
      postcode: f.postcode || null,
    };
    const found = await candidatesFor(details);
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
      if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
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
    const form = parseForm(endMembershipSchema, withDate(request.body, 'toDate'));
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
      if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
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
    const form = parseForm(moveSchema, withDate(request.body, 'fromDate'));
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
      if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
      const problem = problemOf(error);
      if (!problem) throw error;
      const shown = problem.fields.fromDate ? formError('fromDate-day', problem.list[0]!.text) : problem;
      return renderMove(reply, record, versionAfter(record, values, problem), shown);
    }
  });
}
