import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

export class SetPasswordPage extends BasePage {
  readonly password: Locator = this.page.getByLabel('Password', { exact: true });
  readonly confirm: Locator = this.page.getByLabel('Enter the password again', { exact: true });

  static async verifyOnPage(page: Page): Promise<SetPasswordPage> {
    await expectOnPage(page, 'Create your password');
    return new SetPasswordPage(page);
  }

  async setPassword(password: string, confirm = password): Promise<void> {
    await this.password.fill(password);
    await this.confirm.fill(confirm);
    await clickAndWait(this.page, this.page.getByRole('button', { name: 'Create password' }));
  }
}
