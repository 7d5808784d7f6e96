import { describe, expect, it } from 'vitest';
import { decisionProblems, inPageOrder, nextState, reviewsNeeded, type DecisionContext } from './decision-rules.ts';
import { shorten } from './decide-facts.ts';
import { byTimeLeft } from './queue-order.ts';

const context: DecisionContext = {
  levels: [
    { level: 2, descriptors: ['Needs behaviour support'] },
    { level: 3, descriptors: ['Exposed to domestic abuse'] },
  ],
  pathwayLevels: {
    'advice-signposting': [1, 2],
    taf: [2],
    'family-solutions': [3],
    'social-care': [4],
    'no-further-action': [1, 2, 3, 4],
    'linked-request': [1, 2, 3, 4],
  },
  linkable: ['other'],
};

describe('decisionProblems', () => {
  it('checks the chosen pathway’s questions even before a level is chosen', () => {
    expect(
      decisionProblems({ level: null, descriptors: [], pathway: 'social-care', withholdEmail: true }, context).map(
        (p) => p.field,
      ),
    ).toEqual(['socialCareRoute', 'emailWithheldReason']);
  });

  it('gives the level-and-pathway clash and the pathway’s own question together', () => {
    expect(decisionProblems({ level: 2, descriptors: ['Made up'], pathway: 'family-solutions' }, context)).toEqual([
      { field: 'descriptors', text: 'Select descriptors from the list' },
      { field: 'pathway', text: 'Family Solutions (level 3) is for level 3: change the level or the pathway' },
      {
        field: 'familyConsent',
        text: 'Family Solutions needs the family’s consent: confirm they have agreed, or choose another pathway',
      },
    ]);
  });

  it('links only to another open request about the same children, and passes a complete decision', () => {
    const linked = { level: 2, descriptors: [], pathway: 'linked-request' as const };
    expect(decisionProblems({ ...linked, linkedRequestId: 'elsewhere' }, context).map((p) => p.field)).toEqual([
      'linkedRequestId',
    ]);
    expect(decisionProblems({ ...linked, linkedRequestId: 'other' }, context)).toEqual([]);
  });

  it('puts problems in the order of the page', () => {
    expect(
      inPageOrder([
        { field: 'familyConsent', text: 'c' },
        { field: 'level', text: 'l' },
        { field: 'reasons', text: 'r' },
      ]).map((p) => p.field),
    ).toEqual(['level', 'reasons', 'familyConsent']);
  });
});

describe('byTimeLeft', () => {
  const at = (iso: string) => new Date(iso);
  it('orders by due time, then receipt, then id, with unknown timescales last', () => {
    const keys = [
      { id: 'c', received_at: at('2026-01-02'), due: null },
      { id: 'b', received_at: at('2026-01-02'), due: at('2026-01-05') },
      { id: 'a', received_at: at('2026-01-01'), due: at('2026-01-05') },
      { id: 'd', received_at: at('2026-01-03'), due: at('2026-01-04') },
    ];
    expect([...keys].sort(byTimeLeft).map((k) => k.id)).toEqual(['d', 'a', 'b', 'c']);
  });
});

describe('shorten', () => {
  it('keeps short text, and cuts long text at a word with an ellipsis', () => {
    expect(shorten('Late  most\ndays.', 60)).toBe('Late most days.');
    const cut = shorten('word '.repeat(40), 30);
    expect(cut.length).toBeLessThanOrEqual(30);
    expect(cut).toMatch(/word…$/);
  });
});

describe('reviewsNeeded and nextState (seed 002: a Social Worker reviews a tier 3 or 4 response to a missing child)', () => {
  const rule = { level4: true, override: true };
  it('asks a social worker for a missing child at level 3 or 4 only', () => {
    const at = (level: number, missingFromPolice = true) =>
      reviewsNeeded({ level, overridesRequestedLevel: false, missingFromPolice }, rule);
    expect(at(2)).toEqual({ socialWork: false, manager: false });
    expect(at(3)).toEqual({ socialWork: true, manager: false });
    expect(at(4)).toEqual({ socialWork: true, manager: true });
    expect(at(3, false)).toEqual({ socialWork: false, manager: false });
  });
  it('goes to the social worker first, then the manager; a role already held counts', () => {
    const both = { socialWork: true, manager: true };
    expect(nextState(both, { socialWork: false, manager: false })).toBe('awaiting-social-work-review');
    expect(nextState(both, { socialWork: false, manager: true })).toBe('awaiting-social-work-review');
    expect(nextState(both, { socialWork: true, manager: false })).toBe('awaiting-approval');
    expect(nextState(both, { socialWork: true, manager: true })).toBe('final');
    expect(nextState({ socialWork: false, manager: false }, { socialWork: false, manager: false })).toBe('final');
  });
});
