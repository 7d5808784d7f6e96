import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { BasePage, clickAndWait, expectOnPage, pressEnterAndWait } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/** A Family Solutions worker completes a Shared Family Assessment with a child's voice, from the family's page. */

const WORKER = { email: 'fs.worker@essex.example', name: 'Jo Carter', password: DEMO_PASSWORD };

class OverviewPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<OverviewPage> {
    await expectOnPage(page, 'Shared Family Assessment');
    return new OverviewPage(page);
  }

  async start(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=start-assessment]'));
  }

  async open(name: string): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('link', { name }));
  }

  status(section: string): Promise<string> {
    return this.page
      .locator('.govuk-task-list__item', { hasText: section })
      .locator('.govuk-task-list__status')
      .innerText();
  }
}

class SectionPage extends BasePage {
  static async verifyOnPage(page: Page, heading: string): Promise<SectionPage> {
    await expectOnPage(page, heading);
    return new SectionPage(page);
  }

  async fill(label: string, text: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(text);
  }

  async choose(group: string, option: string): Promise<void> {
    await this.page.getByRole('group', { name: group }).getByRole('radio', { name: option }).check();
  }

  async addNeed(area: string, need: string): Promise<void> {
    await this.page.getByLabel('Supporting Families outcome area').selectOption({ label: area });
    await this.page.getByLabel('The need', { exact: true }).fill(need);
    await clickAndWait(this.page, this.page.locator('[data-qa=add-need]'));
  }

  async save(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=save-section]'));
  }
}

class CheckPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<CheckPage> {
    await expectOnPage(page, 'Check and complete the assessment');
    return new CheckPage(page);
  }

  async complete(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=complete-assessment]'));
  }
}

describe('the Shared Family Assessment', () => {
  const journey = useJourney();
  let familyId: string;

  beforeAll(async () => {
    const services = journey.server.services;
    const item = await hubWorkItem(services, {
      kind: 'family-solutions',
      surname: 'Harper',
      children: ['Poppy'],
      parent: 'Gemma',
    });
    const worker = await userByEmail(services, WORKER.email);
    ({ familyId } = await services.earlyHelp.startFromWorkItem(
      { userId: worker.id, label: worker.email },
      worker,
      item.id,
      item.version,
    ));
  });

  it('a worker records each member’s views, a child’s in her own words, the analysis and needs, and completes it', async () => {
    const page = await journey.newPage();
    await signIn(page, WORKER);
    await page.goto(`/families/${familyId}`);
    await expectOnPage(page, 'The Harper family');
    await clickAndWait(page, page.locator('[data-qa=assessment-link]'));

    let overview = await OverviewPage.verifyOnPage(page);
    await overview.start();
    overview = await OverviewPage.verifyOnPage(page);
    expect(await overview.flash.innerText()).toContain('The Shared Family Assessment has started');
    expect(await overview.status('Poppy Harper')).toBe('Not yet started');
    await saveScreenshot(page, 'assessment-task-list');

    // Poppy, in her words: first a part-way save.
    await overview.open('Poppy Harper');
    let poppy = await SectionPage.verifyOnPage(page, 'In Poppy Harper’s words');
    await poppy.choose('Did Poppy take part?', 'Yes');
    await poppy.fill(
      'What Poppy thinks and feels about how things are',
      'I don’t like it when mummy is sad. I like school when my friend Ava is there.',
    );
    await poppy.choose('Have you finished this section?', 'Yes, I have finished it');
    await poppy.save();
    poppy = await SectionPage.verifyOnPage(page, 'In Poppy Harper’s words');
    expect((await poppy.errors()).messages).toEqual(['Select how Poppy Harper was heard']);
    expect(
      await page.getByLabel('What Poppy thinks and feels about how things are', { exact: true }).inputValue(),
    ).toContain('my friend Ava');
    await saveScreenshot(page, 'assessment-child-error');
    await poppy.choose('How was Poppy heard?', 'A drawing or picture they made');
    await poppy.fill('What Poppy would like to happen', 'Go to the park with mummy on Saturdays.');
    await poppy.addNeed('Improved mental and physical health', 'Poppy worries about her mum being sad.');
    poppy = await SectionPage.verifyOnPage(page, 'In Poppy Harper’s words');
    expect(await poppy.flash.innerText()).toContain('The need is added');
    expect(await page.locator('[data-qa=section-needs]').innerText()).toContain(
      'Poppy worries about her mum being sad.',
    );
    await saveScreenshot(page, 'assessment-child-section');
    await poppy.save();

    overview = await OverviewPage.verifyOnPage(page);
    expect(await overview.status('Poppy Harper')).toBe('Completed');

    // Gemma, part-way then finished.
    await overview.open('Gemma Harper');
    let gemma = await SectionPage.verifyOnPage(page, 'Gemma Harper’s views');
    await gemma.choose('Did Gemma take part?', 'Yes');
    await gemma.fill('Their views', 'Since I lost my job everything feels like too much.');
    await gemma.choose('Have you finished this section?', 'No, I will come back to it later');
    // Enter saves the section (the page's main button), not "Add this need" (its first button).
    await pressEnterAndWait(page, page.getByRole('radio', { name: 'No, I will come back to it later' }));
    overview = await OverviewPage.verifyOnPage(page);
    expect(await overview.status('Gemma Harper')).toBe('In progress');
    await overview.open('Gemma Harper');
    gemma = await SectionPage.verifyOnPage(page, 'Gemma Harper’s views');
    await gemma.fill('Their goals', 'Get back into work by the summer.');
    await gemma.choose('Have you finished this section?', 'Yes, I have finished it');
    await gemma.save();

    overview = await OverviewPage.verifyOnPage(page);
    await overview.open('Your analysis');
    const analysis = await SectionPage.verifyOnPage(page, 'The practitioner’s analysis');
    await analysis.fill(
      'Your analysis',
      'A warm bond between Gemma and Poppy. Money worries since Gemma lost her job weigh on both.',
    );
    await analysis.choose('Have you finished this section?', 'Yes, I have finished it');
    await analysis.addNeed('Financial stability', 'Gemma needs help back into work.');
    await SectionPage.verifyOnPage(page, 'The practitioner’s analysis');
    await analysis.save();

    overview = await OverviewPage.verifyOnPage(page);
    expect(await page.locator('[data-qa=assessment-needs]').innerText()).toMatch(
      /Poppy worries about her mum[\s\S]*Poppy Harper[\s\S]*Gemma needs help back into work[\s\S]*Practitioner’s analysis/,
    );
    await overview.open('Check and complete the assessment');
    const check = await CheckPage.verifyOnPage(page);
    const poppyRows = await page.locator('[data-qa^=check-]').first().innerText();
    expect(`${poppyRows}${await page.locator('main').innerText()}`).toContain(
      'A drawing or picture they made, by Jo Carter',
    );
    await saveScreenshot(page, 'assessment-check');
    await check.complete();

    overview = await OverviewPage.verifyOnPage(page);
    expect(await overview.flash.innerText()).toContain('The Shared Family Assessment is complete');
    expect(await page.locator('[data-qa=completed]').innerText()).toContain('by Jo Carter');
    await saveScreenshot(page, 'assessment-complete');

    await page.goto(`/families/${familyId}`);
    await expectOnPage(page, 'The Harper family');
    expect(await page.locator('[data-qa=needs]').first().innerText()).toContain('Gemma needs help back into work.');
  });
});
