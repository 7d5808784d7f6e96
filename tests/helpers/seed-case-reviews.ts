import { seedDemoCaseReviews } from '../../src/demo/seed-case-reviews.ts';
import type { TestApp } from './test-app.ts';

/**
 * A row in every case review table a form fills (issue 16): the demo's four referrals, made through the service as the
 * Board manager and the partners would (a referral waiting for triage, one for its Rapid Review, a local review at its
 * draft report with a delay, themes, recommendations and learning actions, and a Rapid Review without one).
 */
export async function seedCaseReviewForms(t: TestApp) {
  await seedDemoCaseReviews(t.services);
}
