import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

export class RecoveryCodePage extends BasePage {
  readonly code: Locator = this.page.getByLabel('Use a recovery code');

  static async verifyOnPage(page: Page): Promise<RecoveryCodePage> {
    await expectOnPage(page, 'Use a recovery code');
    return new RecoveryCodePage(page);
  }

  async enterCode(code: string): Promise<void> {
    await this.code.fill(code);
    await clickAndWait(this.page, this.page.getByRole('button', { name: 'Sign in' }));
  }
}
