import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import { can } from '../../../platform/permissions/policy.ts';
import type { RestrictedMarkers } from '../../../platform/restricted/markers.ts';
import type { Mace1Service } from './service.ts';

/**
 * A child's MACE 1 cases on the pages that show the child (the family page): the link for whoever may see the case
 * (its quadrant's panel, the Hub, the nominator), and for anyone else only that a restricted record exists and whom
 * to ask. MACE cases are not registered for break-glass: what the panel shares stays in the panel, and the marker
 * names whom to ask in an emergency (the MACE coordinator, through the Hub).
 */
export function registerMace1Markers(db: Kysely<DB>, mace1: Mace1Service, restricted: RestrictedMarkers) {
  restricted.register(async (personIds, viewer) => {
    const rows = await db
      .selectFrom('mace1_cases')
      .select(['id', 'person_id', 'quadrant_id', 'nominated_by'])
      .where('person_id', 'in', personIds)
      .where('status', '=', 'open')
      .orderBy('opened_on')
      .execute();
    if (!rows.length) return [];
    const { askAbout } = await mace1.settings();
    return Promise.all(
      rows.map(async (row) => ({
        personId: row.person_id!,
        kind: 'MACE 1 case',
        href: can(viewer, 'restricted:view', {
          type: 'record',
          id: row.id,
          involvements: await mace1.involvementsIn(row, viewer),
        }).allowed
          ? `/mace/cases/${row.id}`
          : null,
        askAbout,
      })),
    );
  });
}
