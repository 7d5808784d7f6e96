import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HomePage } from './pages/home-page.ts';
import { SignedOutPage } from './pages/public-pages.ts';
import { RecoveryCodePage } from './pages/recovery-code-page.ts';
import { RecoveryCodesPage } from './pages/recovery-codes-page.ts';
import { SetUpTwoFactorPage } from './pages/set-up-two-factor-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { TwoFactorPage } from './pages/two-factor-page.ts';
import { Authenticator } from './support/authenticator.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { ADMIN } from './support/sign-in.ts';

/** One person's sign-ins, in order: each step starts where the one before ended. */
describe('signing in with two-factor', () => {
  const journey = useJourney();
  let page: Page;
  let authenticator: Authenticator;
  let recoveryCodes: string[];
  let usedCode: string;

  it('first sign-in sets up the authenticator app and shows ten recovery codes', async () => {
    page = await journey.newPage();
    const signIn = await SignInPage.visit(page);
    await saveScreenshot(page, 'sign-in');
    await signIn.signIn(ADMIN.email, ADMIN.password);

    const setUp = await SetUpTwoFactorPage.verifyOnPage(page);
    expect(await setUp.qrCode.locator('svg').isVisible()).toBe(true);
    const secret = await setUp.readSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await saveScreenshot(page, 'set-up-two-factor');
    authenticator = new Authenticator(secret);
    await setUp.enterCode(authenticator.currentCode());

    const recovery = await RecoveryCodesPage.verifyOnPage(page);
    recoveryCodes = await recovery.codes();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    await saveScreenshot(page, 'recovery-codes');
    await recovery.continue();

    const home = await HomePage.verifyOnPage(page, ADMIN.name);
    expect(await home.tasks.getByRole('link').allInnerTexts()).toEqual(
      expect.arrayContaining(['Users', 'Organisations and teams', 'Your account']),
    );
    await saveScreenshot(page, 'home-signed-in');
  });

  it('signs out from the service navigation', async () => {
    const home = await HomePage.verifyOnPage(page, ADMIN.name);
    // The sign-out button must look like the navigation links beside it.
    const colour = (element: Element) => getComputedStyle(element).color;
    expect(await home.signOutButton.evaluate(colour)).toBe(await home.navigationLink('Your account').evaluate(colour));
    await home.signOut();
    const signedOut = await SignedOutPage.verifyOnPage(page);
    expect(await signedOut.signOutButton.count()).toBe(0);
    await saveScreenshot(page, 'signed-out');
  });

  it('a later sign-in asks for the code from the app, not a new set-up', async () => {
    const signIn = await SignInPage.visit(page);
    await signIn.signIn(ADMIN.email, ADMIN.password);
    const twoFactor = await TwoFactorPage.verifyOnPage(page);
    usedCode = await authenticator.freshCode();
    await twoFactor.enterCode(usedCode);
    await HomePage.verifyOnPage(page, ADMIN.name);
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('refuses a code already used, and a wrong code, with the error summary, staying on the page', async () => {
    await (await HomePage.verifyOnPage(page, ADMIN.name)).signOut();
    await SignedOutPage.verifyOnPage(page);
    const signIn = await SignInPage.visit(page);
    await signIn.signIn(ADMIN.email, ADMIN.password);

    // The same code twice is a replay, even inside its 30 seconds.
    await (await TwoFactorPage.verifyOnPage(page)).enterCode(usedCode);
    let twoFactor = await TwoFactorPage.verifyOnPage(page);
    expect(await twoFactor.errors()).toEqual({
      title: 'There is a problem',
      messages: ['The code is not right or has already been used. Enter the code your app shows now'],
    });
    expect(await twoFactor.errorSummary.getByRole('link').getAttribute('href')).toBe('#code');
    expect(await twoFactor.fieldError('code')).toBe(
      'The code is not right or has already been used. Enter the code your app shows now',
    );
    expect(await page.title()).toMatch(/^Error: /);

    await twoFactor.enterCode(authenticator.staleCode());
    twoFactor = await TwoFactorPage.verifyOnPage(page);
    expect((await twoFactor.errors()).title).toBe('There is a problem');
    expect(new URL(page.url()).pathname).toBe('/sign-in/two-factor');
    await saveScreenshot(page, 'two-factor-wrong-code');

    await twoFactor.enterCode('12345');
    twoFactor = await TwoFactorPage.verifyOnPage(page);
    expect((await twoFactor.errors()).messages).toEqual(['The code must be 6 digits']);
  });

  it('a recovery code signs you in once', async () => {
    // Still on "Enter the code" from the step before, without a phone.
    await (await TwoFactorPage.verifyOnPage(page)).useRecoveryCodeInstead();
    const recovery = await RecoveryCodePage.verifyOnPage(page);
    await recovery.enterCode(recoveryCodes[0]!);
    const home = await HomePage.verifyOnPage(page, ADMIN.name);
    expect((await home.flash.innerText()).trim()).toContain('You used a recovery code. You have 9 left.');

    await home.signOut();
    await SignedOutPage.verifyOnPage(page);
    await (await SignInPage.visit(page)).signIn(ADMIN.email, ADMIN.password);
    await (await TwoFactorPage.verifyOnPage(page)).useRecoveryCodeInstead();
    await (await RecoveryCodePage.verifyOnPage(page)).enterCode(recoveryCodes[0]!);
    const again = await RecoveryCodePage.verifyOnPage(page);
    expect(await again.errors()).toEqual({
      title: 'There is a problem',
      messages: ['That recovery code is not right or has been used'],
    });

    // Another unused code still works, typed in lower case as a person might.
    await again.enterCode(recoveryCodes[1]!.toLowerCase());
    const signedIn = await HomePage.verifyOnPage(page, ADMIN.name);
    expect((await signedIn.flash.innerText()).trim()).toContain('You have 8 left.');
  });
});
