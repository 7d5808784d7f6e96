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
 * district's count to the requests behind them (references and links, never names), and opens one in the Hub; then
 * follows last quarter's share of police notifications that progressed to the notification that did (the numerator).
 */

const HUB_MANAGER = { email: 'hub.manager@essex.example', name: 'Tom Reid', password: DEMO_PASSWORD };
const NAME = 'Requests for Support received';
/** Last month, 'YYYY-MM': a finished period the indicator page shows. */
const MONTH = (() => {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
})();

/** A day in the middle of the last finished quarter of the financial year (April to June is Q1), 'YYYY-MM-DD'. */
const LAST_QUARTER_DAY = (() => {
  const now = new Date();
  const month = now.getUTCMonth(); // 0 = January
  const quarterStart = month - ((month + 9) % 3); // April, July, October or January of this quarter
  const d = new Date(Date.UTC(now.getUTCFullYear(), quarterStart - 2, 15));
  return d.toISOString().slice(0, 10);
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
  let progressed: string;

  beforeAll(async () => {
    const make = await makers(journey.server.services, journey.server.database.db);
    for (const [i, district] of ['harlow', 'harlow', 'harlow', 'harlow', 'harlow', 'basildon'].entries())
      await make.request({
        district,
        surname: `Drilldown${i}`,
        children: { Sam: '2016-02-02' },
        receivedAt: `${MONTH}-1${i}T10:00:00Z`,
      });
    // Last quarter, two police notifications: one the Hub sent to children's social care, one closed at triage.
    progressed = await make.police({
      district: 'harlow',
      reference: '42/DD1/26',
      child: ['Ella', 'Drillpolice', '2012-03-10'],
      receivedAt: `${LAST_QUARTER_DAY}T09:00:00Z`,
    });
    await make.decide(progressed, 4, 'social-care', `${LAST_QUARTER_DAY}T15:00:00Z`);
    await make.police({
      district: 'harlow',
      reference: '42/DD2/26',
      child: ['Finn', 'Drillpolice', '2014-02-02'],
      receivedAt: `${LAST_QUARTER_DAY}T10:00:00Z`,
      triage: 'no-further-action',
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

  it('lists the numerator of a percentage: the police notifications that progressed last quarter', async () => {
    const page = await journey.newPage();
    await signIn(page, HUB_MANAGER);
    await page.goto('/performance/indicators/police.progressed-to-social-care-or-family-solutions');
    await PerformancePage.verifyOnPage(page, /^Police requests for support that progressed/);
    await clickAndWait(
      page,
      page
        .locator('[data-qa=series]')
        .getByRole('link', { name: /records for/ })
        .last(),
    );
    await PerformancePage.verifyOnPage(page, /^Requests for Support: .*, Essex County Council$/);
    expect(await page.locator('main').innerText()).toContain('the list is its numerator');
    const rows = page.locator('[data-qa=records] tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('Police request, decided');
    expect(await page.locator('main').innerText()).not.toMatch(/Ella|Finn|Drillpolice/);
    await check(page, 'performance-drill-numerator');
    await clickAndWait(page, rows.first().getByRole('link'));
    expect(new URL(page.url()).pathname).toBe(`/hub/requests/${progressed}`);
  });
});
