import type { FastifyInstance } from 'fastify';
import type { Notify } from '../notify/notify.ts';
import { can, type SystemAction } from '../permissions/policy.ts';
import { notFound } from '../http/errors.ts';
import { homeTasks } from './home-tasks.ts';

const T = 'views/templates/pages';

export interface PageRoutesOptions {
  /** DEV_OUTBOX: whether /dev/outbox exists at all. */
  devOutbox: boolean;
  notify: Notify;
  /** How many follow-up training evaluations a user has due (the training module's, given by app.ts). */
  trainingDue?: (userId: string) => Promise<number>;
}

/** The administration pages: the Admin item in the navigation and /admin list those the user may use. */
const ADMIN_TASKS = [
  {
    action: 'user:list',
    href: '/admin/users',
    text: 'Users',
    hint: 'Add people, give them roles and teams, reset their sign-in.',
  },
  {
    action: 'organisation:list',
    href: '/admin/organisations',
    text: 'Organisations and teams',
    hint: 'The partner organisations and teams working with families.',
  },
  {
    action: 'audit:view',
    href: '/admin/audit',
    text: 'Audit trail',
    hint: 'Who signed in, changed or looked at what, and when.',
  },
  {
    action: 'directory:export',
    href: '/admin/directory/transfers',
    text: 'Directory of Services data',
    hint: 'Import entries from another council’s Open Referral UK feed or a spreadsheet, and export them.',
  },
  {
    action: 'organisation:manage',
    href: '/admin/schools',
    text: 'Schools',
    hint: 'The schools and their designated safeguarding leads, for Operation Encompass: refresh the list from a CSV.',
  },
] as const satisfies readonly { action: SystemAction; href: string; text: string; hint: string }[];

export const ADMIN_ACTIONS: readonly SystemAction[] = ADMIN_TASKS.map((t) => t.action);

/**
 * The partnership's own pages (issue 14): one Partnership item in the navigation, for those who work on the
 * partnership (the figures, the boards, keeping the plan), so the navigation stays on one line at 1280 px; every role
 * may read the plan, from /partnership or its own address.
 */
const PARTNERSHIP_TASKS = [
  {
    action: 'performance:view',
    href: '/performance',
    text: 'Performance',
    hint: 'The partnership’s indicators against target, by quadrant and district, with how each is counted.',
  },
  {
    action: 'performance:view',
    href: '/performance/board',
    text: 'Board view and reports',
    hint: 'The current plan’s priorities with their figures, charts and commentary; a Locality Partnership’s report; PDF and spreadsheet.',
  },
  {
    action: 'performance:view',
    href: '/corporate-parenting/panel',
    text: 'Corporate Parenting Panel: our outcomes',
    hint: 'The Co-Parenting Strategy’s seven outcomes, each measure against target by year, separated migrant children apart.',
  },
  {
    action: 'plan:view',
    href: '/plan',
    text: 'Partnership plan',
    hint: 'The Children and Young People’s Plan: outcomes, priorities, the Locality Partnerships and delivery actions.',
  },
  {
    action: 'governance:view',
    href: '/boards',
    text: 'Boards',
    hint: 'The boards and sub-groups: members, meetings, minutes and decisions, action logs, the scrutiny programme.',
  },
  {
    action: 'training:manage',
    href: '/training',
    text: 'Training and champions',
    hint: 'The multi-agency training offer: courses, sessions, bookings, attendance, evaluations; the champions networks.',
  },
] as const satisfies readonly { action: SystemAction; href: string; text: string; hint: string }[];

/**
 * Who the navigation's Partnership item is for: those whose work it is (the analyst, the Board manager and members).
 * A manager who may see the figures reaches them from their home page's tasks: their navigation is full.
 */
export const PARTNERSHIP_ACTIONS: readonly SystemAction[] = ['performance:manage', 'governance:view', 'plan:manage'];

type Task = { action: SystemAction; href: string; text: string; hint: string };
const tasksFor = (tasks: readonly Task[], user: Parameters<typeof can>[0]) =>
  tasks.filter((t) => can(user, t.action).allowed).map(({ href, text, hint }) => ({ href, text, hint }));
const adminTasks = (user: Parameters<typeof can>[0]) => tasksFor(ADMIN_TASKS, user);

/** Pages every service has: home, cookies, accessibility statement; and the development outbox. */
export async function pageRoutes(app: FastifyInstance, { devOutbox, notify, trainingDue }: PageRoutesOptions) {
  app.get(
    '/',
    { config: { access: { public: 'the home page: sign in, or the signed-in user’s tasks' } } },
    async (request, reply) => {
      const user = request.user;
      const due = user && trainingDue && can(user, 'training:book').allowed ? await trainingDue(user.id) : 0;
      // A follow-up evaluation due (issue 16) shows on the Training task itself.
      const tasks = (user ? homeTasks(user, adminTasks(user)) : []).map((t) =>
        t.href === '/training' && due
          ? {
              ...t,
              text: `Training: ${due} evaluation${due === 1 ? '' : 's'} due`,
              hint: 'Say how the training you attended some months ago has changed your practice.',
            }
          : t,
      );
      return reply.render(`${T}/home.njk`, { pageTitle: user ? 'Home' : 'Help for children and families', tasks });
    },
  );

  app.get('/admin', { config: { access: { anyOf: [...ADMIN_ACTIONS] } } }, async (request, reply) =>
    reply.render(`${T}/admin.njk`, { pageTitle: 'Admin', tasks: adminTasks(request.user) }),
  );

  app.get(
    '/partnership',
    { config: { access: { anyOf: PARTNERSHIP_TASKS.map((t) => t.action) } } },
    async (request, reply) =>
      reply.render(`${T}/admin.njk`, {
        pageTitle: 'Partnership',
        tasks: tasksFor(PARTNERSHIP_TASKS, request.user),
      }),
  );

  app.get('/cookies', { config: { access: { public: 'the cookies page' } } }, async (_request, reply) =>
    reply.render(`${T}/cookies.njk`, { pageTitle: 'Cookies' }),
  );

  app.get(
    '/accessibility-statement',
    { config: { access: { public: 'the accessibility statement' } } },
    async (_request, reply) =>
      reply.render(`${T}/accessibility-statement.njk`, { pageTitle: 'Accessibility statement' }),
  );

  // Emails are kept in an outbox, so a person trying Hearth on their own machine can follow invitation links.
  // The outbox holds set-password links, so it exists only where DEV_OUTBOX switches it on (never in
  // production) and only a signed-in user the policy allows ('dev:outbox': system administrators) reads it.
  const outboxOn = async () => {
    if (!devOutbox) throw notFound();
  };
  app.get(
    '/dev/outbox',
    { config: { access: { action: 'dev:outbox' } }, preHandler: outboxOn },
    async (_request, reply) =>
      reply.render(`${T}/outbox.njk`, {
        pageTitle: 'Email outbox (development only)',
        messages: await notify.outbox(),
      }),
  );
}
