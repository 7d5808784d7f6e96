import { format, subDays } from 'date-fns';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 16, a case review from referral to learning action: the Board manager records a referral and later links the child
 * to Hearth's record of them (a reason is needed); the council's,
 * police's and health's leads each triage it (a second decision is not offered); the Board manager records the Rapid
 * Review, starts the local review, moves it on a stage, adds a recommendation and sets a learning action for EPUT; EPUT's
 * lead sees it (with the review's reference, never the child's name) and gives evidence; the Board manager accepts it.
 */
const person = (email: string, name: string) => ({ email, name, password: DEMO_PASSWORD });
const MANAGER = person('board.manager@essex.example', 'Helen Marsh');
const PARTNERS = [
  person('partner.council@essex.example', 'Caroline Hart'),
  person('partner.police@essex.example', 'Gareth Lowe'),
  person('partner.health@essex.example', 'Dr Amira Said'),
];
const AGENCY = person('agency.lead@essex.example', 'Paul Ndlovu');

class ReviewPage extends BasePage {
  constructor(page: Page) {
    super(page);
  }
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<ReviewPage> {
    await expectOnPage(page, heading);
    return new ReviewPage(page);
  }
  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }
}

async function check(page: Page, name: string) {
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `case-review-${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `case-review-${name}-1280`);
}
async function fillDate(page: Page, name: string, day: Date) {
  await page.locator(`#${name}-day`).fill(format(day, 'd'));
  await page.locator(`#${name}-month`).fill(format(day, 'M'));
  await page.locator(`#${name}-year`).fill(format(day, 'yyyy'));
}

