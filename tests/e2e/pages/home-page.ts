import type { Locator, Page } from 'playwright-core';
import { BasePage, expectOnPage } from './base-page.ts';

/** The signed-in home page: "Hello, <name>" and the tasks the person may do. */
export class HomePage extends BasePage {
  readonly tasks: Locator = this.page.locator('[data-qa=home-tasks]');

  static async verifyOnPage(page: Page, name: string): Promise<HomePage> {
    await expectOnPage(page, `Hello, ${name}`);
    return new HomePage(page);
  }
}
