import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { shortReference, type RecordLister, type RecordSource } from '../../platform/indicators/records.ts';
import { KIND_NAMES, OUTCOME_NAMES } from './rules.ts';
import { EDUCATION_RECORD_TYPE, educationInvolvements } from './service.ts';

/**
 * The drill-down from Education Compliance's figures to the cases behind them (issue 14): each indicator's own rows
 * (the query its figure counts; a test holds them equal). The case is the record the policy checks, with the
 * involvement its own page uses.
 */
const BREAKDOWNS = ['quadrant', 'district', 'year-group'];

export const EDUCATION_RECORDS: Readonly<Record<string, RecordSource>> = {
  'education.children-missing-education': {
    type: EDUCATION_RECORD_TYPE,
    recordsAre: 'The cases of children recorded as missing education on the period’s last day, newest report first.',
    breakdowns: [...BREAKDOWNS, 'sao-stage'],
  },
  'education.home-educated': {
    type: EDUCATION_RECORD_TYPE,
    recordsAre:
      'The cases of children registered as electively home educated on the period’s last day, newest registration first.',
    breakdowns: BREAKDOWNS,
  },
  'education.cme-outcomes': {
    type: EDUCATION_RECORD_TYPE,
    recordsAre: 'The cases of children missing education closed in the period with an outcome, newest first.',
    breakdowns: [...BREAKDOWNS, 'outcome'],
  },
};

/** Who sees a case: as its page decides (the Education Compliance team); the list links to the case. */
export function educationRecordLister(deps: { db: Kysely<DB> }): RecordLister {
  return {
    type: EDUCATION_RECORD_TYPE,
    noun: 'Education Compliance cases',
    seenWith: ['education:compliance'],
    async involvements(viewer, ids) {
      const involvements = educationInvolvements(viewer);
      return new Map(ids.map((id) => [id, involvements]));
    },
    async describe(_viewer, ids) {
      if (!ids.length) return new Map();
      const rows = await deps.db
        .selectFrom('education_cases')
        .select(['id', 'kind', 'outcome', 'closed_on'])
        .where('id', 'in', [...ids])
        .execute();
      return new Map(
        rows.map((r) => [
          r.id,
          {
            reference: shortReference('Case', r.id),
            about: `${KIND_NAMES[r.kind]}, ${r.outcome ? OUTCOME_NAMES[r.outcome] : r.closed_on ? 'closed' : 'open'}`,
            href: `/education-compliance/${r.id}`,
          },
        ]),
      );
    },
  };
}
