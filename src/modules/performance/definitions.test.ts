import { describe, expect, it } from 'vitest';
import { loadIndicatorsFile } from './definitions.ts';

/** The Essex seed (issue 14): the framework starts complete, and the file is checked before it is seeded. */
describe('the Essex indicators file', () => {
  it('defines every indicator of 001 Appendix 1, the Board’s data, CME, the Co-Parenting measures and the computed keys', async () => {
    const file = await loadIndicatorsFile('essex');
    const serving = (prefix: string) => file.indicators.filter((d) => d.serves.some((s) => s.startsWith(prefix)));
    // The Appendix's table has 99 indicators: 98 imported, and "Missing children", which Hearth counts.
    expect(file.indicators.filter((d) => /^p\d+\./.test(d.code)).length).toBe(98);
    expect(file.indicators.find((d) => d.code === 'missing.children')?.serves).toContain('2013-16/p1');
    for (let p = 1; p <= 10; p++) expect(serving(`2013-16/p${p}`).length, `priority ${p}`).toBeGreaterThan(0);
    for (let o = 1; o <= 7; o++) expect(serving(`co-parenting/o${o}`).length, `outcome ${o}`).toBeGreaterThan(0);
    expect(serving('escb/').length).toBeGreaterThan(20);
    expect(file.indicators.map((d) => d.code)).toEqual(
      expect.arrayContaining(['cme.children-missing-education', 'cme.elective-home-education']),
    );
    const computed = file.indicators.flatMap((d) => ('computed' in d.source ? [d.source.computed] : []));
    // 28 from the casework modules, 3 from Education Compliance, 3 from social care, 1 from Operation Encompass and 6
    // from MARAC (issue 15: 3 from referrals, 3 from meetings); 5 from training and the champions networks, 23 from
    // the corporate parenting register, 3 from the voice of children in care, 1 from the TAF Support Officers'
    // workshops and networking events, 5 from case reviews and learning and 2 from the audits (issue 16).
    expect(computed).toHaveLength(82);
    expect(computed).toEqual(
      expect.arrayContaining([
        'hub.requests-received',
        'police.progressed-to-social-care-or-family-solutions',
        'education.children-missing-education',
        'training.places',
        'training.champions',
        'marac.cases-heard',
        'marac.actions-done',
        'marac.actions-overdue',
        'corporate-parenting.long-term-stability',
        'corporate-parenting.placed-in-essex',
        'voice.survey-responses',
        'voice.positive-answers',
        'voice.cicc-meetings',
        'early-help.taf-workshops-events',
        'audits.quality-of-practice',
        'audits.s11-returns-on-time',
      ]),
    );
    expect(file.suppression.below).toBe(5);
    expect(file.suppression.confirm).toBeTruthy();
  });
});
