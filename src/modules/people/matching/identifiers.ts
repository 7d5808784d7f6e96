/**
 * Exact identifiers: NHS number and Unique Pupil Number (UPN). Where both records carry one, it
 * decides before any name or date is weighed. Each is checked by its check digit, so a mistyped
 * number is refused at the form rather than matched to nobody (or, worse, to someone else).
 */

/** Digits only: "943 476 5919" and "943-476-5919" are "9434765919". */
export const compactNhsNumber = (value: string): string => value.replace(/[\s-]/g, '');

/**
 * An NHS number is ten digits, the last a modulus 11 check digit: the first nine are weighted 10 down
 * to 2, and 11 minus the remainder of their sum by 11 is the check digit (11 is 0; 10 is never valid).
 */
export function isValidNhsNumber(value: string): boolean {
  const digits = compactNhsNumber(value);
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** The UPN's check letters: the remainder by 23 indexes this list (no I, O or S). */
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** Capitals, no spaces. */
export const compactUpn = (value: string): string => value.replace(/\s/g, '').toUpperCase();

/**
 * A Unique Pupil Number is 13 characters: a check letter, then 12 characters (a 3-digit local
 * authority number, a 4-digit school number, a 2-digit year and a 3-digit serial; a temporary UPN
 * ends with a letter instead of its last digit). The check letter is the weighted sum of characters
 * 2 to 13 (weights 2 to 13; a letter counts as its place in the check-letter list) modulo 23.
 */
export function isValidUpn(value: string): boolean {
  const upn = compactUpn(value);
  if (!/^[A-HJ-NP-RT-Z]\d{11}[\dA-HJ-NP-RT-Z]$/.test(upn)) return false;
  return upnCheckLetter(upn.slice(1)) === upn[0];
}

/** The check letter for the 12 characters after it. */
export function upnCheckLetter(rest: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) {
    const c = rest[i]!;
    sum += (/\d/.test(c) ? Number(c) : UPN_LETTERS.indexOf(c)) * (i + 2);
  }
  return UPN_LETTERS[sum % 23]!;
}

/** The NHS check digit for nine digits, or null when none is possible (those nine are never issued). */
export function nhsCheckDigit(first9: string): string | null {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(first9[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return String(check === 11 ? 0 : check);
}

export type IdentifierAgreement = 'same' | 'different' | 'unknown';

/** Both given and valid: the same number, or different ones (then they are two people). */
export function compareIdentifier(
  a: string | null | undefined,
  b: string | null | undefined,
  compact: (value: string) => string,
): IdentifierAgreement {
  if (!a || !b) return 'unknown';
  return compact(a) === compact(b) ? 'same' : 'different';
}
