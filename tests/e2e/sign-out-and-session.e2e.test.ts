import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AccountPage } from './pages/account-page.ts';
import { HomePage } from './pages/home-page.ts';
import { SignedOutPage, StartPage } from './pages/public-pages.ts';
import { RecoveryCodePage } from './pages/recovery-code-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { TwoFactorPage } from './pages/two-factor-page.ts';
import { UsersPage } from './pages/users-page.ts';
import type { Authenticator } from './support/authenticator.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { ADMIN, signInAndEnrol, signInWithCode } from './support/sign-in.ts';

describe('signing out, and ending sessions', () => {
  const journey = useJourney();
  let laptop: Page;
  let phone: Page;
  let authenticator: Authenticator;
  let recoveryCodes: string[];

  it('after signing out, a signed-in page sends you to sign in, and back there afterwards', async () => {
    laptop = await journey.newPage();
    ({ authenticator, recoveryCodes } = await signInAndEnrol(laptop, ADMIN));
    await (await HomePage.verifyOnPage(laptop, ADMIN.name)).signOut();
    await SignedOutPage.verifyOnPage(laptop);

    const response = await laptop.goto('/admin/users');
    await SignInPage.verifyOnPage(laptop);
    expect(new URL(laptop.url()).pathname).toBe('/sign-in');
    expect(response?.request().redirectedFrom()?.url()).toBe(`${journey.server.baseUrl}/admin/users`);

    // Home is the public start page again, with no sign-out button.
    const start = await StartPage.visit(laptop);
    expect(await start.signOutButton.count()).toBe(0);

    await signInWithCode(laptop, ADMIN, authenticator);
    await UsersPage.verifyOnPage(laptop);
    expect(new URL(laptop.url()).pathname).toBe('/admin/users');
  });

  it('"Sign out everywhere" ends the session on another device too', async () => {
    phone = await journey.newPage();
    await (await SignInPage.visit(phone)).signIn(ADMIN.email, ADMIN.password);
    await (await TwoFactorPage.verifyOnPage(phone)).useRecoveryCodeInstead();
    await (await RecoveryCodePage.verifyOnPage(phone)).enterCode(recoveryCodes[0]!);
    await HomePage.verifyOnPage(phone, ADMIN.name);

    const users = await UsersPage.verifyOnPage(laptop);
    await users.openNavigation('Your account');
    const account = await AccountPage.verifyOnPage(laptop);
    expect(await account.page.getByText(ADMIN.email).isVisible()).toBe(true);
    await saveScreenshot(laptop, 'account');
    await account.signOutEverywhere();
    await SignedOutPage.verifyOnPage(laptop);

    // The phone was on the signed-in home page: reloading it now shows the public start page.
    await phone.reload();
    await StartPage.verifyOnPage(phone);
    await phone.goto('/account');
    await SignInPage.verifyOnPage(phone);

    await laptop.goto('/account');
    await SignInPage.verifyOnPage(laptop);
  });
});
