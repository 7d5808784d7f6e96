import { format, parseISO } from 'date-fns';
import type { Kysely } from 'kysely';
import type { BreakGlassService } from '../../../platform/break-glass/service.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { can } from '../../../platform/permissions/policy.ts';
import type { RestrictedMarkers } from '../../../platform/restricted/markers.ts';
import { MACE1_CASE, type Mace1Service } from './service.ts';

/**
 * MACE 1 cases as restricted records beyond their own pages:
 * - on the pages that show the child (the family page): the link for whoever may see the case (its quadrant's
 *   panel, the Hub, the nominator), and for anyone else only that a restricted record exists and whom to ask;
 * - break-glass: a caseworker's emergency access shows the case's outline (that it exists, open or exited, its
 *   quadrant, whom to ask), never what the panel shared, and tells the MACE coordinators as well as a manager. The
 *   label names no child: it goes in emails.
 */
export function registerMace1Restricted(
  db: Kysely<DB>,
  mace1: Mace1Service,
  { restricted, breakGlass }: { restricted: RestrictedMarkers; breakGlass: BreakGlassService },
) {
  const caseRow = (id: string) =>
    db
      .selectFrom('mace1_cases')
      .select(['id', 'person_id', 'quadrant_id', 'nominated_by', 'opened_on'])
      .where('id', '=', id)
      .executeTakeFirst();

  breakGlass.registerRecordType(
    MACE1_CASE,
    async (id, viewer) => {
      const row = await caseRow(id);
      return row
        ? {
            label: `a MACE 1 case opened on ${format(parseISO(row.opened_on), 'd MMMM yyyy')}`,
            href: `/mace/cases/${id}`,
            involvements: await mace1.involvementsIn(row, viewer),
          }
        : null;
    },
    { restricted: true },
  );

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
