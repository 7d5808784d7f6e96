import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

const HEADING = 'Enter the code from your authenticator app';

export class TwoFactorPage extends BasePage {
  readonly code: Locator = this.page.getByLabel(HEADING);

  static async verifyOnPage(page: Page): Promise<TwoFactorPage> {
    await expectOnPage(page, HEADING);
    return new TwoFactorPage(page);
  }

  async enterCode(code: string): Promise<void> {
    await this.code.fill(code);
    await clickAndWait(this.page, this.page.getByRole('button', { name: 'Sign in' }));
  }

  async useRecoveryCodeInstead(): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('link', { name: 'I do not have my phone: use a recovery code' }));
  }
}
