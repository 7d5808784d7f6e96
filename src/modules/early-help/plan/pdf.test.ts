import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { familyPlanPdf, type FamilyPlanContent } from './pdf.ts';
import { pdfFontSizes, pdfStreams, pdfText } from '../../../platform/pdf/test-support.ts';

const content = (over: Partial<FamilyPlanContent> = {}): FamilyPlanContent => ({
  familyName: 'The Whitmore family',
  startedOn: '2 March 2026',
  nextReviewOn: '13 April 2026',
  goals: [
    {
      number: 1,
      description: 'Ellie gets to school every day',
      startScore: 3,
      nowScore: 6,
      actions: [
        { what: 'Walk Ellie to school on Mondays', who: 'Lauren Whitmore', byWhen: '16 March 2026', status: 'To do' },
      ],
    },
    { number: 2, description: 'The rent is paid on time', startScore: 2, nowScore: 2, actions: [] },
  ],
  scores: [
    { when: 'At the start', scores: [3, 2] },
    { when: 'Review 1, 13 April 2026', scores: [6, null] },
  ],
  agreed: ['Lauren Whitmore signed as “Lauren Whitmore” on 2 March 2026'],
  everyoneAgreed: true,
  leadName: 'Jo Carter',
  version: 4,
  ...over,
});
const words = (pdf: Buffer) => pdfText(pdf).replace(/\s+/g, ' ');

