import type { Locator, Page } from 'playwright-core';
import { BasePage, expectOnPage } from './base-page.ts';

/** One user, as an administrator sees them. */
export class UserPage extends BasePage {
  readonly summary: Locator = this.page.locator('[data-qa=user-summary]');

  static async verifyOnPage(page: Page, name: string): Promise<UserPage> {
    await expectOnPage(page, name);
    return new UserPage(page);
  }

  /** The value beside a key in the summary list, such as "Status". */
  async detail(key: string): Promise<string> {
    const row = this.summary
      .locator('.govuk-summary-list__row')
      .filter({ has: this.page.locator('dt', { hasText: key }) });
    return (await row.locator('dd').first().innerText()).trim();
  }
}
