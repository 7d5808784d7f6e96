import type { Page } from 'playwright-core';
import { expectNoAxeViolations } from './axe.ts';
import { saveScreenshot } from './screenshots.ts';

/** Axe and a screenshot at a phone's width (390 px) and a desktop's (1280 px), leaving the page at 1280 px. */
export async function atBothWidths(page: Page, name: string): Promise<void> {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
    await saveScreenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
