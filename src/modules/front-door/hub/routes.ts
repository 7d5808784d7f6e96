import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { currentUser as user } from '../../../platform/http/params.ts';
import { can } from '../../../platform/permissions/policy.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { SEND_NAMES } from '../../../platform/demographics.ts';
import type { DirectoryService } from '../../directory/index.ts';
import { PersonInputError } from '../../people/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { hubContactRoutes } from './contact-routes.ts';
import { CONTACT_KINDS } from './contacts.ts';
import { hubDecidePages } from './decide-page.ts';
import { HubDecisionError } from './errors.ts';
import {
  KIND_NAMES,
  KIND_TAGS,
  RAG_TAGS,
  SOURCE_NAMES,
  STALE,
  STATUS_NAMES,
  V,
  requestIdOf as requestId,
} from './page-words.ts';
import { hubPersonDemographics } from './person-demographics.ts';
import { hubPersonPages } from './person-pages.ts';
import { hubQueuePage, type RepeatMissingOf } from './queue-page.ts';
import { RETURNED_BY, WAITING_FOR } from './review-lists.ts';
import { PATHWAY_NAMES } from './rules.ts';
import type { HubService } from './service.ts';

const reviewSchema = z
  .object({
    outcome: z.enum(['approve', 'return'], 'Select approve or return to screening'),
    note: z.string().trim().max(2000, 'The note must be 2,000 characters or fewer'),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'return' && !v.note)
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: 'Say why you are returning the decision, so the screener knows what to look at',
      });
  });

const socialWorkSchema = z
  .object({
    version: versionField(),
    reviewOutcome: z.enum(['agreed', 'changes-asked'], 'Select agree, or ask for changes'),
    reviewReasons: z.string().trim().max(2000, 'The reasons must be 2,000 characters or fewer'),
  })
  .superRefine((v, ctx) => {
    if (v.reviewOutcome === 'changes-asked' && !v.reviewReasons)
      ctx.addIssue({
        code: 'custom',
        path: ['reviewReasons'],
        message: 'Say what should change, so the screener knows what to look at',
      });
  });

/** What a social worker is told when the decision was reviewed by someone else, or changed, meanwhile. */
export const REVIEWED_MEANWHILE =
  'Someone else has reviewed this decision, or it has changed, since you opened the page: nothing was saved. Check it below.';

/**
 * The Hub's pages: the queue (/hub), screening one request (/hub/requests/:id), the decision
 * (/hub/requests/:id/decide), managers' approvals (/hub/approvals) and the Hub social worker's reviews
 * (/hub/social-work-reviews).
 */
