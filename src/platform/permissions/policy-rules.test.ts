import { describe, expect, it } from 'vitest';
import { RECORD_ACTIONS, SYSTEM_ACTIONS, can, type Principal, type Resource } from './policy.ts';
import { ROLES, type Role } from './roles.ts';

/*
 * The policy's rules one by one: nobody signed out, restricted records, TAF Support Officers, directory services.
 * The whole matrix of who may do what is in policy.test.ts.
 */

const principal = (...roles: Role[]): Principal => ({ id: 'user-1', roles, organisationId: 'org-1', teamIds: [] });

describe('can()', () => {
  const record: Resource = { type: 'record', id: 'record-1', involvements: ['lead-professional'], breakGlass: true };

  it('denies everything to someone not signed in', () => {
    for (const action of [...SYSTEM_ACTIONS, ...RECORD_ACTIONS]) {
      expect(can(null, action)).toEqual({ allowed: false, reason: 'not signed in' });
      expect(can(null, action, record)).toEqual({ allowed: false, reason: 'not signed in' });
    }
  });

  it('denies everything to a user with no roles, even when involved', () => {
    for (const action of [...SYSTEM_ACTIONS, ...RECORD_ACTIONS]) {
      expect(can(principal(), action)).toEqual({ allowed: false, reason: 'no role' });
      expect(can(principal(), action, record)).toEqual({ allowed: false, reason: 'no role' });
    }
  });

  it('denies a record action asked about the system, for every role', () => {
    for (const role of ROLES) {
      for (const action of RECORD_ACTIONS) {
        const decision = can(principal(role), action, { type: 'system' });
        expect(decision.allowed).toBe(false);
        expect(decision.reason).toBe(`${action} needs a record`);
      }
    }
  });

  it('denies a system action asked about a record, even for a system administrator', () => {
    for (const action of SYSTEM_ACTIONS) {
      const decision = can(principal('system-administrator'), action, record);
      expect(decision.allowed).toBe(false);
      expect(decision.reason).toBe(`${action} is not an action on a record`);
    }
  });

  it('treats a missing resource as the system', () => {
    expect(can(principal('system-administrator'), 'user:manage').allowed).toBe(true);
    expect(can(principal('system-administrator'), 'record:view').allowed).toBe(false);
  });

  it('combines the grants of several roles and names the role that allowed', () => {
    const both = principal('partner-practitioner', 'hub-manager');
    expect(can(both, 'audit:view')).toEqual({ allowed: true, reason: 'role hub-manager' });
    expect(can(principal('partner-practitioner'), 'audit:view').allowed).toBe(false);
    const unrelated: Resource = { type: 'record', id: 'record-1', involvements: [] };
    expect(can(both, 'record:view', unrelated).breakGlassAvailable).toBe(true);
    expect(can(principal('partner-practitioner'), 'record:view', unrelated).breakGlassAvailable).toBeUndefined();
  });

  it('allows with several involvements when any one of them is enough', () => {
    const resource: Resource = { type: 'record', id: 'record-1', involvements: ['taf-member', 'allocated-worker'] };
    expect(can(principal('family-solutions-worker'), 'record:edit', resource)).toEqual({
      allowed: true,
      reason: 'involved as allocated-worker',
    });
    expect(can(principal('family-solutions-worker'), 'record:view-access-log', resource).allowed).toBe(false);
    expect(can(principal('family-solutions-manager'), 'record:view-access-log', resource).allowed).toBe(true);
  });

  it('gives break-glass access to view only, never to edit', () => {
    const resource: Resource = { type: 'record', id: 'record-1', involvements: [], breakGlass: true };
    expect(can(principal('hub-practitioner'), 'record:view', resource)).toEqual({
      allowed: true,
      reason: 'break-glass access',
    });
    expect(can(principal('hub-practitioner'), 'record:edit', resource).allowed).toBe(false);
    expect(can(principal('directory-provider'), 'record:view', resource).allowed).toBe(false);
  });
});

describe('restricted records', () => {
  it('shows an exploitation concern to the roles that take part and to whoever raised it, and to no one else', () => {
    const raised: Resource = { type: 'record', id: 'concern-1', involvements: ['raised-concern'] };
    const other: Resource = { type: 'record', id: 'concern-1', involvements: [] };
    expect(can(principal('partner-practitioner'), 'restricted:view', raised)).toEqual({
      allowed: true,
      reason: 'involved as raised-concern',
    });
    expect(can(principal('partner-practitioner'), 'restricted:view', other)).toEqual({
      allowed: false,
      reason: 'a restricted record: only those who take part see it',
    });
    expect(can(principal('mace-coordinator'), 'restricted:view', other).allowed).toBe(true);
    expect(can(principal('family-solutions-manager'), 'restricted:view', other).allowed).toBe(false);
    expect(can(principal('mace-coordinator'), 'exploitation:report').allowed).toBe(false);
  });

  it('shows a MACE member only the records of the quadrants whose panel they sit on', () => {
    const onPanel: Resource = { type: 'record', id: 'case-1', involvements: ['mace-member'] };
    const elsewhere: Resource = { type: 'record', id: 'case-2', involvements: [] };
    expect(can(principal('mace-member'), 'mace:take-part').allowed).toBe(true);
    expect(can(principal('mace-member'), 'restricted:view', onPanel)).toEqual({
      allowed: true,
      reason: 'involved as mace-member',
    });
    expect(can(principal('mace-member'), 'restricted:view', elsewhere).allowed).toBe(false);
    expect(can(principal('mace-member'), 'mace:coordinate').allowed).toBe(false);
  });
});

