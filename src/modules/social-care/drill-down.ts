import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import type { RecordLister, RecordSource } from '../../platform/indicators/records.ts';
import { escalationInvolvements } from './escalations.ts';
import { OUTCOME_NAMES } from './rules.ts';
import { HANDOFF_RECORD_TYPE, handOffInvolvements } from './service.ts';

/**
 * The drill-down from the level 4 hand-offs and escalations figures to the records behind them (issue 14): each
 * indicator's own rows (the query its figure counts; a test holds them equal). The hand-off and the escalation are
 * the records the policy checks, with the involvements their own pages use. A mean lists every row it averages.
 */
export const ESCALATION_RECORD_TYPE = 'escalation';

export const SOCIAL_CARE_RECORDS: Readonly<Record<string, RecordSource>> = {
  'social-care.handoffs': {
    type: HANDOFF_RECORD_TYPE,
    recordsAre: 'The Hub’s level 4 hand-offs to children’s social care in the period, newest first.',
    breakdowns: ['quadrant', 'district', 'acknowledged', 'outcome'],
  },
  'escalation.raised': {
    type: ESCALATION_RECORD_TYPE,
    recordsAre: 'The escalations raised in the period, newest first.',
    breakdowns: ['stage'],
  },
  'escalation.days-to-resolve': {
    type: ESCALATION_RECORD_TYPE,
    recordsAre:
      'This figure is a mean: the list is every escalation it averages, those resolved in the period, newest first.',
    breakdowns: ['stage'],
  },
};

/** Who sees a hand-off: as its page decides (children's social care's intake); the list links to the hand-off. */
export function handOffRecordLister(deps: { db: Kysely<DB> }): RecordLister {
  return {
    type: HANDOFF_RECORD_TYPE,
    noun: 'Level 4 hand-offs',
    seenWith: ['social-care:intake'],
    async involvements(viewer, ids) {
      const involvements = handOffInvolvements(viewer);
      return new Map(ids.map((id) => [id, involvements]));
    },
    async describe(_viewer, ids) {
      if (!ids.length) return new Map();
      const rows = await deps.db
        .selectFrom('social_care_handoffs')
        .select(['id', 'reference', 'acknowledged_at', 'outcome'])
        .where('id', 'in', [...ids])
        .execute();
      return new Map(
        rows.map((r) => [
          r.id,
          {
            reference: r.reference,
            about: r.outcome
              ? OUTCOME_NAMES[r.outcome]
              : r.acknowledged_at
                ? 'Acknowledged, no outcome yet'
                : 'Not acknowledged',
            href: `/social-care/${r.id}`,
          },
        ]),
      );
    },
  };
}

/** Who sees an escalation: as its page decides (who raised it, whom it asks, the escalation managers). */
export function escalationRecordLister(deps: { db: Kysely<DB> }): RecordLister {
  const rows = (ids: readonly string[]) =>
    ids.length
      ? deps.db
          .selectFrom('escalations')
          .select(['id', 'reference', 'raised_by', 'addressed_to', 'resolved_at'])
          .where('id', 'in', [...ids])
          .execute()
      : Promise.resolve([]);
  return {
    type: ESCALATION_RECORD_TYPE,
    noun: 'Escalations',
    seenWith: ['escalation:raise', 'escalation:manage'],
    async involvements(viewer, ids) {
      return new Map((await rows(ids)).map((r) => [r.id, escalationInvolvements(r, viewer)]));
    },
    async describe(_viewer, ids) {
      return new Map(
        (await rows(ids)).map((r) => [
          r.id,
          { reference: r.reference, about: r.resolved_at ? 'Resolved' : 'Open', href: `/escalations/${r.id}` },
        ]),
      );
    },
  };
}
