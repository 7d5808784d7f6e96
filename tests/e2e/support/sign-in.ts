import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../src/demo/seed-demo.ts';
import { HomePage } from '../pages/home-page.ts';
import { RecoveryCodesPage } from '../pages/recovery-codes-page.ts';
import { SetUpTwoFactorPage } from '../pages/set-up-two-factor-page.ts';
import { SignInPage } from '../pages/sign-in-page.ts';
import { TwoFactorPage } from '../pages/two-factor-page.ts';
import { Authenticator } from './authenticator.ts';

export const ADMIN = { email: 'admin@essex.example', name: 'Alex Morgan', password: DEMO_PASSWORD };

export interface Person {
  email: string;
  name: string;
  password: string;
}

export interface Enrolled {
  authenticator: Authenticator;
  recoveryCodes: string[];
  home: HomePage;
}

/** First sign-in: password, then set up the authenticator app from the key, save the recovery codes. */
export async function signInAndEnrol(page: Page, person: Person): Promise<Enrolled> {
  const signIn = await SignInPage.visit(page);
  await signIn.signIn(person.email, person.password);
  const setUp = await SetUpTwoFactorPage.verifyOnPage(page);
  const authenticator = new Authenticator(await setUp.readSecret());
  await setUp.enterCode(authenticator.currentCode());
  const recovery = await RecoveryCodesPage.verifyOnPage(page);
  const recoveryCodes = await recovery.codes();
  await recovery.continue();
  const home = await HomePage.verifyOnPage(page, person.name);
  return { authenticator, recoveryCodes, home };
}

/** A later sign-in: password, then a fresh code from the app. The caller checks where it lands. */
export async function signInWithCode(page: Page, person: Person, authenticator: Authenticator): Promise<void> {
  const signIn = await SignInPage.visit(page);
  await signIn.signIn(person.email, person.password);
  const twoFactor = await TwoFactorPage.verifyOnPage(page);
  await twoFactor.enterCode(await authenticator.freshCode());
}
