import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

/** The start of a family's own request: the safeguarding message, and "Exit this page". */
export class GetHelpStartPage extends BasePage {
  readonly safeguarding: Locator = this.page.locator('[data-qa=safeguarding]');

  static async visit(page: Page): Promise<GetHelpStartPage> {
    await page.goto('/get-help');
    await expectOnPage(page, 'Ask for help for your family');
    return new GetHelpStartPage(page);
  }

  async start(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=start]'));
  }
}

/** "Exit this page" as every page of the family's journey shows it. */
export const exitThisPage = (page: Page): Locator =>
  page.locator('.govuk-exit-this-page a.govuk-exit-this-page__button');

export interface AboutYou {
  contactBy: 'phone' | 'email' | 'through-helper';
  phone: string;
  helper: string;
  name: string;
  relationship: string;
  email: string;
  address: string;
  postcode: string;
  area: string;
}

const CONTACT_BY_LABELS = {
  phone: 'By phone',
  email: 'By email',
  'through-helper': 'Only through the person helping me',
} as const;

export class AboutYouPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<AboutYouPage> {
    await expectOnPage(page, 'About you');
    return new AboutYouPage(page);
  }

  async fill(you: Partial<AboutYou>): Promise<void> {
    if (you.name !== undefined) await this.page.getByLabel('Your full name').fill(you.name);
    if (you.relationship) await this.page.getByLabel(you.relationship, { exact: true }).check();
    if (you.contactBy)
      await this.page.getByRole('radio', { name: CONTACT_BY_LABELS[you.contactBy], exact: true }).check();
    if (you.phone !== undefined) await this.page.getByLabel('Phone number').fill(you.phone);
    if (you.email !== undefined) await this.page.getByLabel('Email address').fill(you.email);
    if (you.helper !== undefined) await this.page.getByLabel('Who is helping you').fill(you.helper);
    if (you.address !== undefined) await this.page.getByLabel('Your address').fill(you.address);
    if (you.postcode !== undefined) await this.page.getByLabel('Postcode').fill(you.postcode);
    if (you.area) await this.page.getByLabel('Which area do you live in?').selectOption({ label: you.area });
  }

  async continue(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=continue]'));
  }
}

export class ChildrenPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<ChildrenPage> {
    await expectOnPage(page, 'Your children');
    return new ChildrenPage(page);
  }

  async addChild(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=add-child]'));
  }

  async children(): Promise<string[]> {
    return (await this.page.locator('[data-qa=child] .govuk-summary-card__title').allInnerTexts()).map((t) => t.trim());
  }

  async continue(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=continue]'));
  }
}
