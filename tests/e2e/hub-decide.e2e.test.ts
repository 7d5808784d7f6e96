import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney, type Journey } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';
import { childEntry } from '../helpers/person-entry.ts';

/**
 * The Hub's decide page as a screener under pressure uses it (issue 17, item 10): the request's key facts beside
 * the form, the Windscreen descriptors grouped by level, each pathway's follow-up questions revealed only when it is
 * chosen (and all shown without JavaScript), every problem at once; and the queue, least time left first.
 */

const SCREENER = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };
const MANAGER = { email: 'hub.manager@essex.example', name: 'Tom Reid', password: DEMO_PASSWORD };

class DecidePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<DecidePage> {
    await expectOnPage(page, 'Decide');
    return new DecidePage(page);
  }

  async record(): Promise<void> {
    await clickAndWait(this.page, this.page.locator('[data-qa=record-decision]'));
  }

  pathway(name: string) {
    return this.page.getByRole('radio', { name, exact: true });
  }
}

async function teacherRequest(journey: Journey, firstName: string, level: number): Promise<string> {
  const { frontDoor, users } = journey.server.services;
  const found = (await users.search('teacher@essex.example', 1)).rows[0]!;
  const teacher = (await users.view({ userId: null, label: 'test set-up' }, found.id))!;
  const actor = { userId: teacher.id, label: 'teacher' };
  const child = (name: string, dateOfBirth: string) =>
    childEntry({
      relationship: 'daughter',
      firstName: name,
      lastName: 'Okoro',
      dateOfBirth,
      gender: 'female',
      address: '4 Church Street, Harlow',
    });
  const draftId = await frontDoor.startDraft(actor, teacher.id);
  await frontDoor.saveDraft(teacher.id, draftId, 1, () => ({
    people: [child(firstName, '2015-09-14'), child('Tobi', '2019-03-02')],
    district: 'harlow',
    worries: [
      { area: 'education', details: 'Late most days and very tired; missed 12 days this term.' },
      { area: 'health', details: 'Mum says she is not sleeping and is anxious about going to school.' },
    ],
    strengths: 'Close to her gran.',
    tried: { text: 'Meeting with mum.', earlyHelpPlan: false, taf: false },
    level: { level, reasons: 'Needs are growing and school alone cannot meet them.' },
    consent: { request: true, sharing: true, reason: '' },
  }));
  const sent = await frontDoor.submitPractitionerRequest(
    actor,
    { userId: teacher.id, organisationId: teacher.organisation_id, name: teacher.display_name },
    draftId,
  );
  return `${sent!.reference.slice(0, 4)} ${sent!.reference.slice(4)}`;
}

async function openDecide(page: Page, reference: string): Promise<DecidePage> {
  await page.goto('/hub');
  await expectOnPage(page, 'Hub queue');
  await clickAndWait(page, page.locator('[data-qa=queue]').getByRole('link', { name: reference }));
  await expectOnPage(page, `Request ${reference}`);
  if (await page.locator('[data-qa=assign-me]').count()) {
    await clickAndWait(page, page.locator('[data-qa=assign-me]'));
    await expectOnPage(page, `Request ${reference}`);
  }
  await clickAndWait(page, page.locator('[data-qa=decide]'));
  return DecidePage.verifyOnPage(page);
}

const height = (page: Page) => page.evaluate(() => document.body.scrollHeight);

