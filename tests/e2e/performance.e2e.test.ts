import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 14, the performance framework: the partnership analyst opens the analyst's home, an indicator and its "how
 * this is counted" page, uploads a CSV with mistakes (every row's problem is listed, nothing imported), then a good
 * one, and sees the figures on the indicator's page as a chart with its table.
 */

const ANALYST = { email: 'analyst@essex.example', name: 'Ruth Adams', password: DEMO_PASSWORD };
const CME = 'Children and young people (Reception to Year 11) listed as children missing education (CME)';

class PerformancePage extends BasePage {
  constructor(page: Page) {
    super(page);
  }
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<PerformancePage> {
    await expectOnPage(page, heading);
    return new PerformancePage(page);
  }
}

/** Axe, then the page at 390 px (no sideways scroll) and 1280 px. */
async function check(page: Page, name: string) {
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `${name}-1280`);
}

function csv(name: string, text: string) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'hearth-performance-')), name);
  writeFileSync(file, text);
  return file;
}

describe('the performance framework', () => {
  const journey = useJourney();

  it('opens the home, an indicator and how it is counted, then imports a bad file and a good one', async () => {
    const page = await journey.newPage();
    await signIn(page, ANALYST);
    await page.goto('/');
    await clickAndWait(page, new PerformancePage(page).navigationLink('Partnership'));
    await clickAndWait(page, page.locator('[data-qa=admin-tasks]').getByRole('link', { name: 'Performance' }));
    await PerformancePage.verifyOnPage(page, 'Performance');
    await expect.poll(() => page.getByText('No data').count()).toBeGreaterThan(0);
    await check(page, 'performance-home');

    await clickAndWait(page, page.getByRole('link', { name: CME }).first());
    await PerformancePage.verifyOnPage(page, CME);
    expect(await page.locator('[data-qa=no-chart]').innerText()).toBe('There are no figures to draw yet.');
    await check(page, 'performance-indicator-empty');

    await clickAndWait(page, page.locator('[data-qa=how-counted]'));
    await PerformancePage.verifyOnPage(page, 'How this is counted');
    expect(await page.locator('[data-qa=source]').innerText()).toContain('Imported from Education Compliance team');
    await check(page, 'performance-how-counted');

    // A file with mistakes: the whole file is refused, with each row's problem.
    await page.goto('/performance/imports');
    await PerformancePage.verifyOnPage(page, 'Import figures');
    await page.getByLabel('Indicator').selectOption({ label: CME });
    await page
      .getByLabel('File')
      .setInputFiles(
        csv(
          'cme-bad.csv',
          'period,area_code,value\n2024-25 Q5,E10000012,542\n2024-25 Q1,E07999999,12\n2024-25 Q1,E07000073,lots\n',
        ),
      );
    await clickAndWait(page, page.locator('[data-qa=import]'));
    await PerformancePage.verifyOnPage(page, 'The file was not imported');
    const report = await page.locator('[data-qa=report]').innerText();
    expect(report).toContain('“2024-25 Q5” is not a quarterly (financial year) period');
    expect(report).toContain('“E07999999” is not a district, quadrant or authority code Hearth knows');
    expect(report).toContain('The value must be a number, like 42 or 12.5, not “lots”');
    await check(page, 'performance-import-refused');

    // The good file.
    await clickAndWait(page, page.getByRole('link', { name: 'Import another file' }));
    await page.getByLabel('Indicator').selectOption({ label: CME });
    await page
      .getByLabel('File')
      .setInputFiles(
        csv(
          'cme.csv',
          'period,area_code,value\n2023-24 Q4,E10000012,530\n2024-25 Q1,E10000012,542\n2024-25 Q1,west,120\n2024-25 Q1,E07000073,3\n',
        ),
      );
    await clickAndWait(page, page.locator('[data-qa=import]'));
    await PerformancePage.verifyOnPage(page, 'The figures are imported');
    await check(page, 'performance-import-done');
    await clickAndWait(page, page.getByRole('link', { name: 'See the indicator' }));
    await PerformancePage.verifyOnPage(page, CME);
    expect(await page.locator('[data-qa=chart] svg title').textContent()).toContain(CME);
    const table = await page.locator('[data-qa=series]').innerText();
    expect(table).toContain('542');
    expect(table).toContain('530');
    expect(await page.locator('[data-qa=districts]').innerText()).toContain('Fewer than 5');
    await check(page, 'performance-indicator');
  });
});
