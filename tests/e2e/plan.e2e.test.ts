import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Download, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { addDays, todayInLondon } from '../../src/modules/early-help/plan/rules.ts';
import { agreeFamilySolutions, hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { BasePage, clickAndWait, expectOnPage, pressEnterAndWait } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/** A Family Solutions worker makes the family's Early Help Plan, scores it, has it signed, reviews it, prints it and downloads it as a PDF. */

const WORKER = { email: 'fs.worker@essex.example', name: 'Jo Carter', password: DEMO_PASSWORD };

async function fillDate(page: Page, group: string, iso: string) {
  const [y, m, d] = iso.split('-');
  const fieldset = page.getByRole('group', { name: group });
  await fieldset.getByLabel('Day').fill(String(Number(d)));
  await fieldset.getByLabel('Month').fill(String(Number(m)));
  await fieldset.getByLabel('Year').fill(y!);
}

/** Clicks a link that downloads the family's plan, and checks that what arrives is a PDF. */
async function downloadPdf(page: Page, link: Locator): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const bytes = await readFile((await download.path())!);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return download;
}

class PlanPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<PlanPage> {
    await expectOnPage(page, 'Early Help Plan');
    return new PlanPage(page);
  }

  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }

  async start(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=start-plan]'));
  }

  async link(name: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=plan-links]').getByRole('link', { name }));
  }
}

class FormPage extends BasePage {
  static async verifyOnPage(page: Page, heading: string): Promise<FormPage> {
    await expectOnPage(page, heading);
    return new FormPage(page);
  }

  async submit(qa: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator(`[data-qa=${qa}]`));
  }
}

