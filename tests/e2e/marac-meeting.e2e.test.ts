import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { seedDemoMarac } from '../../src/demo/seed-marac.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * A MARAC meeting (issue 15), on the demo's cases: the coordinator opens the next meeting's list; the IDVA service's
 * representative records its research on a case; the coordinator records the agencies present and the discussion,
 * and adds a safety action plan action (refused first without an owner); the representative, the action's owner,
 * marks it done.
 */
const COORDINATOR = { email: 'marac.coordinator@essex.example', name: 'Fiona Doyle', password: DEMO_PASSWORD };
const IDVA = { email: 'marac.idva@essex.example', name: 'Rebecca Hollis', password: DEMO_PASSWORD };

async function atBothWidths(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}`).toBeLessThanOrEqual(
      width,
    );
    await saveScreenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('a MARAC meeting', () => {
  const journey = useJourney();

  it('is prepared, held and planned: research, attendance, discussion, an action done', async () => {
    const { services } = journey.server;
    expect(await seedDemoMarac(services)).toBe(4);
    const { db } = services.maracMeetings;
    const leanne = await db
      .selectFrom('marac_cases as c')
      .innerJoin('marac_case_people as p', 'p.case_id', 'c.id')
      .select(['c.id', 'c.reference'])
      .where('p.role', '=', 'victim')
      .where('p.last_name', '=', 'Cotter')
      .executeTakeFirstOrThrow();

    // The coordinator opens the next meeting's list.
    const coordinator = await journey.newPage();
    await signIn(coordinator, COORDINATOR);
    await coordinator.goto('/marac/meetings');
    await expectOnPage(coordinator, /MARAC, /);
    const list = await coordinator.locator('[data-qa=meeting-list]').innerText();
    expect(list).toContain(leanne.reference);
    expect(list).toContain('Repeat');
    const meetingUrl = new URL(coordinator.url()).pathname;
    await atBothWidths(coordinator, 'marac-meeting-list');

    // The IDVA service's representative sees what their agency still has to research, and records it.
    const idva = await journey.newPage();
    await signIn(idva, IDVA);
    await idva.goto(meetingUrl);
    await expectOnPage(idva, /MARAC, /);
    const row = idva.locator('[data-qa=meeting-list] tr', { hasText: leanne.reference });
    expect(await row.innerText()).toContain('Still to research: IDVA');
    await clickAndWait(idva, row.getByRole('link', { name: leanne.reference }));
    await expectOnPage(idva, `Case ${leanne.reference}`);
    await idva.getByLabel('Known', { exact: true }).check();
    await idva.locator('#information').fill('Leanne rang the helpline in March; <b>no</b> support plan yet.');
    await atBothWidths(idva, 'marac-meeting-research-form');
    await clickAndWait(idva, idva.locator('[data-qa=record-research]'));
    const research = await idva.locator('[data-qa=research]').innerText();
    expect(research).toContain('Leanne rang the helpline in March; <b>no</b> support plan yet.');
    // Recorded once: the form is gone for the IDVA service.
    expect(await idva.locator('[data-qa=research-form]').count()).toBe(0);

    // The coordinator records who is present, then the discussion of the case.
    await coordinator.reload();
    for (const agency of ['Essex Police', 'IDVA (Independent Domestic Violence Advocate) Service', 'Health'])
      await coordinator.getByLabel(agency).check();
    await clickAndWait(coordinator, coordinator.locator('[data-qa=record-present]'));
    expect(await coordinator.locator('[data-qa=flash]').innerText()).toContain('agencies present are recorded');
    await clickAndWait(coordinator, coordinator.getByRole('link', { name: leanne.reference }));
    await expectOnPage(coordinator, `Case ${leanne.reference}`);
    expect(await coordinator.locator('[data-qa=research]').innerText()).toContain('IDVA');
    await coordinator
      .locator('#discussion')
      .fill('Fourth call-out this year. The police will apply for a protection notice; the IDVA will plan safety.');
    await atBothWidths(coordinator, 'marac-meeting-case');
    await clickAndWait(coordinator, coordinator.locator('[data-qa=record-discussion]'));
    await expectOnPage(coordinator, `Safety action plan: case ${leanne.reference}`);

    // An action with no owner is refused, keeping what was typed; then added with the IDVA as its owner.
    const [year] = todayInLondon().split('-');
    await coordinator.locator('#agency').selectOption('idva');
    await coordinator.locator('#description').fill('Make a safety plan with Leanne');
    await coordinator.locator('#due-day').fill('1');
    await coordinator.locator('#due-month').fill('6');
    await coordinator.locator('#due-year').fill(String(Number(year) + 1));
    await clickAndWait(coordinator, coordinator.locator('[data-qa=add-action]'));
    expect(await coordinator.locator('.govuk-error-summary').innerText()).toContain('Enter the owner’s name');
    expect(await coordinator.locator('#description').inputValue()).toBe('Make a safety plan with Leanne');
    await atBothWidths(coordinator, 'marac-plan-refused');
    await coordinator.locator('#ownerEmail').fill(IDVA.email);
    await clickAndWait(coordinator, coordinator.locator('[data-qa=add-action]'));
    const action = coordinator.locator('[data-qa=action]', { hasText: 'Make a safety plan with Leanne' });
    expect(await action.innerText()).toContain('Rebecca Hollis');
    expect(await action.innerText()).toContain('Open');

    // The representative, the action's owner, marks it done from the plan.
    await idva.goto(`/marac/cases/${leanne.id}/plan`);
    await expectOnPage(idva, `Safety action plan: case ${leanne.reference}`);
    const mine = idva.locator('[data-qa=action]', { hasText: 'Make a safety plan with Leanne' });
    await mine.getByLabel('Review: what was done').fill('Safety plan agreed with Leanne; a safe phone given.');
    await mine.getByLabel('Done', { exact: true }).check();
    await clickAndWait(idva, mine.locator('[data-qa=record-review]'));
    const done = idva.locator('[data-qa=action]', { hasText: 'Make a safety plan with Leanne' });
    expect(await done.innerText()).toContain('Safety plan agreed with Leanne');
    expect(await done.locator('.govuk-tag').first().innerText()).toBe('Done');
    await atBothWidths(idva, 'marac-plan-done');

    // The meeting's list shows the case heard.
    await coordinator.goto(meetingUrl);
    const heard = coordinator.locator('[data-qa=meeting-list] tr', { hasText: leanne.reference });
    expect(await heard.innerText()).toContain('Heard');
    await atBothWidths(coordinator, 'marac-meeting-heard');
  });
});
