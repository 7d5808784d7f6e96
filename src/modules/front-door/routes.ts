import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { V, draftBase, loadDraft } from './draft-context.ts';
import { draftCheckPages } from './draft-check.ts';
import { draftPeoplePages } from './draft-people.ts';
import { draftSectionPages } from './draft-sections.ts';
import { registerFormExpiredPage } from './form-expired.ts';
import { practitionerProblems, sectionsNeedingChange } from './rules.ts';
import { SECTIONS } from './sections.ts';
import type { HubService } from './hub/service.ts';
import { sentPage } from './sent-page.ts';
import type { FrontDoorService } from './service.ts';

export { STALE_MESSAGE } from './draft-context.ts';
export { SECTIONS, SUPPORT_ANSWERS, SUPPORT_SECTION } from './sections.ts';

/** The task list: each section with its status, and "Check your answers" once nothing is missing. */
function taskListItems(a: Parameters<typeof practitionerProblems>[0], base: string) {
  // The same check as Send (practitionerProblems): a section whose answers Send would refuse is not complete.
  const problems = practitionerProblems(a, base);
  const needsChange = sectionsNeedingChange(problems);
  const status = (slug: string, done: boolean, started = false) =>
    done && needsChange.has(slug)
      ? { tag: { text: 'Needs changing', classes: 'govuk-tag--red' } }
      : done
        ? { text: 'Completed' }
        : {
            tag: {
              text: started ? 'In progress' : 'Not yet started',
              classes: started ? 'govuk-tag--light-blue' : 'govuk-tag--blue',
            },
          };
  const item = (slug: string, title: string, done: boolean, started = false) => ({
    title: { text: title },
    href: `${base}/${slug}`,
    status: status(slug, done, started),
    ...(done && needsChange.has(slug) ? { hint: { text: needsChange.get(slug)! } } : {}),
  });
  const peopleDone = a.people.some((p) => p.role === 'child') && Boolean(a.district);
  const items: { title: { text: string }; href?: string; status: Record<string, unknown> }[] = [
    ...SECTIONS.slice(0, 1).map((s) => item(s.slug, s.title, s.done(a))),
    item('people', 'Children and family members', peopleDone, a.people.length > 0),
    ...SECTIONS.slice(1).map((s) => item(s.slug, s.title, s.done(a))),
  ];
  const missing = problems.some((p) => p.kind === 'missing');
  const done = items.filter((i) => 'text' in i.status && i.status.text === 'Completed').length;
  items.push(
    missing
      ? {
          title: { text: 'Check your answers and send' },
          status: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
        }
      : {
          title: { text: 'Check your answers and send' },
          href: `${base}/check`,
          status: problems.length
            ? { tag: { text: 'Cannot send yet', classes: 'govuk-tag--red' } }
            : { tag: { text: 'Ready to send', classes: 'govuk-tag--green' } },
        },
  );
  return { items, done };
}

/**
 * The practitioner's Request for Support: a GOV.UK task list over a draft that every section saves
 * to, then "Check your answers", then an idempotent send. Only for users who may 'request:make'.
 */
export async function frontDoorRoutes(
  app: FastifyInstance,
  { frontDoor, hub }: { frontDoor: FrontDoorService; hub: HubService },
) {
  registerFormExpiredPage(app);
  const access = { config: { access: { action: 'request:make' } } } as const;

  async function yourRequests(request: FastifyRequest, reply: FastifyReply) {
    const { drafts, sent } = await frontDoor.yourRequests(request.user!.id);
    return reply.render(`${V}/your-requests.njk`, { pageTitle: 'Your requests for support', drafts, sent });
  }

  async function showStart(_request: FastifyRequest, reply: FastifyReply) {
    return reply.render(`${V}/start.njk`, {
      pageTitle: 'Request support from the Children and Families Hub',
      hub: (await frontDoor.options()).hub,
    });
  }

  async function startDraft(request: FastifyRequest, reply: FastifyReply) {
    const id = await frontDoor.startDraft(actorOf(request), request.user!.id);
    return reply.redirect(draftBase(id), 303);
  }

  async function showTaskList(request: FastifyRequest, reply: FastifyReply) {
    const draft = await loadDraft(frontDoor, request, reply);
    if (!draft) return reply;
    const a = draft.answers;
    const { items, done } = taskListItems(a, draftBase(draft.id));
    return reply.render(`${V}/task-list.njk`, {
      pageTitle: 'Request for Support',
      items,
      done,
      total: items.length - 1,
      children: a.people.filter((p) => p.role === 'child'),
    });
  }

  app.get('/requests', access, yourRequests);
  app.get('/requests/new', access, showStart);
  app.post('/requests/new', access, startDraft);
  app.get('/requests/drafts/:id', access, showTaskList);

  const people = draftPeoplePages(frontDoor);
  app.get('/requests/drafts/:id/people', access, people.showPeople);
  app.post('/requests/drafts/:id/people', access, people.savePeople);
  app.get('/requests/drafts/:id/people/add', access, people.showAddPerson);
  app.post('/requests/drafts/:id/people/add', access, people.addPerson);
  app.get('/requests/drafts/:id/people/:personId', access, people.showPerson);
  app.post('/requests/drafts/:id/people/:personId', access, people.changePerson);
  app.get('/requests/drafts/:id/people/:personId/remove', access, people.showRemovePerson);
  app.post('/requests/drafts/:id/people/:personId/remove', access, people.removePerson);

  for (const s of SECTIONS) {
    const pages = draftSectionPages(frontDoor, s);
    app.get(`/requests/drafts/:id/${s.slug}`, access, pages.showSection);
    app.post(`/requests/drafts/:id/${s.slug}`, access, pages.saveSectionPage);
  }

  const check = draftCheckPages(frontDoor);
  app.get('/requests/drafts/:id/check', access, check.showCheck);
  app.post('/requests/drafts/:id/check', access, check.sendRequest);
  app.get('/requests/sent/:requestId', access, sentPage(frontDoor, hub));
}
