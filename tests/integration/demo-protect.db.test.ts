import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRequests } from '../../src/demo/seed-requests.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The demo data `npm start` loads (issue 13): two children reported missing by the police and back, so the
 * Involvement Service's Missing Chats and the Missing Co-ordinator's list have someone on them from the start.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('the demo missing children', () => {
  it('opens two returned episodes, a 14-year-old due a Missing Chat and a 7-year-old for scrutiny, once', async () => {
    const added = await seedDemoRequests(t.services);
    expect(added).toBeGreaterThan(4);
    expect(await seedDemoRequests(t.services)).toBe(0);
    const episodes = await t.database.db
      .selectFrom('missing_episodes')
      .select(['first_name', 'age_at_missing', 'returned_at'])
      .orderBy('first_name')
      .execute();
    expect(episodes.map((e) => [e.first_name, e.returned_at !== null])).toEqual([
      ['Jade', true],
      ['Oscar', true],
    ]);
    expect(episodes[1]!.age_at_missing).toBeLessThan(10);
    const chats = await t.database.db.selectFrom('missing_chats').select(['kind', 'status']).execute();
    expect(chats.length).toBe(2);
  });
});
