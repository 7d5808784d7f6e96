/** UK postcodes as people type them: shared by the Directory of Services and the front door. */

export interface Postcode {
  /** 'CM1' */
  outward: string;
  /** '1QH', absent when only the outward code was given. */
  inward?: string;
  /** 'CM11QH' (or 'CM1'): how the postcodes table stores it. */
  squashed: string;
  /** 'CM1 1QH' (or 'CM1'): how people write it. */
  display: string;
}

const FULL = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;
export const OUTWARD = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;

/** A UK postcode in any case or spacing, or just its outward code; null if it cannot be one. */
export function parsePostcode(raw: string): Postcode | null {
  const squashed = raw.replace(/\s+/g, '').toUpperCase();
  if (squashed.length > 8) return null;
  const full = FULL.exec(squashed);
  if (full) return { outward: full[1]!, inward: full[2]!, squashed, display: `${full[1]} ${full[2]}` };
  if (OUTWARD.test(squashed)) return { outward: squashed, squashed, display: squashed };
  return null;
}
