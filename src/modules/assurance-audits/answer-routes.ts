import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { decidedAnswer, type AnswerLocator } from '../../platform/http/route-access.ts';
import { can } from '../../platform/permissions/policy.ts';
import { parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { correctionsShown, findingsChange, findingsForm, returnChange, returnForm } from './answer-pages.ts';
import { StaleAnswer } from './core.ts';
import type { Corrected } from './return-corrections.ts';
import { V, asTyped, found, instantDay, refused } from './route-helpers.ts';
import { correctionSchema, findingsCorrectionSchema, returnAnswers } from './schemas.ts';
import type { AssuranceAuditsService } from './service.ts';
import { CYCLE_KINDS, GRADES, RATINGS } from './standards.ts';

type Values = Record<string, unknown>;
const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name] ?? '';
const saved = (done: Corrected, what: string) =>
  done.alreadySaved
    ? `This correction was already saved: ${what} is as you sent it.`
    : done.changed
      ? `Your correction is saved: ${done.changed} ${done.changed === 1 ? 'answer' : 'answers'} changed.`
      : `You changed nothing: ${what} is as it was.`;

/**
 * An agency's answers on their own pages (issue 16): its Section 11 or Section 175 return and its findings report to
 * a case audit, each with the changes its corrections made. The Board's manager reads every agency's; the agency's
 * own people read theirs and correct it until the cycle or audit closes. Access is the policy's 'agency-answer'.
 */
