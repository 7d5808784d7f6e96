import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { FormErrors } from '../../platform/views/forms.ts';
import type { PractitionerAnswers } from './answers.ts';
import { V, draftBase, loadDraft } from './draft-context.ts';
import { flagMessage, multiline, personRows, summaryRow, worryRows } from './present.ts';
import { CONSENT_RULE, practitionerProblems } from './rules.ts';
import { SUPPORT_ANSWERS } from './sections.ts';
import { RequestNotReadyError, type FrontDoorService } from './service.ts';

/** "Check your answers" for a practitioner's draft, the send, and the confirmation. */
export function draftCheckPages(frontDoor: FrontDoorService) {
  async function renderCheck(
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

  async function showCheck(request: FastifyRequest, reply: FastifyReply) {
    const draft = await loadDraft(frontDoor, request, reply);
    if (!draft) return reply;
    if (practitionerProblems(draft.answers, draftBase(draft.id)).some((p) => p.kind === 'missing'))
      return reply.redirect(draftBase(draft.id), 303);
    return renderCheck(reply, draft);
  }

  async function sendRequest(request: FastifyRequest, reply: FastifyReply) {
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
      return renderCheck(reply, draft, {
        list: error.problems.map((p) => ({ text: p.text, href: p.href })),
        fields: {},
      });
    }
  }

  return { showCheck, sendRequest };
}
