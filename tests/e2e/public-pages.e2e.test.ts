import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AccessibilityStatementPage, CookiesPage, NotFoundPage, StartPage } from './pages/public-pages.ts';
import { HomePage } from './pages/home-page.ts';
import { RecoveryCodesPage } from './pages/recovery-codes-page.ts';
import { SetUpTwoFactorPage } from './pages/set-up-two-factor-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { Authenticator } from './support/authenticator.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';

const PRACTITIONER = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };

/** GOV.UK Frontend marks the body once its JavaScript has run: proof of which mode the browser is in. */
const frontendScriptRan = (page: Page) =>
  page.evaluate(() => document.body.classList.contains('govuk-frontend-supported'));

describe('public pages', () => {
  const journey = useJourney();

  describe.each([
    { mode: 'with JavaScript', javaScriptEnabled: true },
    { mode: 'without JavaScript', javaScriptEnabled: false },
  ])('$mode', ({ javaScriptEnabled }) => {
    const suffix = javaScriptEnabled ? '' : '-no-js';

    it('the start page, cookies, accessibility statement and a missing page work and pass axe', async () => {
      const page = await journey.newPage({ javaScriptEnabled });
      const start = await StartPage.visit(page);
      expect(await frontendScriptRan(page)).toBe(javaScriptEnabled);
      await saveScreenshot(page, `start${suffix}`);

      await start.start();
      await SignInPage.verifyOnPage(page);

      const cookies = await CookiesPage.visit(page);
      expect(await cookies.page.getByRole('rowheader', { name: 'hearth_session' }).isVisible()).toBe(true);
      if (javaScriptEnabled) await saveScreenshot(page, 'cookies');

      await AccessibilityStatementPage.visit(page);
      if (javaScriptEnabled) await saveScreenshot(page, 'accessibility-statement');

      const { status } = await NotFoundPage.visit(page, '/no-such-page');
      expect(status).toBe(404);
      if (javaScriptEnabled) await saveScreenshot(page, 'not-found');
    });
  });

  it('the sign-in form, its errors and setting up two-factor work without JavaScript', async () => {
    const page = await journey.newPage({ javaScriptEnabled: false });
    let signIn = await SignInPage.visit(page);
    expect(await frontendScriptRan(page)).toBe(false);

    await signIn.signIn(PRACTITIONER.email, 'not-the-password');
    signIn = await SignInPage.verifyOnPage(page);
    expect(await signIn.errors()).toEqual({
      title: 'There is a problem',
      messages: ['Enter a correct email address and password'],
    });
    expect(await signIn.email.inputValue()).toBe(PRACTITIONER.email);
    expect(await signIn.password.inputValue()).toBe('');
    await saveScreenshot(page, 'sign-in-error-no-js');

    await signIn.signIn(PRACTITIONER.email, PRACTITIONER.password);
    const setUp = await SetUpTwoFactorPage.verifyOnPage(page);
    // "I cannot scan the QR code" is a native <details>: it opens without JavaScript.
    const authenticator = new Authenticator(await setUp.readSecret());
    await setUp.enterCode(authenticator.currentCode());
    const recovery = await RecoveryCodesPage.verifyOnPage(page);
    expect(await recovery.codes()).toHaveLength(10);
    await recovery.continue();
    await HomePage.verifyOnPage(page, PRACTITIONER.name);
  });
});
