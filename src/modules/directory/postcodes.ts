import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { OUTWARD, type Postcode } from '../../platform/postcodes.ts';

/** Approximate centres of the postcode districts in and around the tenant (see the file's header). */
export const POSTCODE_DISTRICTS_FILE = fileURLToPath(
  new URL('../../../config/postcode-districts.csv', import.meta.url),
);

export interface Point {
  latitude: number;
  longitude: number;
}

export { parsePostcode, type Postcode } from '../../platform/postcodes.ts';

/** Rows of the postcode districts file: `outward,latitude,longitude`, with # comment lines and a header. */
export function parsePostcodeDistricts(text: string): { outward: string; latitude: number; longitude: number }[] {
  const rows: { outward: string; latitude: number; longitude: number }[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('outward,')) continue;
    const [outward, latitude, longitude] = trimmed.split(',').map((v) => v.trim());
    const lat = Number(latitude);
    const lon = Number(longitude);
    if (
      !outward ||
      !OUTWARD.test(outward) ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lon) ||
      Math.abs(lat) > 90 ||
      Math.abs(lon) > 180
    ) {
      throw new Error(
        `postcode districts file, line ${index + 1}: expected "outward,latitude,longitude", got "${trimmed}"`,
      );
    }
    rows.push({ outward, latitude: lat, longitude: lon });
  }
  return rows;
}

/** Loads (or updates) postcode_districts from the file. Safe at every start. Returns how many rows. */
export async function loadPostcodeDistricts(db: Kysely<DB>, file = POSTCODE_DISTRICTS_FILE): Promise<number> {
  const rows = parsePostcodeDistricts(await readFile(file, 'utf8'));
  if (rows.length === 0) return 0;
  await db
    .insertInto('postcode_districts')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('outward')
        .doUpdateSet((eb) => ({ latitude: eb.ref('excluded.latitude'), longitude: eb.ref('excluded.longitude') })),
    )
    .execute();
  return rows.length;
}

/**
 * Where a postcode is: the full postcode from the postcodes table (stored without a space; the
 * spaced form is accepted too), else the centre of its outward code. Undefined when neither is known.
 */
export async function locatePostcode(
  db: Kysely<DB>,
  postcode: Postcode,
): Promise<(Point & { approximate: boolean }) | undefined> {
  if (postcode.inward) {
    const exact = await db
      .selectFrom('postcodes')
      .select(['latitude', 'longitude'])
      .where('postcode', 'in', [postcode.squashed, postcode.display])
      .executeTakeFirst();
    if (exact) return { ...exact, approximate: false };
  }
  const district = await db
    .selectFrom('postcode_districts')
    .select(['latitude', 'longitude'])
    .where('outward', '=', postcode.outward)
    .executeTakeFirst();
  return district && { ...district, approximate: true };
}
