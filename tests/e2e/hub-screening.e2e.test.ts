import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney, type Journey } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';
import { childEntry } from '../helpers/person-entry.ts';

/** A Hub practitioner screens a request: who is this child, then a decision; a manager approves a level 4. */

const SCREENER = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };
const MANAGER = { email: 'hub.manager@essex.example', name: 'Tom Reid', password: DEMO_PASSWORD };

class HubQueuePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<HubQueuePage> {
    await expectOnPage(page, 'Hub queue');
    return new HubQueuePage(page);
  }

  async open(reference: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=queue]').getByRole('link', { name: reference }));
  }
}

class RequestPage extends BasePage {
  static async verifyOnPage(page: Page, reference: string): Promise<RequestPage> {
    await expectOnPage(page, `Request ${reference}`);
    return new RequestPage(page);
  }

  async press(qa: string): Promise<void> {
    await clickAndWait(this.page, this.page.locator(`[data-qa=${qa}]`).first());
  }
}

class DecidePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<DecidePage> {
    await expectOnPage(page, 'Decide');
    return new DecidePage(page);
  }

  async searchServices(words: string): Promise<void> {
    // The search is folded away until it is needed (issue 17, item 10).
    await this.page.getByText('Find services to signpost to', { exact: true }).click();
    await this.page.getByLabel('Search the Directory of Services').fill(words);
    await clickAndWait(this.page, this.page.getByRole('button', { name: 'Search the directory' }));
  }

  async decide(input: {
    level: string;
    descriptor?: string;
    reasons: string;
    pathway: string;
    service?: string;
    route?: string;
  }): Promise<void> {
    await this.page.getByRole('radio', { name: new RegExp(`^${input.level}`) }).check();
    if (input.descriptor) await this.page.getByRole('checkbox', { name: input.descriptor, exact: true }).check();
    await this.page.getByLabel('Reasons, in your words').fill(input.reasons);
    await this.page.getByRole('radio', { name: input.pathway, exact: true }).check();
    if (input.service) await this.page.getByRole('checkbox', { name: input.service }).check();
    if (input.route) await this.page.getByRole('radio', { name: input.route, exact: true }).check();
    await clickAndWait(this.page, this.page.locator('[data-qa=record-decision]'));
  }
}

async function teacherRequest(journey: Journey, firstName: string, level: number): Promise<string> {
  const { frontDoor, users } = journey.server.services;
  const found = (await users.search('teacher@essex.example', 1)).rows[0]!;
  const teacher = (await users.view({ userId: null, label: 'test set-up' }, found.id))!;
  const actor = { userId: teacher.id, label: 'teacher' };
  const child = childEntry({
    relationship: 'daughter',
    firstName,
    lastName: 'Okoro',
    dateOfBirth: '2015-09-14',
    gender: 'female',
    address: '4 Church Street, Chelmsford',
    postcode: 'CM1 1QH',
    school: 'Chelmsford Primary',
  });
  const draftId = await frontDoor.startDraft(actor, teacher.id);
  await frontDoor.saveDraft(teacher.id, draftId, 1, () => ({
    people: [child],
    district: 'chelmsford',
    worries: [{ area: 'education', details: 'Late most days and very tired.' }],
    strengths: 'Close to her gran.',
    tried: { text: 'Meeting with mum.', earlyHelpPlan: false, taf: false },
    level: { level, reasons: 'Needs are growing.' },
    consent: { request: true, sharing: true, reason: '' },
  }));
  const sent = await frontDoor.submitPractitionerRequest(
    actor,
    { userId: teacher.id, organisationId: teacher.organisation_id, name: teacher.display_name },
    draftId,
  );
  return `${sent!.reference.slice(0, 4)} ${sent!.reference.slice(4)}`;
}

describe('screening a Request for Support in the Hub', () => {
  const journey = useJourney();
  let first: string;
  let second: string;

  beforeAll(async () => {
    await journey.server.services.directory.seedDemoServices('essex');
    first = await teacherRequest(journey, 'Amara', 2);
    second = await teacherRequest(journey, 'Zainab', 4);
  });

  it('a screener finds who the child is, signposts to a service, and a manager approves a level 4 decision', async () => {
    const page = await journey.newPage();
    const { home } = await signIn(page, SCREENER);
    await home.openNavigation('Hub queue');
    let queue = await HubQueuePage.verifyOnPage(page);
    await saveScreenshot(page, 'hub-queue');
    await queue.open(first);
    let request = await RequestPage.verifyOnPage(page, first);
    await request.press('assign-me');
    request = await RequestPage.verifyOnPage(page, first);
    expect(await request.flash.innerText()).toContain('You are screening this request');
    await request.press('create-person');
    request = await RequestPage.verifyOnPage(page, first);
    expect(await page.locator('[data-qa=linked]').innerText()).toContain('Amara Okoro');
    await saveScreenshot(page, 'hub-request');
    await request.press('decide');

    let decide = await DecidePage.verifyOnPage(page);
    await decide.searchServices('family hub');
    decide = await DecidePage.verifyOnPage(page);
    await decide.decide({ level: 'Level 2', reasons: '', pathway: 'Advice and signposting to services' });
    decide = await DecidePage.verifyOnPage(page);
    expect((await decide.errors()).messages).toEqual(['Enter the reasons for the decision, in your own words']);
    await saveScreenshot(page, 'hub-decide-error');
    await decide.decide({
      level: 'Level 2',
      reasons: 'Mum wants help with routines; school is supportive.',
      pathway: 'Advice and signposting to services',
      service: 'Chelmsford Family Hub',
    });
    await RequestPage.verifyOnPage(page, first);
    expect(await page.locator('[data-qa=decision]').innerText()).toContain(
      'Level 2: Advice and signposting to services',
    );
    await saveScreenshot(page, 'hub-request-decided');

    await page.goto('/hub');
    queue = await HubQueuePage.verifyOnPage(page);
    await queue.open(second);
    request = await RequestPage.verifyOnPage(page, second);
    await request.press('assign-me');
    request = await RequestPage.verifyOnPage(page, second);
    await request.press('decide');
    decide = await DecidePage.verifyOnPage(page);
    await decide.decide({
      level: 'Level 4',
      reasons: 'She has disclosed harm at home.',
      pathway: 'Children’s social care (level 4)',
      route: 'Strategy discussion',
    });
    request = await RequestPage.verifyOnPage(page, second);
    expect(await request.flash.innerText()).toContain('waiting for a Hub manager');

    const managerPage = await journey.newPage();
    await signIn(managerPage, MANAGER);
    await managerPage.goto('/hub');
    await HubQueuePage.verifyOnPage(managerPage);
    await clickAndWait(managerPage, managerPage.locator('[data-qa=approvals-link]'));
    await expectOnPage(managerPage, 'Decisions to approve');
    await clickAndWait(managerPage, managerPage.locator('[data-qa=approvals]').getByRole('link', { name: second }));
    const managed = await RequestPage.verifyOnPage(managerPage, second);
    await managerPage.getByRole('radio', { name: 'Approve', exact: true }).check();
    await managed.press('review');
    await RequestPage.verifyOnPage(managerPage, second);
    expect(await managerPage.locator('[data-qa=status]').innerText()).toBe('Decided');
    await saveScreenshot(managerPage, 'hub-approved');
  });
});
