import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { parsePostcode } from './postcodes.ts';

/** Kept for ten minutes: an ONSPD import is rare, and the question is asked on form pages. */
const KNOWN_FOR_MS = 10 * 60_000;

/**
 * Which local authority district a postcode is in, as the loaded ONS Postcode Directory says (its oslaua column,
 * an ONS code such as E07000070). The front door uses it to take a family's district from their postcode instead of
 * asking for both.
 */
export class PostcodeAreas {
  private known?: { known: boolean; at: number };

  constructor(private readonly db: Kysely<DB>) {}

  /** The ONS code of the postcode's district, or null: not a full postcode, not loaded, or loaded without it. */
  async localAuthorityOf(postcode: string): Promise<string | null> {
    const parsed = parsePostcode(postcode);
    if (!parsed?.inward) return null;
    const row = await this.db
      .selectFrom('postcodes')
      .select('local_authority_code')
      .where('postcode', 'in', [parsed.squashed, parsed.display])
      .executeTakeFirst();
    return row?.local_authority_code ?? null;
  }

  /** Whether the loaded postcodes say which district they are in at all (ONSPD imported with oslaua). */
  async knowsDistricts(): Promise<boolean> {
    const now = Date.now();
    if (this.known && now - this.known.at < KNOWN_FOR_MS) return this.known.known;
    const row = await this.db
      .selectFrom('postcodes')
      .select('postcode')
      .where('local_authority_code', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    this.known = { known: Boolean(row), at: now };
    return this.known.known;
  }

  /** After an import: ask the database again. */
  forget() {
    this.known = undefined;
  }
}
