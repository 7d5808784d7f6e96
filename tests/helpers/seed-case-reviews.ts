import { seedDemoCaseReviews } from '../../src/demo/seed-case-reviews.ts';
import type { TestApp } from './test-app.ts';

/**
 * A row in every case review table a form fills (issue 16): the demo's four referrals, made through the service as the
 * Board manager and the partners would (a referral waiting for triage, one for its Rapid Review, a local review at its
 * draft report with a delay, themes, recommendations and learning actions, and a Rapid Review without one), and the
 * first referral's child found in Hearth afterwards ("Find this child in Hearth", case_review_child_links).
 */
export async function seedCaseReviewForms(t: TestApp) {
  await seedDemoCaseReviews(t.services);
  const { caseReviews, earlyHelp, people } = t.services;
  const manager = await earlyHelp.activeUserByEmail('board.manager@essex.example');
  const referral = await t.database.db
    .selectFrom('case_review_referrals')
    .selectAll()
    .orderBy('created_at')
    .executeTakeFirst();
  if (!manager || !referral) return;
  const actor = { userId: manager.id, label: 'board.manager@essex.example' };
  const personId = referral.person_id
    ? 'none'
    : await people.createPerson(actor, {
        firstName: referral.child_first_name,
        lastName: referral.child_last_name,
        dateOfBirth: referral.child_date_of_birth,
      });
  await caseReviews.child.link(actor, manager, referral.id, {
    personId,
    reason: 'The referrer confirmed the child’s address.',
    version: referral.version,
    firstName: '',
    lastName: '',
  });
}
