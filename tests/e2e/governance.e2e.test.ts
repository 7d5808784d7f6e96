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
 * Issue 14, the boards: the board manager opens the Essex Safeguarding Children Board, schedules a meeting with two
 * agenda items, records the minutes and a decision, adds an action from an item and updates it. A board member then
 * sees the meeting and its action log, read-only.
 */

const MANAGER = { email: 'board.manager@essex.example', name: 'Helen Marsh', password: DEMO_PASSWORD };
const MEMBER = { email: 'board.member@essex.example', name: 'David Okafor', password: DEMO_PASSWORD };
const ACTION = 'Bring the Section 11 audit returns to the next Executive';

class BoardPage extends BasePage {
  constructor(page: Page) {
    super(page);
  }
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<BoardPage> {
    await expectOnPage(page, heading);
    return new BoardPage(page);
  }
  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }
}

/** Axe, then the page at 390 px (no sideways scroll) and 1280 px. */
async function check(page: Page, name: string) {
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `governance-${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `governance-${name}-1280`);
}

describe('Boards', () => {
  const journey = useJourney();

  it('a board manager runs a meeting and its action log; a board member reads them', async () => {
    const [year, month, day] = todayInLondon().split('-') as [string, string, string];
    const page = await journey.newPage();
    await signIn(page, MANAGER);
    await page.goto('/');
    await clickAndWait(page, new BoardPage(page).navigationLink('Partnership'));
    await clickAndWait(page, page.locator('[data-qa=admin-tasks]').getByRole('link', { name: 'Boards' }));
    await BoardPage.verifyOnPage(page, 'Boards');
    await check(page, 'boards');
    await clickAndWait(page, page.getByRole('link', { name: 'Essex Safeguarding Children Board' }));
    const board = await BoardPage.verifyOnPage(page, 'Essex Safeguarding Children Board');
    expect(await board.text('sub-groups')).toContain('Child Exploitation & Missing Sub-Committee');

    // A meeting: first with an impossible date, then today.
    await clickAndWait(page, page.locator('[data-qa=new-meeting]'));
    await BoardPage.verifyOnPage(page, 'Schedule a meeting');
    await page.locator('#heldOn-day').fill('31');
    await page.locator('#heldOn-month').fill('2');
    await page.locator('#heldOn-year').fill(year);
    await page.getByLabel('Time (optional)').fill('10.15am');
    await page.getByLabel('Place (optional)').fill('County Hall, Chelmsford');
    await clickAndWait(page, page.locator('[data-qa=save-meeting]'));
    expect((await new BoardPage(page).errors()).messages).toEqual([
      'The date of the meeting must be a real date, like 27 3 2026',
    ]);
    await check(page, 'meeting-errors');
    await page.locator('#heldOn-day').fill(String(Number(day)));
    await page.locator('#heldOn-month').fill(String(Number(month)));
    await clickAndWait(page, page.locator('[data-qa=save-meeting]'));
    await BoardPage.verifyOnPage(page, /^Meeting on /);

    for (const [title, presenter] of [
      ['ESCB Annual Report 2020-21', 'Independent Chair'],
      ['Section 11 audit', 'ESCB Business Manager'],
    ] as const) {
      await clickAndWait(page, page.locator('[data-qa=new-item]'));
      await BoardPage.verifyOnPage(page, 'Add an agenda item');
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Presented by (optional)').fill(presenter);
      await page.getByLabel('Purpose (optional)').fill('For decision');
      await clickAndWait(page, page.locator('[data-qa=save-item]'));
    }
    const meeting = await BoardPage.verifyOnPage(page, /^Meeting on /);
    expect(await meeting.text('agenda')).toContain('2. Section 11 audit');

    // Minutes of item 1, and a decision on it.
    await clickAndWait(page, page.getByRole('link', { name: 'Record the minutes of item 1' }));
    await BoardPage.verifyOnPage(page, 'Record the minutes');
    await page.getByLabel('Minutes').fill('The Independent Chair presented the report. <b>Members</b> welcomed it.');
    await check(page, 'minutes-form');
    await clickAndWait(page, page.locator('[data-qa=save-minutes]'));
    await clickAndWait(page, page.getByRole('link', { name: 'Record a decision on item 1' }));
    await BoardPage.verifyOnPage(page, 'Record a decision');
    await page.getByLabel('Decision').fill('The Annual Report 2020-21 is approved for publication.');
    await clickAndWait(page, page.locator('[data-qa=save-decision]'));
    const withMinutes = await BoardPage.verifyOnPage(page, /^Meeting on /);
    expect(await withMinutes.text('agenda')).toContain('<b>Members</b> welcomed it.');
    expect(await withMinutes.text('item-decisions')).toContain('approved for publication');

    // An action from item 2, then its update.
    await clickAndWait(page, page.getByRole('link', { name: 'Add an action from item 2' }));
    await BoardPage.verifyOnPage(page, /^Add an action/);
    await clickAndWait(page, page.locator('[data-qa=save-action]'));
    expect((await new BoardPage(page).errors()).messages).toEqual(['Enter the action', 'Enter who owns the action']);
    await page.getByLabel('Action', { exact: true }).fill(ACTION);
    await page.getByLabel('Owner').fill('ESCB Business Manager');
    await page.locator('#dueOn-day').fill(String(Number(day)));
    await page.locator('#dueOn-month').fill(String(Number(month)));
    await page.locator('#dueOn-year').fill(String(Number(year) + 1));
    await check(page, 'action-form');
    await clickAndWait(page, page.locator('[data-qa=save-action]'));
    await BoardPage.verifyOnPage(page, /^Action raised on /);
    await page.getByRole('radio', { name: 'In progress' }).check();
    await page.getByLabel('What has happened').fill('Returns asked of all partners by the end of the month.');
    await clickAndWait(page, page.locator('[data-qa=save-update]'));
    const action = await BoardPage.verifyOnPage(page, /^Action raised on /);
    expect(await action.flash.innerText()).toContain('The action is updated.');
    expect(await action.text('action-summary')).toContain('In progress');
    expect(await action.text('action-summary')).toContain('Section 11 audit');
    await check(page, 'action');
    await clickAndWait(page, page.getByRole('link', { name: 'Back to the action log' }));
    await BoardPage.verifyOnPage(page, 'Action log');
    await check(page, 'action-log-manager');

    // The board member: the meeting and the action log, read-only.
    const member = await journey.newPage();
    await signIn(member, MEMBER);
    await member.goto('/');
    await clickAndWait(member, new BoardPage(member).navigationLink('Partnership'));
    await clickAndWait(member, member.locator('[data-qa=admin-tasks]').getByRole('link', { name: 'Boards' }));
    await clickAndWait(member, member.getByRole('link', { name: 'Essex Safeguarding Children Board' }));
    const seen = await BoardPage.verifyOnPage(member, 'Essex Safeguarding Children Board');
    expect(await seen.text('open-actions')).toContain(ACTION);
    expect(await member.locator('[data-qa=new-meeting]').count()).toBe(0);
    await check(member, 'board-member');
    await clickAndWait(member, member.locator('[data-qa=meetings] a').first());
    const read = await BoardPage.verifyOnPage(member, /^Meeting on /);
    expect(await read.text('agenda')).toContain('approved for publication');
    expect(await member.locator('[data-qa=minutes-link]').count()).toBe(0);
    await check(member, 'meeting-member');
    await clickAndWait(member, member.getByRole('link', { name: 'Back to the Essex Safeguarding Children Board' }));
    await clickAndWait(member, member.locator('[data-qa=action-log]'));
    const log = await BoardPage.verifyOnPage(member, 'Action log');
    expect(await log.text('actions')).toContain(ACTION);
    await clickAndWait(member, member.getByRole('link', { name: ACTION }));
    await BoardPage.verifyOnPage(member, /^Action raised on /);
    expect(await member.locator('[data-qa=update-form]').count()).toBe(0);
    await check(member, 'action-member');

    // The scrutiny committee of seed 004: its work programme and action log.
    await member.goto('/boards/people-and-families-scrutiny/work-programme');
    await BoardPage.verifyOnPage(member, 'Work programme');
    await check(member, 'work-programme');
  });
});
