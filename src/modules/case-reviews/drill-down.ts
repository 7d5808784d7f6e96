import { restrictedLister, type RecordSource } from '../../platform/indicators/records.ts';

/**
 * The drill-down from the case review figures (issue 14). Case reviews (referrals, Rapid Reviews, local Child
 * Safeguarding Practice Reviews) are restricted records: the list never shows one, only how many there are (the
 * indicator page offers no drill-down). The rows are each indicator's own (a test holds them equal to the figures).
 * Learning actions overdue are the agencies' actions, not a child's record: they have no drill-down.
 */
export const CASE_REVIEW_RECORD_TYPE = 'case-review';

const restricted = 'They are restricted records and are not listed here.';

export const CASE_REVIEW_RECORDS: Readonly<Record<string, RecordSource>> = {
  'case-reviews.referrals': {
    type: CASE_REVIEW_RECORD_TYPE,
    recordsAre: `The cases referred for consideration of a Child Safeguarding Practice Review in the period. ${restricted}`,
    breakdowns: ['status'],
  },
  'case-reviews.rapid-reviews-in-time': {
    type: CASE_REVIEW_RECORD_TYPE,
    recordsAre: `The Rapid Reviews due in the period that were held in time (this percentage’s numerator). ${restricted}`,
    breakdowns: [],
    numerator: true,
  },
  'case-reviews.csprs-started': {
    type: CASE_REVIEW_RECORD_TYPE,
    recordsAre: `The local Child Safeguarding Practice Reviews started in the period. ${restricted}`,
    breakdowns: ['method'],
  },
  'case-reviews.csprs-published': {
    type: CASE_REVIEW_RECORD_TYPE,
    recordsAre: `The local Child Safeguarding Practice Reviews published in the period. ${restricted}`,
    breakdowns: ['delayed'],
  },
};

export const caseReviewRecordLister = restrictedLister(CASE_REVIEW_RECORD_TYPE, 'Case reviews');
