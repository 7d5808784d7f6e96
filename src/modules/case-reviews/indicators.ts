import { sql } from 'kysely';
import type { ComputedIndicator } from '../../platform/indicators/computed.ts';
import { computedIndicator, dayIn } from '../../platform/indicators/counting.ts';
import { recordColumns } from '../../platform/indicators/records.ts';
import { STATUS_NAMES } from './rules.ts';

/**
 * Issue 16's case review figures: referrals, Rapid Reviews within 15 working days, local reviews started and
 * published, and learning actions overdue. Counts only, never a child. The Rapid Review's deadline is the day stored
 * with each referral when it was made (15 working days by the England and Wales calendar then), so a recount gives the
 * same answer whatever bank holidays are added later.
 */
const agency = sql`coalesce((select t.name from organisation_types t where t.code = o.type_code), o.type_code)`;
const none = { load: () => Promise.resolve(null), example: null };

export const caseReviewReferrals = computedIndicator({
  key: 'case-reviews.referrals',
  version: 1,
  name: 'Case review referrals',
  unit: 'count',
  polarity: 'neither',
  howCounted:
    'Cases referred for consideration of a Child Safeguarding Practice Review, by the day the partnership became ' +
    'aware (the referral’s date, in England). By where each is now: with the partners for triage, not progressed, ' +
    'at the Rapid Review, Rapid Review held without a local review, or a local review. By criterion: Working ' +
    'Together’s criteria the referral says it meets (a referral meeting several counts in each).',
  measure: 'count',
  breakdowns: { status: { labels: STATUS_NAMES }, criterion: { multi: true } },
  params: none,
  source: (_db, period) =>
    sql`select r.status as b_status, r.criteria as b_criterion, ${recordColumns('r.id', 'r.id', 'r.referred_on')}
      from case_review_referrals r where ${dayIn('r.referred_on', period)}`,
});

export const caseReviewRapidInTime = computedIndicator({
  key: 'case-reviews.rapid-reviews-in-time',
  version: 1,
  name: 'Rapid Reviews within 15 working days',
  unit: 'percentage',
  polarity: 'higher-is-better',
  howCounted:
    'Of the referrals the partners progressed to a Rapid Review whose deadline (15 working days after the ' +
    'partnership became aware, England and Wales bank holidays left out) fell in the period, the percentage whose ' +
    'Rapid Review was held on or before that day. Counted now: a Rapid Review not yet held counts against once its ' +
    'deadline has passed. Referrals the partners did not progress are left out.',
  measure: 'percentage',
  breakdowns: {},
  params: none,
  source: (_db, period) =>
    sql`select coalesce(rr.held_on <= r.rapid_review_due_on, false) as hit,
        ${recordColumns('r.id', 'r.id', 'r.rapid_review_due_on')}
      from case_review_referrals r left join case_review_rapid_reviews rr on rr.referral_id = r.id
      where r.status not in ('triage', 'not-progressed') and ${dayIn('r.rapid_review_due_on', period)}`,
});

export const caseReviewCsprsStarted = computedIndicator({
  key: 'case-reviews.csprs-started',
  version: 1,
  name: 'Local Child Safeguarding Practice Reviews started',
  unit: 'count',
  polarity: 'neither',
  howCounted:
    'Local Child Safeguarding Practice Reviews started in the period (the day each started), after a Rapid Review ' +
    'decided one should follow. By method: the tenant’s list of review methods.',
  measure: 'count',
  breakdowns: { method: {} },
  params: none,
  source: (_db, period) =>
    sql`select c.method as b_method, ${recordColumns('c.id', 'c.referral_id', 'c.started_on')}
      from case_review_csprs c where ${dayIn('c.started_on', period)}`,
});

export const caseReviewCsprsPublished = computedIndicator({
  key: 'case-reviews.csprs-published',
  version: 1,
  name: 'Local Child Safeguarding Practice Reviews published',
  unit: 'count',
  polarity: 'higher-is-better',
  howCounted:
    'Local Child Safeguarding Practice Reviews that reached their last stage, published, in the period (the day ' +
    'recorded for it). By delayed: whether any delay was recorded for the review.',
  measure: 'count',
  breakdowns: { delayed: { labels: { yes: 'Delayed', no: 'Not delayed' } } },
  params: none,
  source: (_db, period) =>
    sql`select case when exists (select 1 from case_review_delays d where d.cspr_id = c.id) then 'yes' else 'no' end
        as b_delayed, ${recordColumns('c.id', 'c.referral_id', 'c.published_on')}
      from case_review_csprs c where c.published_on is not null and ${dayIn('c.published_on', period)}`,
});

export const caseReviewActionsOverdue = computedIndicator({
  key: 'case-reviews.learning-actions-overdue',
  version: 1,
  name: 'Learning actions from reviews overdue',
  unit: 'count',
  polarity: 'lower-is-better',
  howCounted:
    'Learning actions from Rapid Reviews and local reviews that were overdue on the last day of the period: due ' +
    'before it, and not accepted by then (the Board manager accepts an agency’s evidence that practice changed for ' +
    'the multi-agency group). By agency: the type of the organisation the action was set for.',
  measure: 'count',
  breakdowns: { agency: { labelColumn: true } },
  params: none,
  source: (_db, period) =>
    sql`select o.type_code as b_agency, ${agency} as l_agency
      from case_review_learning_actions a join organisations o on o.id = a.organisation_id
      where a.due_on < cast(${period.to} as date) - 1
        and cast(a.created_at as date) < cast(${period.to} as date)
        and (a.accepted_on is null or a.accepted_on >= cast(${period.to} as date))`,
});

export const caseReviewIndicators: readonly ComputedIndicator[] = [
  caseReviewReferrals,
  caseReviewRapidInTime,
  caseReviewCsprsStarted,
  caseReviewCsprsPublished,
  caseReviewActionsOverdue,
];
