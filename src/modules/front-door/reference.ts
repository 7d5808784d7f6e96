import { randomInt } from 'node:crypto';

/**
 * Letters and digits that cannot be mistaken for one another when read out on the phone or written
 * down: no 0/O, 1/I/L. 31 characters, 8 places: about 850 billion references.
 */
export const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const REFERENCE_LENGTH = 8;

/** A new reference for a Request for Support: random (crypto.randomInt), so it reveals no count or order. */
export function newReference(): string {
  let reference = '';
  for (let i = 0; i < REFERENCE_LENGTH; i++) reference += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return reference;
}

/** 'K7QXM2PA' → 'K7QX M2PA': two groups of four are easier to read out. */
export const formatReference = (reference: string) => `${reference.slice(0, 4)} ${reference.slice(4)}`;

/** What someone typed or read out ('k7qx-m2pa ') as a stored reference, or null if it cannot be one. */
export function parseReference(raw: string): string | null {
  const squashed = raw.replace(/[\s-]+/g, '').toUpperCase();
  return squashed.length === REFERENCE_LENGTH && [...squashed].every((c) => REFERENCE_ALPHABET.includes(c))
    ? squashed
    : null;
}
