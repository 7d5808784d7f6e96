import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { forbidden } from '../../../platform/http/errors.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { ServiceContent } from '../content.ts';
import { CSV_COLUMNS, toCsvRecord } from './csv.ts';

/** The CSV export of the Directory of Services and the blank template (docs/directory-csv.md). */

const EXPORT_BATCH = 500;

/**
 * Every live service as CSV in the template's columns (professionals-only ones included and
 * marked), streamed in batches. Cells that a spreadsheet would run as formulas are neutralised.
 */
export function exportCsv(db: Kysely<DB>, audit: AuditLog, viewer: Principal | null, actor?: AuditActor): Readable {
  if (!can(viewer, 'directory:export').allowed) throw forbidden();
  const out = stringify({ header: true, columns: [...CSV_COLUMNS], bom: true });
  const write = async () => {
    let after = '00000000-0000-0000-0000-000000000000';
    let count = 0;
    for (;;) {
      const batch = await db
        .selectFrom('directory_services as s')
        .innerJoin('directory_service_versions as v', 'v.id', 's.live_version_id')
        .innerJoin('organisations as o', 'o.id', 's.organisation_id')
        .select(['s.id', 'o.code', 'v.content'])
        .where('s.id', '>', after)
        .orderBy('s.id')
        .limit(EXPORT_BATCH)
        .execute();
      for (const row of batch) {
        if (
          !out.write(
            toCsvRecord({
              id: row.id,
              organisationCode: row.code,
              content: row.content as unknown as ServiceContent,
            }),
          )
        )
          await once(out, 'drain');
      }
      count += batch.length;
      if (batch.length < EXPORT_BATCH) break;
      after = batch.at(-1)!.id;
    }
    if (actor)
      await audit.record(actor, {
        action: 'directory.exported',
        outcome: 'success',
        details: { services: count },
      });
    out.end();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

/** The header row and one example service: what docs/directory-csv.md describes. */
export function csvTemplate(): string {
  const example = {
    id: '',
    organisationCode: 'barnardos',
    content: {
      name: 'Dads Matter drop-in',
      description: 'A friendly weekly group for dads and male carers of children under 5.',
      status: 'active',
      professionalsOnly: false,
      email: 'dadsmatter@example.org',
      minimumAge: 0,
      maximumAge: 5,
      isFree: true,
      accessRoute: 'self-referral',
      deliveryModes: ['in-person'],
      levels: [1, 2],
      categories: ['parenting', 'early-years'],
      countywide: false,
      districts: ['colchester', 'tendring'],
      languages: ['English'],
      contacts: [{ id: '', name: 'Sam Okafor', title: 'Group leader', phone: '01206 000000' }],
      locations: [
        {
          id: '',
          name: 'Greenstead Family Hub',
          address1: 'Hawthorn Avenue',
          city: 'Colchester',
          postcode: 'CO4 3QE',
          schedules: [{ id: '', byday: ['SA'], opensAt: '10:00', closesAt: '12:00' }],
        },
      ],
    } satisfies ServiceContent,
  };
  return stringifySync([toCsvRecord(example)], { header: true, columns: [...CSV_COLUMNS], bom: true });
}
