import type { Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

export class RecoveryCodesPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<RecoveryCodesPage> {
    await expectOnPage(page, 'Save your recovery codes');
    return new RecoveryCodesPage(page);
  }

  async codes(): Promise<string[]> {
    return (await this.page.locator('[data-qa=recovery-codes] li').allInnerTexts()).map((c) => c.trim());
  }

  async continue(): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('button', { name: 'I have saved my recovery codes' }));
  }
}
