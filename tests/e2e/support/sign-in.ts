import type { BrowserContext, Page } from 'playwright-core';
import { newTotpSecret } from '../../../src/platform/auth/totp.ts';
import { DEMO_PASSWORD } from '../../../src/demo/seed-demo.ts';
import { HomePage } from '../pages/home-page.ts';
import { RecoveryCodesPage } from '../pages/recovery-codes-page.ts';
import { SetUpTwoFactorPage } from '../pages/set-up-two-factor-page.ts';
import { SignInPage } from '../pages/sign-in-page.ts';
import { TwoFactorPage } from '../pages/two-factor-page.ts';
import { Authenticator } from './authenticator.ts';
import type { TestServer } from './server.ts';

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

/** Which journey server a browser context's pages talk to (set by useJourney's newPage). */
const serverOf = new WeakMap<BrowserContext, TestServer>();
export const rememberServer = (context: BrowserContext, server: TestServer) => serverOf.set(context, server);

/** Each server's authenticators, by email: a person enrolled once signs in again with the same app. */
const enrolled = new WeakMap<TestServer, Map<string, Authenticator>>();

export interface SignedIn {
  authenticator: Authenticator;
  home: HomePage;
}

/**
 * Sign-in for journeys about something else: the person's authenticator app is enrolled through the auth service
 * (as completing the set-up page does), then they sign in through the pages with their password and a code. Enrolling
 * through the pages is the sign-in journeys' own subject (`signInAndEnrol`); here it would only repeat them, and it
 * was a fifth of a journey's time.
 */
export async function signIn(page: Page, person: Person): Promise<SignedIn> {
  const server = serverOf.get(page.context());
  if (!server) throw new Error('signIn needs a page from useJourney().newPage()');
  const apps = enrolled.get(server) ?? new Map<string, Authenticator>();
  enrolled.set(server, apps);
  let authenticator = apps.get(person.email);
  if (!authenticator) {
    const found = (await server.services.users.search(person.email, 1)).rows[0];
    if (!found) throw new Error(`No user ${person.email}`);
    authenticator = new Authenticator(newTotpSecret());
    const codes = await server.services.auth.completeEnrolment(
      { userId: null, label: 'journey set-up' },
      found.id,
      authenticator.secret,
      authenticator.currentCode(),
    );
    if (!codes) throw new Error(`Could not enrol ${person.email}`);
    apps.set(person.email, authenticator);
  }
  await signInWithCode(page, person, authenticator);
  return { authenticator, home: await HomePage.verifyOnPage(page, person.name) };
}
