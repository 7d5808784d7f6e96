import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/** A provider changes their organisation's entry; a moderator rejects it with a reason, then approves the fix. */

const PROVIDER = { email: 'provider@essex.example', name: 'Maya Green', password: DEMO_PASSWORD };
const MODERATOR = { email: 'moderator@essex.example', name: 'Lee Brooks', password: DEMO_PASSWORD };
const SERVICE = 'Community youth clubs network';

class YourServicesPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<YourServicesPage> {
    await expectOnPage(page, 'Your services');
    return new YourServicesPage(page);
  }

  async open(name: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=services]').getByRole('link', { name, exact: true }));
  }
}

class ManageServicePage extends BasePage {
  readonly rejectionReason: Locator = this.page.locator('[data-qa=rejection-reason]');
  readonly pending: Locator = this.page.locator('[data-qa=pending]');

  static async verifyOnPage(page: Page, name: string): Promise<ManageServicePage> {
    await expectOnPage(page, name);
    return new ManageServicePage(page);
  }

  async change(): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('button', { name: 'Change this service' }));
  }
}

class ServiceFormPage extends BasePage {
  readonly name: Locator = this.page.getByLabel('Name of the service');
  readonly description: Locator = this.page.getByLabel('What it offers');

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<ServiceFormPage> {
    await expectOnPage(page, heading);
    return new ServiceFormPage(page);
  }

  async send(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=submit]'));
  }
}

class ModerationPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<ModerationPage> {
    await expectOnPage(page, 'Directory moderation');
    return new ModerationPage(page);
  }

  async open(name: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=queue]').getByRole('link', { name, exact: true }));
  }
}

class VersionPage extends BasePage {
  readonly changedRows: Locator = this.page.locator('[data-qa=comparison] [data-qa=changed]');

  static async verifyOnPage(page: Page, name: string): Promise<VersionPage> {
    await expectOnPage(page, name);
    return new VersionPage(page);
  }

  async decide(decision: 'Approve' | 'Reject', reason = ''): Promise<void> {
    await this.page.getByRole('radio', { name: new RegExp(`^${decision}:`) }).check();
    if (decision === 'Reject')
      await this.page.getByLabel('If you reject it, why? The provider will see this.').fill(reason);
    await clickAndWait(this.page, this.page.locator('[data-qa=decide]'));
  }
}

describe('keeping a directory entry right', () => {
  const journey = useJourney();

  beforeAll(async () => {
    expect(await journey.server.services.directory.seedDemoServices('essex')).toBeGreaterThan(0);
  });

  it('a provider changes an entry, a moderator rejects it with a reason, the provider fixes it and it goes live', async () => {
    const provider = await journey.newPage();
    const { home } = await signIn(provider, PROVIDER);
    await home.openNavigation('Your services');
    const list = await YourServicesPage.verifyOnPage(provider);
    await saveScreenshot(provider, 'provider-services');
    await list.open(SERVICE);
    let manage = await ManageServicePage.verifyOnPage(provider, SERVICE);
    await manage.change();

    let form = await ServiceFormPage.verifyOnPage(provider, `Change ${SERVICE}`);
    await form.name.fill('');
    await form.send();
    form = await ServiceFormPage.verifyOnPage(provider, `Change ${SERVICE}`);
    expect((await form.errors()).messages).toEqual(['Enter the name of the service']);
    await saveScreenshot(provider, 'provider-service-form-error');
    await form.name.fill(SERVICE);
    await form.description.fill('Youth clubs in every district, on weekday evenings. Free, and no need to book.');
    await form.send();
    manage = await ManageServicePage.verifyOnPage(provider, SERVICE);
    expect(await manage.flash.innerText()).toContain('sent to a moderator');
    expect(await manage.pending.innerText()).toContain('People see the entry as it was until the change is approved');

    const moderator = await journey.newPage();
    const moderatorHome = (await signIn(moderator, MODERATOR)).home;
    await moderatorHome.openNavigation('Moderation');
    let queue = await ModerationPage.verifyOnPage(moderator);
    await saveScreenshot(moderator, 'moderation-queue');
    await queue.open(SERVICE);
    let version = await VersionPage.verifyOnPage(moderator, SERVICE);
    expect(await version.changedRows.count()).toBe(1);
    expect(await version.changedRows.locator('ins').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('no need to book')]),
    );
    await saveScreenshot(moderator, 'moderation-comparison');
    await version.decide('Reject', '');
    version = await VersionPage.verifyOnPage(moderator, SERVICE);
    expect((await version.errors()).messages).toEqual(['Enter the reason, so the provider knows what to change']);
    await version.decide('Reject', 'Some clubs charge £1 a session: please say so.');
    queue = await ModerationPage.verifyOnPage(moderator);
    expect(await queue.flash.innerText()).toContain('the change was rejected');

    await provider.reload();
    manage = await ManageServicePage.verifyOnPage(provider, SERVICE);
    expect(await manage.rejectionReason.innerText()).toBe('Some clubs charge £1 a session: please say so.');
    await saveScreenshot(provider, 'provider-service-rejected');
    await manage.change();
    form = await ServiceFormPage.verifyOnPage(provider, `Change ${SERVICE}`);
    expect(await form.description.inputValue()).toContain('no need to book');
    await form.description.fill(
      'Youth clubs in every district, on weekday evenings. Most are free; some charge £1 a session.',
    );
    await form.send();
    await ManageServicePage.verifyOnPage(provider, SERVICE);

    await moderator.reload();
    queue = await ModerationPage.verifyOnPage(moderator);
    await queue.open(SERVICE);
    version = await VersionPage.verifyOnPage(moderator, SERVICE);
    await version.decide('Approve');
    await ModerationPage.verifyOnPage(moderator);

    const publicPage = await journey.newPage();
    await publicPage.goto('/services?q=youth+clubs');
    await clickAndWait(publicPage, publicPage.getByRole('link', { name: SERVICE, exact: true }));
    await expectOnPage(publicPage, SERVICE);
    expect(await publicPage.locator('[data-qa=description]').innerText()).toContain('some charge £1 a session');
  });
});
