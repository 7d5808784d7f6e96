import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

export class SignInPage extends BasePage {
  readonly email: Locator = this.page.getByLabel('Email address');
  readonly password: Locator = this.page.getByLabel('Password', { exact: true });
  readonly expiredBanner: Locator = this.page.getByText(
    'You were signed out because you had not done anything for a while',
  );

  static async visit(page: Page): Promise<SignInPage> {
    await page.goto('/sign-in');
    return SignInPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<SignInPage> {
    await expectOnPage(page, 'Sign in');
    return new SignInPage(page);
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await clickAndWait(this.page, this.page.locator('[data-qa=sign-in-continue]'));
  }
}
