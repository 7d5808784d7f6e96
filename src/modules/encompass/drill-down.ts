import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { shortReference, type RecordLister, type RecordSource } from '../../platform/indicators/records.ts';
import { statusOf } from './present.ts';
import { ENCOMPASS_RECORD_TYPE, encompassInvolvements, type EncompassService } from './service.ts';

/**
 * The drill-down from "sent before the next school day" to the notifications behind it (issue 14): the indicator's own
 * rows (a test holds them equal), its numerator listed. The notification is the record the policy checks, with the
 * involvements its own page uses: the Hub sees every one, a school's designated safeguarding lead their school's.
 */
export const ENCOMPASS_RECORDS: Readonly<Record<string, RecordSource>> = {
  'encompass.sent-before-next-school-day': {
    type: ENCOMPASS_RECORD_TYPE,
    recordsAre:
      'This figure is a percentage: the list is its numerator, the Operation Encompass notifications due in the period that were sent to the school before they were due, newest first.',
    breakdowns: ['quadrant', 'district'],
    numerator: true,
  },
};

export function encompassRecordLister(deps: {
  db: Kysely<DB>;
  encompass: EncompassService;
  /** The viewer's email: a school's lead is known by the email the schools list holds for them. */
  emailOf: (userId: string) => Promise<string | undefined>;
}): RecordLister {
  const rows = (ids: readonly string[]) =>
    ids.length
      ? deps.db
          .selectFrom('encompass_notifications')
          .select(['id', 'school_urn', 'sent_at', 'send_problem', 'received_at', 'support_at'])
          .where('id', 'in', [...ids])
          .execute()
      : Promise.resolve([]);
  return {
    type: ENCOMPASS_RECORD_TYPE,
    noun: 'Operation Encompass notifications',
    seenWith: ['hub:screen', 'encompass:receive'],
    async involvements(viewer, ids) {
      const email = await deps.emailOf(viewer.id);
      const led = email ? await deps.encompass.schoolsLedBy(viewer, email) : [];
      return new Map((await rows(ids)).map((r) => [r.id, encompassInvolvements(viewer, r.school_urn, led)]));
    },
    async describe(_viewer, ids) {
      return new Map(
        (await rows(ids)).map((r) => [
          r.id,
          { reference: shortReference('Notification', r.id), about: statusOf(r).text, href: `/encompass/${r.id}` },
        ]),
      );
    },
  };
}
