import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import type { Authenticator } from './support/authenticator.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn, signInWithCode } from './support/sign-in.ts';

// A one-minute timeout with the warning 55 seconds before it: the dialog opens five seconds after a page loads (long
// enough for the steps between one opening and the next; every second more is a second of real waiting).
const HUB = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };
const FORM = '/hub/consultations/new';
const QUESTION = 'Łukasz’s school asked what help there is\nwith his attendance.';

describe('the timeout warning, and keeping what was typed', () => {
  const journey = useJourney({ env: { SESSION_IDLE_MINUTES: '1', SESSION_WARNING_SECONDS: '55' } });
  let page: Page;
  let authenticator: Authenticator;

  const dialog = () => page.getByRole('dialog', { name: 'You’re about to be signed out' });

  const remaining = async () =>
    page.evaluate(async () => {
      const response = await fetch('/session/status', { headers: { accept: 'application/json' } });
      return ((await response.json()) as { remainingSeconds: number }).remainingSeconds;
    });

  it('warns before the timeout in an accessible dialog; Escape and "Stay signed in" keep the session', async () => {
    page = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    ({ authenticator } = await signIn(page, HUB));
    await page.goto(FORM);
    await expectOnPage(page, 'Record a consultation');
    const question = page.getByLabel('What they asked');
    await question.fill(QUESTION);

    await dialog().waitFor({ state: 'visible', timeout: 20_000 });
    // Focus moves into the dialog, which names itself and says how long is left.
    expect(await page.evaluate(() => document.activeElement?.closest('dialog')?.id)).toBe('session-timeout');
    expect(await page.locator('[data-countdown-said]').textContent()).toMatch(
      /^For your security, we will sign you out in (\d+ seconds|1 minute)\.$/,
    );
    // A page with a form says what is kept if the time runs out.
    expect(await page.locator('#session-timeout-kept').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'session-timeout-warning-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'session-timeout-warning-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Escape carries on: the session is kept, and focus goes back to where it was.
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    expect(await remaining()).toBeGreaterThan(50);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question');

    await dialog().waitFor({ state: 'visible', timeout: 20_000 });
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    await dialog().waitFor({ state: 'hidden' });
    expect(await remaining()).toBeGreaterThan(50);
    expect(await question.inputValue()).toBe(QUESTION);

    // A page with nothing to type does not promise to keep it.
    const home = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await home.context().addCookies(await page.context().cookies());
    await home.goto('/');
    expect(await home.locator('#session-timeout-kept').getAttribute('hidden')).not.toBeNull();
    expect(await home.locator('#session-timeout').getAttribute('aria-describedby')).toBe('session-timeout-said');
    await home.close();
  });

  it('signs out at the timeout, keeps what was typed, and gives it back after signing in', async () => {
    await page.goto(FORM);
    await expectOnPage(page, 'Record a consultation');
    await page.getByLabel('What they asked').fill(QUESTION);
    await page.getByLabel('Practitioner’s name').fill('Ștefan Țurcanu');
    // Move the session's last activity back: when the dialog asks, the server says the time is up.
    const db = journey.server.database.db;
    const sessions = await db.selectFrom('sessions').select(['id', 'data']).where('user_id', 'is not', null).execute();
    for (const row of sessions) {
      const data = { ...(row.data as Record<string, unknown>), lastSeenAt: Date.now() - 65_000 };
      await db
        .updateTable('sessions')
        .set({ data: JSON.stringify(data) })
        .where('id', '=', row.id)
        .execute();
    }

    await page.waitForURL('**/signed-out?timeout=1', { timeout: 30_000 });
    await expectOnPage(page, 'You have been signed out');
    expect(await page.getByText('We kept what you had typed for an hour').isVisible()).toBe(true);
    await saveScreenshot(page, 'session-timeout-signed-out');

    await signInWithCode(page, HUB, authenticator);
    await page.waitForURL(`**${FORM}`);
    await expectOnPage(page, 'Record a consultation');
    expect(
      await page.getByText('You were signed out. We kept what you typed: check it and send it again.').isVisible(),
    ).toBe(true);
    expect(await page.getByLabel('What they asked').inputValue()).toBe(QUESTION);
    expect(await page.getByLabel('Practitioner’s name').inputValue()).toBe('Ștefan Țurcanu');
    await saveScreenshot(page, 'session-timeout-restored-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'session-timeout-restored-390');

    // Once only: the next visit is an empty form.
    await page.reload();
    await expectOnPage(page, 'Record a consultation');
    expect(await page.getByLabel('What they asked').inputValue()).toBe('');
  });

  it('without JavaScript there is no dialog, and the page works', async () => {
    const noScript = await journey.newPage({ javaScriptEnabled: false });
    await signInWithCode(noScript, HUB, authenticator);
    await noScript.goto(FORM);
    await expectOnPage(noScript, 'Record a consultation');
    expect(await noScript.getByRole('dialog').count()).toBe(0);
    expect(await noScript.locator('#session-timeout').isVisible()).toBe(false);
  });
});
