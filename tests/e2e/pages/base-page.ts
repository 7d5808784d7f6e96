import type { Locator, Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/axe.ts';

/**
 * Waits until the browser shows the page with this main heading, fully loaded, then checks it
 * with axe: every page a journey reaches is checked for accessibility on arrival.
 */
export async function expectOnPage(page: Page, heading: string | RegExp): Promise<void> {
  await page
    .getByRole('heading', { level: 1, name: heading })
    .waitFor({ state: 'visible', timeout: 10_000 })
    .catch(async (error: Error) => {
      const shown = await page
        .locator('h1')
        .allInnerTexts()
        .catch(() => []);
      throw new Error(
        `Expected the page "${String(heading)}" but ${page.url()} shows h1 ${JSON.stringify(shown)}\n${error.message}`,
      );
    });
  await page.waitForLoadState('load');
  await expectNoAxeViolations(page);
}

/**
 * Clicks something that loads a new page (a link, or a form's button) and waits for that page to load (up to 30 s: a
 * report counted on a busy CI machine can take more than 10; no time is being tested).
 */
export async function clickAndWait(page: Page, target: Locator): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame(),
    timeout: 30_000,
  });
  await target.click();
  await navigated;
  await page.waitForLoadState('load');
}

/** Presses Enter in a field, as someone finishing typing does, and waits for the page the form leads to. */
export async function pressEnterAndWait(page: Page, field: Locator): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame(),
    timeout: 30_000,
  });
  await field.press('Enter');
  await navigated;
  await page.waitForLoadState('load');
}

/** What every page has: the service navigation, a flash message, the error summary. */
export abstract class BasePage {
  protected constructor(readonly page: Page) {}

  get signOutButton(): Locator {
    return this.page.locator('[data-qa=sign-out]');
  }

  get flash(): Locator {
    return this.page.locator('[data-qa=flash]');
  }

  get errorSummary(): Locator {
    return this.page.locator('[data-qa=error-summary]');
  }

  /** The error summary's title and the problems it lists, in order. */
  async errors(): Promise<{ title: string; messages: string[] }> {
    return {
      title: (await this.errorSummary.locator('.govuk-error-summary__title').innerText()).trim(),
      messages: (await this.errorSummary.locator('.govuk-error-summary__list a').allInnerTexts()).map((t) => t.trim()),
    };
  }

  /** The error message shown beside one field (GOV.UK prefixes it with a hidden "Error:"). */
  async fieldError(id: string): Promise<string> {
    const text = await this.page.locator(`#${id}-error`).innerText();
    return text.replace(/^Error:\s*/, '').trim();
  }

  navigationLink(name: string): Locator {
    return this.page.locator('.govuk-service-navigation').getByRole('link', { name, exact: true });
  }

  async openNavigation(name: string): Promise<void> {
    await clickAndWait(this.page, this.navigationLink(name));
  }

  /** The Admin item of the navigation, then one of the administration pages it lists. */
  async openAdmin(name: string): Promise<void> {
    await clickAndWait(this.page, this.navigationLink('Admin'));
    await expectOnPage(this.page, 'Admin');
    await clickAndWait(this.page, this.page.locator('[data-qa=admin-tasks]').getByRole('link', { name, exact: true }));
  }

  async signOut(): Promise<void> {
    await clickAndWait(this.page, this.signOutButton);
  }
}
