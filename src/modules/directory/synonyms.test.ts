import { describe, expect, it } from 'vitest';
import { alternativeWords, parseSynonyms, readSynonyms } from './synonyms.ts';

const groups = parseSynonyms(`# comment
autism,Autistic,ASD,SEND
bullying,bullied, cyberbullying
lonely
`);

describe('search synonyms', () => {
  it('reads groups of two or more, lower case, without comments', () => {
    expect(groups).toEqual([
      ['autism', 'autistic', 'asd', 'send'],
      ['bullying', 'bullied', 'cyberbullying'],
    ]);
  });

  it('swaps a whole word for each other word in its group', () => {
    expect(alternativeWords('Autism support', groups)).toEqual(['autistic support', 'asd support', 'send support']);
    expect(alternativeWords('ASD', groups)).toContain('autism');
    expect(alternativeWords('bullying at school', groups)).toContain('cyberbullying at school');
  });

  it('leaves words that only contain a synonym, and websearch syntax, as typed', () => {
    expect(alternativeWords('sendiass', groups)).toEqual([]);
    expect(alternativeWords('"autism" -adult', groups)).toEqual([]);
    expect(alternativeWords('parenting', groups)).toEqual([]);
  });

  it('has the Essex file with the directory’s own examples', async () => {
    const essex = await readSynonyms('essex');
    for (const word of ['autism', 'adhd', 'bullying'])
      expect(alternativeWords(word, essex).length, word).toBeGreaterThan(0);
    expect(await readSynonyms('no-such-tenant')).toEqual([]);
  });
});
