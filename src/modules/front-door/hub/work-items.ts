import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import type { DB } from '../../../platform/db/schema/index.ts';

export type WorkItemKind = 'taf' | 'family-solutions' | 'social-care';

/**
 * Work the Hub's decisions handed on, for the team that picks it up (Early Help for a suggested
 * TAF, Family Solutions, social care): open items of a kind, oldest first, optionally by district.
 */
export function openWorkItems(db: Kysely<DB>, kind: WorkItemKind, districtCodes?: string[]) {
  let query = db
    .selectFrom('hub_work_items as w')
    .innerJoin('requests_for_support as r', 'r.id', 'w.request_id')
    .innerJoin('hub_decisions as d', 'd.id', 'w.decision_id')
    .select([
      'w.id',
      'w.request_id',
      'w.decision_id',
      'w.kind',
      'w.level',
      'w.district_code',
      'w.created_at',
      'w.version',
      'r.reference',
      // Who the Hub thought could lead a Team Around the Family (free text, as the screener wrote it).
      'd.lead_professional as suggested_lead',
    ])
    .where('w.kind', '=', kind)
    .where('w.status', '=', 'open');
  if (districtCodes?.length) query = query.where('w.district_code', 'in', districtCodes);
  return query.orderBy('w.created_at').execute();
}

/**
 * A receiving team takes on a work item; a second taker is told (StaleVersionError). Pass the
 * caller's transaction (`db`) so the acceptance commits with whatever the team creates from it.
 */
export async function acceptWorkItem(
  audit: AuditLog,
  actor: AuditActor,
  workItemId: string,
  expectedVersion: number,
  db: Kysely<DB>,
): Promise<void> {
  const work = async (tx: Kysely<DB>) => {
    const result = await tx
      .updateTable('hub_work_items')
      .set((eb) => ({
        status: 'accepted',
        accepted_by: actor.userId,
        accepted_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', workItemId)
      .where('version', '=', expectedVersion)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new StaleVersionError('This piece of work');
    await audit.record(
      actor,
      { action: 'hub.work-item.accepted', outcome: 'success', subjectType: 'hub-work-item', subjectId: workItemId },
      tx,
    );
  };
  if (db.isTransaction) await work(db);
  else await db.transaction().execute(work);
}
