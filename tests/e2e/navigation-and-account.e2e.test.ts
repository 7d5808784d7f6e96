import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Everyday use (issue 17): the service navigation fits on one line at 1280 px for every role, the Admin item
 * gathers the administration pages, and "Your account" says which teams and districts a person works in.
 */

const person = (email: string, name: string) => ({ email, name, password: DEMO_PASSWORD });
const PEOPLE = [
  person('admin@essex.example', 'Alex Morgan'),
  person('hub.manager@essex.example', 'Tom Reid'),
  person('tafso@essex.example', 'Sam Patel'),
  person('fs.manager@essex.example', 'Chris Evans'),
  person('moderator@essex.example', 'Lee Brooks'),
  person('hub.socialworker@essex.example', 'Omar Farouk'),
  person('analyst@essex.example', 'Ruth Adams'),
  person('board.manager@essex.example', 'Helen Marsh'),
  person('social.care@essex.example', 'Marcus Bell'),
  person('education.compliance@essex.example', 'Anita Lang'),
  person('marac.coordinator@essex.example', 'Fiona Doyle'),
  person('corporate.parenting@essex.example', 'Lucy Fenwick'),
];

/** The navigation item that leads to a team's own work, and the page's heading. */
const OWN_WORK: Record<string, [string, string]> = {
  'social.care': ['Hand-offs', 'Level 4 hand-offs from the Hub'],
  'education.compliance': ['Education compliance', 'Education Compliance'],
  'marac.coordinator': ['MARAC', 'MARAC'],
  'corporate.parenting': ['Corporate parenting', 'Corporate parenting'],
};

/** The top of each item of the service navigation (and Sign out): one line when they are all the same. */
const itemTops = (page: Page) =>
  page
    .locator('.govuk-service-navigation__item')
    .evaluateAll((items) => items.map((item) => Math.round(item.getBoundingClientRect().top)));

describe('the service navigation and your account', () => {
  // Twelve people sign in from one address within a minute: more than the default sign-in limit allows.
  const journey = useJourney({ env: { SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' } });

  it.each(PEOPLE)('fits on one line at 1280 px for $email, and their account shows their teams', async (who) => {
    const page = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, who);
    const tops = await itemTops(page);
    expect(tops.length).toBeGreaterThan(3);
    expect(new Set(tops).size, `navigation items at ${tops.join(', ')}`).toBe(1);
    // Each team's own work is one click away.
    const own = OWN_WORK[who.email.split('@')[0]!];
    if (own) {
      await clickAndWait(
        page,
        page.locator('.govuk-service-navigation').getByRole('link', { name: own[0], exact: true }),
      );
      await expectOnPage(page, own[1]);
    }
    await clickAndWait(page, page.locator('.govuk-service-navigation').getByRole('link', { name: 'Your account' }));
    await expectOnPage(page, 'Your account');
    await saveScreenshot(page, `account-${who.email.split('@')[0]}`);
    const account = await page.locator('[data-qa=account]').innerText();
    if (who.email.startsWith('tafso')) expect(account).toMatch(/Teams and the districts they cover\s+TAF Support/);
    if (who.email.startsWith('fs.manager')) expect(account).toContain('Family Solutions Harlow: Harlow');
    if (who.email.startsWith('admin')) {
      expect(account).toMatch(/Teams and the districts they cover\s+None/);
      await clickAndWait(
        page,
        page.locator('.govuk-service-navigation').getByRole('link', { name: 'Admin', exact: true }),
      );
      await expectOnPage(page, 'Admin');
      expect(await page.locator('[data-qa=admin-tasks]').innerText()).toMatch(
        /Users[\s\S]+Organisations and teams[\s\S]+Audit trail[\s\S]+Directory of Services data/,
      );
      await saveScreenshot(page, 'admin-1280');
    }
  });
});
