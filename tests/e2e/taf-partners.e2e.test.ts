import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 17, item 11: the lead professional adds a school nurse who does not use Hearth to the family's Team Around
 * the Family; she is emailed an invitation to the meeting already arranged (naming nobody in the family), is in
 * the meeting's invitees marked "No Hearth account", and is told when the meeting moves.
 */

const WORKER = { email: 'fs.worker@essex.example', name: 'Jo Carter', password: DEMO_PASSWORD };
const DAY = 24 * 60 * 60 * 1000;

class PartnerPage extends BasePage {
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<PartnerPage> {
    await expectOnPage(page, heading);
    return new PartnerPage(page);
  }
  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }
  async follow(qa: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator(`[data-qa=${qa}]`));
  }
}

async function both(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `${name}-1280`);
}

describe('a practitioner without a Hearth account in the Team Around the Family', () => {
  const journey = useJourney();
  let familyPath: string;
  let meetingId: string;
  let episodeId: string;

  beforeAll(async () => {
    const services = journey.server.services;
    const item = await hubWorkItem(services, {
      kind: 'family-solutions',
      surname: 'Penhaligon',
      children: ['Ivy'],
      parent: 'Rosa',
    });
    const worker = await userByEmail(services, WORKER.email);
    const actor = { userId: worker.id, label: 'test set-up' };
    const started = await services.earlyHelp.startFromWorkItem(actor, worker, item.id, item.version);
    const familyId = started.familyId;
    episodeId = started.episodeId;
    familyPath = `/families/${familyId}`;
    const members = await services.earlyHelp.membersOf(familyId);
    meetingId = await services.taf.schedule(actor, worker, episodeId, 'upcoming', {
      startsAt: new Date(Date.now() + 10 * DAY),
      online: false,
      place: 'Harlow Primary, the library',
      userIds: [],
      emails: [],
      personIds: members.map((m) => m.person_id),
    });
  });

  it('the lead professional adds a school nurse, who is emailed an invitation naming nobody and shows in the invitees', async () => {
    const page = await journey.newPage();
    await signIn(page, WORKER);
    await page.goto(familyPath);
    let p = await PartnerPage.verifyOnPage(page, 'The Penhaligon family');
    await p.follow('add-partner-link');

    p = await PartnerPage.verifyOnPage(page, 'Add a practitioner who does not use Hearth');
    expect(await p.text('no-record-access')).toContain('They will not be able to see this family’s record');
    await page.getByLabel('Their full name').fill('Amina <b>Hussain</b>');
    await page.getByLabel('Their work email address').fill('amina at nhs');
    await page.getByLabel('Their phone number (optional)').fill('call me');
    await p.follow('add-partner');
    p = await PartnerPage.verifyOnPage(page, 'Add a practitioner who does not use Hearth');
    expect((await p.errors()).messages).toEqual([
      'Their full name must only include letters, spaces, hyphens and apostrophes',
      'Enter their role, like school nurse or health visitor',
      'Select their organisation, or enter its name if it is not in the list',
      'Enter an email address in the correct format, like name@example.com',
      'Enter a phone number, like 01632 960 001 or 07700 900 982',
    ]);
    await both(page, 'taf-partner-errors');

    await page.getByLabel('Their full name').fill('Amina Hussain');
    await page.getByLabel('Their role').fill('School nurse');
    await page
      .getByLabel('Or the organisation’s name, if it is not in the list')
      .fill('Essex Child and Family Wellbeing Service');
    await page.getByLabel('Their work email address').fill('amina.hussain@nhs.example');
    await page.getByLabel('Their phone number (optional)').fill('01632 960 001');
    // The meeting already arranged is ticked.
    expect(await page.getByRole('checkbox', { name: /Harlow Primary, the library/ }).isChecked()).toBe(true);
    await both(page, 'taf-partner-new');
    await p.follow('add-partner');

    p = await PartnerPage.verifyOnPage(page, 'The Penhaligon family');
    expect(await p.flash.innerText()).toMatch(
      /Amina Hussain is in the Team Around the Family and has been emailed an invitation/,
    );
    expect(await p.text('taf-partners')).toMatch(
      /Amina Hussain\s+School nurse, Essex Child and Family Wellbeing Service/,
    );
    await both(page, 'taf-partner-family');
    await page.setViewportSize({ width: 390, height: 844 });
    await page
      .locator('[data-qa=taf-partners]')
      .screenshot({ path: 'test-results/screenshots/taf-partner-family-list-390.png' });
    await page.setViewportSize({ width: 1280, height: 800 });

    const email = (await journey.server.services.notify.latestTo('amina.hussain@nhs.example'))!;
    expect(email.template).toBe('taf-partner-invitation');
    expect(email.body).toContain('Where: Harlow Primary, the library');
    expect(email.body).toContain('Jo Carter');
    expect(`${email.subject} ${email.body}`).not.toMatch(/Penhaligon|Ivy|Rosa|\/families\//);

    await page.goto(`/early-help/meetings/${meetingId}`);
    p = await PartnerPage.verifyOnPage(page, 'Team Around the Family meeting');
    expect(await p.text('invitees')).toMatch(
      /Amina Hussain\s+No Hearth account\s+School nurse, Essex Child and Family Wellbeing Service\s+Not yet recorded/,
    );
    await both(page, 'taf-partner-meeting');

    // The next meeting offers her with the practitioners who use Hearth.
    await page.goto(`/early-help/episodes/${episodeId}/meetings/new`);
    await PartnerPage.verifyOnPage(page, 'Schedule a TAF meeting');
    expect(await page.getByRole('checkbox', { name: /Amina Hussain, School nurse/ }).isChecked()).toBe(false);
    await both(page, 'taf-schedule-with-partner');

    await page.goto(`/early-help/meetings/${meetingId}`);
    p = await PartnerPage.verifyOnPage(page, 'Team Around the Family meeting');
    // Moving the meeting online tells her, with the new details.
    await p.follow('change-link');
    p = await PartnerPage.verifyOnPage(page, 'Change the time or place');
    await page.getByRole('radio', { name: 'Online' }).check();
    await both(page, 'taf-meeting-change');
    await p.follow('save-change');
    p = await PartnerPage.verifyOnPage(page, 'Team Around the Family meeting');
    expect(await p.flash.innerText()).toContain('Everyone invited has been emailed');
    const changed = (await journey.server.services.notify.latestTo('amina.hussain@nhs.example'))!;
    expect(changed.template).toBe('taf-partner-changed');
    expect(changed.body).toContain('Where: Online. Jo Carter will send you how to join.');
  });

  it('an administrator sees who was invited without an account, and can start their account from it', async () => {
    const page = await journey.newPage();
    await signIn(page, { email: 'admin@essex.example', name: 'Alex Morgan', password: DEMO_PASSWORD });
    await page.goto('/admin/users');
    let p = await PartnerPage.verifyOnPage(page, 'Users');
    await p.follow('without-accounts-link');
    p = await PartnerPage.verifyOnPage(page, 'Practitioners in a Team Around the Family without an account');
    expect(await p.text('without-accounts')).toMatch(
      /Amina Hussain\s+School nurse, Essex Child and Family Wellbeing Service/,
    );
    expect(await p.text('without-accounts')).not.toContain('Penhaligon');
    await both(page, 'taf-partners-admin');
    await clickAndWait(page, page.getByRole('link', { name: 'Create an account for Amina Hussain' }));
    await PartnerPage.verifyOnPage(page, 'Add a user');
    expect(await page.getByLabel('Work email address').inputValue()).toBe('amina.hussain@nhs.example');
  });
});
