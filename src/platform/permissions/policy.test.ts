import { describe, expect, it } from 'vitest';
import {
  INVOLVEMENTS,
  RECORD_ACTIONS,
  SYSTEM_ACTIONS,
  can,
  type Involvement,
  type Principal,
  type RecordAction,
  type Resource,
} from './policy.ts';
import { EXPECTED_SYSTEM } from './expected-grants.test-support.ts';
import { ROLES, type Role } from './roles.ts';

/*
 * The permission matrix, written out by hand. Every (role, action, involvement) the policy allows
 * must be listed here and everything listed must be allowed: a grant added to policy.ts without
 * updating this table, or a role added to roles.ts, fails the test.
 */

const ALL_ROLES = [
  'system-administrator',
  'hub-practitioner',
  'hub-manager',
  'partner-practitioner',
  'taf-support-officer',
  'family-solutions-worker',
  'family-solutions-manager',
  'directory-provider',
  'directory-moderator',
  'partnership-analyst',
  'mace-coordinator',
  'mace-member',
  'involvement-worker',
  'missing-coordinator',
  'hub-social-worker',
  'board-manager',
  'board-member',
  'education-compliance-officer',
  'social-care-practitioner',
  'marac-coordinator',
  'marac-representative',
  'school-safeguarding-lead',
  'safeguarding-partner-lead',
  'agency-safeguarding-lead',
  'corporate-parenting-officer',
] as const satisfies readonly Role[];
const CASEWORK: readonly Role[] = [
  'social-care-practitioner',
  'hub-practitioner',
  'hub-manager',
  'hub-social-worker',
  'family-solutions-worker',
  'family-solutions-manager',
];
const MANAGERS: readonly Role[] = ['hub-manager', 'family-solutions-manager'];
const NOBODY: readonly Role[] = [];
/** The role that runs MARAC and sees every MARAC case. */
const RUN_MARAC: readonly Role[] = ['marac-coordinator'];
/** The roles that take part in the response to exploitation and see restricted records. */
const TAKE_PART: readonly Role[] = ['hub-practitioner', 'hub-manager', 'hub-social-worker', 'mace-coordinator'];

/** A record scenario: no involvement or exactly one, with or without a break-glass grant. */
type Scenario = `${'none' | Involvement}${'' | '+break-glass'}`;
type ScenarioTable = Record<Scenario, readonly Role[]>;

