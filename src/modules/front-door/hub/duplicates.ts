import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import { formatReference } from '../reference.ts';

/** Another request about the same child that the Hub is still dealing with, or whose work is still going on. */
export interface OtherRequest {
  id: string;
  reference: string;
  status: string;
  receivedAt: Date;
  child: string;
  /** The pathway whose work is open (a TAF being arranged, Family Solutions), when it has been decided. */
  workKind: string | null;
  /** How the child was found on both: the same person record, or the same name and date of birth. */
  how: 'linked-person' | 'name-and-date-of-birth';
}

/**
 * For each of these requests, the other requests about one of its children that are still open (not
 * decided), or decided with work still open: the same linked person record, or a strong match (the
 * same first name, last name and date of birth, ignoring case and spaces). One statement for a page.
 */
export async function otherRequestsAbout(db: Kysely<DB>, requestIds: string[]): Promise<Map<string, OtherRequest[]>> {
  const found = new Map<string, OtherRequest[]>();
  if (requestIds.length === 0) return found;
  const norm = (column: string) => sql`lower(regexp_replace(${sql.ref(column)}, '\\s+', '', 'g'))`;
  const rows = await db
    .selectFrom('request_people as a')
    .innerJoin('request_people as b', (join) =>
      join
        .onRef('b.request_id', '!=', 'a.request_id')
        .on('b.role', '=', 'child')
        .on((eb) =>
          eb.or([
            eb.and([eb('a.person_id', 'is not', null), eb('a.person_id', '=', eb.ref('b.person_id'))]),
            eb.and([
              eb('a.date_of_birth', 'is not', null),
              eb('a.date_of_birth', '=', eb.ref('b.date_of_birth')),
              eb(norm('a.first_name'), '=', norm('b.first_name')),
              eb(norm('a.last_name'), '=', norm('b.last_name')),
            ]),
          ]),
        ),
    )
    .innerJoin('requests_for_support as r', 'r.id', 'b.request_id')
    .leftJoin('hub_work_items as w', (join) => join.onRef('w.request_id', '=', 'r.id').on('w.status', '!=', 'closed'))
    .select([
      'a.request_id as for_id',
      'r.id',
      'r.reference',
      'r.status',
      'r.received_at',
      'b.first_name',
      'b.last_name',
      'w.kind as work_kind',
      sql<boolean>`a.person_id IS NOT NULL AND a.person_id = b.person_id`.as('same_person'),
    ])
    .where('a.request_id', 'in', requestIds)
    .where('a.role', '=', 'child')
    .where((eb) => eb.or([eb('r.status', '!=', 'decided'), eb('w.id', 'is not', null)]))
    .orderBy('r.received_at')
    .execute();
  for (const r of rows) {
    const list = found.get(r.for_id) ?? [];
    if (list.some((o) => o.id === r.id)) continue;
    list.push({
      id: r.id,
      reference: formatReference(r.reference),
      status: r.status,
      receivedAt: r.received_at,
      child: `${r.first_name} ${r.last_name}`,
      workKind: r.work_kind,
      how: r.same_person ? 'linked-person' : 'name-and-date-of-birth',
    });
    found.set(r.for_id, list);
  }
  return found;
}