describe('the Hub decide page and queue', () => {
  const journey = useJourney();
  let reference: string;

  beforeAll(async () => {
    await journey.server.services.directory.seedDemoServices('essex');
    reference = await teacherRequest(journey, 'Amara', 3);
  });

  it('shows the request beside the form, reveals only the chosen pathway’s questions, and lists every problem at once', async () => {
    const page = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, SCREENER);
    await saveScreenshotsOf(page, '/hub', 'hub-queue-by-time-left');
    let decide = await openDecide(page, reference);
    console.log(`decide page height at 1280 px: ${await height(page)}`);
    const facts = page.locator('[data-qa=request-facts]');
    expect(await facts.innerText()).toContain('Amara Okoro, 11');
    expect(await facts.innerText()).toContain('Level 3: Intensive');
    expect(await facts.locator('[data-qa=facts-worries]').innerText()).toContain('Getting a good education');
    // Only the level asked for is open; the others are a click away.
    expect(await page.locator('[data-qa=descriptor-level][open]').count()).toBe(1);
    expect(await page.getByRole('checkbox', { name: 'Exposed to domestic abuse' }).isVisible()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Safeguarding concerns' }).isVisible()).toBe(false);
    // No follow-up question until a pathway is chosen; then only that pathway's.
    expect(await page.getByLabel('The family have agreed to Family Solutions').isVisible()).toBe(false);
    expect(await page.getByRole('radio', { name: 'Strategy discussion' }).isVisible()).toBe(false);
    await decide.pathway('Family Solutions (level 3)').check();
    expect(await page.getByLabel('The family have agreed to Family Solutions').isVisible()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Strategy discussion' }).isVisible()).toBe(false);
    // GOV.UK's radios did the reveal; the aria-expanded it puts on a radio (not allowed there) is taken off.
    expect(await page.locator('#conditional-pathway-3').isVisible()).toBe(true);
    expect(await page.locator('.govuk-radios__input[aria-expanded]').count()).toBe(0);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'hub-decide-revealed-1280');

    // Submitted with nothing but the pathway: every problem, the pathway's own question too, in one summary.
    await decide.record();
    decide = await DecidePage.verifyOnPage(page);
    expect((await decide.errors()).messages).toEqual([
      'Select the level of need',
      'Enter the reasons for the decision, in your own words',
      'Family Solutions needs the family’s consent: confirm they have agreed, or choose another pathway',
    ]);
    expect(await decide.pathway('Family Solutions (level 3)').isChecked()).toBe(true);
    expect(await page.getByLabel('The family have agreed to Family Solutions').isVisible()).toBe(true);
    await saveScreenshot(page, 'hub-decide-errors-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'hub-decide-errors-390');

    await decide.pathway('Children’s social care (level 4)').check();
    expect(await page.getByRole('radio', { name: 'Strategy discussion' }).isVisible()).toBe(true);
    expect(await page.getByLabel('The family have agreed to Family Solutions').isVisible()).toBe(false);
    await decide.pathway('Family Solutions (level 3)').check();
    await page.getByRole('radio', { name: /^Level 3/ }).check();
    await page.getByRole('checkbox', { name: 'Exposed to domestic abuse' }).check();
    await page.getByLabel('Reasons, in your words').fill('Several needs; mum agrees to Family Solutions.');
    // Searching the directory is part of the form: what was typed and chosen is still there afterwards.
    await page.getByText('Find services to signpost to', { exact: true }).click();
    await page.getByLabel('Search the Directory of Services').fill('parenting');
    await clickAndWait(page, page.getByRole('button', { name: 'Search the directory' }));
    decide = await DecidePage.verifyOnPage(page);
    expect(await page.getByLabel('Reasons, in your words').inputValue()).toBe(
      'Several needs; mum agrees to Family Solutions.',
    );
    expect(await page.getByRole('checkbox', { name: 'Exposed to domestic abuse' }).isChecked()).toBe(true);
    expect(await decide.pathway('Family Solutions (level 3)').isChecked()).toBe(true);
    await saveScreenshot(page, 'hub-decide-searched-390');
    await page.getByLabel('The family have agreed to Family Solutions').check();
    await decide.record();
    await expectOnPage(page, `Request ${reference}`);
    expect(await page.locator('[data-qa=decision]').innerText()).toContain('Level 3: Family Solutions (level 3)');
  });

  it('works without JavaScript: every pathway’s questions are shown', async () => {
    const other = await teacherRequest(journey, 'Bisi', 2);
    const page = await journey.newPage({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    await signIn(page, MANAGER);
    const decide = await openDecide(page, other);
    expect(await page.getByLabel('The family have agreed to Family Solutions').isVisible()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Strategy discussion' }).isVisible()).toBe(true);
    await decide.pathway('Children’s social care (level 4)').check();
    await decide.record();
    await DecidePage.verifyOnPage(page);
    expect((await decide.errors()).messages).toEqual([
      'Select the level of need',
      'Enter the reasons for the decision, in your own words',
      'Select a statutory assessment or a strategy discussion',
    ]);
    await saveScreenshotsOf(page, page.url(), 'hub-decide-no-js');
  });
});

/** Screenshots of a page at a phone's width and a desktop's. */
async function saveScreenshotsOf(page: Page, url: string, name: string): Promise<void> {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    if (page.url() !== new URL(url, page.url()).href) await page.goto(url);
    await saveScreenshot(page, `${name}-${width}`);
  }
}
