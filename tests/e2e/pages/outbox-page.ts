import type { Locator, Page } from 'playwright-core';
import { BasePage, expectOnPage } from './base-page.ts';

/** The development-only email outbox (DEV_OUTBOX): a signed-in system administrator's page. */
export class OutboxPage extends BasePage {
  readonly messages: Locator = this.page.locator('[data-qa=outbox-message]');

  static async visit(page: Page): Promise<OutboxPage> {
    await page.goto('/dev/outbox');
    await expectOnPage(page, 'Email outbox');
    return new OutboxPage(page);
  }

  /** The newest email to this address: its subject and the first link in its body. */
  async latestTo(email: string): Promise<{ subject: string; link: string | null }> {
    const message = this.messages.filter({ hasText: `To ${email}` }).first();
    const subject = (await message.locator('.govuk-summary-card__title').innerText()).trim();
    const body = await message.locator('pre').innerText();
    return { subject, link: body.match(/https?:\/\/\S+/)?.[0] ?? null };
  }
}
