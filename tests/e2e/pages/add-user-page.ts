import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

export interface NewUser {
  name?: string;
  email?: string;
  organisation?: string;
  roles?: string[];
}

export class AddUserPage extends BasePage {
  readonly name: Locator = this.page.getByLabel('Full name');
  readonly email: Locator = this.page.getByLabel('Work email address');
  readonly organisation: Locator = this.page.getByLabel('Organisation');

  static async verifyOnPage(page: Page): Promise<AddUserPage> {
    await expectOnPage(page, 'Add a user');
    return new AddUserPage(page);
  }

  role(name: string): Locator {
    return this.page.getByRole('group', { name: 'Roles' }).getByLabel(name, { exact: true });
  }

  /** Fills only what is given, leaving the rest as it is, then submits. */
  async submit(user: NewUser): Promise<void> {
    if (user.name !== undefined) await this.name.fill(user.name);
    if (user.email !== undefined) await this.email.fill(user.email);
    if (user.organisation !== undefined) await this.organisation.selectOption({ label: user.organisation });
    for (const role of user.roles ?? []) await this.role(role).check();
    await clickAndWait(this.page, this.page.locator('[data-qa=add-user]'));
  }

  async selectedOrganisation(): Promise<string> {
    return this.organisation.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text ?? '');
  }
}
