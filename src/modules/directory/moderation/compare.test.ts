import { describe, expect, it } from 'vitest';
import { compare } from './compare.ts';
import type { ServiceContent } from '../content.ts';
import type { DirectoryOptions } from '../types.ts';

const options: DirectoryOptions = {
  categories: [
    { code: 'youth', name: 'Youth', termId: 't1' },
    { code: 'parenting', name: 'Parenting', termId: 't2' },
  ],
  levels: [
    { level: 1, name: 'Universal' },
    { level: 2, name: 'Additional' },
  ],
  districts: [{ code: 'harlow', name: 'Harlow', quadrant: 'west' }],
  quadrants: [],
};
const entry = (overrides: Partial<ServiceContent> = {}): ServiceContent => ({
  name: 'Youth club',
  description: 'Games and sport on Friday evenings.',
  status: 'active',
  isFree: true,
  accessRoute: 'self-referral',
  professionalsOnly: false,
  deliveryModes: ['in-person'],
  levels: [1],
  categories: ['youth'],
  districts: [],
  countywide: true,
  languages: ['English'],
  contacts: [],
  locations: [],
  ...overrides,
});

describe('comparing two versions of an entry', () => {
  it('marks only the fields that changed, with the words that went and came', () => {
    const rows = compare(
      entry(),
      entry({ description: 'Games and music on Friday evenings.', categories: ['youth', 'parenting'] }),
      options,
    );
    expect(rows.filter((r) => r.changed).map((r) => r.label)).toEqual(['What it offers', 'Helps with']);
    const offers = rows.find((r) => r.label === 'What it offers')!;
    expect(offers.before.filter((p) => p.kind === 'removed').map((p) => p.text)).toEqual(['sport']);
    expect(offers.after.filter((p) => p.kind === 'added').map((p) => p.text)).toEqual(['music']);
    expect(offers.after.map((p) => p.text).join('')).toBe('Games and music on Friday evenings.');
    expect(
      rows
        .find((r) => r.label === 'Helps with')
        ?.after.map((p) => p.text)
        .join(''),
    ).toBe('Youth and Parenting');
  });

  it('shows a new service with nothing on the left', () => {
    const rows = compare(null, entry({ fees: undefined }), options);
    expect(rows.every((r) => r.before.length === 0)).toBe(true);
    expect(rows.find((r) => r.label === 'Name')?.after).toEqual([{ text: 'Youth club', kind: 'added' }]);
  });
});
