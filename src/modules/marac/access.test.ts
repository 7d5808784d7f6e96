import { describe, expect, it } from 'vitest';
import { can, type Principal } from '../../platform/permissions/policy.ts';
import type { Role } from '../../platform/permissions/roles.ts';
import { maracInvolvements, type MaracAccessRow } from './access.ts';

const POLICE = 'org-police';
const SCHOOLS = 'org-schools';
const HOUSING_ASSOCIATION = 'org-housing';
const standing = new Set([POLICE]);
const user = (id: string, organisationId: string, ...roles: Role[]): Principal => ({
  id,
  roles,
  organisationId,
  teamIds: [],
});
const row = (over: Partial<MaracAccessRow> = {}): MaracAccessRow => ({
  id: 'case-1',
  referred_by: 'referrer',
  invited_user_ids: [],
  invited_organisation_ids: [],
  ...over,
});
const sees = (u: Principal, r = row()) =>
  can(u, 'restricted:view-marac', { type: 'record', id: r.id, involvements: maracInvolvements(r, u, standing) })
    .allowed;

describe('who takes part in a MARAC case', () => {
  it('lets the coordinator and a standing agency’s representative see every case', () => {
    expect(sees(user('c', 'org-ecc', 'marac-coordinator'))).toBe(true);
    expect(maracInvolvements(row(), user('c', 'org-ecc', 'marac-coordinator'), standing)).toEqual(['marac-member']);
    expect(sees(user('r', POLICE, 'marac-representative'))).toBe(true);
  });

  it('lets whoever referred it see it, and no one else by role alone', () => {
    expect(maracInvolvements(row(), user('referrer', SCHOOLS, 'partner-practitioner'), standing)).toEqual([
      'raised-concern',
    ]);
    expect(sees(user('referrer', SCHOOLS, 'partner-practitioner'))).toBe(true);
    for (const role of [
      'hub-manager',
      'mace-coordinator',
      'partner-practitioner',
      'social-care-practitioner',
    ] as Role[])
      expect(sees(user('other', POLICE, role)), role).toBe(false);
    // A representative of an agency that is not standing sees only what it is invited to.
    expect(sees(user('r2', HOUSING_ASSOCIATION, 'marac-representative'))).toBe(false);
  });

  it('lets a named invitee see the one case, and an invited organisation’s MARAC representatives', () => {
    const invited = row({ invited_user_ids: ['teacher'], invited_organisation_ids: [HOUSING_ASSOCIATION] });
    expect(sees(user('teacher', SCHOOLS, 'partner-practitioner'), invited)).toBe(true);
    expect(sees(user('r2', HOUSING_ASSOCIATION, 'marac-representative'), invited)).toBe(true);
    // Anyone else in the invited organisation does not take part.
    expect(sees(user('clerk', HOUSING_ASSOCIATION, 'partner-practitioner'), invited)).toBe(false);
  });
});
