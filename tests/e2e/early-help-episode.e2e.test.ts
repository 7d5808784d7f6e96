import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem } from '../../src/modules/early-help/test-support.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/** A Family Solutions worker takes on a family from the Hub, steps the level down, and closes with outcomes. */

const WORKER = { email: 'fs.worker@essex.example', name: 'Jo Carter', password: DEMO_PASSWORD };

class EarlyHelpPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<EarlyHelpPage> {
    await expectOnPage(page, 'Early help');
    return new EarlyHelpPage(page);
  }

  async openWork(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=work-link]'));
  }
}

class WorkPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<WorkPage> {
    await expectOnPage(page, 'Work from the Hub');
    return new WorkPage(page);
  }

  async takeOn(reference: string): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('button', { name: `Take on request ${reference}` }));
  }
}

class FamilyPage extends BasePage {
  static async verifyOnPage(page: Page, name: string): Promise<FamilyPage> {
    await expectOnPage(page, name);
    return new FamilyPage(page);
  }

  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }

  async action(name: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=episode-actions]').getByRole('link', { name }));
  }
}

class MovePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<MovePage> {
    await expectOnPage(page, 'Record a move');
    return new MovePage(page);
  }

  async move(address: string, postcode: string, date: Date): Promise<void> {
    await this.page.getByLabel('New address').fill(address);
    await this.page.getByLabel('Postcode').fill(postcode);
    await this.page.getByLabel('Day').fill(String(date.getUTCDate()));
    await this.page.getByLabel('Month').fill(String(date.getUTCMonth() + 1));
    await this.page.getByLabel('Year').fill(String(date.getUTCFullYear()));
    await clickAndWait(this.page, this.page.locator('[data-qa=record-move]'));
  }
}

class LevelPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<LevelPage> {
    await expectOnPage(page, 'Change the level of need');
    return new LevelPage(page);
  }

  async change(level: string | null, reason: string): Promise<void> {
    if (level) await this.page.getByRole('radio', { name: level }).check();
    await this.page.getByLabel('Why the level has changed').fill(reason);
    await clickAndWait(this.page, this.page.locator('[data-qa=change-level]'));
  }
}

class ClosePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<ClosePage> {
    await expectOnPage(page, 'Close early help');
    return new ClosePage(page);
  }

  async close(reason: string, outcomes: string[]): Promise<void> {
    await this.page.getByRole('radio', { name: reason }).check();
    for (const [i, outcome] of outcomes.entries()) {
      await this.page
        .getByRole('group', { name: new RegExp(`^Need ${i + 1}:`) })
        .getByRole('radio', { name: outcome, exact: true })
        .check();
    }
    await clickAndWait(this.page, this.page.locator('[data-qa=close]'));
  }
}

