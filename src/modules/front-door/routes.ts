import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { V, draftBase, loadDraft } from './draft-context.ts';
import { draftCheckPages } from './draft-check.ts';
import { draftPeoplePages } from './draft-people.ts';
import { draftSectionPages } from './draft-sections.ts';
import { registerFormExpiredPage } from './form-expired.ts';
import { practitionerProblems } from './rules.ts';
import { SECTIONS } from './sections.ts';
import type { HubService } from './hub/service.ts';
import { sentPage } from './sent-page.ts';
import type { FrontDoorService } from './service.ts';

export { STALE_MESSAGE } from './draft-context.ts';
export { SECTIONS, SUPPORT_ANSWERS, SUPPORT_SECTION } from './sections.ts';

/** The task list: each section with its status, and "Check your answers" once nothing is missing. */
function taskListItems(a: Parameters<typeof practitionerProblems>[0], base: string) {
  const status = (done: boolean, started = false) =>
    done
      ? { text: 'Completed' }
      : {
          tag: {
            text: started ? 'In progress' : 'Not yet started',
            classes: started ? 'govuk-tag--light-blue' : 'govuk-tag--blue',
          },
        };
  const peopleDone = a.people.some((p) => p.role === 'child') && Boolean(a.district);
  const items: { title: { text: string }; href?: string; status: Record<string, unknown> }[] = [
    ...SECTIONS.slice(0, 1).map((s) => ({
      title: { text: s.title },
      href: `${base}/${s.slug}`,
      status: status(s.done(a)),
    })),
    {
      title: { text: 'Children and family members' },
      href: `${base}/people`,
      status: status(peopleDone, a.people.length > 0),
    },
    ...SECTIONS.slice(1).map((s) => ({
      title: { text: s.title },
      href: `${base}/${s.slug}`,
      status: status(s.done(a)),
    })),
  ];
  const ready = practitionerProblems(a, base).every((p) => p.kind !== 'missing');
  const done = items.filter((i) => 'text' in i.status && i.status.text === 'Completed').length;
  items.push(
    ready
      ? {
          title: { text: 'Check your answers and send' },
          href: `${base}/check`,
          status: { tag: { text: 'Ready to send', classes: 'govuk-tag--green' } },
        }
      : {
          title: { text: 'Check your answers and send' },
          status: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
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
