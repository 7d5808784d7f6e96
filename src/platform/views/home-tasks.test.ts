import { describe, expect, it } from 'vitest';
import type { Principal } from '../permissions/policy.ts';
import { ROLES, type Role } from '../permissions/roles.ts';
import { ADMIN, HOME_TASKS, homeTasks } from './home-tasks.ts';

const user = (...roles: Role[]): Principal => ({ id: 'u', roles, organisationId: 'o', teamIds: [] });
const hrefs = (u: Principal, admin: { href: string; text: string; hint: string }[] = []) =>
  homeTasks(u, admin).map((t) => t.href);

describe('the home page’s tasks', () => {
  it('shows each task to the roles the policy grants, and everyone the directory and their account', () => {
    // A partner practitioner may lead a plan: escalations about it are asked of them (issue 15).
    expect(hrefs(user('partner-practitioner'))).toEqual([
      '/escalations',
      '/early-help',
      '/requests/new',
      '/training',
      '/marac',
      '/services',
      '/account',
    ]);
    // performance:view: the partnership's figures (their own among them) and the voice of children in care's results.
    expect(hrefs(user('social-care-practitioner'))).toEqual([
      '/social-care',
      '/escalations',
      '/requests/new',
      '/training',
      '/marac',
      '/partnership',
      '/voice',
      '/services',
      '/account',
    ]);
  });

  it('offers the audits to the Board manager and to the agencies that answer them', () => {
    expect(hrefs(user('board-manager'))).toContain('/audits');
    expect(hrefs(user('agency-safeguarding-lead'))).toContain('/audits');
    expect(hrefs(user('school-safeguarding-lead'))).toContain('/audits');
  });

  it('puts the administration tasks where the list says', () => {
    const admin = [{ href: '/admin/users', text: 'Users', hint: 'x' }];
    const list = hrefs(user('system-administrator'), admin);
    expect(list).toEqual(['/admin/users', '/services', '/account']);
    expect(HOME_TASKS.filter((t) => t === ADMIN)).toHaveLength(1);
  });

  it('gives every role somewhere to go, and no task twice', () => {
    for (const role of ROLES) {
      const list = hrefs(user(role));
      expect(list.length, role).toBeGreaterThanOrEqual(2);
      expect(new Set(list).size, role).toBe(list.length);
    }
  });
});
