import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCaseReviews } from '../../scripts/generate-case-reviews.ts';
import { caseReviewIndicators } from '../../src/modules/case-reviews/index.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** The case review generator (issue 16, for a later assurance benchmark): realistic volume the app's rules accept. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('generateCaseReviews', () => {
  it('writes ten years of referrals, triage, Rapid Reviews, local reviews and learning actions that the figures count', async () => {
    const counts = await generateCaseReviews(t.database.db, { years: 10, seed: 7, today: '2026-12-01' });
    expect(counts.case_review_referrals).toBeGreaterThan(250);
    expect(counts.case_review_referrals).toBeLessThan(350);
    expect(counts.case_review_triage).toBeGreaterThan(counts.case_review_referrals! * 2.9);
    expect(counts.case_review_rapid_reviews).toBeGreaterThan(100);
    expect(counts.case_review_csprs).toBeGreaterThan(30);
    expect(counts.case_review_learning_actions).toBeGreaterThan(100);
    const year = { from: '2025-04-01', to: '2026-04-01' };
    const referrals = await caseReviewIndicators[0]!.compute(t.database.db, year);
    const recount = await t.database.db
      .selectFrom('case_review_referrals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('referred_on', '>=', year.from)
      .where('referred_on', '<', year.to)
      .executeTakeFirstOrThrow();
    expect(referrals.total.value).toBe(Number(recount.n));
    const inTime = await caseReviewIndicators[1]!.compute(t.database.db, year);
    expect(inTime.total.value).toBeGreaterThan(50);
    // Every triage is one per partner, and every stage in the fixed order from the first.
    const stages = await t.database.db.selectFrom('case_review_stages').select(['cspr_id', 'stage']).execute();
    expect(stages.filter((s) => s.stage === 'scoping')).toHaveLength(counts.case_review_csprs!);
  });
});
