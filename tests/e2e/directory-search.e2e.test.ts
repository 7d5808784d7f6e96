import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { StartPage } from './pages/public-pages.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/** Finding a service in the public Directory of Services, with the Essex demonstration services. */

const PRACTITIONER = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };

class SearchPage extends BasePage {
  readonly words: Locator = this.page.getByLabel('Search', { exact: true });
  readonly postcode: Locator = this.page.getByLabel('Postcode');
  readonly results: Locator = this.page.locator('[data-qa=result]');

  static async visit(page: Page, query = ''): Promise<SearchPage> {
    await page.goto(`/services${query}`);
    return SearchPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<SearchPage> {
    await expectOnPage(page, 'Find a service');
    return new SearchPage(page);
  }

  async search(input: { words?: string; categories?: string[]; postcode?: string }): Promise<void> {
    if (input.words !== undefined) await this.words.fill(input.words);
    for (const category of input.categories ?? []) await this.page.getByLabel(category, { exact: true }).check();
    if (input.postcode !== undefined) await this.postcode.fill(input.postcode);
    await clickAndWait(this.page, this.page.locator('[data-qa=search-button]'));
  }

  async resultNames(): Promise<string[]> {
    return this.results.locator('h3 a').allInnerTexts();
  }

  async order(): Promise<string> {
    return (await this.page.locator('[data-qa=results-order]').innerText()).trim();
  }

  async open(name: string): Promise<void> {
    await clickAndWait(this.page, this.results.getByRole('link', { name, exact: true }));
  }
}

class ServicePage extends BasePage {
  static async verifyOnPage(page: Page, name: string): Promise<ServicePage> {
    await expectOnPage(page, name);
    return new ServicePage(page);
  }

  async sections(): Promise<string[]> {
    return this.page.locator('main h2').allInnerTexts();
  }

  async back(): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('link', { name: 'Back to search' }));
  }
}

/** True when nothing on the page is wider than the screen (no sideways scrolling). */
const fitsTheScreen = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('finding a service', () => {
  const journey = useJourney();

  beforeAll(async () => {
    const { directory } = journey.server.services;
    await directory.loadPostcodeDistricts();
    expect(await directory.seedDemoServices('essex')).toBeGreaterThanOrEqual(30);
  });

  describe.each([
    { mode: 'with JavaScript', javaScriptEnabled: true },
    { mode: 'without JavaScript', javaScriptEnabled: false },
  ])('$mode', ({ javaScriptEnabled }) => {
    const suffix = javaScriptEnabled ? '' : '-no-js';

    it('searches by words, a category and a postcode, opens a service and goes back to the results', async () => {
      const page = await journey.newPage({ javaScriptEnabled });
      await StartPage.visit(page);
      await clickAndWait(page, page.locator('[data-qa=find-a-service]'));
      let search = await SearchPage.verifyOnPage(page);
      expect(await search.results.count()).toBe(20);

      await search.search({ words: 'parnting', categories: ['Parenting and family support'], postcode: 'cm1 1qh' });
      search = await SearchPage.verifyOnPage(page);
      const names = await search.resultNames();
      expect(names.length).toBeGreaterThan(3);
      expect(names).toContain('Chelmsford Family Hub: stay and play and baby groups');
      expect(names).not.toContain('Team Around the Family support officers');
      expect(await search.order()).toMatch(/nearest to CM1 1QH first/);
      expect(await search.results.first().innerText()).toMatch(
        /Where\s*:?\s*.*\((less than a mile|about \d+ miles?)\)/,
      );
      await saveScreenshot(page, `directory-search${suffix}`);

      await search.open(names[0]!);
      const service = await ServicePage.verifyOnPage(page, names[0]!);
      expect(await service.sections()).toEqual(
        expect.arrayContaining([
          'What it offers',
          'Who it is for',
          'How to get this service',
          'Contact',
          'Where and when',
        ]),
      );
      expect(await page.locator('[data-qa=last-checked]').innerText()).toMatch(/^Last checked: \d{1,2} \w+ \d{4}/);
      await saveScreenshot(page, `directory-service${suffix}`);

      await service.back();
      search = await SearchPage.verifyOnPage(page);
      expect(await search.words.inputValue()).toBe('parnting');
      expect(await search.postcode.inputValue()).toBe('cm1 1qh');
      expect(await page.getByLabel('Parenting and family support', { exact: true }).isChecked()).toBe(true);
      expect(await search.resultNames()).toEqual(names);
    });

    it('explains a postcode it cannot place, keeping the search', async () => {
      const page = await journey.newPage({ javaScriptEnabled });
      const search = await SearchPage.visit(page);
      await search.search({ words: 'youth', postcode: 'ZZ9 9ZZ' });
      const again = await SearchPage.verifyOnPage(page);
      expect(await again.errors()).toEqual({
        title: 'There is a problem',
        messages: ['We do not know where ZZ9 9ZZ is: check it or leave it blank'],
      });
      expect(await again.fieldError('postcode')).toBe('We do not know where ZZ9 9ZZ is: check it or leave it blank');
      expect(await again.words.inputValue()).toBe('youth');
      if (javaScriptEnabled) await saveScreenshot(page, 'directory-search-error');
    });
  });

  it('fits a phone screen', async () => {
    const page = await journey.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const search = await SearchPage.visit(page, '?q=family&postcode=CO4');
    expect(await fitsTheScreen(page)).toBe(true);
    const [first] = await search.resultNames();
    await search.open(first!);
    await ServicePage.verifyOnPage(page, first!);
    expect(await fitsTheScreen(page)).toBe(true);
    await saveScreenshot(page, 'directory-service-phone');
  });

  it('shows services for professionals only to a signed-in practitioner', async () => {
    const page = await journey.newPage();
    let search = await SearchPage.visit(page, '?q=TAF+support+officers');
    expect(await search.resultNames()).not.toContain('Team Around the Family support officers');

    const { home } = await signIn(page, PRACTITIONER);
    await home.openNavigation('Find a service');
    search = await SearchPage.verifyOnPage(page);
    await search.search({ words: 'TAF support officers' });
    search = await SearchPage.verifyOnPage(page);
    expect(await search.resultNames()).toContain('Team Around the Family support officers');
    expect(await search.results.filter({ hasText: 'Team Around the Family support officers' }).innerText()).toContain(
      'For professionals only',
    );
  });
});
