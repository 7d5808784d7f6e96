import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { dateInputItems, withDateInputs } from '../../platform/views/date-input.ts';
import { parseForm, type FormErrors, type FormResult } from '../../platform/views/forms.ts';
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
import {
  CASE_AUDIT_FIELDS,
  actionSchema,
  actionStatusSchema,
  attendanceSchema,
  auditorSchema,
  caseAuditSchema,
  findingsSchema,
  themeSchema,
  versionOnly,
} from './schemas.ts';
import { findingsForm } from './answer-pages.ts';
import type { AssuranceAuditsService } from './service.ts';
import { ACTION_STATUSES, AUDIT_KINDS, GRADES } from './standards.ts';

type Values = Record<string, unknown>;
const LEVELS = { '': 'Any level', '1': 'Level 1', '2': 'Level 2', '3': 'Level 3', '4': 'Level 4' };

/** Multi-agency case audits: creating and sampling, the audit's page with its meeting, themes and plan, and findings. */
export async function caseAuditRoutes(app: FastifyInstance, { audits }: { audits: AssuranceAuditsService }) {
  const { caseAudits } = audits;

  function newForm(reply: FastifyReply, values: Values, errors?: FormErrors) {
    return reply.render(
      `${V}/case-audit-form.njk`,
      {
        pageTitle: 'Start a multi-agency case audit',
        values,
        errors,
        kindItems: radios(AUDIT_KINDS, values.kind),
        levelItems: radios(LEVELS, values.level ?? ''),
        closedFromItems: dateInputItems('closedFrom', values, Boolean(errors?.fields['closedFrom-day'])),
        closedToItems: dateInputItems('closedTo', values, Boolean(errors?.fields['closedTo-day'])),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/audits/case-audits/new', { config: { access: MANAGE } }, (_request, reply) =>
    newForm(reply, { sampleSize: '8' }),
  );
  app.post('/audits/case-audits', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const form = parseForm(caseAuditSchema, withDateInputs(request.body, ['closedFrom', 'closedTo']));
    if (!form.ok) {
      const list = [...form.errors.list].sort(
        (a, b) => CASE_AUDIT_FIELDS.indexOf(a.href.slice(1)) - CASE_AUDIT_FIELDS.indexOf(b.href.slice(1)),
      );
      return newForm(reply, asTyped(request), { ...form.errors, list });
    }
    let id: string;
    try {
      id = await caseAudits.create(actorOf(request), currentUser(request), form.data);
    } catch (error) {
      return newForm(reply, asTyped(request), refused(error));
    }
    request.session.flash = 'The cases are sampled: now add the auditors for each agency.';
    return reply.redirect(`/audits/case-audits/${id}`, 303);
  });

  async function auditPage(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors, values: Values = {}) {
    const user = currentUser(request);
    const audit = found(await caseAudits.visible(actorOf(request), user, uuidParam(request)));
    const manager = manages(request);
    const [cases, auditors, findings, grades, attendance, themes, actions, organisations] = await Promise.all([
      caseAudits.cases(audit.id),
      caseAudits.auditors(audit.id),
      caseAudits.findings(audit.id),
      caseAudits.grades(audit.id),
      caseAudits.plan.attendance(audit.id),
      caseAudits.plan.themes(audit.id),
      caseAudits.plan.actions(audit.id),
      manager ? audits.core.organisations() : Promise.resolve([]),
    ]);
    const gradeOf = new Map(grades.map((g) => [`${g.findings_id}:${g.case_id}`, GRADES[g.grade]]));
    const goodOrBetter = grades.filter((g) => g.grade === 'outstanding' || g.grade === 'good').length;
    const open = audit.status === 'open';
    return reply.render(
      `${V}/case-audit.njk`,
      {
        pageTitle: audit.theme,
        audit: {
          ...audit,
          kindName: AUDIT_KINDS[audit.kind],
          from: dayText(audit.closed_from),
          to: dayText(audit.closed_to),
          meeting: dayText(audit.meeting_on),
        },
        open,
        manager,
        isAuditor: auditors.some((a) => a.user_id === user.id),
        ownFindings: findings.find((f) => f.organisation_id === user.organisationId)?.id ?? null,
        cases: cases.map((k) => ({ ...k, closed: instantDay(k.facts?.closedAt) })),
        auditors,
        findings: findings.map((f) => ({
          ...f,
          sent: instantDay(f.submitted_at),
          grades: cases.map((k) => ({ position: k.position, grade: gradeOf.get(`${f.id}:${k.id}`) ?? 'Not graded' })),
        })),
        quality: grades.length ? Math.round((100 * goodOrBetter) / grades.length) : null,
        gradeCount: grades.length,
        attendance,
        attendees: attendance.reduce((n, a) => n + a.attendees, 0),
        themes,
        actions: actions.map((a) => ({
          ...a,
          due: dayText(a.due_on),
          statusName: ACTION_STATUSES[a.status],
          items: Object.entries(ACTION_STATUSES).map(([value, text]) => ({
            value,
            text,
            selected: a.status === value,
          })),
        })),
        organisationItems: [
          { value: '', text: 'Choose an agency' },
          ...organisations.map((o) => ({ value: o.id, text: o.name, selected: values.organisationId === o.id })),
        ],
        meetingOnItems: dateInputItems('meetingOn', values, Boolean(errors?.fields['meetingOn-day'])),
        dueOnItems: dateInputItems('dueOn', values, Boolean(errors?.fields['dueOn-day'])),
        values,
        errors,
      },
      errors ? 400 : 200,
    );
  }
  app.get('/audits/case-audits/:id', { config: { access: TAKING_PART } }, (request, reply) =>
    auditPage(request, reply),
  );

  /** A manager's form on the audit's page: parse, call the service, come back to the page (or show the errors). */
  const managerForm = <T>(
    path: string,
    parse: (body: unknown) => FormResult<T>,
    run: (request: FastifyRequest, data: T) => Promise<unknown>,
    done: string,
    once = false,
  ) =>
    app.post(
      `/audits/case-audits/:id/${path}`,
      { config: { access: MANAGE, ...(once ? { once: true as const } : {}) } },
      async (request, reply) => {
        const form = parse(request.body);
        if (!form.ok) return auditPage(request, reply, form.errors, asTyped(request));
        try {
          found(await run(request, form.data));
        } catch (error) {
          return auditPage(request, reply, refused(error), asTyped(request));
        }
        request.session.flash = done;
        return reply.redirect(`/audits/case-audits/${uuidParam(request)}`, 303);
      },
    );

  managerForm(
    'auditors',
    (b) => parseForm(auditorSchema, b),
    (r, d) => caseAudits.addAuditor(actorOf(r), currentUser(r), uuidParam(r), d.email),
    'The auditor is added: they can now see the sampled cases until the audit closes.',
  );
  managerForm(
    'attendance',
    (b) => parseForm(attendanceSchema, withDateInputs(b, ['meetingOn'])),
    (r, d) =>
      caseAudits.plan.recordAttendance(actorOf(r), currentUser(r), uuidParam(r), {
        meetingOn: d['meetingOn-day'],
        organisationId: d.organisationId,
        attendees: d.attendees,
      }),
    'The attendance is recorded.',
  );
  managerForm(
    'themes',
    (b) => parseForm(themeSchema, b),
    (r, d) => caseAudits.plan.addTheme(actorOf(r), currentUser(r), uuidParam(r), d),
    'The theme is added.',
    true,
  );
  managerForm(
    'actions',
    (b) => parseForm(actionSchema, withDateInputs(b, ['dueOn'])),
    (r, d) =>
      caseAudits.plan.addAction(actorOf(r), currentUser(r), uuidParam(r), {
        action: d.action,
        owner: d.owner,
        dueOn: d['dueOn-day'],
      }),
    'The action is added to the service development plan.',
    true,
  );
  managerForm(
    'close',
    (b) => parseForm(versionOnly, b),
    async (r, d) => (await caseAudits.close(actorOf(r), currentUser(r), uuidParam(r), d.version)) ?? true,
    'The audit is closed: its auditors no longer see the sampled cases.',
  );
  app.post('/audits/case-audits/:id/actions/:actionId', { config: { access: MANAGE } }, async (request, reply) => {
    const form = parseForm(actionStatusSchema, request.body);
    if (!form.ok) return auditPage(request, reply, form.errors);
    try {
      found(
        await caseAudits.plan.setActionStatus(
          actorOf(request),
          currentUser(request),
          uuidParam(request),
          uuidParam(request, 'actionId'),
          form.data,
        ),
      );
    } catch (error) {
      return auditPage(request, reply, refused(error));
    }
    request.session.flash = 'The action’s status is saved.';
    return reply.redirect(`/audits/case-audits/${uuidParam(request)}#plan`, 303);
  });

  // ---- An agency's findings report ----
  async function findingsPage(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const user = currentUser(request);
    const audit = found(await caseAudits.visible(actorOf(request), user, uuidParam(request)));
    const own = (await caseAudits.findings(audit.id)).find((f) => f.organisation_id === user.organisationId);
    if (own && !errors) return reply.redirect(`/audits/case-audits/${audit.id}/findings/${own.id}`, 303);
    const names = audit.status === 'open' && (await caseAudits.isAuditor(user, audit.id));
    return findingsForm(reply, { audit, cases: await caseAudits.cases(audit.id), values, errors, names });
  }
  app.get('/audits/case-audits/:id/findings', { config: { access: RESPOND } }, (request, reply) =>
    findingsPage(request, reply, {}),
  );
  app.post('/audits/case-audits/:id/findings', { config: { access: RESPOND, once: true } }, async (request, reply) => {
    const user = currentUser(request);
    const audit = found(await caseAudits.visible(actorOf(request), user, uuidParam(request)));
    const cases = await caseAudits.cases(audit.id);
    const form = parseForm(findingsSchema(cases), request.body);
    if (!form.ok) return findingsPage(request, reply, asTyped(request), form.errors);
    const data = form.data as Record<string, string>;
    let id: string;
    try {
      id = found(
        await caseAudits.submitFindings(actorOf(request), user, audit.id, {
          summary: data.summary ?? '',
          grades: Object.fromEntries(cases.map((k) => [k.id, data[`grade-${k.id}`] ?? ''])),
        }),
      );
    } catch (error) {
      return findingsPage(request, reply, asTyped(request), refused(error));
    }
    request.session.flash = 'Thank you: your agency’s findings are sent. You can correct them until the audit closes.';
    return reply.redirect(`/audits/case-audits/${audit.id}/findings/${id}`, 303);
  });
}
