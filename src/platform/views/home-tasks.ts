import { can, type Principal, type SystemAction } from '../permissions/policy.ts';

/**
 * A task on the signed-in home page: shown to a user whom the policy grants any of `anyOf` (every signed-in user when
 * `anyOf` is 'everyone'). Each module's main page is one line here, in the order the home page lists them; the
 * administration tasks come in where ADMIN sits.
 */
export interface HomeTask {
  anyOf: readonly SystemAction[] | 'everyone';
  href: string;
  text: string;
  hint: string;
}

/** Where the administration tasks (the Admin item's pages) are listed among the home page's tasks. */
export const ADMIN = 'admin-tasks';

export const HOME_TASKS: readonly (HomeTask | typeof ADMIN)[] = [
  {
    anyOf: ['hub:screen'],
    href: '/hub',
    text: 'Hub queue',
    hint: 'Screen Requests for Support: who the child is, the level of need and what happens next.',
  },
  {
    anyOf: ['hub:manage'],
    href: '/hub/approvals',
    text: 'Decisions to approve',
    hint: 'Level 4 decisions and overrides of the requester’s view.',
  },
  {
    anyOf: ['hub:social-work-review'],
    href: '/hub/social-work-reviews',
    text: 'Decisions for a social worker to review',
    hint: 'Children the police reported missing, decided at level 3 or 4: review the information and the response.',
  },
  {
    anyOf: ['social-care:intake'],
    href: '/social-care',
    text: 'Level 4 hand-offs',
    hint: 'Requests the Hub decided need children’s social care: acknowledge each and record the outcome.',
  },
  {
    anyOf: ['escalation:manage', 'social-care:intake', 'early-help:lead'],
    href: '/escalations',
    text: 'Escalations',
    hint: 'Disagreements with Hub decisions and Early Help Plans, stage by stage, and how escalation is used.',
  },
  {
    anyOf: ['missing:chat'],
    href: '/missing-chats',
    text: 'Missing Chats',
    hint: 'Children back from a missing episode, and their parents, due a Missing Chat: offer it and record it.',
  },
  {
    anyOf: ['early-help:start'],
    href: '/early-help',
    text: 'Your early help day',
    hint: 'Your families, actions and plan reviews due or overdue, and this week’s Team Around the Family meetings.',
  },
  {
    anyOf: ['early-help:team-view'],
    href: '/early-help/team',
    text: 'Your team',
    hint: 'Caseloads, overdue reviews and supervision due across your teams.',
  },
  {
    anyOf: ['encompass:receive'],
    href: '/encompass',
    text: 'Operation Encompass notifications',
    hint: 'Police attended a domestic abuse incident at a pupil’s home: record that you received it and the support you gave.',
  },
  {
    anyOf: ['hub:screen'],
    href: '/encompass/hub',
    text: 'Operation Encompass',
    hint: 'Notifications to schools: schools to find, not yet sent, sent late, not acknowledged.',
  },
  {
    anyOf: ['education:compliance'],
    href: '/education-compliance',
    text: 'Education Compliance',
    hint: 'Children missing education and home educated: enquiries, assessments and School Attendance Orders.',
  },
  {
    anyOf: ['request:make'],
    href: '/requests/new',
    text: 'Request support',
    hint: 'Ask the Children and Families Hub for support for a child and their family.',
  },
  {
    anyOf: ['training:book', 'training:manage'],
    href: '/training',
    text: 'Training',
    hint: 'Book multi-agency training, evaluate what you attended, and find a champion.',
  },
  {
    anyOf: ['marac:refer', 'marac:take-part', 'marac:coordinate'],
    href: '/marac',
    text: 'MARAC',
    hint: 'Refer an adult victim of domestic abuse at high risk, and the MARAC cases you take part in.',
  },
  {
    anyOf: ['directory:provide'],
    href: '/provider/services',
    text: 'Your services',
    hint: 'Keep your organisation’s Directory of Services entries right.',
  },
  {
    anyOf: ['directory:moderate'],
    href: '/moderation',
    text: 'Directory moderation',
    hint: 'Approve or reject changes to the Directory of Services.',
  },
  ADMIN,
  {
    anyOf: ['corporate-parenting:manage'],
    href: '/corporate-parenting',
    text: 'Corporate parenting',
    hint: 'Import the register of children in care and care leavers, and see the Panel’s seven outcomes.',
  },
  {
    anyOf: ['performance:view'],
    href: '/partnership',
    text: 'Partnership',
    hint: 'The partnership’s figures against target, its plan and its boards.',
  },
  {
    anyOf: 'everyone',
    href: '/services',
    text: 'Find a service',
    hint: 'Search the Directory of Services to signpost a family.',
  },
  { anyOf: 'everyone', href: '/account', text: 'Your account', hint: 'Your details, and signing out of every device.' },
];

/** The home page's tasks for this user, the administration tasks in their place. */
export function homeTasks(
  user: Principal,
  adminTasks: readonly { href: string; text: string; hint: string }[],
): { href: string; text: string; hint: string }[] {
  return HOME_TASKS.flatMap((task) => {
    if (task === ADMIN) return [...adminTasks];
    const shown = task.anyOf === 'everyone' || task.anyOf.some((action) => can(user, action).allowed);
    return shown ? [{ href: task.href, text: task.text, hint: task.hint }] : [];
  });
}