const EXPECTED_RECORD: Record<RecordAction, ScenarioTable> = {
  'record:view': {
    none: NOBODY,
    'none+break-glass': CASEWORK,
    'lead-professional': ALL_ROLES,
    'lead-professional+break-glass': ALL_ROLES,
    'taf-member': ALL_ROLES,
    'taf-member+break-glass': ALL_ROLES,
    'allocated-worker': ALL_ROLES,
    'allocated-worker+break-glass': ALL_ROLES,
    'hub-screener': ALL_ROLES,
    'hub-screener+break-glass': ALL_ROLES,
    'meeting-attendee': ALL_ROLES,
    'meeting-attendee+break-glass': ALL_ROLES,
    'team-manager': ALL_ROLES,
    'team-manager+break-glass': ALL_ROLES,
    'taf-support': ALL_ROLES,
    'taf-support+break-glass': ALL_ROLES,
    'raised-concern': ALL_ROLES,
    'raised-concern+break-glass': ALL_ROLES,
    'missing-response': ALL_ROLES,
    'missing-response+break-glass': ALL_ROLES,
    'mace-member': ALL_ROLES,
    'mace-member+break-glass': ALL_ROLES,
    'social-care': ALL_ROLES,
    'social-care+break-glass': ALL_ROLES,
    'education-compliance': ALL_ROLES,
    'education-compliance+break-glass': ALL_ROLES,
    'marac-member': ALL_ROLES,
    'marac-member+break-glass': ALL_ROLES,
    'school-safeguarding-lead': ALL_ROLES,
    'school-safeguarding-lead+break-glass': ALL_ROLES,
    'case-auditor': ALL_ROLES,
    'case-auditor+break-glass': ALL_ROLES,
    requester: ALL_ROLES,
    'requester+break-glass': ALL_ROLES,
  },
  'record:edit': {
    none: NOBODY,
    'none+break-glass': NOBODY,
    'lead-professional': ALL_ROLES,
    'lead-professional+break-glass': ALL_ROLES,
    'taf-member': NOBODY,
    'taf-member+break-glass': NOBODY,
    'allocated-worker': ALL_ROLES,
    'allocated-worker+break-glass': ALL_ROLES,
    'hub-screener': ALL_ROLES,
    'hub-screener+break-glass': ALL_ROLES,
    'meeting-attendee': NOBODY,
    'meeting-attendee+break-glass': NOBODY,
    'team-manager': NOBODY,
    'team-manager+break-glass': NOBODY,
    // A supporting TAF Support Officer helps run the plan and TAF meetings and records the agreed lead.
    'taf-support': ALL_ROLES,
    'taf-support+break-glass': ALL_ROLES,
    'raised-concern': NOBODY,
    'raised-concern+break-glass': NOBODY,
    'missing-response': ALL_ROLES,
    'missing-response+break-glass': ALL_ROLES,
    'mace-member': ALL_ROLES,
    'mace-member+break-glass': ALL_ROLES,
    'social-care': ALL_ROLES,
    'social-care+break-glass': ALL_ROLES,
    'education-compliance': ALL_ROLES,
    'education-compliance+break-glass': ALL_ROLES,
    'marac-member': ALL_ROLES,
    'marac-member+break-glass': ALL_ROLES,
    'school-safeguarding-lead': ALL_ROLES,
    'school-safeguarding-lead+break-glass': ALL_ROLES,
    'case-auditor': NOBODY,
    'case-auditor+break-glass': NOBODY,
    requester: NOBODY,
    'requester+break-glass': NOBODY,
  },
  'record:view-origin': {
    none: NOBODY,
    'none+break-glass': CASEWORK,
    'lead-professional': ALL_ROLES,
    'lead-professional+break-glass': ALL_ROLES,
    'taf-member': ALL_ROLES,
    'taf-member+break-glass': ALL_ROLES,
    'allocated-worker': ALL_ROLES,
    'allocated-worker+break-glass': ALL_ROLES,
    'hub-screener': ALL_ROLES,
    'hub-screener+break-glass': ALL_ROLES,
    'meeting-attendee': NOBODY,
    'meeting-attendee+break-glass': CASEWORK,
    'team-manager': ALL_ROLES,
    'team-manager+break-glass': ALL_ROLES,
    'taf-support': ALL_ROLES,
    'taf-support+break-glass': ALL_ROLES,
    'raised-concern': NOBODY,
    'raised-concern+break-glass': CASEWORK,
    'missing-response': NOBODY,
    'missing-response+break-glass': CASEWORK,
    'mace-member': NOBODY,
    'mace-member+break-glass': CASEWORK,
    'social-care': ALL_ROLES,
    'social-care+break-glass': ALL_ROLES,
    'education-compliance': NOBODY,
    'education-compliance+break-glass': CASEWORK,
    'marac-member': NOBODY,
    'marac-member+break-glass': CASEWORK,
    'school-safeguarding-lead': NOBODY,
    'school-safeguarding-lead+break-glass': CASEWORK,
    'case-auditor': ALL_ROLES,
    'case-auditor+break-glass': ALL_ROLES,
    requester: NOBODY,
    'requester+break-glass': CASEWORK,
  },
  'record:view-access-log': {
    none: NOBODY,
    'none+break-glass': NOBODY,
    'lead-professional': MANAGERS,
    'lead-professional+break-glass': MANAGERS,
    'taf-member': MANAGERS,
    'taf-member+break-glass': MANAGERS,
    'allocated-worker': MANAGERS,
    'allocated-worker+break-glass': MANAGERS,
    'hub-screener': MANAGERS,
    'hub-screener+break-glass': MANAGERS,
    'meeting-attendee': MANAGERS,
    'meeting-attendee+break-glass': MANAGERS,
    'team-manager': MANAGERS,
    'team-manager+break-glass': MANAGERS,
    'taf-support': MANAGERS,
    'taf-support+break-glass': MANAGERS,
    'raised-concern': MANAGERS,
    'raised-concern+break-glass': MANAGERS,
    'missing-response': MANAGERS,
    'missing-response+break-glass': MANAGERS,
    'mace-member': MANAGERS,
    'mace-member+break-glass': MANAGERS,
    'social-care': MANAGERS,
    'social-care+break-glass': MANAGERS,
    'education-compliance': MANAGERS,
    'education-compliance+break-glass': MANAGERS,
    'marac-member': MANAGERS,
    'marac-member+break-glass': MANAGERS,
    'school-safeguarding-lead': MANAGERS,
    'school-safeguarding-lead+break-glass': MANAGERS,
    'case-auditor': MANAGERS,
    'case-auditor+break-glass': MANAGERS,
    requester: MANAGERS,
    'requester+break-glass': MANAGERS,
  },
  // A restricted record (an exploitation concern): the roles that take part, anyone involved, and a caseworker in an
  // emergency (break-glass, which tells the MACE coordinators too).
  'restricted:view': {
    none: TAKE_PART,
    'none+break-glass': [...new Set([...TAKE_PART, ...CASEWORK])],
    'lead-professional': ALL_ROLES,
    'lead-professional+break-glass': ALL_ROLES,
    'taf-member': ALL_ROLES,
    'taf-member+break-glass': ALL_ROLES,
    'allocated-worker': ALL_ROLES,
    'allocated-worker+break-glass': ALL_ROLES,
    'hub-screener': ALL_ROLES,
    'hub-screener+break-glass': ALL_ROLES,
    'meeting-attendee': ALL_ROLES,
    'meeting-attendee+break-glass': ALL_ROLES,
    'team-manager': ALL_ROLES,
    'team-manager+break-glass': ALL_ROLES,
    'taf-support': ALL_ROLES,
    'taf-support+break-glass': ALL_ROLES,
    'raised-concern': ALL_ROLES,
    'raised-concern+break-glass': ALL_ROLES,
    'missing-response': ALL_ROLES,
    'missing-response+break-glass': ALL_ROLES,
    'mace-member': ALL_ROLES,
    'mace-member+break-glass': ALL_ROLES,
    'social-care': ALL_ROLES,
    'social-care+break-glass': ALL_ROLES,
    'education-compliance': ALL_ROLES,
    'education-compliance+break-glass': ALL_ROLES,
    'marac-member': ALL_ROLES,
    'marac-member+break-glass': ALL_ROLES,
    'school-safeguarding-lead': ALL_ROLES,
    'school-safeguarding-lead+break-glass': ALL_ROLES,
    'case-auditor': ALL_ROLES,
    'case-auditor+break-glass': ALL_ROLES,
    requester: ALL_ROLES,
    'requester+break-glass': ALL_ROLES,
  },
  // What a MACE panel holds: its members (the 'mace-member' involvement) and whoever raised it, never a role alone,
  // never break-glass.
  'restricted:view-panel': {
    none: NOBODY,
    'none+break-glass': NOBODY,
    'lead-professional': NOBODY,
    'lead-professional+break-glass': NOBODY,
    'taf-member': NOBODY,
    'taf-member+break-glass': NOBODY,
    'allocated-worker': NOBODY,
    'allocated-worker+break-glass': NOBODY,
    'hub-screener': NOBODY,
    'hub-screener+break-glass': NOBODY,
    'meeting-attendee': NOBODY,
    'meeting-attendee+break-glass': NOBODY,
    'team-manager': NOBODY,
    'team-manager+break-glass': NOBODY,
    'taf-support': NOBODY,
    'taf-support+break-glass': NOBODY,
    'raised-concern': ALL_ROLES,
    'raised-concern+break-glass': ALL_ROLES,
    'missing-response': NOBODY,
    'missing-response+break-glass': NOBODY,
    'mace-member': ALL_ROLES,
    'mace-member+break-glass': ALL_ROLES,
    'social-care': NOBODY,
    'social-care+break-glass': NOBODY,
    'education-compliance': NOBODY,
    'education-compliance+break-glass': NOBODY,
    'marac-member': NOBODY,
    'marac-member+break-glass': NOBODY,
    'school-safeguarding-lead': NOBODY,
    'school-safeguarding-lead+break-glass': NOBODY,
    'case-auditor': NOBODY,
    'case-auditor+break-glass': NOBODY,
    requester: NOBODY,
    'requester+break-glass': NOBODY,
  },
  // A MARAC case: the MARAC coordinators, the agencies taking part (the 'marac-member' involvement) and whoever referred
  // it; never break-glass.
  'restricted:view-marac': {
    none: RUN_MARAC,
    'none+break-glass': RUN_MARAC,
    'lead-professional': RUN_MARAC,
    'lead-professional+break-glass': RUN_MARAC,
    'taf-member': RUN_MARAC,
    'taf-member+break-glass': RUN_MARAC,
    'allocated-worker': RUN_MARAC,
    'allocated-worker+break-glass': RUN_MARAC,
    'hub-screener': RUN_MARAC,
    'hub-screener+break-glass': RUN_MARAC,
    'meeting-attendee': RUN_MARAC,
    'meeting-attendee+break-glass': RUN_MARAC,
    'team-manager': RUN_MARAC,
    'team-manager+break-glass': RUN_MARAC,
    'taf-support': RUN_MARAC,
    'taf-support+break-glass': RUN_MARAC,
    'raised-concern': ALL_ROLES,
    'raised-concern+break-glass': ALL_ROLES,
    'missing-response': RUN_MARAC,
    'missing-response+break-glass': RUN_MARAC,
    'mace-member': RUN_MARAC,
    'mace-member+break-glass': RUN_MARAC,
    'social-care': RUN_MARAC,
    'social-care+break-glass': RUN_MARAC,
    'education-compliance': RUN_MARAC,
    'education-compliance+break-glass': RUN_MARAC,
    'marac-member': ALL_ROLES,
    'marac-member+break-glass': ALL_ROLES,
    'school-safeguarding-lead': RUN_MARAC,
    'school-safeguarding-lead+break-glass': RUN_MARAC,
    'case-auditor': RUN_MARAC,
    'case-auditor+break-glass': RUN_MARAC,
    requester: RUN_MARAC,
    'requester+break-glass': RUN_MARAC,
  },
};

