import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWait, expectOnPage } from './base-page.ts';

/** "You are not involved with this record": the reason and duration for emergency access. */
export class BreakGlassPage extends BasePage {
  readonly reason: Locator = this.page.getByLabel('Why do you need to see this record?');

  static async verifyOnPage(page: Page): Promise<BreakGlassPage> {
    await expectOnPage(page, 'You are not involved with this record');
    return new BreakGlassPage(page);
  }

  async submit({ reason, duration }: { reason?: string; duration?: string }): Promise<void> {
    if (reason !== undefined) await this.reason.fill(reason);
    if (duration) await this.page.getByLabel(duration, { exact: true }).check();
    await clickAndWait(this.page, this.page.locator('[data-qa=use-emergency-access]'));
  }
}

/** The 403 page for someone whose role cannot use emergency access. */
export class BreakGlassRefusedPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<BreakGlassRefusedPage> {
    await expectOnPage(page, 'You cannot see this record');
    return new BreakGlassRefusedPage(page);
  }
}

/** The test-only record page (src/platform/break-glass/fake-record.test-support.ts). */
export class TestRecordPage extends BasePage {
  readonly banner: Locator = this.page.locator('[data-qa=emergency-access]');
  readonly content: Locator = this.page.locator('[data-qa=record-content]');
  readonly accessLog: Locator = this.page.locator('[data-qa=access-log]');

  static async verifyOnPage(page: Page, label: string): Promise<TestRecordPage> {
    await expectOnPage(page, label);
    return new TestRecordPage(page);
  }

  async endEmergencyAccess(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=end-emergency-access]'));
  }

  /** The access log's rows as [who, what]. */
  async accessLogRows(): Promise<string[][]> {
    const rows = await this.accessLog.locator('tbody tr').all();
    return Promise.all(
      rows.map(async (row) => (await row.locator('td').allInnerTexts()).slice(1).map((t) => t.trim())),
    );
  }
}

/** "Who has looked at this record", for an involved or alerted manager. */
export class AccessLogPage extends BasePage {
  readonly table: Locator = this.page.locator('[data-qa=access-log]');

  static async verifyOnPage(page: Page): Promise<AccessLogPage> {
    await expectOnPage(page, 'Who has looked at this record');
    return new AccessLogPage(page);
  }
}

/** The error handler's 403 page. */
export class ForbiddenPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<ForbiddenPage> {
    await expectOnPage(page, 'You cannot see this page');
    return new ForbiddenPage(page);
  }
}
