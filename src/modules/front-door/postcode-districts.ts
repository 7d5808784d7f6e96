import type { ReferenceService } from '../reference/index.ts';

/** Where a postcode is: the Directory's PostcodeAreas (the ONS Postcode Directory). */
export interface PostcodePlaces {
  localAuthorityOf(postcode: string): Promise<string | null>;
  knowsDistricts(): Promise<boolean>;
}

/**
 * The tenant's district a postcode is in, so a Request for Support need not ask for both (issue 17): when the loaded
 * ONS Postcode Directory names the postcode's local authority and it is one of the tenant's districts (by its ONS
 * code). Otherwise null, and the form asks. Without places (a test, or a tenant without ONSPD) it always asks.
 */
export class PostcodeDistricts {
  constructor(
    private readonly reference: ReferenceService,
    private readonly places?: PostcodePlaces,
  ) {}

  /** Whether a postcode can tell the district at all (ONSPD is loaded with districts). */
  async known(): Promise<boolean> {
    return this.places ? this.places.knowsDistricts() : false;
  }

  /** The tenant district's code for this postcode, or null. */
  async of(postcode: string | undefined | null): Promise<string | null> {
    if (!postcode?.trim() || !this.places) return null;
    const authority = await this.places.localAuthorityOf(postcode);
    if (!authority) return null;
    const districts = await this.reference.districts();
    return districts.find((d) => d.ons_code === authority)?.code ?? null;
  }

  /** The first of these postcodes that tells the district, with the district. */
  async ofFirst(postcodes: (string | null | undefined)[]): Promise<{ district: string; postcode: string } | null> {
    for (const postcode of postcodes) {
      const district = await this.of(postcode);
      if (district) return { district, postcode: postcode! };
    }
    return null;
  }
}