describe('an early help episode from a Hub decision', () => {
  const journey = useJourney();
  let reference: string;

  beforeAll(async () => {
    const item = await hubWorkItem(journey.server.services, {
      kind: 'family-solutions',
      surname: 'Whitmore',
      children: ['Ellie', 'Jack'],
      parent: 'Lauren',
    });
    reference = `${item.reference.slice(0, 4)} ${item.reference.slice(4)}`;
  });

  it('a Family Solutions worker takes the family on, steps the level down, and closes with outcomes', async () => {
    const page = await journey.newPage();
    const { home } = await signIn(page, WORKER);
    await home.openNavigation('Early help');
    const earlyHelp = await EarlyHelpPage.verifyOnPage(page);
    expect(await page.locator('[data-qa=no-families]').innerText()).toContain('not involved with any family');
    await earlyHelp.openWork();

    const work = await WorkPage.verifyOnPage(page);
    expect(await page.locator('[data-qa=work]').innerText()).toContain('Ellie Whitmore, Jack Whitmore');
    await saveScreenshot(page, 'early-help-work');
    await work.takeOn(reference);

    let family = await FamilyPage.verifyOnPage(page, 'The Whitmore family');
    expect(await family.flash.innerText()).toContain('You are their lead professional');
    expect(await family.text('members')).toMatch(/Lauren Whitmore\s+Parent/);
    expect(await family.text('episode-summary')).toContain('Level 3: Intensive');
    expect(await family.text('involved')).toMatch(/Jo Carter\s+Essex County Council\s+Lead professional/);
    expect(await family.text('needs')).toContain('Missing school most Mondays.');
    await saveScreenshot(page, 'early-help-family');

    // How the work began: the request and the Hub's decision, read-only (issue 17, item 7).
    await clickAndWait(page, page.locator('[data-qa=origin-link]'));
    await expectOnPage(page, `Request ${reference}`);
    expect(await page.locator('[data-qa=hub-decision]').innerText()).toMatch(
      /Level 3: Intensive[\s\S]*Family Solutions \(level 3\)[\s\S]*Several needs; the family agree to help\./,
    );
    expect(await page.locator('[data-qa=worries]').innerText()).toContain('Missing school most Mondays.');
    await saveScreenshot(page, 'early-help-origin-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'early-help-origin-390');
    await page.setViewportSize({ width: 1280, height: 800 });
    await clickAndWait(page, page.getByRole('link', { name: 'Back to the family' }));
    await FamilyPage.verifyOnPage(page, 'The Whitmore family');

    await clickAndWait(page, page.locator('[data-qa=move-link]'));
    let move = await MovePage.verifyOnPage(page);
    await move.move('4 Church Road, Harlow', 'HARLOW', new Date());
    move = await MovePage.verifyOnPage(page);
    expect((await move.errors()).messages).toEqual(['Enter a full UK postcode, like CM20 1AB']);
    expect(await page.getByLabel('New address').inputValue()).toBe('4 Church Road, Harlow');
    await saveScreenshot(page, 'early-help-move-error');
    await move.move('4 Church Road, Harlow', 'cm20 2ab', new Date());
    family = await FamilyPage.verifyOnPage(page, 'The Whitmore family');
    expect(await family.flash.innerText()).toContain('The move is recorded');
    expect(await family.text('addresses')).toMatch(
      /4 Church Road, Harlow, CM20 2AB[\s\S]*12 Mill Lane, Harlow, CM20 1AA/,
    );

    await family.action('Change the level of need (step up or step down)');
    let level = await LevelPage.verifyOnPage(page);
    await level.change(null, 'Attendance is back to 95% and the rent is being paid.');
    level = await LevelPage.verifyOnPage(page);
    expect((await level.errors()).messages).toEqual(['Select the new level of need']);
    expect(await page.getByLabel('Why the level has changed').inputValue()).toBe(
      'Attendance is back to 95% and the rent is being paid.',
    );
    await saveScreenshot(page, 'early-help-level-error');
    await level.change('Level 2: Additional', 'Attendance is back to 95% and the rent is being paid.');

    family = await FamilyPage.verifyOnPage(page, 'The Whitmore family');
    expect(await family.flash.innerText()).toContain('stepped down to level 2');
    expect(await family.text('levels')).toMatch(
      /Level 2\s+Attendance is back to 95%[\s\S]*Level 3\s+Hub decision on request \S+ \S+\s+Priya Shah/,
    );

    await family.action('Close early help');
    let close = await ClosePage.verifyOnPage(page);
    await close.close('The family’s needs have been met', ['Achieved']);
    close = await ClosePage.verifyOnPage(page);
    expect((await close.errors()).messages).toEqual(['Select an outcome for need 2']);
    await saveScreenshot(page, 'early-help-close-error');
    await close.close('The family’s needs have been met', ['Achieved', 'Partly achieved']);

    family = await FamilyPage.verifyOnPage(page, 'The Whitmore family');
    expect(await family.flash.innerText()).toContain('Early help for this family is closed');
    expect(await family.text('no-open-episode')).toContain('no early help open');
    expect(await family.text('closed-episode')).toMatch(
      /The family’s needs have been met[\s\S]*Achieved[\s\S]*Partly achieved/,
    );
    await saveScreenshot(page, 'early-help-family-closed');

    // On a phone the family page fits the screen: wide tables scroll inside their own box, the page never does.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await FamilyPage.verifyOnPage(page, 'The Whitmore family');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(page, 'early-help-family-390');
  });
});