export async function hubRoutes(
  app: FastifyInstance,
  {
    hub,
    directory,
    reference,
    repeatMissing,
    sentBackBySocialCare,
  }: {
    hub: HubService;
    directory: DirectoryService;
    reference: ReferenceService;
    audit: AuditLog;
    repeatMissing?: RepeatMissingOf;
    /** Of these decisions, those children's social care sent back with no further action (to offer an escalation). */
    sentBackBySocialCare?: (decisionIds: string[]) => Promise<string[]>;
  },
) {
  async function renderScreening(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    { id = requestId(request), values = {} }: { id?: string; values?: Record<string, unknown> } = {},
  ) {
    const found = await hub.screening(actorOf(request), id);
    if (!found) throw notFound();
    const isManager = can(user(request), 'hub:manage').allowed;
    const isSocialWorker = can(user(request), 'hub:social-work-review').allowed;
    const [districts, areas, levels] = await Promise.all([
      reference.districts(),
      reference.outcomeAreas(),
      reference.windscreenLevels(),
    ]);
    return reply.render(
      `${V}/hub-request.njk`,
      {
        districtName:
          districts.find((d) => d.code === found.request.district_code)?.name ?? found.request.district_code,
        areaNames: Object.fromEntries(areas.map((a) => [a.code, a.name])),
        levelNames: Object.fromEntries(levels.map((l) => [l.level, `Level ${l.level}: ${l.name}`])),
        kindNames: KIND_NAMES,
        kindTags: KIND_TAGS,
        pageTitle: `Request ${found.request.displayReference}`,
        ...found,
        contacts: await hub.contacts.list(found.request.id),
        sentBackBySocialCare: sentBackBySocialCare
          ? await sentBackBySocialCare(found.decisions.filter((d) => d.state === 'returned').map((d) => d.id))
          : [],
        contactKinds: CONTACT_KINDS,
        errors,
        values,
        isManager,
        isSocialWorker,
        waitingFor: WAITING_FOR,
        returnedBy: RETURNED_BY,
        mine: found.request.assigned_to === user(request).id,
        screeners: isManager
          ? (await hub.screeners()).map((s) => ({
              value: s.id,
              text: s.name,
              selected: s.id === found.request.assigned_to,
            }))
          : [],
        ragTags: RAG_TAGS,
        statusNames: STATUS_NAMES,
        sourceNames: SOURCE_NAMES,
        pathwayNames: PATHWAY_NAMES,
        decisionStates: {
          final: 'Final',
          'awaiting-social-work-review': 'Waiting for a Hub social worker',
          'awaiting-approval': 'Waiting for a manager',
          returned: 'Returned to screening',
        },
      },
      errors ? 400 : 200,
    );
  }

  const showRequest = (request: FastifyRequest, reply: FastifyReply) => renderScreening(request, reply);

  /** Runs a change from the screening page; a stale or refused change re-shows the page with why. */
  async function change(request: FastifyRequest, reply: FastifyReply, field: string, run: () => Promise<string>) {
    try {
      request.session.flash = await run();
    } catch (error) {
      if (error instanceof StaleVersionError) return renderScreening(request, reply, formError(field, STALE));
      if (error instanceof HubDecisionError)
        return renderScreening(request, reply, formError(error.field, error.message));
      throw error;
    }
    return reply.redirect(`/hub/requests/${requestId(request)}`, 303);
  }

  async function assign(request: FastifyRequest, reply: FastifyReply) {
    const body = z.object({ version: versionField(), to: z.string() }).safeParse(request.body);
    if (!body.success)
      return renderScreening(request, reply, formError('assignee', 'Select who should screen this request'));
    const to = body.data.to === 'me' ? user(request).id : body.data.to;
    return change(request, reply, 'assignee', async () => {
      await hub.assign(actorOf(request), user(request), requestId(request), body.data.version, to);
      return to === user(request).id
        ? 'You are screening this request.'
        : 'The request has been given to someone else.';
    });
  }

  async function linkPerson(request: FastifyRequest, reply: FastifyReply) {
    const { personId } = request.params as { personId: string };
    const body = z.object({ candidateId: z.string().refine(isUuid) }).safeParse(request.body);
    if (!isUuid(personId) || !body.success)
      return renderScreening(request, reply, formError('person', 'Choose one of the records listed'));
    return change(request, reply, 'person', async () => {
      await hub.linkPerson(actorOf(request), requestId(request), personId, body.data.candidateId);
      return 'Linked to the existing record. Nothing has been merged.';
    });
  }

  async function unlinkPerson(request: FastifyRequest, reply: FastifyReply) {
    const { personId } = request.params as { personId: string };
    if (!isUuid(personId)) throw notFound();
    return change(request, reply, 'person', async () => {
      await hub.persons.unlinkPerson(actorOf(request), requestId(request), personId);
      return 'Unlinked. The person record is unchanged; link the right record or create a new one.';
    });
  }

  async function renderPerson(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    const found = await hub.persons.personRecord(actorOf(request), id);
    if (!found) throw notFound();
    const name = `${found.person.firstName} ${found.person.lastName}`;
    const ethnicities = await reference.ethnicities();
    const { ethnicity, send, version } = found.person;
    return reply.render(
      `${V}/hub-person.njk`,
      {
        pageTitle: name,
        name,
        ...found,
        values: { details: { ethnicity: ethnicity ?? '', send: send ?? '', version }, ...values },
        ethnicityItems: [
          { value: '', text: 'Not known' },
          ...ethnicities.map((e) => ({ value: e.code, text: e.name })),
        ],
        ethnicityNames: Object.fromEntries(ethnicities.map((e) => [e.code, e.name])),
        sendNames: SEND_NAMES,
        errors,
        pathwayNames: PATHWAY_NAMES,
        statusNames: STATUS_NAMES,
        sourceNames: SOURCE_NAMES,
      },
      errors ? 400 : 200,
    );
  }

  const showPerson = (request: FastifyRequest, reply: FastifyReply) => renderPerson(request, reply);

  async function mergePeople(request: FastifyRequest, reply: FastifyReply) {
    const { id } = request.params as { id: string };
    const form = parseForm(
      z.object({
        duplicate: z.string().refine(isUuid, 'Choose the record that is the same person'),
        reason: z
          .string()
          .trim()
          .min(1, 'Say why these records are the same person')
          .max(1000, 'The reason must be 1,000 characters or fewer'),
      }),
      request.body,
    );
    if (!form.ok) return renderPerson(request, reply, form.values, form.errors);
    try {
      await hub.persons.mergePeople(actorOf(request), id, form.data.duplicate, form.data.reason);
    } catch (error) {
      if (!(error instanceof PersonInputError)) throw error;
      return renderPerson(request, reply, form.values, formError(error.field, error.message));
    }
    request.session.flash = 'The records are merged. Everything recorded under either of them now shows here.';
    return reply.redirect(`/hub/people/${id}`, 303);
  }

  async function showApprovals(_request: FastifyRequest, reply: FastifyReply) {
    return reply.render(`${V}/hub-approvals.njk`, {
      pageTitle: 'Decisions to approve',
      decisions: await hub.awaitingApproval(),
      pathwayNames: PATHWAY_NAMES,
    });
  }

  /**
   * A manager approves a decision or returns it with a note. A missing answer re-shows the request
   * page with the GOV.UK error summary and what was typed; a decision already dealt with says so.
   */
  async function review(request: FastifyRequest, reply: FastifyReply) {
    const { id } = request.params as { id: string };
    const requestOf = await hub.requestOfDecision(id);
    if (!requestOf) throw notFound();
    const form = parseForm(reviewSchema, request.body);
    const again = (errors: FormErrors) =>
      renderScreening(request, reply, errors, { id: requestOf, values: { review: form.values } });
    if (!form.ok) return again(form.errors);
    try {
      await hub.review(actorOf(request), user(request), id, form.data.outcome === 'approve', form.data.note);
    } catch (error) {
      if (!(error instanceof StaleVersionError || error instanceof HubDecisionError)) throw error;
      return again(
        formError('outcome', 'This decision has already been approved or returned by someone else: nothing was saved'),
      );
    }
    request.session.flash =
      form.data.outcome === 'approve'
        ? 'Approved. The decision has taken effect.'
        : 'Returned to screening with your note.';
    return reply.redirect(`/hub/requests/${requestOf}`, 303);
  }
  async function showSocialWorkReviews(_request: FastifyRequest, reply: FastifyReply) {
    return reply.render(`${V}/hub-social-work-reviews.njk`, {
      pageTitle: 'Decisions for a social worker to review',
      decisions: await hub.awaitingSocialWorkReview(),
      pathwayNames: PATHWAY_NAMES,
    });
  }

  /**
   * A Hub social worker agrees with a decision or asks for changes. A missing answer re-shows the request page
   * with the error summary and what was typed; a decision reviewed or changed meanwhile says so.
   */
  async function socialWorkReview(request: FastifyRequest, reply: FastifyReply) {
    const { id } = request.params as { id: string };
    const requestOf = await hub.requestOfDecision(id);
    if (!requestOf) throw notFound();
    const form = parseForm(socialWorkSchema, request.body);
    const again = (errors: FormErrors) =>
      renderScreening(request, reply, errors, { id: requestOf, values: { socialWork: form.values } });
    if (!form.ok) return again(form.errors);
    const agreed = form.data.reviewOutcome === 'agreed';
    let state: string;
    try {
      ({ state } = await hub.socialWorkReview(
        actorOf(request),
        user(request),
        id,
        form.data.version,
        agreed,
        form.data.reviewReasons,
      ));
    } catch (error) {
      if (!(error instanceof StaleVersionError || error instanceof HubDecisionError)) throw error;
      return again(formError('reviewOutcome', REVIEWED_MEANWHILE));
    }
    request.session.flash = !agreed
      ? 'Returned to screening with your reasons.'
      : state === 'final'
        ? 'Agreed. The decision has taken effect.'
        : 'Agreed. The decision now waits for a Hub manager to approve it.';
    return reply.redirect(`/hub/requests/${requestOf}`, 303);
  }

  const screen = { config: { access: { action: 'hub:screen' } } } as const;
  const socialWork = { config: { access: { action: 'hub:social-work-review' } } } as const;
  const manage = { config: { access: { action: 'hub:manage' } } } as const;
  const queue = hubQueuePage({ hub, reference, repeatMissing });
  const decide = hubDecidePages({ hub, directory, reference });
  app.get('/hub', screen, queue.showQueue);
  app.get('/hub/requests/:id', screen, showRequest);
  app.post('/hub/requests/:id/assign', screen, assign);
  app.post('/hub/requests/:id/people/:personId/link', screen, linkPerson);
  const persons = hubPersonPages({ hub });
  app.get('/hub/requests/:id/people/:personId/create', screen, persons.showCreatePerson);
  app.post('/hub/requests/:id/people/:personId/create', screen, persons.createPerson);
  app.post('/hub/requests/:id/people/:personId/unlink', screen, unlinkPerson);
  app.get('/hub/requests/:id/decide', screen, decide.showDecide);
  app.post('/hub/requests/:id/decide', screen, decide.saveDecision);
  app.get('/hub/people/:id', screen, showPerson);
  app.post('/hub/people/:id/merge', screen, mergePeople);
  const details = hubPersonDemographics({ hub, renderPerson });
  app.post('/hub/people/:id/details', { config: { ...screen.config, once: true } }, details.saveDemographics);
  app.get('/hub/approvals', manage, showApprovals);
  app.post('/hub/decisions/:id/review', manage, review);
  app.get('/hub/social-work-reviews', socialWork, showSocialWorkReviews);
  app.post('/hub/decisions/:id/social-work-review', { config: { ...socialWork.config, once: true } }, socialWorkReview);
  await hubContactRoutes(app, { hub });
}
