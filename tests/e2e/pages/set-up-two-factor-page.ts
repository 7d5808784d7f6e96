import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

export class SetUpTwoFactorPage extends BasePage {
  readonly qrCode: Locator = this.page.getByRole('img', { name: 'QR code for your authenticator app' });
  readonly cannotScan: Locator = this.page.getByText('I cannot scan the QR code');
  readonly code: Locator = this.page.getByLabel('Code from your app');

  static async verifyOnPage(page: Page): Promise<SetUpTwoFactorPage> {
    await expectOnPage(page, 'Set up your authenticator app');
    return new SetUpTwoFactorPage(page);
  }

  /** Opens "I cannot scan the QR code" and reads the key a person would type into their app. */
  async readSecret(): Promise<string> {
    const secret = this.page.locator('[data-qa=totp-secret]');
    if (!(await secret.isVisible())) await this.cannotScan.click();
    return (await secret.innerText()).trim();
  }

  async enterCode(code: string): Promise<void> {
    await this.code.fill(code);
    await clickAndWait(this.page, this.page.getByRole('button', { name: 'Continue' }));
  }
}
