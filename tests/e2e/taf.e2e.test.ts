import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/modules/early-help/plan/rules.ts';
import { agreeFamilySolutions, hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/** A lead professional schedules a TAF meeting and records one already held; a TAF Support Officer logs the support they gave. */

const WORKER = { email: 'fs.worker@essex.example', name: 'Jo Carter', password: DEMO_PASSWORD };
const TAFSO = { email: 'tafso@essex.example', name: 'Sam Patel', password: DEMO_PASSWORD };
const DAY = 24 * 60 * 60 * 1000;
const parts = (d: Date) => ({
  day: String(d.getUTCDate()),
  month: String(d.getUTCMonth() + 1),
  year: String(d.getUTCFullYear()),
});

class TafPage extends BasePage {
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<TafPage> {
    await expectOnPage(page, heading);
    return new TafPage(page);
  }

  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }

  async follow(qa: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator(`[data-qa=${qa}]`));
  }

  async date(legend: string, d: Date): Promise<void> {
    const group = this.page.getByRole('group', { name: legend });
    const p = parts(d);
    await group.getByLabel('Day').fill(p.day);
    await group.getByLabel('Month').fill(p.month);
    await group.getByLabel('Year').fill(p.year);
  }

  async submit(qa: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator(`[data-qa=${qa}]`));
  }
}

