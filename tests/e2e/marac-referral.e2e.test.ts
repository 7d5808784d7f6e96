import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { BreakGlassPage } from './pages/break-glass-pages.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';
import { atBothWidths } from './support/widths.ts';

/**
 * MARAC (issue 15): a practitioner refers a case with the DASH risk checklist, confirming who the victim and the
 * child are; the MARAC coordinator finds it in /marac and opens it (the refuge address shown to MARAC only); a Hub
 * practitioner who opens the child's family sees only that a restricted record exists and whom to ask.
 */
const TEACHER = { email: 'teacher@essex.example', name: 'Grace Okafor', password: DEMO_PASSWORD };
const COORDINATOR = { email: 'marac.coordinator@essex.example', name: '', password: DEMO_PASSWORD };
const HUB = { email: 'hub.practitioner@essex.example', name: '', password: DEMO_PASSWORD };

async function typeDate(page: Page, id: string, day: string, month: string, year: string) {
  await page.locator(`#${id}-day`).fill(day);
  await page.locator(`#${id}-month`).fill(month);
  await page.locator(`#${id}-year`).fill(year);
}

describe('a MARAC referral', () => {
  const journey = useJourney();

  it('is referred with the checklist, opened by the coordinator, and only marked for the Hub', async () => {
    const { services } = journey.server;
    const item = await hubWorkItem(services, {
      kind: 'family-solutions',
      surname: 'Harrow',
      children: ['Ella'],
      parent: 'Dee',
    });
    const worker = await userByEmail(services, 'fs.worker@essex.example');
    const { familyId } = await services.earlyHelp.startFromWorkItem(
      { userId: worker.id, label: worker.email },
      worker,
      item.id,
      item.version,
    );

    const page = await journey.newPage();
    await signIn(page, TEACHER);
    await page.goto('/marac');
    await expectOnPage(page, 'MARAC');
    await clickAndWait(page, page.locator('[data-qa=refer]'));
    await expectOnPage(page, 'Refer a case to MARAC');
    await page.locator('#victimFirstName').fill('Dee');
    await page.locator('#victimLastName').fill('Harrow');
    await typeDate(page, 'victimDateOfBirth', '21', '6', '1988');
    await page.locator('#victimAddress').fill('Refuge, 1 Quiet Lane');
    await page.getByLabel('This is a refuge address').check();
    await page.locator('#child1FirstName').fill('Ella');
    await page.locator('#child1LastName').fill('Harrow');
    await typeDate(page, 'child1DateOfBirth', '10', '3', '2014');
    await page.locator('#child1Relationship').fill('daughter');
    await page.locator('#harm1FirstName').fill('Wayne');
    await page.locator('#harm1LastName').fill('Calder');
    await page.locator('#harm1Relationship').fill('ex-partner');
    await page.locator('#referringAgency').selectOption('education');
    await page.locator('#district').selectOption('harlow');
    await page.locator('#summary').fill('Ella told her teacher her mother was hurt at home last night.');
    // Too few ticks first: refused, saying which thresholds it misses, with everything kept.
    for (let q = 1; q <= 5; q++) await page.locator(`#ticked-${q === 1 ? '' : q}`.replace(/-$/, '')).check();
    await clickAndWait(page, page.locator('[data-qa=refer]'));
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('does not meet MARAC’s criteria');
    expect(await page.locator('#summary').inputValue()).toContain('Ella told her teacher');
    await atBothWidths(page, 'marac-referral-refused');
    for (let q = 6; q <= 14; q++) await page.locator(`#ticked-${q}`).check();
    await clickAndWait(page, page.locator('[data-qa=refer]'));
    // Hearth found Dee and Ella: the referrer confirms them.
    await expect(page.locator('[data-qa=match-victim]').count()).resolves.toBe(1);
    await atBothWidths(page, 'marac-referral-confirm');
    await page.locator('[data-qa=match-victim] input[type=radio]').first().check();
    await page.locator('[data-qa=match-child1] input[type=radio]').first().check();
    await clickAndWait(page, page.locator('[data-qa=refer]'));
    await expectOnPage(page, /MARAC-/);
    const caseUrl = new URL(page.url()).pathname;
    expect(await page.locator('[data-qa=victim]').innerText()).toContain('Held by MARAC');
    expect(await page.locator('main').innerText()).not.toContain('Quiet Lane');
    await atBothWidths(page, 'marac-case-referrer');

    const coordinator = await journey.newPage();
    await signIn(coordinator, COORDINATOR);
    await coordinator.goto('/marac');
    await expectOnPage(coordinator, 'MARAC');
    await atBothWidths(coordinator, 'marac-list');
    await clickAndWait(coordinator, coordinator.locator('[data-qa=cases] [data-qa=case-link]').first());
    expect(new URL(coordinator.url()).pathname).toBe(caseUrl);
    expect(await coordinator.locator('[data-qa=victim]').innerText()).toContain('Refuge, 1 Quiet Lane');
    await atBothWidths(coordinator, 'marac-case-coordinator');

    // The Hub opens the family through emergency access: the MARAC case shows only as a restricted record.
    const hub = await journey.newPage();
    await signIn(hub, HUB);
    await hub.goto(`/families/${familyId}`);
    const ask = await BreakGlassPage.verifyOnPage(hub);
    await ask.submit({ reason: 'Police need the school and address of Ella tonight; her worker cannot be reached.' });
    const marker = await hub.locator('[data-qa=restricted-records]').innerText();
    expect(marker).toContain(
      'Ella Harrow: a restricted record exists. To see it, ask the MARAC coordinators (Essex Police).',
    );
    expect(await hub.locator('main').innerText()).not.toContain('MARAC case');
    // The family page's members table scrolls sideways at 390 px (an early help page, not MARAC's): axe at 1280 only.
    await expectNoAxeViolations(hub);
    await saveScreenshot(hub, 'marac-family-marker-1280');
    await hub.setViewportSize({ width: 390, height: 900 });
    await saveScreenshot(hub, 'marac-family-marker-390');
    await hub.setViewportSize({ width: 1280, height: 900 });
    await hub.goto(caseUrl);
    expect(await hub.locator('main').innerText()).toContain('A restricted record exists');
  });
});
