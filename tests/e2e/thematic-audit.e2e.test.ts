import { addDays, format, subDays } from 'date-fns';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { closedEarlyHelpEpisodes } from '../../src/demo/seed-audits.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 16, a multi-agency thematic audit: the Board manager samples closed early help episodes at level 2, adds an
 * agency's safeguarding lead as auditor; the auditor opens a sampled family and sends the agency's findings with a
 * grade per case; the manager records the findings meeting, a cross-cutting theme and a plan action, then closes the
 * audit, after which the auditor no longer sees the family.
 */
const MANAGER = { email: 'board.manager@essex.example', name: 'Helen Marsh', password: DEMO_PASSWORD };
const AUDITOR = { email: 'agency.lead@essex.example', name: 'Paul Ndlovu', password: DEMO_PASSWORD };
const THEME = 'Working with parental and adult mental health';

class AuditPage extends BasePage {
  constructor(page: Page) {
    super(page);
  }
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<AuditPage> {
    await expectOnPage(page, heading);
    return new AuditPage(page);
  }
  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }
}

async function check(page: Page, name: string) {
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `thematic-audit-${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `thematic-audit-${name}-1280`);
}
async function fillDate(page: Page, name: string, day: Date) {
  await page.locator(`#${name}-day`).fill(format(day, 'd'));
  await page.locator(`#${name}-month`).fill(format(day, 'M'));
  await page.locator(`#${name}-year`).fill(format(day, 'yyyy'));
}

describe('A thematic audit', () => {
  const journey = useJourney();

  it('goes from sampling to findings, the meeting, themes and the service development plan', async () => {
    await closedEarlyHelpEpisodes(journey.server.services, ['Hartley', 'Osei', 'Brennan']);
    const manager = await journey.newPage();
    await signIn(manager, MANAGER);
    await manager.goto('/');
    await clickAndWait(manager, manager.getByRole('link', { name: 'Audits', exact: true }));
    await AuditPage.verifyOnPage(manager, 'Audits');
    await check(manager, 'list');
    await clickAndWait(manager, manager.locator('[data-qa=new-case-audit]'));
    await AuditPage.verifyOnPage(manager, 'Start a multi-agency case audit');

    // Nothing chosen: every problem named, in the page's order.
    await manager.getByLabel('How many cases').fill('');
    await clickAndWait(manager, manager.locator('[data-qa=save-case-audit]'));
    expect((await new AuditPage(manager).errors()).messages).toEqual([
      'Select a single-case or a thematic audit',
      'Enter the audit’s theme, like neglect',
      'Enter the first day of closure',
      'Enter the last day of closure',
      'Enter the number of cases as a whole number',
    ]);
    await check(manager, 'new-errors');
    await manager.getByRole('radio', { name: 'Thematic audit (MATA)' }).check();
    await manager.getByLabel('Theme').fill(THEME);
    await fillDate(manager, 'closedFrom', subDays(new Date(), 30));
    await fillDate(manager, 'closedTo', new Date());
    await manager.getByRole('radio', { name: 'Level 2' }).check();
    await manager.getByLabel('How many cases').fill('2');
    await clickAndWait(manager, manager.locator('[data-qa=save-case-audit]'));
    const audit = await AuditPage.verifyOnPage(manager, THEME);
    expect(await audit.text('cases')).toContain('Hartley family');
    const auditUrl = new URL(manager.url()).pathname;
    await manager.getByLabel('Add an auditor by email').fill(AUDITOR.email);
    await clickAndWait(manager, manager.locator('[data-qa=add-auditor]'));
    expect(await new AuditPage(manager).text('auditors')).toContain('Paul Ndlovu');

    // The auditor sees the sampled family, and sends the agency's findings.
    const auditor = await journey.newPage();
    await signIn(auditor, AUDITOR);
    await auditor.goto('/');
    await clickAndWait(auditor, auditor.getByRole('link', { name: 'Audits', exact: true }));
    await clickAndWait(auditor, auditor.getByRole('link', { name: THEME }));
    await AuditPage.verifyOnPage(auditor, THEME);
    await check(auditor, 'auditor-view');
    await clickAndWait(auditor, auditor.getByRole('link', { name: 'Hartley family' }));
    await expectOnPage(auditor, /Hartley family/);
    const familyUrl = new URL(auditor.url()).pathname;
    await auditor.goto(auditUrl);
    await clickAndWait(auditor, auditor.locator('[data-qa=findings-link]'));
    await AuditPage.verifyOnPage(auditor, THEME);
    await clickAndWait(auditor, auditor.locator('[data-qa=send-findings]'));
    expect((await new AuditPage(auditor).errors()).messages).toEqual([
      'Enter your agency’s overview of findings',
      'Select a grade for case 1',
      'Select a grade for case 2',
    ]);
    await check(auditor, 'findings-errors');
    const radios = auditor.locator('.govuk-radios');
    await radios.nth(0).getByRole('radio', { name: 'Good', exact: true }).check();
    await radios.nth(1).getByRole('radio', { name: 'Requires improvement' }).check();
    await auditor
      .getByLabel('Overview of findings')
      .fill('Adult mental health services were not always invited to TAF meetings.');
    await clickAndWait(auditor, auditor.locator('[data-qa=send-findings]'));
    expect(await new AuditPage(auditor).flash.innerText()).toContain('your agency’s findings are sent');

    // The manager records the findings meeting, a theme and an action, then closes the audit.
    await manager.goto(auditUrl);
    const withFindings = await AuditPage.verifyOnPage(manager, THEME);
    expect(await withFindings.text('audit')).toContain('50% of 2 grades good or outstanding');
    await fillDate(manager, 'meetingOn', new Date());
    await manager
      .getByLabel('Agency', { exact: true })
      .selectOption({ label: 'Essex Partnership University NHS Foundation Trust (EPUT)' });
    await manager.getByLabel('How many attended from the agency').fill('3');
    await clickAndWait(manager, manager.locator('[data-qa=record-attendance]'));
    expect(await new AuditPage(manager).text('attendance-total')).toContain('3 professionals from 1 agency');
    await manager.getByLabel('Theme', { exact: true }).fill('Think Family');
    await clickAndWait(manager, manager.locator('[data-qa=add-theme]'));
    await manager
      .getByLabel('Action', { exact: true })
      .fill('Invite adult mental health practitioners to TAF meetings');
    await manager.getByLabel('Owner').fill('EPUT named nurse');
    await fillDate(manager, 'dueOn', addDays(new Date(), 60));
    await clickAndWait(manager, manager.locator('[data-qa=add-action]'));
    const planned = new AuditPage(manager);
    expect(await planned.text('themes')).toContain('Think Family');
    expect(await planned.text('plan')).toContain('EPUT named nurse');
    await check(manager, 'findings-and-plan');
    await clickAndWait(manager, manager.locator('[data-qa=close-audit]'));
    expect(await new AuditPage(manager).flash.innerText()).toContain('The audit is closed');

    const after = await auditor.goto(familyUrl);
    expect(after?.status()).toBe(403);
  });
});
