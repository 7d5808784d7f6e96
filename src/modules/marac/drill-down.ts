import { restrictedLister, type RecordSource } from '../../platform/indicators/records.ts';
import { MARAC_CASE } from './access.ts';

/**
 * The drill-down from MARAC's figures (issue 14). MARAC cases and their safety action plans are restricted records: the
 * list never shows one, only how many there are (the indicator page offers no drill-down); they are worked in MARAC.
 * The rows are each indicator's own (a test holds them equal to the figures).
 */
export const MARAC_ACTION = 'marac-action';

const restricted = 'They are restricted records and are not listed here.';
const PLACE = ['quadrant', 'district'];

export const MARAC_RECORDS: Readonly<Record<string, RecordSource>> = {
  'marac.referrals': {
    type: MARAC_CASE,
    recordsAre: `The cases referred to MARAC in the period. ${restricted}`,
    breakdowns: [...PLACE, 'repeat'],
  },
  'marac.repeat-referrals': {
    type: MARAC_CASE,
    recordsAre: `The repeat referrals to MARAC in the period (this percentage’s numerator). ${restricted}`,
    breakdowns: PLACE,
    numerator: true,
  },
  'marac.children': {
    type: MARAC_CASE,
    recordsAre: `The children named in the households of the cases referred to MARAC in the period. ${restricted}`,
    breakdowns: PLACE,
  },
  'marac.cases-heard': {
    type: MARAC_CASE,
    recordsAre: `The cases heard at a MARAC meeting in the period. ${restricted}`,
    breakdowns: [...PLACE, 'repeat'],
  },
  'marac.actions-done': {
    type: MARAC_ACTION,
    recordsAre: `The safety action plan actions reviewed as done in the period. ${restricted}`,
    breakdowns: [...PLACE, 'for'],
  },
  'marac.actions-overdue': {
    type: MARAC_ACTION,
    recordsAre: `The safety action plan actions overdue at the end of the period. ${restricted}`,
    breakdowns: [...PLACE, 'for'],
  },
};

export const MARAC_LISTERS = [
  restrictedLister(MARAC_CASE, 'MARAC cases'),
  restrictedLister(MARAC_ACTION, 'MARAC safety action plan actions'),
];
