import { format, subDays } from 'date-fns';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { writeXlsx } from '../../src/modules/performance/index.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 16, the voice of children in care: the corporate parenting officer opens this year's Have Your Say round from
 * the home page, enters a response (a rating off the form first refused), imports the rest (pasted, then a file uploaded:
 * a wrong CSV refused whole with its report, then an XLSX), and reads the results by
 * question and age group with small numbers suppressed; the partnership analyst reads them too. Then a TAF Support
 * Officer records a workshop, which shows in their support log and its figures.
 */

const OFFICER = { email: 'corporate.parenting@essex.example', name: 'Lucy Fenwick', password: DEMO_PASSWORD };
const ANALYST = { email: 'analyst@essex.example', name: 'Ruth Adams', password: DEMO_PASSWORD };
const TAFSO = { email: 'tafso@essex.example', name: 'Sam Patel', password: DEMO_PASSWORD };

class VoicePage extends BasePage {
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<VoicePage> {
    await expectOnPage(page, heading);
    return VoicePage.on(page);
  }
  static on(page: Page): VoicePage {
    return new VoicePage(page);
  }
  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }
}

/** Axe, then the page at 390 px (no sideways scroll) and 1280 px. */
async function check(page: Page, name: string) {
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `voice-${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `voice-${name}-1280`);
}
const fillDate = async (page: Page, name: string, when: Date) => {
  await page.locator(`#${name}-day`).fill(format(when, 'd'));
  await page.locator(`#${name}-month`).fill(format(when, 'M'));
  await page.locator(`#${name}-year`).fill(format(when, 'yyyy'));
};

