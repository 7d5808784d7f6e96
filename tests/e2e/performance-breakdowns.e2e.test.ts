import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { makers } from '../../src/modules/front-door/indicators/indicators.test-support.ts';
import { BasePage, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 14's breakdowns: the partnership analyst opens "Requests for Support received" and reads last month's figures
 * by age band, gender, ethnicity and SEND of the request's child, with small groups shown as "fewer than 5".
 */

const ANALYST = { email: 'analyst@essex.example', name: 'Ruth Adams', password: DEMO_PASSWORD };
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

describe('an indicator’s breakdowns', () => {
  const journey = useJourney();

  beforeAll(async () => {
    const { db } = journey.server.database;
    const make = await makers(journey.server.services, db);
    // Six girls of about ten, White British without SEND; one younger boy, Indian, with an EHC plan.
    for (let i = 0; i < 7; i += 1) {
      const first = i < 6;
      const id = await make.request({
        district: 'harlow',
        surname: `Breakdown${i}`,
        children: { Sam: first ? '2016-02-02' : '2022-02-02' },
        receivedAt: `${MONTH}-1${i}T10:00:00Z`,
      });
      await db
        .updateTable('request_people')
        .set(
          first
            ? { gender: 'female', ethnicity: 'white-british', send: 'none' }
            : { gender: 'male', ethnicity: 'asian-indian', send: 'ehc-plan' },
        )
        .where('request_id', '=', id)
        .execute();
    }
  });

  it('shows age band, gender, ethnicity and SEND, with small groups suppressed', async () => {
    const page = await journey.newPage();
    await signIn(page, ANALYST);
    await page.goto('/performance/indicators/hub.requests-received');
    await PerformancePage.verifyOnPage(page, NAME);
    for (const [breakdown, caption] of [
      ['age-band', 'By age band'],
      ['gender', 'By gender'],
      ['ethnicity', 'By ethnicity'],
      ['send', 'By special educational needs (SEND)'],
    ])
      expect(await page.locator(`[data-qa=breakdown-${breakdown}] caption`).innerText()).toBe(caption);
    const ethnicity = await page.locator('[data-qa=breakdown-ethnicity]').innerText();
    expect(ethnicity).toMatch(/White: English, Welsh, Scottish, Northern Irish or British\s+6/);
    expect(ethnicity).toMatch(/Asian, Asian British or Asian Welsh: Indian\s+Fewer than 5/);
    expect(await page.locator('[data-qa=breakdown-send]').innerText()).toMatch(
      /Education, health and care \(EHC\) plan\s+Fewer than 5/,
    );
    expect(await page.locator('[data-qa=breakdown-gender]').innerText()).toMatch(/Female\s+6/);
    expect(await page.locator('main').innerText()).not.toContain('Breakdown0');
    await check(page, 'performance-breakdowns');
  });
});
