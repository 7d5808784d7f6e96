import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

/** The home page a signed-out visitor sees. */
export class StartPage extends BasePage {
  readonly startButton: Locator = this.page
    .getByRole('button', { name: 'Sign in' })
    .or(this.page.getByRole('link', { name: 'Sign in' }));

  static async visit(page: Page): Promise<StartPage> {
    await page.goto('/');
    return StartPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<StartPage> {
    await expectOnPage(page, /^Help for children and families in /);
    return new StartPage(page);
  }

  async start(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('main').getByRole('button', { name: 'Sign in' }));
  }
}

export class CookiesPage extends BasePage {
  static async visit(page: Page): Promise<CookiesPage> {
    await page.goto('/cookies');
    await expectOnPage(page, 'Cookies');
    return new CookiesPage(page);
  }
}

export class AccessibilityStatementPage extends BasePage {
  static async visit(page: Page): Promise<AccessibilityStatementPage> {
    await page.goto('/accessibility-statement');
    await expectOnPage(page, /^Accessibility statement for /);
    return new AccessibilityStatementPage(page);
  }
}

export class NotFoundPage extends BasePage {
  static async visit(page: Page, path: string): Promise<{ notFound: NotFoundPage; status: number | undefined }> {
    const response = await page.goto(path);
    await expectOnPage(page, 'Page not found');
    return { notFound: new NotFoundPage(page), status: response?.status() };
  }
}

export class SignedOutPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<SignedOutPage> {
    await expectOnPage(page, 'You have signed out');
    return new SignedOutPage(page);
  }
}

export class LinkExpiredPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<LinkExpiredPage> {
    await expectOnPage(page, 'This link has expired');
    return new LinkExpiredPage(page);
  }
}