describe('the family’s plan as a PDF', () => {
  it('says what the printable page says, as real text, with the family’s name and the date printed', async () => {
    const pdf = await familyPlanPdf(content(), { today: '2026-04-14' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = words(pdf);
    for (const expected of [
      'The Whitmore family',
      'Our family plan',
      'Printed on 14 April 2026.',
      'We started this plan on 2 March 2026. We will look at it together again on 13 April 2026.',
      'What we want to change',
      '1. Ellie gets to school every day',
      'At the start we said 3 out of 10. Now we say 6 out of 10.',
      'Who will do what, by when',
      'Walk Ellie to school on Mondays',
      'Lauren Whitmore',
      '16 March 2026',
      'To do',
      'How far we have come',
      'At the start',
      'Review 1, 13 April 2026',
      'Goal 1',
      'Goal 2',
      'Who has agreed this plan',
      'Lauren Whitmore signed as “Lauren Whitmore” on 2 March 2026',
      'Jo Carter is your lead professional',
      'Plan version 4.',
      // Noto Sans's lines are taller than Helvetica's were: this plan now takes two pages.
      'The Whitmore family: our family plan, printed on 14 April 2026. Page 1 of 2.',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('Not everyone has agreed');
  });

  it('is tagged for screen readers, in English, titled, with no script, and nothing under 12 points', async () => {
    const pdf = await familyPlanPdf(content(), { today: '2026-04-14', compress: false });
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/Lang \(en-GB\)/);
    expect(raw).toMatch(/\/MarkInfo/);
    expect(raw).toMatch(/\/Marked true/);
    expect(raw).toMatch(/\/StructTreeRoot/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    for (const tag of ['H1', 'H2', 'H3', 'P', 'Table', 'TR', 'TH', 'TD'])
      expect(raw).toMatch(new RegExp(`/S /${tag}\\b`));
    expect(raw).toContain('(Our family plan: The Whitmore family)');
    expect(raw).toMatch(/\/Title \d+ 0 R/);
    for (const risky of [
      '/JavaScript',
      '/JS ',
      '/OpenAction',
      '/AA ',
      '/Launch',
      '/AcroForm',
      '/EmbeddedFile',
      '/Subtype /Image',
    ])
      expect(raw).not.toContain(risky);
    const sizes = pdfFontSizes(pdf);
    expect(sizes.length).toBeGreaterThan(10);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    // The same text whether compressed or not: the reader in the tests is not fooled by compression.
    expect(words(pdf)).toBe(words(await familyPlanPdf(content(), { today: '2026-04-14' })));
    expect(pdfStreams(await familyPlanPdf(content(), { today: '2026-04-14' })).length).toBe(pdfStreams(pdf).length);
  });

  it('says when nobody or not everybody has agreed, and before any review only where they started', async () => {
    const none = words(
      await familyPlanPdf(
        content({ agreed: [], everyoneAgreed: false, goals: [{ ...content().goals[0]!, nowScore: null }] }),
        { today: '2026-04-14' },
      ),
    );
    expect(none).toContain('Nobody has agreed this version of the plan yet.');
    expect(none).toContain('At the start we said 3 out of 10.');
    expect(none).not.toContain('Now we say');
    const some = words(await familyPlanPdf(content({ everyoneAgreed: false }), { today: '2026-04-14' }));
    expect(some).toContain('Not everyone has agreed this version of the plan yet.');
  });

  it('runs onto more pages with a footer on each, and splits many goals into tables of five', async () => {
    const goals = Array.from({ length: 7 }, (_, i) => ({
      number: i + 1,
      description: `Goal number ${i + 1} for the family`,
      startScore: i,
      nowScore: null,
      actions: Array.from({ length: 6 }, (_, j) => ({
        what: `Action ${j + 1} of goal ${i + 1}, described at some length so that it wraps in its column`,
        who: 'Lauren Whitmore',
        byWhen: '16 March 2026',
        status: 'To do',
      })),
    }));
    const pdf = await familyPlanPdf(
      content({ goals, scores: [{ when: 'At the start', scores: goals.map((g) => g.startScore) }] }),
      { today: '2026-04-14' },
    );
    const text = words(pdf);
    const pages = Number(/Page 1 of (\d+)\./.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(2);
    expect(text).toContain(`Page ${pages} of ${pages}.`);
    expect(text).toContain('Action 6 of goal 7');
    expect(text).toMatch(
      /When Goal 1 Goal 2 Goal 3 Goal 4 Goal 5 At the start 0 1 2 3 4 When Goal 6 Goal 7 At the start 5 6/,
    );
  });

  it('writes every letter of Polish, Romanian, Turkish, Cyrillic and Arabic names, in embedded fonts', async () => {
    const names = ['Łukasz Wąsowski', 'Ștefan Țurcanu', 'Şükrü Çelik', 'Мария Иванова', 'محمد الأحمد'];
    const family = content({
      familyName: 'The Wąsowski family',
      goals: [
        {
          ...content().goals[0]!,
          actions: names.map((who) => ({ what: `Ask ${who} to call`, who, byWhen: '16 March 2026', status: 'To do' })),
        },
      ],
      agreed: names.map((name) => `${name} signed as “${name}” on 2 March 2026`),
      leadName: 'محمد الأحمد',
    });
    const pdf = await familyPlanPdf(family, { today: '2026-04-14', compress: false });
    writePdfForLooking(pdf, 'plan-names');
    const text = pdfText(pdf);
    for (const name of names.slice(0, 4)) {
      expect(text).toContain(name);
      expect(text).toContain(`${name} signed as “${name}” on 2 March 2026`);
    }
    expect(text).toContain('The Wąsowski family: our family plan, printed on 14 April 2026. Page 1 of');
    expect(text).not.toContain('\ufffd');
    // Arabic is shaped and laid right to left: each word's glyphs come in display order (read back reversed),
    // and the words too, "الأحمد" drawn left of "محمد".
    const reversed = (w: string) => [...w].reverse().join('');
    const lead = text.slice(text.indexOf('Your worker'));
    expect(lead.indexOf(reversed('الأحمد'))).toBeGreaterThan(-1);
    expect(lead.indexOf(reversed('الأحمد'))).toBeLessThan(lead.indexOf(reversed('محمد')));
    expect(lead).toContain(' is your lead professional.');
    // The fonts are embedded subsets (Noto Sans and Noto Sans Arabic), and no standard font is left.
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansArabic-Regular/);
    expect(raw).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(raw).not.toContain('/Helvetica');
    // A screen reader reads the right-to-left lines as written.
    const utf16 = (s: string) => `(${Buffer.from(`\ufeff${s}`, 'utf16le').swap16().toString('latin1')})`;
    expect(raw).toContain(
      `/ActualText ${utf16('محمد الأحمد is your lead professional. Talk to them if anything in this plan is wrong or needs to change.')}`,
    );
    expect(raw).toContain(utf16('Our family plan: The Wąsowski family'));
  });

  it('stays small: the fonts are subset to the letters used', async () => {
    const pdf = await familyPlanPdf(content(), { today: '2026-04-14' });
    writePdfForLooking(pdf, 'plan-latin');
    expect(pdf.length).toBeLessThan(120_000);
  });
});

/** Keeps a copy in test-results/pdf/ for a person to open or render (pdftoppm) and look at. */
function writePdfForLooking(pdf: Buffer, name: string) {
  const dir = fileURLToPath(new URL('../../../../test-results/pdf/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}${name}.pdf`, pdf);
}