describe('Team Around the Family meetings and the support log', () => {
  const journey = useJourney();
  let familyPath: string;

  beforeAll(async () => {
    const services = journey.server.services;
    const item = await hubWorkItem(services, {
      kind: 'family-solutions',
      surname: 'Okonjo',
      children: ['Tia'],
      parent: 'Rosa',
    });
    const worker = await userByEmail(services, WORKER.email);
    const actor = { userId: worker.id, label: 'test set-up' };
    const { familyId, episodeId } = await services.earlyHelp.startFromWorkItem(actor, worker, item.id, item.version);
    familyPath = `/families/${familyId}`;
    // An Early Help Plan with one action still to do, for the meeting to update.
    await agreeFamilySolutions(services, worker, episodeId);
    const planId = await services.plans.startPlan(actor, worker, episodeId, { startDate: todayInLondon() });
    const goalId = await services.plans.addGoal(actor, worker, planId, 1, {
      needId: null,
      area: 'education',
      description: 'Tia gets to school every day',
      startScore: 4,
    });
    const version = (await services.plans.repository.plan(planId))!.version;
    await services.plans.addAction(actor, worker, planId, version, {
      goalId,
      description: 'Rosa books the parenting course',
      who: { kind: 'practitioner', userId: worker.id },
      dueDate: '2099-03-31',
    });
  });

  it('the lead professional schedules a meeting, then records one already held with a new lead professional', async () => {
    const page = await journey.newPage();
    await signIn(page, WORKER);
    await page.goto(familyPath);
    let p = await TafPage.verifyOnPage(page, 'The Okonjo family');
    await p.follow('taf-meetings-link');
    p = await TafPage.verifyOnPage(page, 'Team Around the Family meetings');
    expect(await p.text('no-upcoming')).toContain('No meeting is scheduled');
    await p.follow('schedule-link');

    p = await TafPage.verifyOnPage(page, 'Schedule a TAF meeting');
    await p.submit('schedule');
    p = await TafPage.verifyOnPage(page, 'Schedule a TAF meeting');
    expect((await p.errors()).messages).toEqual([
      'Enter the date of the meeting',
      'Enter the time the meeting starts, like 9:30am or 2pm',
      'Select whether the meeting is in person or online',
    ]);
    await saveScreenshot(page, 'taf-schedule-errors');
    await p.date('Date of the meeting', new Date(Date.now() + 14 * DAY));
    await page.getByLabel('Time it starts').fill('10:00');
    await page.getByRole('radio', { name: 'In person' }).check();
    await page.getByLabel('Where the meeting is').fill('Harlow Primary, the library');
    await page.getByLabel('Other practitioners, by email address').fill('teacher@essex.example\ntafso@essex.example');
    await page.getByRole('checkbox', { name: /Rosa Okonjo/ }).check();
    await p.submit('schedule');

    p = await TafPage.verifyOnPage(page, 'Team Around the Family meeting');
    expect(await p.flash.innerText()).toContain('The practitioners invited have been emailed');
    expect(await p.text('invitees')).toMatch(/Grace Okafor\s+Essex schools and academies\s+Not yet recorded/);
    expect(await p.text('invitees')).toMatch(/Rosa Okonjo\s+Family member/);
    await saveScreenshot(page, 'taf-meeting-scheduled');

    await page.goto(`${familyPath}/meetings`);
    p = await TafPage.verifyOnPage(page, 'Team Around the Family meetings');
    expect(await p.text('upcoming-meetings')).toContain('Harlow Primary, the library');
    await p.follow('past-link');
    p = await TafPage.verifyOnPage(page, 'Record a meeting that has already happened');
    await p.date('Date of the meeting', new Date(Date.now() - 3 * DAY));
    await page.getByLabel('Time it starts').fill('14:30');
    await page.getByRole('radio', { name: 'Online' }).check();
    await page.getByRole('checkbox', { name: /Grace Okafor/ }).check();
    await page.getByRole('checkbox', { name: /Rosa Okonjo/ }).check();
    await p.submit('schedule');

    p = await TafPage.verifyOnPage(page, 'Record the meeting');
    await page
      .getByLabel('Notes of the meeting')
      .fill('Tia is at school most days now. Rosa has started the parenting course.');
    await p.date('Date of the next review', new Date(Date.now() - 4 * DAY));
    await p.submit('record');
    p = await TafPage.verifyOnPage(page, 'Record the meeting');
    const messages = (await p.errors()).messages;
    expect(messages.filter((m) => m.startsWith('Select whether'))).toHaveLength(3);
    expect(messages.at(-1)).toMatch(/^The next review must be after the meeting on/);
    await saveScreenshot(page, 'taf-record-errors');
    for (const name of ['Jo Carter', 'Grace Okafor', 'Rosa Okonjo']) {
      await page
        .getByRole('group', { name: new RegExp(`^${name}`) })
        .getByRole('radio', { name: name === 'Rosa Okonjo' ? 'Sent apologies' : 'Attended' })
        .check();
    }
    await page.getByLabel('Decisions').fill('Grace Okafor leads from now\nRefer Tia to the school nurse');
    expect(await p.text('plan-action')).toMatch(/Rosa books the parenting course[\s\S]*Jo Carter/);
    await page
      .getByRole('group', { name: 'Rosa books the parenting course' })
      .getByRole('radio', { name: 'Done' })
      .check();
    await page
      .getByLabel('Update on “Rosa books the parenting course” (optional)')
      .fill('Rosa started the course on Tuesday.');
    await p.date('Date of the next review', new Date(Date.now() + 40 * DAY));
    await page
      .getByLabel('Lead professional from now on')
      .selectOption({ label: 'Grace Okafor, Essex schools and academies' });
    await p.submit('record');

    p = await TafPage.verifyOnPage(page, 'Team Around the Family meeting');
    expect(await p.flash.innerText()).toContain('the new lead professional with it');
    expect(await p.text('meeting-summary')).toMatch(/Held[\s\S]*New lead professional\s+Grace Okafor/);
    expect(await p.text('invitees')).toMatch(/Rosa Okonjo\s+Family member\s+Sent apologies/);
    expect(await p.text('decisions')).toContain('Refer Tia to the school nurse');
    expect(await p.text('plan-action-updates')).toMatch(
      /Rosa books the parenting course[\s\S]*Marked done\s+Rosa started the course on Tuesday\./,
    );
    await saveScreenshot(page, 'taf-meeting-recorded');

    await page.goto(familyPath);
    await TafPage.verifyOnPage(page, 'The Okonjo family');
    await clickAndWait(page, page.getByRole('link', { name: 'Early Help Plan' }));
    p = await TafPage.verifyOnPage(page, 'Early Help Plan');
    expect(await p.text('taf-update')).toMatch(
      /^TAF meeting \d+ \w+ \d{4}: done – Rosa started the course on Tuesday\.$/,
    );
    await saveScreenshot(page, 'taf-plan-with-meeting-update');
  });

  it('a TAF Support Officer records support given to a practitioner and sees the partnership’s figures', async () => {
    const page = await journey.newPage();
    const { home } = await signIn(page, TAFSO);
    await home.openNavigation('Support log');
    let p = await TafPage.verifyOnPage(page, 'Your support log');
    expect(await p.text('no-entries')).toContain('not recorded any support yet');
    await p.follow('new-support');

    p = await TafPage.verifyOnPage(page, 'Record support you gave');
    await p.submit('save-support');
    p = await TafPage.verifyOnPage(page, 'Record support you gave');
    expect((await p.errors()).messages).toEqual([
      'Enter the date of the support',
      'Select the kind of support you gave',
      'Enter the practitioner’s email address if they use Hearth, or their name',
    ]);
    await saveScreenshot(page, 'taf-support-errors');
    await p.date('Date of the support', new Date(Date.now() - DAY));
    await page.getByRole('radio', { name: 'TAF meeting convened' }).check();
    await page.getByLabel('Their email address, if they use Hearth').fill('teacher@essex.example');
    await page.getByLabel('The family it was about (optional)').selectOption({ label: 'The Okonjo family' });
    await page.getByLabel('Notes (optional)').fill('Helped Grace plan her first TAF meeting as lead professional.');
    await p.submit('save-support');

    p = await TafPage.verifyOnPage(page, 'Your support log');
    expect(await p.flash.innerText()).toContain('The support is recorded');
    expect(await p.text('entries')).toMatch(
      /TAF meeting convened\s+Grace Okafor\s+Essex schools and academies\s+The Okonjo family/,
    );
    expect(await p.text('figures-total')).toBe('1');
    await saveScreenshot(page, 'taf-support-log');
  });
});
