import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { parsePostcode } from './postcodes.ts';

export interface OnsPostcodeReport {
  imported: number;
  skippedTerminated: number;
  skippedNoLocation: number;
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
}

const BATCH = 1_000;
const MAX_LISTED_REJECTIONS = 100;
/** ONSPD marks a postcode with no grid reference with this latitude. */
const NO_LOCATION_LATITUDE = 99.999999;
/** An ONS statistical area code: a letter for the country, 8 digits. */
const ONS_AREA_CODE = /^[EWSNL]\d{8}$/;

/**
 * Loads the ONS Postcode Directory (ONSPD) CSV into the postcodes table, streaming, in batches,
 * idempotently (a postcode already there is updated). Uses the columns pcds (or pcd), lat, long,
 * doterm and the local authority district oslaua (laua in the National Statistics Postcode Lookup), when given; terminated postcodes and those without a location are skipped and counted, and
 * malformed rows are reported by line without stopping the import.
 */
export async function importOnsPostcodes(db: Kysely<DB>, input: Readable): Promise<OnsPostcodeReport> {
  const report: OnsPostcodeReport = {
    imported: 0,
    skippedTerminated: 0,
    skippedNoLocation: 0,
    rejected: [],
    rejectedCount: 0,
  };
  const reject = (line: number, reason: string) => {
    report.rejectedCount += 1;
    if (report.rejected.length < MAX_LISTED_REJECTIONS) report.rejected.push({ line, reason });
  };
  type Row = { postcode: string; latitude: number; longitude: number; local_authority_code: string | null };
  let batch = new Map<string, Row>();
  const flush = async () => {
    if (batch.size === 0) return;
    const rows = [...batch.values()];
    batch = new Map();
    await db
      .insertInto('postcodes')
      .values(rows)
      .onConflict((oc) =>
        oc.column('postcode').doUpdateSet((eb) => ({
          latitude: eb.ref('excluded.latitude'),
          longitude: eb.ref('excluded.longitude'),
          local_authority_code: eb.ref('excluded.local_authority_code'),
        })),
      )
      .execute();
    report.imported += rows.length;
  };

  const parser = input.pipe(
    parse({
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }),
  );
  let line = 1;
  for await (const record of parser as AsyncIterable<Record<string, string | undefined>>) {
    line += 1;
    if (line === 2 && !('lat' in record && 'long' in record && ('pcds' in record || 'pcd' in record))) {
      throw new Error('This is not an ONS Postcode Directory file: it needs the columns pcds (or pcd), lat and long.');
    }
    if (record.doterm?.trim()) {
      report.skippedTerminated += 1;
      continue;
    }
    const postcode = parsePostcode(record.pcds ?? record.pcd ?? '');
    if (!postcode?.inward) {
      reject(line, `"${record.pcds ?? record.pcd ?? ''}" is not a full postcode`);
      continue;
    }
    const latitude = Number(record.lat);
    const longitude = Number(record.long);
    if (latitude === NO_LOCATION_LATITUDE) {
      report.skippedNoLocation += 1;
      continue;
    }
    if (
      !Number.isFinite(latitude) ||
      !Number.isFinite(longitude) ||
      Math.abs(latitude) > 90 ||
      Math.abs(longitude) > 180
    ) {
      reject(line, `latitude "${record.lat}" and longitude "${record.long}" are not a place`);
      continue;
    }
    const authority = (record.oslaua ?? record.laua ?? '').trim().toUpperCase();
    batch.set(postcode.squashed, {
      postcode: postcode.squashed,
      latitude,
      longitude,
      // An ONS area code (E07000070); ONSPD's pseudo-codes for "no authority" (E99999999, blank) are left out.
      local_authority_code: ONS_AREA_CODE.test(authority) && !authority.endsWith('99999999') ? authority : null,
    });
    if (batch.size >= BATCH) await flush();
  }
  await flush();
  return report;
}
