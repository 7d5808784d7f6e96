import { ADMIN_ACTIONS, PARTNERSHIP_ACTIONS } from './platform/views/pages.ts';
import type { NavigationItem } from './platform/views/render.ts';

/** The service navigation: each item shown to the users the policy lets use it (platform/views/render.ts). */
export const NAVIGATION: NavigationItem[] = [
  { href: '/', text: 'Home', signedIn: true },
  { href: '/services', text: 'Find a service', public: true },
  { href: '/requests', text: 'Request support', requires: 'request:make' },
  { href: '/hub', text: 'Hub queue', requires: 'hub:screen' },
  { href: '/exploitation', text: 'Exploitation', requires: 'exploitation:list' },
  { href: '/missing-chats', text: 'Missing Chats', requires: 'missing:chat' },
  { href: '/missing/scrutiny', text: 'Missing scrutiny', requires: 'missing:scrutinise' },
  { href: '/mace', text: 'MACE', requires: 'mace:take-part' },
  { href: '/marac', text: 'MARAC', requires: 'marac:take-part' },
  { href: '/social-care', text: 'Hand-offs', requires: 'social-care:intake' },
  { href: '/education-compliance', text: 'Education compliance', requires: 'education:compliance' },
  { href: '/corporate-parenting', text: 'Corporate parenting', requires: 'corporate-parenting:manage' },
  { href: '/early-help', text: 'Early help', requires: 'early-help:start' },
  {
    href: '/early-help/family-solutions',
    text: 'Family Solutions',
    requires: 'early-help:accept-family-solutions',
  },
  { href: '/early-help/support-log', text: 'Support log', requires: 'early-help:support-log' },
  // One item for the partnership's figures, plan and boards (like Admin), so the navigation fits on one line.
  { href: '/partnership', text: 'Partnership', requiresAny: [...PARTNERSHIP_ACTIONS] },
  { href: '/provider/services', text: 'Your services', requires: 'directory:provide' },
  { href: '/moderation', text: 'Moderation', requires: 'directory:moderate' },
  // One item for the administration pages (users, organisations, the audit trail, directory data), so the
  // navigation stays on one line at 1280 px for every role; /admin lists the ones the user may use.
  { href: '/admin', text: 'Admin', requiresAny: [...ADMIN_ACTIONS] },
  { href: '/account', text: 'Your account', signedIn: true },
];
