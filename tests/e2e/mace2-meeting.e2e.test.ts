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
 * Issue 13, MACE 2: the MACE coordinator records a place of concern and a disruption action in the West quadrant,
 * schedules a meeting and opens it: it shows the local picture and the action. The West panel's member (Essex
 * Police) then updates the action from the quadrant's page.
 */

const COORDINATOR = { email: 'mace.coordinator@essex.example', name: 'Nadia Brennan', password: DEMO_PASSWORD };
const MEMBER = { email: 'mace.member@essex.example', name: 'Kwame Mensah', password: DEMO_PASSWORD };
const ACTION = 'Operation Henderson: patrol the trains and taxis between Harlow and London';

class MacePage extends BasePage {
  constructor(page: Page) {
    super(page);
  }
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<MacePage> {
    await expectOnPage(page, heading);
    return new MacePage(page);
  }
  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }
}

/** Axe, then the page at 390 px (no sideways scroll) and 1280 px. */
async function check(page: Page, name: string) {
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `${name}-1280`);
}

describe('MACE 2', () => {
  const journey = useJourney();

  it('records a place and an action, opens a meeting with the local picture, and a member updates the action', async () => {
    const [year, month, day] = todayInLondon().split('-') as [string, string, string];
    const page = await journey.newPage();
    await signIn(page, COORDINATOR);
    await page.goto('/');
    await clickAndWait(page, new MacePage(page).navigationLink('MACE'));
    await MacePage.verifyOnPage(page, 'MACE');
    await check(page, 'mace2-index');
    await clickAndWait(page, page.getByRole('link', { name: 'MACE 2: West quadrant' }));
    await MacePage.verifyOnPage(page, 'MACE 2: West quadrant');

    // A place of concern.
    await clickAndWait(page, page.locator('[data-qa=new-place]'));
    await MacePage.verifyOnPage(page, 'Add a place of concern');
    await clickAndWait(page, page.locator('[data-qa=save-place]'));
    expect((await new MacePage(page).errors()).messages).toEqual([
      'Select what kind of place it is',
      'Enter the name of the place',
      'Select the district',
    ]);
    await check(page, 'mace2-place-errors');
    await page.getByRole('radio', { name: 'Railway or bus station' }).check();
    await page.getByLabel('Name of the place').fill('Harlow Town station');
    await page.getByLabel('District').selectOption({ label: 'Harlow' });
    await page.getByLabel('What is known about it (optional)').fill('Children seen meeting older men off the trains.');
    await clickAndWait(page, page.locator('[data-qa=save-place]'));
    await MacePage.verifyOnPage(page, 'Place of concern: Harlow Town station');
    await check(page, 'mace2-place');
    await clickAndWait(page, page.getByRole('link', { name: 'Back to the West quadrant' }));

    // A disruption action about the place, in the problem profile's action plan.
    await clickAndWait(page, page.locator('[data-qa=new-action]'));
    await MacePage.verifyOnPage(page, 'Add a disruption action');
    await page.getByRole('radio', { name: 'Disrupt' }).check();
    await page.getByLabel('What will be done').fill(ACTION);
    await page.getByLabel('Agency that owns it').selectOption({ label: 'Essex Police' });
    await page.getByLabel('Name of the owner').fill('PS Amir Khan');
    await page.locator('#dueOn-day').fill(String(Number(day)));
    await page.locator('#dueOn-month').fill(String(Number(month)));
    await page.locator('#dueOn-year').fill(String(Number(year) + 1));
    await page
      .getByLabel('About a place or person of concern (optional)')
      .selectOption({ label: 'Place: Harlow Town station' });
    await page.getByRole('checkbox', { name: 'Part of the problem profile’s action plan' }).check();
    await check(page, 'mace2-action-form');
    await clickAndWait(page, page.locator('[data-qa=save-action]'));
    await MacePage.verifyOnPage(page, 'Disruption action: disrupt');
    await clickAndWait(page, page.getByRole('link', { name: 'Back to the West quadrant' }));

    // A meeting today, with the Harlow and Epping Forest Community Safety Partnerships and Essex Police.
    await clickAndWait(page, page.locator('[data-qa=new-meeting]'));
    await MacePage.verifyOnPage(page, 'Schedule a MACE 2 meeting');
    await page.locator('#heldOn-day').fill(String(Number(day)));
    await page.locator('#heldOn-month').fill(String(Number(month)));
    await page.locator('#heldOn-year').fill(year);
    await page.getByRole('checkbox', { name: 'Harlow Community Safety Partnership' }).check();
    await page.getByRole('checkbox', { name: 'Epping Forest Community Safety Partnership' }).check();
    await page.getByRole('checkbox', { name: 'Essex Police' }).check();
    await check(page, 'mace2-meeting-form');
    await clickAndWait(page, page.locator('[data-qa=save-meeting]'));
    const meeting = await MacePage.verifyOnPage(page, 'MACE 2 meeting: West quadrant');
    expect(await meeting.text('meeting-actions')).toContain(ACTION);
    expect(await meeting.text('local-picture')).toContain('The last 3 months');
    expect(await meeting.text('local-picture')).toContain('Missing episodes reported');
    await check(page, 'mace2-meeting');
    await clickAndWait(page, page.getByRole('link', { name: 'Back to the West quadrant' }));
    await check(page, 'mace2-quadrant');

    // The West panel's member updates the action.
    const member = await journey.newPage();
    await signIn(member, MEMBER);
    await member.goto('/mace');
    await clickAndWait(member, member.getByRole('link', { name: 'MACE 2: West quadrant' }));
    await MacePage.verifyOnPage(member, 'MACE 2: West quadrant');
    await clickAndWait(member, member.locator('[data-qa=open-actions]').getByRole('link', { name: ACTION }));
    await MacePage.verifyOnPage(member, 'Disruption action: disrupt');
    await member.getByRole('radio', { name: 'In progress' }).check();
    await member.getByLabel('What has happened').fill('First joint patrol done on the 17:10 from Liverpool Street.');
    await clickAndWait(member, member.locator('[data-qa=save-update]'));
    const updated = await MacePage.verifyOnPage(member, 'Disruption action: disrupt');
    expect(await updated.flash.innerText()).toContain('The action is updated.');
    expect(await updated.text('updates')).toContain('First joint patrol done');
    expect(await updated.text('action-summary')).toContain('In progress');
    await check(member, 'mace2-action-updated');
  });
});
