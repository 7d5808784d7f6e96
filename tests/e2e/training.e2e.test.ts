import { addDays, format } from 'date-fns';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 16, the workforce: the Board manager adds a training session from the Partnership page; a practitioner books
 * it from their home page; once it has been held the manager records attendance; the practitioner evaluates it.
 */

const MANAGER = { email: 'board.manager@essex.example', name: 'Helen Marsh', password: DEMO_PASSWORD };
const TEACHER = { email: 'teacher@essex.example', name: 'Grace Okafor', password: DEMO_PASSWORD };
const COURSE = 'Domestic abuse and its impact on children';

class TrainingPage extends BasePage {
  constructor(page: Page) {
    super(page);
  }
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<TrainingPage> {
    await expectOnPage(page, heading);
    return new TrainingPage(page);
  }
  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }
}

/** Axe, then the page at 390 px (no sideways scroll) and 1280 px. */
async function check(page: Page, name: string) {
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `training-${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `training-${name}-1280`);
}

describe('Training', () => {
  const journey = useJourney();

  it('the manager adds a session, a practitioner books it, attendance is recorded and the practitioner evaluates it', async () => {
    const day = addDays(new Date(), 10);
    const manager = await journey.newPage();
    await signIn(manager, MANAGER);
    await manager.goto('/');
    await clickAndWait(manager, new TrainingPage(manager).navigationLink('Partnership'));
    await clickAndWait(
      manager,
      manager.locator('[data-qa=admin-tasks]').getByRole('link', { name: 'Training and champions' }),
    );
    await TrainingPage.verifyOnPage(manager, 'Training');
    await clickAndWait(manager, manager.getByRole('link', { name: 'Add a session' }));
    await TrainingPage.verifyOnPage(manager, 'Add a session');

    // No places: refused, what was typed kept.
    await manager.getByLabel('Course').selectOption({ label: COURSE });
    await manager.locator('#startsOn-day').fill(format(day, 'd'));
    await manager.locator('#startsOn-month').fill(format(day, 'M'));
    await manager.locator('#startsOn-year').fill(format(day, 'yyyy'));
    await manager.getByLabel('Start time').fill('9.30am');
    await manager.getByLabel('Length in minutes').fill('180');
    await manager.getByRole('radio', { name: 'In a venue' }).check();
    await manager.getByLabel('Venue, or how to join online').fill('County Hall, Chelmsford');
    await manager.getByLabel('Number of places').fill('0');
    await manager.getByLabel('Quadrant').selectOption({ label: 'Mid' });
    await clickAndWait(manager, manager.locator('[data-qa=save-session]'));
    expect((await new TrainingPage(manager).errors()).messages).toEqual([
      'The number of places must be between 1 and 1,000',
    ]);
    await check(manager, 'session-errors');
    await manager.getByLabel('Number of places').fill('12');
    await clickAndWait(manager, manager.locator('[data-qa=save-session]'));
    const added = await TrainingPage.verifyOnPage(manager, COURSE);
    expect(await added.text('session')).toContain('0 of 12 taken');
    const sessionUrl = new URL(manager.url()).pathname;

    // The practitioner books it from their home page's Training task.
    const teacher = await journey.newPage();
    await signIn(teacher, TEACHER);
    await teacher.goto('/');
    await clickAndWait(teacher, teacher.getByRole('link', { name: 'Training', exact: true }));
    const offer = await TrainingPage.verifyOnPage(teacher, 'Training');
    expect(await offer.text('sessions')).toContain(COURSE);
    await check(teacher, 'offer');
    await clickAndWait(teacher, teacher.locator('[data-qa=sessions]').getByRole('link', { name: COURSE }).first());
    await clickAndWait(teacher, teacher.locator('[data-qa=book]'));
    const booked = await TrainingPage.verifyOnPage(teacher, COURSE);
    expect(await booked.flash.innerText()).toContain('You have a place on this session.');
    await check(teacher, 'booked');

    // The session is held (time moves on), and the manager records attendance.
    await journey.server.database.db
      .updateTable('training_sessions')
      .set({ starts_at: addDays(new Date(), -1) })
      .where('id', '=', sessionUrl.split('/').pop()!)
      .execute();
    await manager.goto(sessionUrl);
    await TrainingPage.verifyOnPage(manager, COURSE);
    await manager.getByRole('radio', { name: 'Attended', exact: true }).check();
    await check(manager, 'attendance');
    await clickAndWait(manager, manager.locator('[data-qa=save-attendance]'));
    expect(await new TrainingPage(manager).flash.innerText()).toContain('The attendance is recorded.');

    // The practitioner evaluates it: first without answering, then properly.
    await teacher.goto('/training');
    await clickAndWait(teacher, teacher.locator('[data-qa=evaluate]'));
    await TrainingPage.verifyOnPage(teacher, 'Evaluate the session');
    await clickAndWait(teacher, teacher.locator('[data-qa=send-evaluation]'));
    expect((await new TrainingPage(teacher).errors()).messages).toEqual([
      'Select how far the session met its learning outcomes',
      'Select how confident you felt before the session',
      'Select how confident you feel now',
    ]);
    await check(teacher, 'evaluation-errors');
    await teacher.locator('#outcomesMet-4').check();
    await teacher.locator('#confidenceBefore-2').check();
    await teacher.locator('#confidenceAfter-4').check();
    await teacher.getByLabel('What will you do differently? (optional)').fill('Ask what happened, not why.');
    await clickAndWait(teacher, teacher.locator('[data-qa=send-evaluation]'));
    const done = await TrainingPage.verifyOnPage(teacher, 'Training');
    expect(await done.flash.innerText()).toContain('Thank you: your evaluation is saved.');
    expect(await done.text('my-bookings')).toContain('Given, thank you');
    await check(teacher, 'evaluated');

    // The champions networks, with their gaps.
    await manager.goto('/training/champions');
    await TrainingPage.verifyOnPage(manager, 'Champions networks');
    await check(manager, 'champions');
  });
});
