import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { currentUser as user } from '../../../platform/http/params.ts';
import { formError, formErrors, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { HubPathway } from '../../../platform/db/schema/index.ts';
import type { DirectoryService } from '../../directory/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { HubDecisionError, HubDecisionProblems } from './errors.ts';
import { inPageOrder, type DecisionDraft } from './decision-rules.ts';
import { requestFacts } from './decide-facts.ts';
import { KIND_NAMES, KIND_TAGS, RAG_TAGS, V, list, requestIdOf as requestId } from './page-words.ts';
import { PATHWAYS, PATHWAY_NAMES } from './rules.ts';
import type { HubService } from './service.ts';
import { RETURNED_BY, WAITING_FOR } from './review-lists.ts';

const decisionSchema = z.object({
  version: versionField(),
  level: z.enum(['1', '2', '3', '4'], 'Select the level of need'),
  descriptors: z.preprocess(list, z.array(z.string().max(500)).max(60)),
  reasons: z
    .string()
    .trim()
    .min(1, 'Enter the reasons for the decision, in your own words')
    .max(5000, 'The reasons must be 5,000 characters or fewer'),
  pathway: z.enum(PATHWAYS as [string, ...string[]], 'Select what happens next'),
  socialCareRoute: z.union([z.literal(''), z.enum(['statutory-assessment', 'strategy-discussion'])]),
  noFurtherActionReason: z.string().trim().max(2000, 'The reason must be 2,000 characters or fewer'),
  familyConsent: z.union([z.literal(''), z.literal('yes')]),
  leadProfessional: z.string().trim().max(200, 'The lead professional must be 200 characters or fewer'),
  serviceIds: z.preprocess(
    list,
    z.array(z.string().refine(isUuid, 'Select services from the list')).max(20, 'Select 20 services or fewer'),
  ),
  linkedRequestId: z.union([z.literal(''), z.string().refine(isUuid, 'Select a request from the list')]),
  withholdEmail: z.union([z.literal(''), z.literal('yes')]),
  emailWithheldReason: z.string().trim().max(1000, 'Why the email is held back must be 1,000 characters or fewer'),
});

/** What the screener has chosen so far, from the form as sent: the rules check it even when the schema did not pass. */
function draftOf(v: Record<string, unknown>): DecisionDraft {
  const text = (x: unknown) => (typeof x === 'string' ? x.trim() : '');
  const level = text(v.level);
  const pathway = text(v.pathway);
  return {
    level: ['1', '2', '3', '4'].includes(level) ? Number(level) : null,
    descriptors: list(v.descriptors).map(String),
    pathway: (PATHWAYS as readonly string[]).includes(pathway) ? (pathway as HubPathway) : null,
    socialCareRoute: text(v.socialCareRoute),
    familyConsent: v.familyConsent === 'yes',
    noFurtherActionReason: text(v.noFurtherActionReason),
    linkedRequestId: text(v.linkedRequestId),
    withholdEmail: v.withholdEmail === 'yes',
    emailWithheldReason: text(v.emailWithheldReason),
  };
}

/** Which levels a pathway is for, in a few words: "For level 2", "For level 1 or 2", "For any level". */
const pathwayHint = (allowed: readonly number[], levelCount: number) =>
  allowed.length >= levelCount ? 'For any level' : `For level ${allowed.join(' or ')}`;

/** The decision page (/hub/requests/:id/decide): level, descriptors, reasons and pathway. */
export function hubDecidePages({
  hub,
  directory,
  reference,
}: {
  hub: HubService;
  directory: DirectoryService;
  reference: ReferenceService;
}) {
  async function renderDecision(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const found = await hub.screening(actorOf(request), requestId(request));
    if (!found) throw notFound();
    const [levels, areas, settings] = await Promise.all([
      reference.windscreenLevels(),
      reference.outcomeAreas(),
      reference.hubSettings(),
    ]);
    const ticked = list(values.descriptors).map(String);
    // The directory search travels with the decision form, so its results survive an error.
    const words = String((request.query as { q?: unknown }).q ?? values.q ?? '').slice(0, 200);
    const chosen = list(values.serviceIds).map(String);
    const viewer = user(request);
    const search = words ? await directory.search({ words, pageSize: 10 }, viewer).catch(() => null) : null;
    const chosenServices = (await Promise.all(chosen.map((id) => directory.publicService(id, viewer)))).filter(
      (s) => s !== null,
    );
    const serviceItems = [
      ...chosenServices.map((s) => ({
        value: s.id,
        text: s.content.name,
        hint: { text: s.organisationName },
        checked: true,
      })),
      ...(search?.services ?? [])
        .filter((s) => !chosen.includes(s.id))
        .map((s) => ({ value: s.id, text: s.name, hint: { text: s.summary } })),
    ];
    return reply.render(
      `${V}/hub-decide.njk`,
      {
        pageTitle: `Decide request ${found.request.displayReference}`,
        waitingFor: WAITING_FOR,
        returnedBy: RETURNED_BY,
        ...found,
        words,
        searched: Boolean(search),
        serviceItems,
        values: { version: String(found.request.version), ...values },
        facts: requestFacts(found.request, areas, levels),
        // Grouped by level, each in a details element: open for the level asked for and any with a tick.
        levels: levels.map((l) => {
          const descriptors = l.descriptors as string[];
          const checked = descriptors.filter((d) => ticked.includes(d)).length;
          return {
            ...l,
            checked,
            open: checked > 0 || l.level === found.request.requested_level,
            descriptorItems: descriptors.map((d) => ({ value: d, text: d, checked: ticked.includes(d) })),
          };
        }),
        pathwayNames: PATHWAY_NAMES,
        linkedItems: found.others.map((o) => ({
          value: o.id,
          text: `${o.reference} about ${o.child}`,
          hint: {
            text: o.workKind
              ? `Decided: ${PATHWAY_NAMES[o.workKind as keyof typeof PATHWAY_NAMES]}, work open`
              : `Received ${o.receivedAt.toLocaleDateString('en-GB', { timeZone: 'Europe/London' })}, not yet decided`,
          },
          checked: values.linkedRequestId === o.id,
        })),
        pathwayItems: PATHWAYS.map((p) => ({
          value: p,
          text: PATHWAY_NAMES[p],
          hint: pathwayHint(settings.pathwayLevels[p], levels.length),
          checked: values.pathway === p,
        })),
        ragTags: RAG_TAGS,
        kindTags: KIND_TAGS,
        kindNames: KIND_NAMES,
        errors,
      },
      errors ? 400 : 200,
    );
  }

  const showDecide = (request: FastifyRequest, reply: FastifyReply) => renderDecision(request, reply, {});

  async function saveDecision(request: FastifyRequest, reply: FastifyReply) {
    // "Search the directory": the same form drawn again with the services found, nothing checked or saved.
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.step === 'find') return renderDecision(request, reply, body);
    const form = parseForm(decisionSchema, request.body);
    // One pass: the schema's problems and the rules' (the chosen pathway's questions too), in page order.
    const problems = await hub.decisionProblems(requestId(request), draftOf(form.values));
    if (!form.ok || problems.length) {
      const fromSchema = form.ok ? [] : form.errors.list.map((e) => ({ field: e.href.slice(1), text: e.text }));
      return renderDecision(request, reply, form.values, formErrors(inPageOrder([...fromSchema, ...problems])));
    }
    const d = form.data;
    try {
      const { state } = await hub.decide(actorOf(request), user(request), requestId(request), d.version, {
        level: Number(d.level),
        descriptors: d.descriptors,
        reasons: d.reasons,
        pathway: d.pathway as (typeof PATHWAYS)[number],
        socialCareRoute: d.socialCareRoute || undefined,
        noFurtherActionReason: d.noFurtherActionReason || undefined,
        familyConsent: d.familyConsent === 'yes',
        leadProfessional: d.leadProfessional || undefined,
        serviceIds: d.serviceIds,
        linkedRequestId: d.linkedRequestId || undefined,
        emailWithheldReason: d.withholdEmail === 'yes' ? d.emailWithheldReason : undefined,
      });
      const handsOn = ['taf', 'family-solutions', 'social-care'].includes(d.pathway);
      request.session.flash =
        state === 'awaiting-approval' || state === 'awaiting-social-work-review'
          ? `Your decision is waiting for ${WAITING_FOR[state]}.`
          : `The decision is recorded and the requester has been told${handsOn ? '. The work has gone to the team that picks it up' : ''}.`;
    } catch (error) {
      if (error instanceof HubDecisionProblems)
        return renderDecision(request, reply, form.values, formErrors(error.problems));
      if (error instanceof HubDecisionError)
        return renderDecision(request, reply, form.values, formError(error.field, error.message));
      if (error instanceof StaleVersionError) {
        return renderDecision(
          request,
          reply,
          { ...form.values, version: undefined },
          formError(
            'level',
            'Another screener decided this request, or changed it, while you were working on it. Your decision has not been saved: check the request as it is now.',
          ),
        );
      }
      throw error;
    }
    return reply.redirect(`/hub/requests/${requestId(request)}`, 303);
  }

  return { showDecide, saveDecision };
}
