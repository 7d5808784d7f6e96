import type { RestrictedMarkers } from '../../../platform/restricted/markers.ts';
import { can } from '../../../platform/permissions/policy.ts';
import type { MaracCaseService } from './service.ts';

/**
 * MARAC cases on the pages that show a matched victim or child (the family page): the case's link for whoever may see
 * it (MARAC, the referrer, an invited agency), and for anyone else only that a MARAC case exists and whom to ask.
 * Never through break-glass.
 */
export function registerMaracRestricted(cases: MaracCaseService, restricted: RestrictedMarkers) {
  restricted.register(async (personIds, viewer) => {
    const rows = await cases.casesAbout(personIds);
    if (!rows.length) return [];
    const { askAbout } = await cases.settings();
    return Promise.all(
      rows.map(async (row) => {
        const involvements = (await cases.deps.access.involvements(row.id, viewer)) ?? [];
        return {
          personId: row.person_id!,
          kind: 'MARAC case',
          href: can(viewer, 'restricted:view-marac', { type: 'record', id: row.id, involvements }).allowed
            ? `/marac/cases/${row.id}`
            : null,
          askAbout,
        };
      }),
    );
  });
}
