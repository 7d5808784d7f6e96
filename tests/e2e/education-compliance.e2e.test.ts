import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { yearGroupName, yearGroupOn } from '../../src/platform/calendar/school-year.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { signIn } from './support/sign-in.ts';
import { atBothWidths } from './support/widths.ts';

const OFFICER = { email: 'education.compliance@essex.example', name: 'Anita Lang', password: DEMO_PASSWORD };

async function typeDate(page: Page, id: string, day: string, month: string, year: string) {
  await page.locator(`#${id}-day`).fill(day);
  await page.locator(`#${id}-month`).fill(month);
  await page.locator(`#${id}-year`).fill(year);
}

describe('the Education Compliance officer takes a child missing education to a School Attendance Order', () => {
  const journey = useJourney();

  it('reports the child (a school leaver refused first), records an enquiry and the order’s stages in order', async () => {
    const page = await journey.newPage();
    await signIn(page, OFFICER);
    await clickAndWait(page, page.locator('main').getByRole('link', { name: 'Education Compliance' }));
    await expectOnPage(page, 'Education Compliance');
    await atBothWidths(page, 'education-list');

    await clickAndWait(page, page.locator('[data-qa=new-cme]'));
    await expectOnPage(page, 'Report a child missing education');
    await page.locator('#firstName').fill('Tomasz');
    await page.locator('#lastName').fill('Wiśniewski');
    await typeDate(page, 'dateOfBirth', '3', '5', '2008');
    await page.locator('#district').selectOption('basildon');
    await page.locator('#source').selectOption('school-deregistration');
    await typeDate(page, 'reportedOn', '2', '11', '2026');
    await page.locator('#school').fill('Basildon Academy');
    await clickAndWait(page, page.locator('[data-qa=save]'));
    await expectOnPage(page, /Report a child missing education/);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('a school leaver cannot be recorded');
    expect(await page.locator('#firstName').inputValue()).toBe('Tomasz');
    await atBothWidths(page, 'education-school-leaver-refused');

    await typeDate(page, 'dateOfBirth', '3', '5', '2014');
    await clickAndWait(page, page.locator('[data-qa=save]'));
    await expectOnPage(page, 'Tomasz Wiśniewski');
    expect(await page.locator('[data-qa=summary]').innerText()).toMatch(
      new RegExp(`Year group\\s+${yearGroupName(yearGroupOn('2014-05-03', todayInLondon()))}`),
    );

    await clickAndWait(page, page.locator('[data-qa=add-event]'));
    await expectOnPage(page, 'Record a whereabouts enquiry');
    await page.locator('#source').selectOption('home-visit');
    await typeDate(page, 'on', '4', '11', '2026');
    await page.locator('#details').fill('The family still live at the address; no school place applied for.');
    await clickAndWait(page, page.locator('[data-qa=save]'));
    await expectOnPage(page, 'Tomasz Wiśniewski');

    // The order before its notice is refused; then the notice, then the order.
    await clickAndWait(page, page.locator('[data-qa=record-sao]'));
    await expectOnPage(page, 'Record a School Attendance Order stage');
    await page.getByLabel('School Attendance Order served').check();
    await typeDate(page, 'on', '10', '11', '2026');
    await clickAndWait(page, page.locator('[data-qa=save]'));
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('go in order');
    await atBothWidths(page, 'education-sao-out-of-order');
    await page.getByLabel('Notice of intention to serve a School Attendance Order').check();
    await clickAndWait(page, page.locator('[data-qa=save]'));
    await expectOnPage(page, 'Tomasz Wiśniewski');
    await clickAndWait(page, page.locator('[data-qa=record-sao]'));
    await page.getByLabel('School Attendance Order served').check();
    await typeDate(page, 'on', '25', '11', '2026');
    await clickAndWait(page, page.locator('[data-qa=save]'));
    await expectOnPage(page, 'Tomasz Wiśniewski');
    expect(await page.locator('[data-qa=sao-stages]').innerText()).toMatch(
      /Notice of intention[\s\S]+10 November 2026[\s\S]+School Attendance Order served: 25 November 2026/,
    );
    await atBothWidths(page, 'education-case-sao');
  });
});