export async function answerRoutes(app: FastifyInstance, { audits }: { audits: AssuranceAuditsService }) {
  const { returns, findings, caseAudits } = audits;
  const returnAt: AnswerLocator = {
    type: 'assurance-return',
    find: (request) => returns.locate(param(request, 'id'), param(request, 'returnId')),
  };
  const findingsAt: AnswerLocator = {
    type: 'case-audit-findings',
    find: (request) => findings.locate(param(request, 'id'), param(request, 'findingsId')),
  };
  const mayCorrect = (request: FastifyRequest, organisationId: string, id: string) =>
    can(currentUser(request), 'agency-answer:correct', { type: 'agency-answer', id, organisationId }).allowed;

  // ---- A return ----
  app.get(
    '/audits/cycles/:id/returns/:returnId',
    { config: { access: { answer: returnAt, can: 'agency-answer:view' } } },
    async (request, reply) => {
      const r = found(await returns.get(decidedAnswer(request).id));
      const standards = (await audits.standards()).standards[r.kind];
      const [answers, changes] = await Promise.all([audits.cycles.answers(r.id), returns.changes(r.id)]);
      const byCode = new Map(answers.map((a) => [a.standard_code, a]));
      return reply.render(`${V}/return-answers.njk`, {
        pageTitle: `${r.organisation}’s return: ${r.title}`,
        r: { ...r, kindName: CYCLE_KINDS[r.kind], sent: instantDay(r.submitted_at) },
        standards: standards.map((s) => ({ ...s, answer: byCode.get(s.code) })),
        ratings: RATINGS,
        corrections: correctionsShown(changes, returnChange(standards)),
        canCorrect: r.status === 'open' && mayCorrect(request, r.organisation_id, r.id),
      });
    },
  );

  async function correctReturn(request: FastifyRequest, reply: FastifyReply, typed?: Values, errors?: FormErrors) {
    const r = found(await returns.get(decidedAnswer(request).id));
    if (r.status !== 'open' && !errors) {
      request.session.flash = 'This audit has closed: its returns can no longer be corrected.';
      return reply.redirect(`/audits/cycles/${r.cycle_id}/returns/${r.id}`, 303);
    }
    const cycle = found(await audits.cycles.cycle(r.cycle_id));
    const standards = (await audits.standards()).standards[r.kind];
    const values: Values =
      typed ??
      Object.fromEntries(
        (await audits.cycles.answers(r.id)).flatMap((a) => [
          [`rating-${a.standard_code}`, a.rating],
          [`evidence-${a.standard_code}`, a.evidence],
          [`actions-${a.standard_code}`, a.actions],
        ]),
      );
    return returnForm(reply, { cycle, standards, values, errors, correcting: { returnId: r.id, version: r.version } });
  }
  const correctReturnAccess = { answer: returnAt, can: 'agency-answer:correct' } as const;
  app.get('/audits/cycles/:id/returns/:returnId/correct', { config: { access: correctReturnAccess } }, (rq, rp) =>
    correctReturn(rq, rp),
  );
  app.post(
    '/audits/cycles/:id/returns/:returnId/correct',
    { config: { access: correctReturnAccess } },
    async (request, reply) => {
      const r = found(await returns.get(decidedAnswer(request).id));
      const standards = (await audits.standards()).standards[r.kind];
      const form = parseForm(correctionSchema(standards), request.body);
      if (!form.ok) return correctReturn(request, reply, asTyped(request), form.errors);
      let done: Corrected;
      try {
        const answers = returnAnswers(standards, form.data);
        done = found(
          await returns.correct(actorOf(request), currentUser(request), r.id, Number(form.data.version), answers),
        );
      } catch (error) {
        if (error instanceof StaleAnswer) return correctReturn(request, reply, undefined, refused(error));
        return correctReturn(request, reply, asTyped(request), refused(error));
      }
      request.session.flash = saved(done, 'the return');
      return reply.redirect(`/audits/cycles/${r.cycle_id}/returns/${r.id}`, 303);
    },
  );

  // ---- A findings report ----
  app.get(
    '/audits/case-audits/:id/findings/:findingsId',
    { config: { access: { answer: findingsAt, can: 'agency-answer:view' } } },
    async (request, reply) => {
      const f = found(await findings.get(decidedAnswer(request).id));
      const [grades, changes] = await Promise.all([findings.grades(f.id), findings.changes(f.id)]);
      return reply.render(`${V}/findings-answers.njk`, {
        pageTitle: `${f.organisation}’s findings: ${f.theme}`,
        f: { ...f, sent: instantDay(f.submitted_at) },
        grades: grades.map((g) => ({ position: g.position, grade: g.grade ? GRADES[g.grade] : 'Not graded' })),
        corrections: correctionsShown(changes, findingsChange),
        canCorrect: f.status === 'open' && mayCorrect(request, f.organisation_id, f.id),
      });
    },
  );

  async function correctFindings(request: FastifyRequest, reply: FastifyReply, typed?: Values, errors?: FormErrors) {
    const f = found(await findings.get(decidedAnswer(request).id));
    if (f.status !== 'open' && !errors) {
      request.session.flash = 'This audit is closed: its findings can no longer be corrected.';
      return reply.redirect(`/audits/case-audits/${f.audit_id}/findings/${f.id}`, 303);
    }
    const cases = await caseAudits.cases(f.audit_id);
    const values: Values = typed ?? {
      summary: f.summary,
      ...Object.fromEntries((await findings.grades(f.id)).map((g) => [`grade-${g.case_id}`, g.grade])),
    };
    return findingsForm(reply, {
      audit: { id: f.audit_id, theme: f.theme },
      cases,
      values,
      errors,
      correcting: { findingsId: f.id, version: f.version },
      names: await caseAudits.isAuditor(currentUser(request), f.audit_id),
    });
  }
  const correctFindingsAccess = { answer: findingsAt, can: 'agency-answer:correct' } as const;
  app.get(
    '/audits/case-audits/:id/findings/:findingsId/correct',
    { config: { access: correctFindingsAccess } },
    (rq, rp) => correctFindings(rq, rp),
  );
  app.post(
    '/audits/case-audits/:id/findings/:findingsId/correct',
    { config: { access: correctFindingsAccess } },
    async (request, reply) => {
      const f = found(await findings.get(decidedAnswer(request).id));
      const cases = await caseAudits.cases(f.audit_id);
      const form = parseForm(findingsCorrectionSchema(cases), request.body);
      if (!form.ok) return correctFindings(request, reply, asTyped(request), form.errors);
      const data = form.data as Record<string, unknown>;
      let done: Corrected;
      try {
        const input = {
          summary: String(data.summary ?? ''),
          grades: Object.fromEntries(cases.map((k) => [k.id, String(data[`grade-${k.id}`] ?? '')])),
        };
        done = found(await findings.correct(actorOf(request), currentUser(request), f.id, form.data.version, input));
      } catch (error) {
        if (error instanceof StaleAnswer) return correctFindings(request, reply, undefined, refused(error));
        return correctFindings(request, reply, asTyped(request), refused(error));
      }
      request.session.flash = saved(done, 'the findings report');
      return reply.redirect(`/audits/case-audits/${uuidParam(request)}/findings/${f.id}`, 303);
    },
  );
}
