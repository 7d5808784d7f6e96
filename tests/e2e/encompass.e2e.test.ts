import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { PoliceListPage, PoliceUploadPage } from './pages/police-and-consultation-pages.ts';
import { useJourney } from './support/journey.ts';
import { signIn } from './support/sign-in.ts';
import { atBothWidths } from './support/widths.ts';

const HUB = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };
const DSL = { email: 'school.dsl@essex.example', name: 'Martin Keane', password: DEMO_PASSWORD };

const CSV = [
  'police_reference,incident_date,concern_category,summary,district,officer_name,address,postcode,child_1_first_name,child_1_last_name,child_1_date_of_birth,child_1_gender,child_2_first_name,child_2_last_name,child_2_date_of_birth,adult_1_first_name,adult_1_last_name,adult_1_relationship',
  '42/20001/26,01/12/2026,domestic-abuse,"Shouting reported by a neighbour; the father left before officers arrived.",Chelmsford,PC Amy Clarke,"5 Mill Road, Chelmsford",CM1 1QH,Ruby,Fletcher,14/02/2017,F,Alfie,Fletcher,03/03/2024,Joanne,Fletcher,mother',
].join('\n');

describe('Operation Encompass: police tell the Hub of domestic abuse, the school is told and records its support', () => {
  const journey = useJourney();
  let notificationUrl = '';

  it('the Hub records the police notification and chooses the child’s school', async () => {
    const page = await journey.newPage();
    await signIn(page, HUB);
    const list = await PoliceListPage.visit(page);
    await list.upload();
    const upload = await PoliceUploadPage.verifyOnPage(page);
    await upload.check('Essex Police', CSV);
    const after = await PoliceListPage.verifyOnPage(page);
    expect((await after.flash.innerText()).trim()).toContain('1 police notification added to the queue.');
    const [reference] = await after.references();
    await after.open(reference!);
    await expectOnPage(page, /Police notification/);
    const encompass = page.locator('[data-qa=encompass]');
    expect(await encompass.innerText()).toContain('Ruby Fletcher: school needed');
    expect(await encompass.innerText()).not.toContain('Alfie');
    await clickAndWait(page, encompass.getByRole('link', { name: 'Ruby Fletcher: school needed' }));
    await expectOnPage(page, 'Ruby Fletcher');
    notificationUrl = new URL(page.url()).pathname;
    await atBothWidths(page, 'encompass-school-needed');

    // The school search: a GET form (no script) narrowing the schools list by name, URN or district.
    await page.locator('#q').fill('<b>nowhere</b>');
    await clickAndWait(page, page.locator('[data-qa=search-schools]'));
    expect(await page.locator('[data-qa=no-schools]').innerText()).toContain('“<b>nowhere</b>”');
    await page.locator('#q').fill('meadowside chelmsford');
    await clickAndWait(page, page.locator('[data-qa=search-schools]'));
    await atBothWidths(page, 'encompass-school-search');
    await clickAndWait(page, page.locator('[data-qa=save-school]'));
    await expectOnPage(page, 'Ruby Fletcher');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select the child’s school');
    await page.getByLabel('Meadowside Primary School (demo)').check();
    await clickAndWait(page, page.locator('[data-qa=save-school]'));
    expect(await page.locator('[data-qa=flash]').innerText()).toContain('The school is recorded');
    expect(await page.locator('[data-qa=status]').innerText()).toBe('To be sent');

    // The background job's run: the notification goes to the school's lead and deputy.
    expect(await journey.server.services.encompass.sendDue()).toEqual({ sent: 1, refused: 0 });
    const email = await journey.server.services.notify.latestTo(DSL.email);
    expect(email?.subject).toBe('Operation Encompass: a notification for Meadowside Primary School (demo)');
    expect(email?.body).toContain('Ruby Fletcher, born 14 February 2017');
    expect(email?.body).not.toContain('Shouting');
    expect(email?.body).toContain(notificationUrl);

    await clickAndWait(page, page.getByRole('link', { name: 'Back to Operation Encompass' }));
    await expectOnPage(page, 'Operation Encompass');
    await atBothWidths(page, 'encompass-hub');
  });

  it('the school’s designated safeguarding lead records that it was received, then the support given', async () => {
    const page = await journey.newPage();
    await signIn(page, DSL);
    await clickAndWait(page, page.locator('main').getByRole('link', { name: 'Operation Encompass notifications' }));
    await expectOnPage(page, 'Operation Encompass notifications');
    expect(await page.locator('[data-qa=waiting]').innerText()).toContain('1 waiting');
    await atBothWidths(page, 'encompass-school-list');

    await clickAndWait(page, page.getByRole('link', { name: 'Ruby Fletcher' }));
    await expectOnPage(page, 'Ruby Fletcher');
    expect(await page.locator('main').innerText()).not.toContain('Shouting');
    await atBothWidths(page, 'encompass-notification');
    await clickAndWait(page, page.locator('[data-qa=record-received]'));
    expect(await page.locator('[data-qa=flash]').innerText()).toContain('the school received this notification');
    expect(await page.locator('[data-qa=status]').innerText()).toBe('Received');

    await clickAndWait(page, page.locator('[data-qa=support-link]'));
    await expectOnPage(page, 'Record the support the school gave');
    await clickAndWait(page, page.locator('[data-qa=save-support]'));
    await expectOnPage(page, 'Record the support the school gave');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select the support the school gave');
    await atBothWidths(page, 'encompass-support-error');
    await page.getByLabel('A named key adult checked in with the child').check();
    await page.locator('#details').fill('Her teacher met Ruby at the gate and checked in at lunch.');
    await clickAndWait(page, page.locator('[data-qa=save-support]'));
    await expectOnPage(page, 'Ruby Fletcher');
    expect(await page.locator('[data-qa=status]').innerText()).toBe('Support recorded');
    expect(await page.locator('[data-qa=support]').innerText()).toContain('Her teacher met Ruby at the gate');
    await atBothWidths(page, 'encompass-support-recorded');
  });
});