describe('Case reviews', () => {
  const journey = useJourney();

  it('takes a review from referral through triage, the Rapid Review and the local review to a learning action', async () => {
    const manager = await journey.newPage();
    await signIn(manager, MANAGER);
    await manager.goto('/');
    await clickAndWait(manager, manager.getByRole('link', { name: 'Case reviews', exact: true }));
    await ReviewPage.verifyOnPage(manager, 'Case reviews');
    await clickAndWait(manager, manager.getByRole('link', { name: 'Record a referral' }));
    await ReviewPage.verifyOnPage(manager, 'Record a case review referral');

    // Nothing ticked: refused, what was typed kept.
    await manager.getByLabel('First name').fill('Riley');
    await manager.getByLabel('Last name').fill('Stevens');
    const born = subDays(new Date(), 900);
    await fillDate(manager, 'dateOfBirth', born);
    await manager.getByLabel('Who referred the case').fill('Dr Sam Whitaker');
    await fillDate(manager, 'referredOn', subDays(new Date(), 2));
    await manager
      .getByLabel('What happened')
      .fill('A two-year-old admitted with a head injury that did not fit the story.');
    await clickAndWait(manager, manager.locator('[data-qa=save-referral]'));
    expect((await new ReviewPage(manager).errors()).messages).toEqual(['Select at least one criterion the case meets']);
    await check(manager, 'referral-errors');
    await manager.getByRole('checkbox', { name: /child has been seriously harmed/ }).check();
    await clickAndWait(manager, manager.locator('[data-qa=save-referral]'));
    const referral = await ReviewPage.verifyOnPage(manager, 'Riley Stevens');
    expect(await referral.flash.innerText()).toContain('The referral is recorded');
    expect(await referral.text('referral')).toContain('Dr Sam Whitaker');
    await check(manager, 'referral');
    const referralUrl = new URL(manager.url()).pathname;

    // Riley matched no record. Health's record of the child arrives later, spelt differently; the Board manager finds
    // it from the referral and links it (a reason is needed).
    expect(await referral.text('referral')).toContain('Not linked');
    await journey.server.services.people.createPerson(
      { userId: null, label: 'case review journey' },
      { firstName: 'Riley', lastName: 'Stephens', dateOfBirth: format(born, 'yyyy-MM-dd') },
    );
    await clickAndWait(manager, manager.locator('[data-qa=find-child]'));
    await ReviewPage.verifyOnPage(manager, 'Find Riley Stevens in Hearth');
    await manager.getByRole('radio', { name: 'Riley Stephens' }).check();
    await clickAndWait(manager, manager.locator('[data-qa=save-child]'));
    expect((await new ReviewPage(manager).errors()).messages).toEqual(['Give the reason for the change']);
    await check(manager, 'child-errors');
    await manager
      .getByLabel('Why is this the right record?')
      .fill('Health confirmed the address; the surname was misspelt.');
    await clickAndWait(manager, manager.locator('[data-qa=save-child]'));
    const linked = await ReviewPage.verifyOnPage(manager, 'Riley Stevens');
    expect(await linked.flash.innerText()).toContain('linked to the child’s record');
    expect(await linked.text('referral')).toContain('Linked to Riley Stephens');
    expect(await linked.text('child-history')).toContain('the surname was misspelt');
    await check(manager, 'child-linked');

    // Each partner triages from their home page's task.
    for (const [i, partner] of PARTNERS.entries()) {
      const page = await journey.newPage();
      await signIn(page, partner);
      await page.goto('/');
      await clickAndWait(page, page.getByRole('link', { name: 'Case reviews', exact: true }));
      await ReviewPage.verifyOnPage(page, 'Case reviews');
      await clickAndWait(page, page.locator(`[data-qa=awaiting-triage] a[href="${referralUrl}"]`));
      await ReviewPage.verifyOnPage(page, 'Riley Stevens');
      if (i === 0) {
        await clickAndWait(page, page.locator('[data-qa=save-triage]'));
        expect((await new ReviewPage(page).errors()).messages).toEqual([
          'Select whether the case meets the criteria for a Rapid Review',
          'Give the reason for your partner’s decision',
        ]);
        await check(page, 'triage-errors');
      }
      await page.getByRole('radio', { name: /Yes: it meets the criteria/ }).check();
      await page.getByLabel('Reason').fill('Serious harm; abuse suspected.');
      await clickAndWait(page, page.locator('[data-qa=save-triage]'));
      const done = await ReviewPage.verifyOnPage(page, 'Riley Stevens');
      expect(await done.flash.innerText()).toContain('Your partner’s triage decision is recorded.');
      // Decided: the form is gone.
      expect(await page.locator('[data-qa=triage-form]').count()).toBe(0);
      if (i === 2) await check(page, 'triaged');
      await page.close();
    }

    // The Rapid Review, then the local review.
    await manager.goto(referralUrl);
    await clickAndWait(manager, manager.locator('[data-qa=record-rapid-review]'));
    await ReviewPage.verifyOnPage(manager, 'Record the Rapid Review');
    await fillDate(manager, 'heldOn', new Date());
    await manager.locator('#localReview').check();
    await manager.locator('#panelNotified').check();
    await fillDate(manager, 'panelNotifiedOn', subDays(new Date(), 1));
    await manager.getByLabel('Reason for the decision').fill('Agencies did not share what they knew about the father.');
    await check(manager, 'rapid-review');
    await clickAndWait(manager, manager.locator('[data-qa=save-rapid-review]'));
    await ReviewPage.verifyOnPage(manager, 'Riley Stevens');
    await clickAndWait(manager, manager.locator('[data-qa=start-local-review]'));
    await manager.getByRole('radio', { name: /Systems review/ }).check();
    await fillDate(manager, 'startedOn', new Date());
    await clickAndWait(manager, manager.locator('[data-qa=save-local-review]'));
    await ReviewPage.verifyOnPage(manager, 'Riley Stevens');
    await clickAndWait(manager, manager.getByRole('link', { name: 'Record the next stage' }));
    // Out of order: refused.
    await manager.getByRole('radio', { name: 'Published' }).check();
    await fillDate(manager, 'reachedOn', new Date());
    await clickAndWait(manager, manager.locator('[data-qa=save-stage]'));
    expect((await new ReviewPage(manager).errors()).messages).toEqual([
      'The review must reach “Agency information gathered” before “Published”',
    ]);
    await check(manager, 'stage-errors');
    await manager.getByRole('radio', { name: 'Agency information gathered' }).check();
    await clickAndWait(manager, manager.locator('[data-qa=save-stage]'));
    await ReviewPage.verifyOnPage(manager, 'Riley Stevens');
    await clickAndWait(manager, manager.getByRole('link', { name: 'Add a recommendation' }));
    await manager.getByLabel('Recommendation').fill('Adult services ask about the children of every parent they see.');
    await clickAndWait(manager, manager.locator('[data-qa=save-recommendation]'));
    await clickAndWait(manager, manager.locator('[data-qa=add-action]'));
    await ReviewPage.verifyOnPage(manager, 'Set a learning action');
    await manager
      .getByLabel('Agency', { exact: true })
      .selectOption({ label: 'Essex Partnership University NHS Foundation Trust (EPUT)' });
    await manager.getByLabel('Owner in the agency').fill('Head of Adult Community Mental Health');
    await manager
      .getByLabel('Action', { exact: true })
      .fill('Add the Think Family questions to every adult assessment.');
    await fillDate(manager, 'dueOn', subDays(new Date(), -60));
    await check(manager, 'action-form');
    await clickAndWait(manager, manager.locator('[data-qa=save-action]'));
    const withAction = await ReviewPage.verifyOnPage(manager, 'Riley Stevens');
    expect(await withAction.text('actions')).toContain('Think Family');
    await check(manager, 'review');
    const reference = (await manager.locator('.govuk-caption-l').first().innerText()).replace(
      'Case review referral ',
      '',
    );

    // EPUT's lead answers from their home page, seeing the reference but never the child.
    const agency = await journey.newPage();
    await signIn(agency, AGENCY);
    await agency.goto('/');
    await clickAndWait(agency, agency.getByRole('link', { name: 'Learning actions from case reviews' }));
    const list = await ReviewPage.verifyOnPage(agency, 'Learning actions');
    expect(await list.text('actions')).toContain(reference);
    expect(await agency.content()).not.toContain('Riley');
    await check(agency, 'agency-list');
    await clickAndWait(agency, agency.locator('[data-qa=actions]').getByRole('link', { name: /Think Family/ }));
    await ReviewPage.verifyOnPage(agency, /Learning action for Essex Partnership/);
    expect(await agency.content()).not.toContain('Riley');
    await agency.getByLabel('Evidence').fill('Audit of 30 assessments: 27 ask about the children.');
    await clickAndWait(agency, agency.locator('[data-qa=send-evidence]'));
    expect(await new ReviewPage(agency).flash.innerText()).toContain('Your evidence is sent');
    await check(agency, 'evidence');

    // The Board manager accepts it for the multi-agency group.
    await manager.goto('/case-reviews/learning');
    await clickAndWait(manager, manager.locator('[data-qa=actions]').getByRole('link', { name: /Think Family/ }));
    await manager.getByRole('radio', { name: /Accept/ }).check();
    await clickAndWait(manager, manager.locator('[data-qa=save-check]'));
    const accepted = await ReviewPage.verifyOnPage(manager, /Learning action for Essex Partnership/);
    expect(await accepted.text('action')).toContain('Accepted');
    await check(manager, 'accepted');
  }, 360_000);
});
