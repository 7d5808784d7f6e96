import type { Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

export class AccountPage extends BasePage {
  static async visit(page: Page): Promise<AccountPage> {
    await page.goto('/account');
    return AccountPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<AccountPage> {
    await expectOnPage(page, 'Your account');
    return new AccountPage(page);
  }

  async signOutEverywhere(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=sign-out-everywhere]'));
  }
}
