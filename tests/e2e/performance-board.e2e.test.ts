import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 14, the board view: the partnership analyst opens the board view from the performance home, sees the current
 * plan's priorities with a chart and its table for each indicator, then filters to a quadrant for the Locality
 * Partnership's report with its local action plan, and finds the PDF and spreadsheet downloads.
 */
const ANALYST = { email: 'analyst@essex.example', name: 'Ruth Adams', password: DEMO_PASSWORD };

/** Axe, then the page at 390 px (no sideways scroll) and 1280 px. */
async function check(page: Page, name: string) {
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `${name}-1280`);
}

describe('the board view', () => {
  const journey = useJourney();

  it('shows the plan’s priorities with their figures, then a Locality Partnership’s report', async () => {
    const page = await journey.newPage();
    await signIn(page, ANALYST);
    await page.goto('/performance');
    await clickAndWait(page, page.locator('[data-qa=board-link]'));
    await expectOnPage(page, 'Board report');
    expect(await page.getByRole('heading', { level: 2, name: 'Priority: Parenting' }).count()).toBe(1);
    expect(await page.locator('[data-qa=figures]').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('No data').count()).toBeGreaterThan(0);
    await check(page, 'performance-board');

    await page.getByLabel('Quadrant').selectOption({ label: 'West' });
    await clickAndWait(page, page.locator('[data-qa=show-figures]'));
    await expectOnPage(page, /West Locality Children’s Partnership: report/);
    expect(new URL(page.url()).searchParams.get('quadrant')).toBe('west');
    expect(await page.getByRole('heading', { name: 'The local action plan' }).count()).toBe(1);
    expect(await page.locator('[data-qa=downloads] a').first().getAttribute('href')).toBe(
      '/performance/board.pdf?quadrant=west',
    );
    await check(page, 'performance-locality-report');
  });
});