describe('TAF Support Officers never hold a case', () => {
  it('refuses early-help:lead to a TAF Support Officer, even one who also has a role that leads', () => {
    expect(can(principal('taf-support-officer'), 'early-help:lead')).toEqual({
      allowed: false,
      reason: 'a TAF Support Officer supports the lead professional and does not hold cases',
    });
    expect(can(principal('taf-support-officer', 'partner-practitioner'), 'early-help:lead').allowed).toBe(false);
    expect(can(principal('partner-practitioner'), 'early-help:lead').allowed).toBe(true);
  });

  it('still lets a TAF Support Officer take on the Hub’s TAF work and support the lead', () => {
    expect(can(principal('taf-support-officer'), 'early-help:accept-taf').allowed).toBe(true);
    const supported: Resource = { type: 'record', id: 'record-1', involvements: ['taf-support'] };
    expect(can(principal('taf-support-officer'), 'record:edit', supported)).toEqual({
      allowed: true,
      reason: 'involved as taf-support',
    });
  });
});

describe('directory services', () => {
  const own: Resource = { type: 'directory-service', id: 'service-1', organisationId: 'org-1' };
  const other: Resource = { type: 'directory-service', id: 'service-2', organisationId: 'org-2' };

  it('lets only a provider edit, and only their own organisation’s services', () => {
    for (const role of ROLES) {
      expect(can(principal(role), 'directory-service:edit', own).allowed, role).toBe(role === 'directory-provider');
      expect(can(principal(role), 'directory-service:edit', other).allowed, role).toBe(false);
    }
    expect(can(principal('directory-provider'), 'directory-service:edit', other).reason).toBe(
      'the service belongs to another organisation',
    );
  });

  it('refuses other actions on a directory service and directory edits without one', () => {
    expect(can(principal('directory-provider'), 'record:view', own).allowed).toBe(false);
    expect(can(principal('directory-moderator'), 'directory:moderate', own).allowed).toBe(false);
    expect(can(principal('directory-provider'), 'directory-service:edit').allowed).toBe(false);
  });
});

describe('an agency’s answer (a Section 11 return, a case audit’s findings)', () => {
  /** Written out by hand: who reads and who corrects an answer their own agency made, or another agency's. */
  const RESPONDERS: readonly Role[] = [
    'school-safeguarding-lead',
    'safeguarding-partner-lead',
    'agency-safeguarding-lead',
  ];
  const EXPECTED: Record<`${'agency-answer:view' | 'agency-answer:correct'} ${'own' | 'other'}`, readonly Role[]> = {
    'agency-answer:view own': ['board-manager', ...RESPONDERS],
    'agency-answer:view other': ['board-manager'],
    'agency-answer:correct own': RESPONDERS,
    'agency-answer:correct other': [],
  };
  const answer = (organisationId: string): Resource => ({ type: 'agency-answer', id: 'return-1', organisationId });

  it('lets the Board’s manager read every agency’s, and an agency’s own people read and correct only theirs', () => {
    const unexpected: string[] = [];
    for (const role of ROLES)
      for (const [key, roles] of Object.entries(EXPECTED)) {
        const [action, whose] = key.split(' ') as ['agency-answer:view' | 'agency-answer:correct', 'own' | 'other'];
        const decision = can(principal(role), action, answer(whose === 'own' ? 'org-1' : 'org-2'));
        if (decision.allowed !== roles.includes(role)) unexpected.push(`${role} ${key}: ${decision.allowed}`);
        expect(decision.reason).toBeTruthy();
      }
    expect(unexpected).toEqual([]);
    expect(can(principal('agency-safeguarding-lead'), 'agency-answer:view', answer('org-2')).reason).toBe(
      'only the Board’s manager and the agency that made an answer see it',
    );
    expect(can(principal('board-manager'), 'agency-answer:correct', answer('org-1')).reason).toBe(
      'only the agency that made an answer corrects it',
    );
  });

  it('refuses every other action on an answer, and the answer’s actions on the system or a record', () => {
    const own = answer('org-1');
    expect(can(principal('board-manager'), 'assurance:manage', own).allowed).toBe(false);
    expect(can(principal('agency-safeguarding-lead'), 'record:view', own).allowed).toBe(false);
    expect(can(principal('board-manager'), 'agency-answer:view').reason).toBe('agency-answer:view needs a record');
    const record: Resource = { type: 'record', id: 'record-1', involvements: ['lead-professional'] };
    expect(can(principal('agency-safeguarding-lead'), 'agency-answer:view', record).allowed).toBe(false);
    expect(can(null, 'agency-answer:view', own).allowed).toBe(false);
  });
});
