import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem } from '../../src/modules/early-help/test-support.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * A TAF Support Officer takes on the Hub's Team Around the Family work and supports the lead professional
 * without holding the case (seed 004: "The TAFSOs do not case hold and operate within Level 2"): nobody has
 * agreed to lead yet, so the family's record and the officer's home page say so until the lead is recorded.
 */

const TAFSO = { email: 'tafso@essex.example', name: 'Sam Patel', password: DEMO_PASSWORD };

class TafSupportPage extends BasePage {
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<TafSupportPage> {
    await expectOnPage(page, heading);
    return new TafSupportPage(page);
  }

  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }

  async follow(qa: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator(`[data-qa=${qa}]`).first());
  }
}

describe('a TAF Support Officer supports the lead professional', () => {
  const journey = useJourney();
  let reference: string;

  beforeAll(async () => {
    const item = await hubWorkItem(journey.server.services, {
      kind: 'taf',
      surname: 'Hollis',
      children: ['Evie'],
      parent: 'Nina',
    });
    reference = `${item.reference.slice(0, 4)} ${item.reference.slice(4)}`;
  });

  it('takes on TAF work with the lead not yet agreed, is flagged on their home page, then records the lead', async () => {
    const page = await journey.newPage();
    const { home } = await signIn(page, TAFSO);
    await home.openNavigation('Early help');
    let p = await TafSupportPage.verifyOnPage(page, 'Early help');
    // A TAF Support Officer does not start early help of their own: the practitioner who leads does.
    expect(await page.locator('[data-qa=start-link]').count()).toBe(0);
    await p.follow('work-link');

    p = await TafSupportPage.verifyOnPage(page, 'Work from the Hub');
    expect(await p.text('work')).toMatch(/Evie Hollis\s+Team Around the Family, level 2/);
    await clickAndWait(page, page.getByRole('button', { name: `Take on request ${reference}` }));

    p = await TafSupportPage.verifyOnPage(page, 'Take on a Team Around the Family');
    expect(await p.text('work-item')).toContain('Class teacher');
    expect(await p.text('tafso-supports')).toContain('does not hold the case');
    await clickAndWait(page, page.locator('[data-qa=take-on]'));
    p = await TafSupportPage.verifyOnPage(page, 'Take on a Team Around the Family');
    expect((await p.errors()).messages).toEqual([
      'Choose who will be the family’s lead professional, or that it is not yet agreed',
    ]);
    await page.getByRole('radio', { name: 'Another practitioner who knows the family' }).check();
    await page.getByLabel('If another practitioner leads: their email address').fill('tafso@essex.example');
    await clickAndWait(page, page.locator('[data-qa=take-on]'));
    p = await TafSupportPage.verifyOnPage(page, 'Take on a Team Around the Family');
    expect((await p.errors()).messages[0]).toMatch(/^Sam Patel is a TAF Support Officer: they support the lead/);
    await saveScreenshot(page, 'taf-take-on-errors');
    await page.getByRole('radio', { name: 'Not yet agreed' }).check();
    await clickAndWait(page, page.locator('[data-qa=take-on]'));

    p = await TafSupportPage.verifyOnPage(page, 'The Hollis family');
    expect(await p.flash.innerText()).toContain('The lead professional is not yet agreed');
    expect(await p.text('episode-summary')).toMatch(
      /Level 2[\s\S]*Lead professional\s+Not yet agreed[\s\S]*Supported by\s+Sam Patel \(TAF Support Officer\)/,
    );
    expect(await p.text('involved')).toMatch(/Sam Patel\s+Essex County Council\s+TAF Support Officer, supporting/);
    await saveScreenshot(page, 'taf-family-lead-not-agreed');

    await home.openNavigation('Early help');
    p = await TafSupportPage.verifyOnPage(page, 'Early help');
    expect(await p.text('lead-not-agreed-warning')).toContain('1 family you support has no lead professional agreed');
    expect(await p.text('supported-families')).toMatch(/The Hollis family\s+Not yet agreed/);
    await clickAndWait(page, page.locator('[data-qa=lead-not-agreed-warning] a'));

    p = await TafSupportPage.verifyOnPage(page, 'The Hollis family');
    await p.follow('lead-link');
    await TafSupportPage.verifyOnPage(page, 'Change the lead professional');
    await page.getByLabel('The lead professional’s email address').fill('teacher@essex.example');
    await clickAndWait(page, page.locator('[data-qa=change-lead]'));

    p = await TafSupportPage.verifyOnPage(page, 'The Hollis family');
    expect(await p.flash.innerText()).toContain('Grace Okafor is now the lead professional');
    expect(await p.text('episode-summary')).toMatch(/Lead professional\s+Grace Okafor/);
    await home.openNavigation('Early help');
    const after = await TafSupportPage.verifyOnPage(page, 'Early help');
    expect(await page.locator('[data-qa=lead-not-agreed-warning]').count()).toBe(0);
    expect(await after.text('supported-families')).toMatch(/The Hollis family\s+Grace Okafor/);
    await saveScreenshot(page, 'taf-families-you-support');
  });
});
