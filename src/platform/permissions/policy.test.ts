import { describe, expect, it } from 'vitest';
import { INVOLVEMENTS, RECORD_ACTIONS, SYSTEM_ACTIONS, can, type Principal, type Resource } from './policy.ts';
import { EXPECTED_SYSTEM } from './expected-grants.test-support.ts';
import { ALL_ROLES, CASEWORK, EXPECTED_RECORD, TAKE_PART, type Scenario } from './expected-records.test-support.ts';
import { ROLES, type Role } from './roles.ts';

/*
 * The permission matrix: the policy against the tables written out by hand in expected-grants.test-support.ts (system
 * actions) and expected-records.test-support.ts (record actions by involvement and break-glass).
 */

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
