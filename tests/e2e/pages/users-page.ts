import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

export class UsersPage extends BasePage {
  readonly table: Locator = this.page.locator('[data-qa=users-table]');

  static async verifyOnPage(page: Page): Promise<UsersPage> {
    await expectOnPage(page, 'Users');
    return new UsersPage(page);
  }

  async addUser(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=add-user-link]'));
  }

  async openUser(name: string): Promise<void> {
    await clickAndWait(this.page, this.table.getByRole('link', { name, exact: true }));
  }
}
