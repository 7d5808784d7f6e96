import { addDays, format } from 'date-fns';
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
 * Issue 13, MACE 1: the coordinator opens a case for a child in the West quadrant and schedules the West meeting;
 * the agenda shows the new case; the police member of the West panel records Essex Police's information; the
 * coordinator records the discussion and a protection plan action.
 */

const COORDINATOR = { email: 'mace.coordinator@essex.example', name: 'Nadia Brennan', password: DEMO_PASSWORD };
const MEMBER = { email: 'mace.member@essex.example', name: 'Kwame Mensah', password: DEMO_PASSWORD };

class MacePage extends BasePage {
  constructor(page: Page) {
    super(page);
  }
  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }
}

async function both(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `${name}-1280`);
}

const fillDate = async (page: Page, name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(d)));
  await page.locator(`#${name}-month`).fill(String(Number(m)));
  await page.locator(`#${name}-year`).fill(y!);
};
const inDays = (n: number) => format(addDays(new Date(`${todayInLondon()}T12:00:00Z`), n), 'yyyy-MM-dd');

describe('a MACE 1 meeting', () => {
  const journey = useJourney();

  it('opens a West case, builds the agenda, records the police information, the discussion and a plan action', async () => {
    const page = await journey.newPage();
    await signIn(page, COORDINATOR);
    await page.goto('/');
    await clickAndWait(page, new MacePage(page).navigationLink('MACE'));
    await expectOnPage(page, 'MACE');
    await expectNoAxeViolations(page);
    // The panels: the coordinator keeps who sits on each quadrant's panel.
    await clickAndWait(page, page.getByRole('link', { name: 'MACE panels' }));
    await expectOnPage(page, 'MACE panels');
    expect(await new MacePage(page).text('panel-west')).toContain('Kwame Mensah');
    await expectNoAxeViolations(page);
    await both(page, 'mace1-panels');
    await page.goto('/mace');

    // Open a case directly.
    await clickAndWait(page, page.locator('[data-qa=open-case]'));
    await expectOnPage(page, 'Open a MACE 1 case');
    await clickAndWait(page, page.locator('[data-qa=submit-nomination]'));
    const errors = await new MacePage(page).errors();
    expect(errors.messages).toContain('Enter the child’s first name');
    await both(page, 'mace1-open-case-errors');
    await page.getByRole('radio', { name: 'At high risk of being exploited' }).check();
    await page.getByLabel('First name').fill('Kayden');
    await page.getByLabel('Last name').fill('Rowe');
    await fillDate(page, 'childDateOfBirth', '2011-02-14');
    await page.getByLabel('District where the child lives').selectOption({ label: 'Harlow (West)' });
    await page
      .getByLabel('Why does MACE 1 need to review the child?')
      .fill('Seen with older males at Harlow Town station; two missing episodes this month.');
    await page.getByLabel('Which agencies are involved? (optional)').fill('School, Essex Police, youth service');
    await clickAndWait(page, page.locator('[data-qa=submit-nomination]'));
    await expectOnPage(page, 'Kayden Rowe');
    expect(await new MacePage(page).flash.innerText()).toContain('The MACE 1 case is open');
    await expectNoAxeViolations(page);
    await both(page, 'mace1-case');

    // Schedule the West meeting.
    await page.goto('/mace');
    await clickAndWait(page, page.locator('[data-qa=schedule-meeting]'));
    await expectOnPage(page, 'Schedule a MACE 1 meeting');
    await page.getByLabel('Quadrant').selectOption({ label: 'West' });
    await fillDate(page, 'date', inDays(7));
    await page.getByLabel('Start time').fill('10am');
    await page.getByRole('radio', { name: 'Online' }).check();
    await page.getByLabel('Where, or how to join').fill('Teams link in the invitation');
    await page.getByLabel('Chair').fill('DI Sarah Cole');
    await expectNoAxeViolations(page);
    await both(page, 'mace1-meeting-form');
    await clickAndWait(page, page.locator('[data-qa=schedule]'));
    await expectOnPage(page, /MACE 1 meeting/);
    const agenda = await new MacePage(page).text('agenda');
    expect(agenda).toContain('Kayden Rowe');
    expect(agenda).toContain('New case');
    const meetingUrl = page.url();
    await expectNoAxeViolations(page);
    await both(page, 'mace1-agenda');

    // The police member of the West panel records Essex Police's information.
    const police = await journey.newPage();
    await signIn(police, MEMBER);
    await police.goto(meetingUrl);
    await expectOnPage(police, /MACE 1 meeting/);
    await clickAndWait(police, police.getByRole('link', { name: 'Kayden Rowe' }));
    await expectOnPage(police, 'Kayden Rowe');
    await police
      .getByLabel('Your agency’s information')
      .fill('Stopped twice in Harlow with cash and a second phone; linked to a county line.');
    await clickAndWait(police, police.locator('[data-qa=record-information]'));
    expect(await new MacePage(police).text('agency-information')).toContain('Essex Police');
    await expectNoAxeViolations(police);
    await both(police, 'mace1-agency-information');

    // The coordinator records the discussion and a protection plan action.
    await page.goto(meetingUrl);
    await clickAndWait(page, page.getByRole('link', { name: 'Kayden Rowe' }));
    expect(await new MacePage(page).text('agency-information')).toContain('linked to a county line');
    await page
      .getByLabel('Summary of the discussion')
      .fill('Agreed disruption of the line and a safety plan with the school.');
    await page.getByRole('radio', { name: 'High' }).check();
    await page.getByRole('radio', { name: 'The child stays in MACE 1: review again' }).check();
    await fillDate(page, 'nextReview', inDays(35));
    await clickAndWait(page, page.locator('[data-qa=record-discussion]'));
    expect(await new MacePage(page).flash.innerText()).toContain('The discussion is recorded');
    await clickAndWait(page, page.locator('[data-qa=add-action]'));
    await expectOnPage(page, 'Add a protection plan action');
    await page.getByLabel('Agency').selectOption({ label: 'Essex Police' });
    await page.getByLabel('Action', { exact: true }).fill('Serve a Child Abduction Warning Notice on the older male.');
    await page.getByLabel('Owner').fill('DC Amir Khan');
    await fillDate(page, 'due', inDays(14));
    await expectNoAxeViolations(page);
    await both(page, 'mace1-action-form');
    await clickAndWait(page, page.locator('[data-qa=save-action]'));
    await expectOnPage(page, 'Kayden Rowe');
    expect(await new MacePage(page).text('plan-actions')).toContain('DC Amir Khan');
    await expectNoAxeViolations(page);
    await both(page, 'mace1-case-at-meeting');
    await page.goto('/mace');
    await both(page, 'mace1-home');
  });
});