describe('Voice of children in care', () => {
  const journey = useJourney();

  it('a survey round: responses entered and imported, results by question and age group', async () => {
    const now = new Date();
    const officer = await journey.newPage();
    await signIn(officer, OFFICER);
    await officer.goto('/');
    await clickAndWait(officer, officer.getByRole('link', { name: 'Voice of children in care' }));
    await VoicePage.verifyOnPage(officer, 'Voice of children in care');
    await check(officer, 'home');
    await clickAndWait(officer, officer.getByRole('link', { name: 'Have Your Say' }));
    await VoicePage.verifyOnPage(officer, 'Have Your Say');
    await check(officer, 'survey');
    await clickAndWait(officer, officer.locator('[data-qa=new-round]'));
    await VoicePage.verifyOnPage(officer, 'Open a round of Have Your Say');
    await officer.locator('#year').fill(format(now, 'yyyy'));
    await fillDate(officer, 'opensOn', subDays(now, 20));
    await fillDate(officer, 'closesOn', subDays(now, -20));
    await clickAndWait(officer, officer.locator('[data-qa=save-round]'));
    const round = await VoicePage.verifyOnPage(officer, `Have Your Say ${format(now, 'yyyy')}`);
    expect(await round.flash.innerText()).toContain('The round is open');
    const roundUrl = new URL(officer.url()).pathname;

    // One response typed in: a day before the round opened is refused, what was typed kept.
    await clickAndWait(officer, officer.locator('[data-qa=new-response]'));
    await VoicePage.verifyOnPage(officer, 'Enter a response');
    await fillDate(officer, 'respondedOn', subDays(now, 30));
    await officer.getByRole('radio', { name: '11 to 13' }).check();
    await officer.locator('#q-listened-to-4').check();
    await clickAndWait(officer, officer.locator('[data-qa=save-response]'));
    expect((await VoicePage.on(officer).errors()).messages[0]).toContain('must be given while the round is open');
    await check(officer, 'response-errors');
    await fillDate(officer, 'respondedOn', subDays(now, 1));
    await clickAndWait(officer, officer.locator('[data-qa=save-response]'));
    expect(await VoicePage.on(officer).flash.innerText()).toContain('The response is saved.');

    // The rest imported from the survey's spreadsheet: a bad file first, refused whole, then the right one.
    await clickAndWait(officer, officer.locator('[data-qa=import]'));
    await VoicePage.verifyOnPage(officer, 'Import responses');
    const d = format(subDays(now, 2), 'yyyy-MM-dd');
    await officer
      .getByLabel('The rows')
      .fill(`date,age_group,listened-to,enjoy-school\n${d},11-13,4,5\n${d},11-13,8,5`);
    await clickAndWait(officer, officer.locator('[data-qa=save-import]'));
    expect((await VoicePage.on(officer).errors()).messages[0]).toContain('Row 3, column listened-to');
    await check(officer, 'import-errors');
    const rows = [
      ...Array.from({ length: 7 }, (_, i) => `${d},11-13,${i < 5 ? 5 : 2},4`),
      ...Array.from({ length: 2 }, () => `${d},16-17,4,2`),
    ];
    await officer.getByLabel('The rows').fill(['date,age_group,listened-to,enjoy-school', ...rows].join('\n'));
    await clickAndWait(officer, officer.locator('[data-qa=save-import]'));
    const results = await VoicePage.verifyOnPage(officer, `Have Your Say ${format(now, 'yyyy')}`);
    expect(await results.flash.innerText()).toContain('9 responses imported.');
    expect(await results.text('total')).toBe('10 responses');
    expect(await results.text('by-age-group')).toContain('Fewer than 5');
    await check(officer, 'results');

    // More responses uploaded as a file: a CSV with a wrong row refused whole (the report by row), then the XLSX.
    await clickAndWait(officer, officer.locator('[data-qa=import]'));
    await VoicePage.verifyOnPage(officer, 'Import responses');
    const bad = ['date,age_group,listened-to,enjoy-school', `${d},11-13,4,5`, `${d},18-21,4,5`].join('\n');
    await officer
      .getByLabel('The file of responses')
      .setInputFiles({ name: 'responses.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await clickAndWait(officer, officer.locator('[data-qa=save-upload]'));
    expect((await VoicePage.on(officer).errors()).messages).toEqual([
      'Row 3, column age_group: The age group must be one of 8-10, 11-13, 14-15, 16-17, 18-25',
    ]);
    expect(await officer.locator('[data-qa=report]').innerText()).toContain('The age group must be one of');
    await check(officer, 'upload-errors');
    const xlsx = await writeXlsx('Responses', [
      ['date', 'age_group', 'listened-to', 'enjoy-school'],
      [d, '14-15', 5, 5],
      [d, '14-15', 3, 4],
      [d, '8-10', 4, ''],
    ]);
    await officer.getByLabel('The file of responses').setInputFiles({
      name: 'responses.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: xlsx,
    });
    await clickAndWait(officer, officer.locator('[data-qa=save-upload]'));
    const uploaded = await VoicePage.verifyOnPage(officer, `Have Your Say ${format(now, 'yyyy')}`);
    expect(await uploaded.flash.innerText()).toContain('3 responses imported from the file.');
    expect(await uploaded.text('total')).toBe('13 responses');
    await check(officer, 'uploaded');

    // The partnership analyst reads the results (performance:view), with no buttons to change them.
    const analyst = await journey.newPage();
    await signIn(analyst, ANALYST);
    await analyst.goto(roundUrl);
    await VoicePage.verifyOnPage(analyst, `Have Your Say ${format(now, 'yyyy')}`);
    expect(await analyst.locator('[data-qa=new-response]').count()).toBe(0);
  });

  it('a TAF Support Officer records a workshop in their support log', async () => {
    const tafso = await journey.newPage();
    await signIn(tafso, TAFSO);
    await tafso.goto('/early-help/support-log');
    await VoicePage.verifyOnPage(tafso, 'Your support log');
    await clickAndWait(tafso, tafso.locator('[data-qa=new-event]'));
    await VoicePage.verifyOnPage(tafso, 'Record a workshop or networking event');
    await fillDate(tafso, 'date', subDays(new Date(), 3));
    await tafso.getByRole('radio', { name: 'Workshop facilitated' }).check();
    await tafso.getByLabel('Title').fill('Early Help Plans for school staff');
    await tafso.getByLabel('Quadrant').selectOption({ label: 'West' });
    await clickAndWait(tafso, tafso.locator('[data-qa=save-event]'));
    expect((await VoicePage.on(tafso).errors()).messages).toEqual([
      'Enter how many practitioners came, for at least one type of organisation',
    ]);
    await check(tafso, 'workshop-errors');
    await tafso.getByLabel('School or education setting').fill('9');
    await tafso.getByLabel('Health', { exact: true }).fill('2');
    await clickAndWait(tafso, tafso.locator('[data-qa=save-event]'));
    const log = await VoicePage.verifyOnPage(tafso, 'Your support log');
    expect(await log.flash.innerText()).toContain('The workshop is recorded.');
    expect(await log.text('events')).toContain('Early Help Plans for school staff');
    expect(await log.text('figures')).toContain('Workshop facilitated');
    await check(tafso, 'support-log');
  });
});
