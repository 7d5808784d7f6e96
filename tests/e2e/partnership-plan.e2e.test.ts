import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 14, the partnership plan: the partnership analyst opens the plan from the navigation, opens the SEND
 * priority, adds a delivery action (first without an owner: told), records a dated update with a RAG status, and
 * sees the West Locality Children's Partnership's local action plan, adding a local action there.
 */

const ANALYST = { email: 'analyst@essex.example', name: 'Ruth Adams', password: DEMO_PASSWORD };
const SEND = 'Children and Young People with Special Educational Needs and Disabilities (SEND)';
const ACTION = 'Deliver the actions from the 2019 Essex Local Area SEND Inspection';

class PlanPage extends BasePage {
  constructor(page: Page) {
    super(page);
  }
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<PlanPage> {
    await expectOnPage(page, heading);
    return new PlanPage(page);
  }
  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }
}

/** Axe, then the page at 390 px (no sideways scroll) and 1280 px. */
async function check(page: Page, name: string) {
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `plan-${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `plan-${name}-1280`);
}

async function fillAction(page: Page, title: string, owner: string) {
  const [year, month, day] = todayInLondon().split('-') as [string, string, string];
  await page.getByLabel('What the action is').fill(title);
  await page.getByLabel('Name of the owner').fill(owner);
  await page.getByLabel('Organisation of the owner').fill('Essex County Council');
  await page.locator('#dueOn-day').fill(String(Number(day)));
  await page.locator('#dueOn-month').fill(String(Number(month)));
  await page.locator('#dueOn-year').fill(String(Number(year) + 1));
}

describe('Partnership plan', () => {
  const journey = useJourney();

  it('opens the plan and a priority, adds an action with an update, and sees a Locality Partnership’s plan', async () => {
    const page = await journey.newPage();
    await signIn(page, ANALYST);
    await page.goto('/');
    await clickAndWait(page, new PlanPage(page).navigationLink('Partnership'));
    await clickAndWait(page, page.locator('[data-qa=admin-tasks]').getByRole('link', { name: 'Partnership plan' }));
    const plan = await PlanPage.verifyOnPage(page, 'Children and Young People’s Plan, 2020 refresh');
    expect(await plan.text('outcomes')).toContain('Resilient children and young people');
    expect(await plan.text('priorities')).toContain('Review due');
    await check(page, 'home');

    await clickAndWait(page, page.getByRole('link', { name: SEND }));
    await PlanPage.verifyOnPage(page, SEND);
    await clickAndWait(page, page.locator('[data-qa=new-action]'));
    await PlanPage.verifyOnPage(page, 'Add a delivery action');
    await page.getByLabel('What the action is').fill(ACTION);
    await clickAndWait(page, page.locator('[data-qa=save-action]'));
    expect((await new PlanPage(page).errors()).messages).toEqual([
      'Enter the name of the person who owns the action',
      'Enter the organisation of the owner',
      'Enter the date it is due',
    ]);
    await check(page, 'action-errors');
    await fillAction(page, ACTION, 'Priya Shah');
    await page.getByRole('radio', { name: 'Amber' }).check();
    await check(page, 'action-form');
    await clickAndWait(page, page.locator('[data-qa=save-action]'));
    const action = await PlanPage.verifyOnPage(page, ACTION);
    expect(await action.text('action-summary')).toContain('Amber');

    await page.getByRole('radio', { name: 'Green' }).check();
    await page
      .getByLabel('What has happened')
      .fill('The SEND Improvement Board agreed the plan; health partners signed up.');
    await clickAndWait(page, page.locator('[data-qa=save-update]'));
    const updated = await PlanPage.verifyOnPage(page, ACTION);
    expect(await updated.flash.innerText()).toContain('The update is recorded.');
    expect(await updated.text('updates')).toContain('health partners signed up');
    expect(await updated.text('updates')).toContain('Ruth Adams');
    expect(await updated.text('action-summary')).toContain('Green');
    await check(page, 'action');

    await clickAndWait(page, page.getByRole('link', { name: `Back to ${SEND}` }));
    const priority = await PlanPage.verifyOnPage(page, SEND);
    expect(await priority.text('actions')).toContain(ACTION);
    await check(page, 'priority');

    await page.goto('/plan');
    await clickAndWait(page, page.getByRole('link', { name: 'West Locality Children’s Partnership' }));
    await PlanPage.verifyOnPage(page, 'West Locality Children’s Partnership');
    await clickAndWait(page, page.locator('[data-qa=new-action]'));
    await fillAction(page, 'Parenting drop-ins at Harlow family hubs', 'Sam Patel');
    await page.getByRole('radio', { name: 'Green' }).check();
    await page.getByLabel('The plan’s priority it serves (optional)').selectOption({ label: 'Parenting' });
    await clickAndWait(page, page.locator('[data-qa=save-action]'));
    await PlanPage.verifyOnPage(page, 'Parenting drop-ins at Harlow family hubs');
    await clickAndWait(page, page.getByRole('link', { name: 'Back to the West Locality Children’s Partnership' }));
    const locality = await PlanPage.verifyOnPage(page, 'West Locality Children’s Partnership');
    expect(await locality.text('actions')).toContain('Parenting drop-ins at Harlow family hubs');
    await check(page, 'locality');
  });
});
