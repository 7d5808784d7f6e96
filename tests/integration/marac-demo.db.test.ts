import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoMarac } from '../../src/demo/seed-marac.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** The demo's MARAC cases (issue 15): referred through the service, one in a refuge, one a repeat; seeded once. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 180_000);
afterAll(() => t?.close());

describe('the demo MARAC cases', () => {
  it('refers four cases, a refuge address and a repeat among them, and only once', async () => {
    expect(await seedDemoMarac(t.services)).toBe(4);
    expect(await seedDemoMarac(t.services)).toBe(0);
    const { db } = t.database;
    const cases = await db.selectFrom('marac_cases').selectAll().orderBy('referred_at').execute();
    expect(cases).toHaveLength(4);
    expect(cases.filter((c) => c.repeat_of).map((c) => c.repeat_of)).toEqual([cases[0]!.id]);
    expect(cases.map((c) => c.risk_basis)).toEqual([
      ['risk-checklist'],
      ['professional-judgement'],
      ['escalation'],
      ['risk-checklist'],
    ]);
    const refuges = await db.selectFrom('marac_case_people').select('case_id').where('refuge', '=', true).execute();
    expect(refuges.length).toBe(2);
  });
});
