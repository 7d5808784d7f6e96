import { describe, expect, it } from 'vitest';
import { REFERENCE_ALPHABET, formatReference, newReference, parseReference } from './reference.ts';

describe('request references', () => {
  it('are 8 characters from an alphabet without look-alikes', () => {
    expect(REFERENCE_ALPHABET).not.toMatch(/[01ILO]/);
    for (let i = 0; i < 1000; i++) expect(newReference()).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  });

  it('are random: a thousand draws do not repeat and use the whole alphabet', () => {
    const draws = Array.from({ length: 1000 }, newReference);
    expect(new Set(draws).size).toBe(1000);
    expect(new Set(draws.join('')).size).toBe(REFERENCE_ALPHABET.length);
  });

  it('read out in two groups of four, and are understood however they are typed back', () => {
    expect(formatReference('K7QXM2PA')).toBe('K7QX M2PA');
    expect(parseReference(' k7qx-m2pa ')).toBe('K7QXM2PA');
    for (const bad of ['K7QXM2P', 'K7QXM2PO', 'K7QXM2PA1', '']) expect(parseReference(bad), bad).toBeNull();
  });
});