const principal = (...roles: Role[]): Principal => ({ id: 'user-1', roles, organisationId: 'org-1', teamIds: [] });

const scenarios = (): { name: Scenario; resource: Resource }[] =>
  (['none', ...INVOLVEMENTS] as const).flatMap((involvement) =>
    [false, true].map((breakGlass) => ({
      name: `${involvement}${breakGlass ? '+break-glass' : ''}` as Scenario,
      resource: {
        type: 'record',
        id: 'record-1',
        involvements: involvement === 'none' ? [] : [involvement],
        breakGlass,
      },
    })),
  );

describe('permission matrix', () => {
  it('knows exactly the roles the table covers', () => {
    expect([...ROLES]).toEqual([...ALL_ROLES]);
    expect(Object.keys(EXPECTED_SYSTEM).sort()).toEqual([...ROLES].sort());
  });

  it('covers every record action and every involvement', () => {
    expect(Object.keys(EXPECTED_RECORD).sort()).toEqual([...RECORD_ACTIONS].sort());
    for (const table of Object.values(EXPECTED_RECORD)) {
      expect(Object.keys(table).sort()).toEqual(
        scenarios()
          .map((s) => s.name)
          .sort(),
      );
    }
  });

  it('allows exactly the expected system actions for every role', () => {
    const unexpected: string[] = [];
    for (const role of ROLES) {
      for (const action of SYSTEM_ACTIONS) {
        const decision = can(principal(role), action);
        const expected = EXPECTED_SYSTEM[role].includes(action);
        if (decision.allowed !== expected)
          unexpected.push(`${role} ${action}: ${decision.allowed ? 'allowed' : 'denied'}`);
        expect(decision.reason).toBeTruthy();
        expect(decision.breakGlassAvailable).toBeUndefined();
      }
    }
    expect(unexpected).toEqual([]);
  });

  it('allows exactly the expected record actions for every role and involvement', () => {
    const unexpected: string[] = [];
    let checked = 0;
    for (const role of ROLES) {
      for (const action of RECORD_ACTIONS) {
        for (const { name, resource } of scenarios()) {
          const decision = can(principal(role), action, resource);
          const expected = EXPECTED_RECORD[action][name].includes(role);
          if (decision.allowed !== expected)
            unexpected.push(`${role} ${action} ${name}: ${decision.allowed ? 'allowed' : 'denied'}`);
          checked += 1;
        }
      }
    }
    expect(unexpected).toEqual([]);
    expect(checked).toBe(ROLES.length * RECORD_ACTIONS.length * (INVOLVEMENTS.length + 1) * 2);
  });

  it('offers break-glass only to casework roles viewing a record they are not involved with (a restricted one if they do not take part)', () => {
    for (const role of ROLES) {
      for (const action of RECORD_ACTIONS) {
        for (const { name, resource } of scenarios()) {
          const decision = can(principal(role), action, resource);
          const offered =
            name === 'none' &&
            CASEWORK.includes(role) &&
            (action === 'record:view' || (action === 'restricted:view' && !TAKE_PART.includes(role)));
          expect(decision.breakGlassAvailable === true, `${role} ${action} ${name}`).toBe(offered);
          if (offered) expect(decision.allowed).toBe(false);
        }
      }
    }
  });
});
