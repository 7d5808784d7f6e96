import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { makers } from '../../src/modules/front-door/indicators/indicators.test-support.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 14's drill-down: the Hub manager opens "Requests for Support received", follows last month's count and a
 * district's count to the requests behind them (references and links, never names), and opens one in the Hub.
 */

const HUB_MANAGER = { email: 'hub.manager@essex.example', name: 'Tom Reid', password: DEMO_PASSWORD };
const NAME = 'Requests for Support received';
/** Last month, 'YYYY-MM': a finished period the indicator page shows. */
const MONTH = (() => {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
})();

class PerformancePage extends BasePage {
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

describe('following a count to its records', () => {
  const journey = useJourney();

  beforeAll(async () => {
    const make = await makers(journey.server.services, journey.server.database.db);
    for (const [i, district] of ['harlow', 'harlow', 'harlow', 'harlow', 'harlow', 'basildon'].entries())
      await make.request({
        district,
        surname: `Drilldown${i}`,
        children: { Sam: '2016-02-02' },
        receivedAt: `${MONTH}-1${i}T10:00:00Z`,
      });
  });

  it('lists the requests behind last month’s count and a district’s, and opens one', async () => {
    const page = await journey.newPage();
    await signIn(page, HUB_MANAGER);
    await page.goto('/performance/indicators/hub.requests-received');
    await PerformancePage.verifyOnPage(page, NAME);
    expect(await page.locator('[data-qa=records-hint]').innerText()).toContain('Select a figure');
    await check(page, 'performance-drill-indicator');

    await clickAndWait(
      page,
      page.locator('[data-qa=series]').getByRole('link', { name: new RegExp(`records for ${MONTH}`) }),
    );
    await PerformancePage.verifyOnPage(page, `Requests for Support: ${MONTH}, Essex County Council`);
    expect(await page.locator('[data-qa=records] tbody tr').count()).toBe(6);
    expect(await page.locator('[data-qa=record-counts]').innerText()).toMatch(/Records you cannot see\s+0/);
    expect(await page.locator('main').innerText()).not.toContain('Drilldown');
    await check(page, 'performance-drill-records');

    await page.goBack();
    await clickAndWait(page, page.locator('[data-qa=districts]').getByRole('link', { name: /records for Harlow/ }));
    await PerformancePage.verifyOnPage(page, /Requests for Support: .*, Harlow/);
    expect(await page.locator('[data-qa=records] tbody tr').count()).toBe(5);
    await check(page, 'performance-drill-district');

    await clickAndWait(page, page.locator('[data-qa=records] tbody tr').first().getByRole('link'));
    expect(new URL(page.url()).pathname).toMatch(/^\/hub\/requests\//);
  });
});