describe('an Early Help Plan', () => {
  const journey = useJourney();
  let familyId: string;
  const today = todayInLondon();

  beforeAll(async () => {
    const services = journey.server.services;
    const worker = await userByEmail(services, WORKER.email);
    const item = await hubWorkItem(services, {
      kind: 'family-solutions',
      surname: 'Whitmore',
      children: ['Ellie'],
      parent: 'Lauren',
    });
    let episodeId: string;
    ({ familyId, episodeId } = await services.earlyHelp.startFromWorkItem(
      { userId: worker.id, label: 'test set-up' },
      worker,
      item.id,
      item.version,
    ));
    await agreeFamilySolutions(services, worker, episodeId);
  });

  it('is made with a goal and an action, scored, signed by the family, reviewed, printed and downloaded as a PDF', async () => {
    const page = await journey.newPage();
    await signIn(page, WORKER);
    await page.goto(`/families/${familyId}`);
    await expectOnPage(page, 'The Whitmore family');
    await clickAndWait(page, page.locator('[data-qa=plan-link]'));

    let plan = await PlanPage.verifyOnPage(page);
    await saveScreenshot(page, 'plan-start');
    await plan.start();
    plan = await PlanPage.verifyOnPage(page);
    expect(await plan.flash.innerText()).toContain('Its first review is due in 6 weeks');

    // A goal from the family's need, with a score outside 0-10 first.
    await plan.link('Add a goal');
    let form = await FormPage.verifyOnPage(page, 'Add a goal');
    await page.getByRole('radio', { name: /Missing school most Mondays/ }).check();
    await page.getByLabel('The goal').fill('Ellie gets to school every day');
    await page.getByLabel('Where are we now?').fill('12');
    await form.submit('add-goal');
    form = await FormPage.verifyOnPage(page, 'Add a goal');
    expect((await form.errors()).messages).toEqual([
      'The score for where the family are now must be a whole number from 0 to 10',
    ]);
    expect(await page.getByLabel('The goal').inputValue()).toBe('Ellie gets to school every day');
    await saveScreenshot(page, 'plan-goal-error');
    await page.getByLabel('Where are we now?').fill('3');
    await form.submit('add-goal');
    plan = await PlanPage.verifyOnPage(page);

    // An action for Lauren, due before the plan started first.
    await plan.link('Add an action');
    form = await FormPage.verifyOnPage(page, 'Add an action');
    await page.getByRole('radio', { name: /Goal 1: Ellie gets to school/ }).check();
    await page.getByLabel('What will be done').fill('Walk Ellie to school on Mondays');
    await page.getByRole('radio', { name: 'Someone in the family' }).check();
    await page.getByLabel('If someone in the family: who').selectOption({ label: 'Lauren Whitmore (Parent)' });
    await fillDate(page, 'By when', addDays(today, -1));
    await form.submit('add-action');
    form = await FormPage.verifyOnPage(page, 'Add an action');
    expect((await form.errors()).messages[0]).toMatch(
      /^The date the action is due must be on or after the day the plan started/,
    );
    await saveScreenshot(page, 'plan-action-error');
    await fillDate(page, 'By when', addDays(today, 14));
    // Enter in a field adds the action (the page's main button), not "Find services" (its first button).
    await pressEnterAndWait(page, page.locator('#dueDate-year'));
    plan = await PlanPage.verifyOnPage(page);
    expect(await plan.text('actions')).toMatch(/Walk Ellie to school on Mondays\s+Change[\s\S]*Lauren Whitmore/);
    expect(await plan.text('scores')).toMatch(/Goal 1\s+3/);

    // The action's words change (issue 17, item 11): the change form is the add form, filled in.
    await clickAndWait(page, page.locator('[data-qa=change-action]').first());
    form = await FormPage.verifyOnPage(page, 'Change an action');
    expect(await page.getByLabel('What will be done').inputValue()).toBe('Walk Ellie to school on Mondays');
    await page.getByLabel('What will be done').fill('Walk Ellie to school on Mondays and Tuesdays');
    await saveScreenshot(page, 'plan-action-change-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'plan-action-change-390');
    await page.setViewportSize({ width: 1280, height: 800 });
    await form.submit('add-action');
    plan = await PlanPage.verifyOnPage(page);
    expect(await plan.flash.innerText()).toContain('The action is changed');
    expect(await plan.text('actions')).toMatch(/Walk Ellie to school on Mondays and Tuesdays\s+Change/);

    // Lauren agrees the plan.
    await plan.link('The family agree the plan');
    form = await FormPage.verifyOnPage(page, 'The family agree the plan');
    await page.getByRole('radio', { name: /Lauren Whitmore/ }).check();
    await page.getByLabel('Their name, typed as they sign').fill('Lauren Whitmore');
    await saveScreenshot(page, 'plan-sign');
    await form.submit('sign');
    plan = await PlanPage.verifyOnPage(page);
    expect(await plan.flash.innerText()).toContain('Lauren Whitmore has signed the plan');
    expect(await plan.text('sign-offs')).toContain('Signed this version as “Lauren Whitmore”');
    expect(await plan.text('plan-summary')).toContain('Agreed by the family');

    // A review with a new score.
    await plan.link('Record a review');
    form = await FormPage.verifyOnPage(page, 'Record a review');
    await page.getByLabel(/Goal 1: Ellie gets to school/).fill('6');
    await page
      .getByLabel('What has changed since the last review')
      .fill('Ellie has been in school every Monday for three weeks.');
    await form.submit('record-review');
    plan = await PlanPage.verifyOnPage(page);
    expect(await plan.flash.innerText()).toContain('The review is recorded');
    expect(await plan.text('scores')).toMatch(/Goal 1\s+3\s+6/);
    expect(await page.locator('[data-qa=distance-chart] svg[role=img] polyline').count()).toBe(1);
    await saveScreenshot(page, 'plan-reviewed');

    // The PDF: a real download of a PDF, from the plan page and from the printable page.
    const fromPlan = await downloadPdf(
      page,
      page.locator('[data-qa=plan-links]').getByRole('link', { name: 'Download the plan as a PDF' }),
    );
    expect(fromPlan.suggestedFilename()).toBe(`family-plan-${today}.pdf`);

    await plan.link('Printable plan for the family');
    await expectOnPage(page, 'Our family plan');
    expect((await downloadPdf(page, page.locator('[data-qa=plan-pdf]'))).suggestedFilename()).toBe(
      `family-plan-${today}.pdf`,
    );
    expect(await page.locator('[data-qa=printable-plan]').innerText()).toMatch(
      /Ellie gets to school every day[\s\S]*At the start we said 3 out of 10\. Now we say 6 out of 10\.[\s\S]*Lauren Whitmore signed/,
    );
    await saveScreenshot(page, 'plan-printable');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.govuk-template__header').isVisible()).toBe(false);
    await saveScreenshot(page, 'plan-printable-print');
    await page.emulateMedia({ media: 'screen' });

    await page.goto('/early-help/reviews');
    await expectOnPage(page, 'Overdue reviews');
    expect(await page.locator('[data-qa=none-mine]').innerText()).toContain(
      'None of your families’ reviews are overdue',
    );
  });
});
