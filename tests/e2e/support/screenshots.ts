import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const DIR = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

/**
 * Saves a full-page screenshot to test-results/screenshots/<name>.png for a person to look at. CI sets
 * SCREENSHOTS=off: nobody looks at its screenshots, and they were a twentieth of the journeys' time.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS === 'off') return;
  mkdirSync(DIR, { recursive: true });
  await page.screenshot({ path: `${DIR}${name}.png`, fullPage: true });
}
