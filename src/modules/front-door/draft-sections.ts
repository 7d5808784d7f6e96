import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormErrors } from '../../platform/views/forms.ts';
import { V, asList, draftBase, formVersion, loadDraft, returnQuery, returnTo, saveSection } from './draft-context.ts';
import { CONSENT_RULE } from './rules.ts';
import { LIMITS, parseFormPage } from './schemas.ts';
import { SUPPORT_ANSWERS, type Section } from './sections.ts';
import type { FrontDoorService } from './service.ts';
import type { PractitionerAnswers } from './answers.ts';

/** The page of one task-list section (support, worries, strengths, tried, level, consent): show and save. */
export function draftSectionPages(frontDoor: FrontDoorService, s: Section<unknown>) {
  async function render(
    reply: FastifyReply,
    draft: { id: string; version: number; answers?: PractitionerAnswers },
    query: string,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const options = await frontDoor.options();
    return reply.render(
      `${V}/${s.template}`,
      {
        pageTitle: s.title,
        action: `${draftBase(draft.id)}/${s.slug}${query}`,
        back: draftBase(draft.id),
        limits: LIMITS,
        options,
        consentRule: CONSENT_RULE,
        supportAnswers: SUPPORT_ANSWERS,
        values: { version: draft.version, ...values },
        levelAtLeast: draft.answers?.levelAtLeast ?? null,
        errors,
      },
      errors ? 400 : 200,
    );
  }

  async function showSection(request: FastifyRequest, reply: FastifyReply) {
    const draft = await loadDraft(frontDoor, request, reply);
    if (!draft) return reply;
    return render(reply, draft, returnQuery(request), s.values(draft.answers));
  }

  async function saveSectionPage(request: FastifyRequest, reply: FastifyReply) {
    const draft = await loadDraft(frontDoor, request, reply);
    if (!draft) return reply;
    const options = await frontDoor.options();
    const form = parseFormPage(s.schema(options, draft.answers), request.body);
    const values = { ...form.values, areas: asList(form.values.areas) };
    if (!form.ok) return render(reply, draft, returnQuery(request), values, form.errors);
    const data = form.data;
    const stale = await saveSection(
      frontDoor,
      request,
      reply,
      draft.id,
      formVersion(request.body),
      (a) => s.save(a, data),
      async (e) => {
        const fresh = (await frontDoor.draft(request.user!.id, draft.id))!;
        return render(reply, fresh, returnQuery(request), s.values(fresh.answers), e);
      },
    );
    const next = s.next?.(s.save(draft.answers, data));
    return (
      stale ??
      reply.redirect(next ? `${draftBase(draft.id)}/${next}${returnQuery(request)}` : returnTo(request, draft.id), 303)
    );
  }

  return { showSection, saveSectionPage };
}
