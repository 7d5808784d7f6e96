import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/** A Family Solutions manager allocates a family to a worker; the worker records the family agreement. */

const MANAGER = { email: 'fs.manager@essex.example', name: 'Chris Evans', password: DEMO_PASSWORD };
const WORKER = { email: 'fs.worker@essex.example', name: 'Jo Carter', password: DEMO_PASSWORD };

class FamilySolutionsPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<FamilySolutionsPage> {
    await expectOnPage(page, 'Family Solutions');
    return new FamilySolutionsPage(page);
  }

  async open(link: string): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('link', { name: link }));
  }
}

class AllocationPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<AllocationPage> {
    await expectOnPage(page, 'Allocate families');
    return new AllocationPage(page);
  }

  async allocate(family: string): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('link', { name: `Allocate ${family}` }));
  }
}

class AllocatePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<AllocatePage> {
    await expectOnPage(page, 'Allocate the family');
    return new AllocatePage(page);
  }

  async allocateTo(worker: string | null): Promise<void> {
    if (worker) await this.page.getByRole('radio', { name: worker }).check();
    await clickAndWait(this.page, this.page.locator('[data-qa=allocate]'));
  }
}

class EpisodePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<EpisodePage> {
    await expectOnPage(page, 'Family Solutions');
    return new EpisodePage(page);
  }

  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }
}

class AgreementPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<AgreementPage> {
    await expectOnPage(page, 'Record the family agreement');
    return new AgreementPage(page);
  }

  async record(input: { date?: Date; who: string[]; family: string; service: string }): Promise<void> {
    if (input.date) {
      await this.page.getByLabel('Day').fill(String(input.date.getDate()));
      await this.page.getByLabel('Month').fill(String(input.date.getMonth() + 1));
      await this.page.getByLabel('Year').fill(String(input.date.getFullYear()));
    }
    for (const name of input.who) await this.page.getByRole('checkbox', { name }).check();
    await this.page.getByLabel('What the family agree to').fill(input.family);
    await this.page.getByLabel('What Family Solutions agree to').fill(input.service);
    await clickAndWait(this.page, this.page.locator('[data-qa=save-agreement]'));
  }
}

describe('Family Solutions allocation and the family agreement', () => {
  const journey = useJourney();

  beforeAll(async () => {
    // The manager has taken the Hub's Family Solutions work on: the family now waits for allocation.
    const { services } = journey.server;
    const item = await hubWorkItem(services, {
      kind: 'family-solutions',
      surname: 'Ashworth',
      children: ['Mia'],
      parent: 'Dana',
    });
    const manager = await userByEmail(services, MANAGER.email);
    await services.earlyHelp.startFromWorkItem(
      { userId: manager.id, label: manager.email },
      manager,
      item.id,
      item.version,
    );
  });

  it('a manager allocates the family to Jo Carter, who records the family agreement', async () => {
    const page = await journey.newPage();
    const { home } = await signIn(page, MANAGER);
    await home.openNavigation('Family Solutions');
    const landing = await FamilySolutionsPage.verifyOnPage(page);
    await landing.open('Allocate families and see caseloads');

    let allocation = await AllocationPage.verifyOnPage(page);
    expect(await page.locator('[data-qa=waiting]').innerText()).toMatch(/The Ashworth family\s+Harlow/);
    await saveScreenshot(page, 'family-solutions-allocation');
    await allocation.allocate('The Ashworth family');

    let allocate = await AllocatePage.verifyOnPage(page);
    expect(await page.getByLabel('Team').locator('option:checked').innerText()).toContain('Family Solutions Harlow');
    await allocate.allocateTo(null);
    allocate = await AllocatePage.verifyOnPage(page);
    expect((await allocate.errors()).messages).toEqual(['Select the worker to allocate']);
    await saveScreenshot(page, 'family-solutions-allocate-error');
    await allocate.allocateTo('Jo Carter');

    allocation = await AllocationPage.verifyOnPage(page);
    expect(await allocation.flash.innerText()).toContain('allocated to Jo Carter in Family Solutions Harlow');
    expect(await page.locator('[data-qa=none-waiting]').innerText()).toContain('No family is waiting');
    await saveScreenshot(page, 'family-solutions-allocated');

    const workerPage = await journey.newPage();
    const signedIn = await signIn(workerPage, WORKER);
    await signedIn.home.openNavigation('Family Solutions');
    const mine = await FamilySolutionsPage.verifyOnPage(workerPage);
    expect(await workerPage.locator('[data-qa=my-fs-families]').innerText()).toMatch(
      /The Ashworth family[\s\S]*Not yet recorded/,
    );
    await mine.open('The Ashworth family');

    let episode = await EpisodePage.verifyOnPage(workerPage);
    expect(await episode.text('fs-summary')).toMatch(/Allocated worker\s+Jo Carter/);
    expect(await episode.text('no-agreement')).toContain('no work starts until it is recorded');
    await saveScreenshot(workerPage, 'family-solutions-episode');
    await clickAndWait(workerPage, workerPage.locator('[data-qa=record-agreement]'));

    let agreement = await AgreementPage.verifyOnPage(workerPage);
    await agreement.record({ who: [], family: 'Mia goes to school every day.', service: '' });
    agreement = await AgreementPage.verifyOnPage(workerPage);
    expect((await agreement.errors()).messages).toEqual([
      'Enter the date the family agreed',
      'Select the adults in the family who agreed',
      'Enter what Family Solutions agree to',
    ]);
    expect(await workerPage.getByLabel('What the family agree to').inputValue()).toBe('Mia goes to school every day.');
    await saveScreenshot(workerPage, 'family-solutions-agreement-error');
    await agreement.record({
      date: new Date(),
      who: ['Dana Ashworth'],
      family: 'Mia goes to school every day.',
      service: 'A weekly visit and help with the school run.',
    });

    episode = await EpisodePage.verifyOnPage(workerPage);
    expect(await episode.flash.innerText()).toContain('The family agreement is recorded');
    expect(await episode.text('agreement')).toMatch(/Agreed by\s+Dana Ashworth[\s\S]*A weekly visit/);
    await saveScreenshot(workerPage, 'family-solutions-agreement');
  });
});
