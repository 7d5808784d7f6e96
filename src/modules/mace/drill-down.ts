import { restrictedLister, type RecordSource } from '../../platform/indicators/records.ts';
import { MACE1_CASE } from './mace1/service.ts';

/**
 * The drill-down from MACE's figures (issue 14). MACE 1 cases and MACE 2 actions are restricted records: the list
 * never shows one, only how many there are (the indicator page offers no drill-down); they are worked by the panels.
 * The rows are each indicator's own (a test holds them equal to the figures).
 */
export const MACE2_ACTION = 'mace2-action';

const restricted = 'They are restricted records and are not listed here.';
const MACE1 = ['quadrant', 'district', 'kind'];
const MACE2 = ['quadrant', 'category'];

export const MACE_RECORDS: Readonly<Record<string, RecordSource>> = {
  'mace.mace1-open': {
    type: MACE1_CASE,
    recordsAre: `The MACE 1 cases open at the end of the period. ${restricted}`,
    breakdowns: MACE1,
  },
  'mace.mace1-new': {
    type: MACE1_CASE,
    recordsAre: `The MACE 1 cases opened in the period. ${restricted}`,
    breakdowns: MACE1,
  },
  'mace.mace1-exited': {
    type: MACE1_CASE,
    recordsAre: `The MACE 1 cases exited in the period. ${restricted}`,
    breakdowns: [...MACE1, 'exit-reason'],
  },
  'mace.mace2-actions-open': {
    type: MACE2_ACTION,
    recordsAre: `The MACE 2 disruption actions open at the end of the period. ${restricted}`,
    breakdowns: MACE2,
  },
  'mace.mace2-actions-done': {
    type: MACE2_ACTION,
    recordsAre: `The MACE 2 disruption actions marked done in the period. ${restricted}`,
    breakdowns: MACE2,
  },
};

export const MACE_LISTERS = [
  restrictedLister(MACE1_CASE, 'MACE 1 cases'),
  restrictedLister(MACE2_ACTION, 'MACE 2 actions'),
];
