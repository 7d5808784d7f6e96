import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AddUserPage } from './pages/add-user-page.ts';
import { OutboxPage } from './pages/outbox-page.ts';
import { LinkExpiredPage } from './pages/public-pages.ts';
import { SetPasswordPage } from './pages/set-password-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { UserPage } from './pages/user-page.ts';
import { UsersPage } from './pages/users-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { ADMIN, signIn, signInAndEnrol } from './support/sign-in.ts';

const NEW_USER = {
  name: 'Nadia Hussain',
  email: 'nadia.hussain@essex.example',
  organisation: 'Essex Police',
  role: 'Partner practitioner',
  password: 'lantern-orchard-pebble',
};

describe('an administrator adds a user, who then signs in', () => {
  const journey = useJourney();
  let admin: Page;
  let invitationLink: string;

  it('the administrator adds the user, after fixing the form’s errors', async () => {
    admin = await journey.newPage();
    const { home } = await signIn(admin, ADMIN);
    await home.openAdmin('Users');
    const users = await UsersPage.verifyOnPage(admin);
    await saveScreenshot(admin, 'users');
    await users.addUser();

    let form = await AddUserPage.verifyOnPage(admin);
    await form.submit({});
    form = await AddUserPage.verifyOnPage(admin);
    expect(await form.errors()).toEqual({
      title: 'There is a problem',
      messages: [
        'Enter the person’s full name',
        'Enter their work email address',
        'Select their organisation',
        'Select at least one role',
      ],
    });
    expect(await form.fieldError('displayName')).toBe('Enter the person’s full name');

    // A second try with some fields filled keeps what was typed and lists only what is still missing.
    await form.submit({ name: NEW_USER.name, email: NEW_USER.email });
    form = await AddUserPage.verifyOnPage(admin);
    expect((await form.errors()).messages).toEqual(['Select their organisation', 'Select at least one role']);
    expect(await form.name.inputValue()).toBe(NEW_USER.name);
    expect(await form.email.inputValue()).toBe(NEW_USER.email);
    await saveScreenshot(admin, 'add-user-errors');

    await form.submit({ organisation: NEW_USER.organisation, roles: [NEW_USER.role] });
    const user = await UserPage.verifyOnPage(admin, NEW_USER.name);
    expect((await user.flash.innerText()).trim()).toContain(
      `${NEW_USER.name} has been added. We have emailed them a link to create their password.`,
    );
    expect(await user.detail('Status')).toBe('Invited');
    expect(await user.detail('Organisation')).toBe(NEW_USER.organisation);
    expect(await user.detail('Roles')).toBe(NEW_USER.role);
    await saveScreenshot(admin, 'user-invited');
  });

  it('the invitation email holds a one-time link to create a password', async () => {
    const sent = (await journey.server.services.notify.outbox()).filter((m) => m.recipient === NEW_USER.email);
    expect(sent.map((m) => m.subject)).toEqual(['You have been given an account on Hearth']);

    const outbox = await OutboxPage.visit(admin);
    const email = await outbox.latestTo(NEW_USER.email);
    expect(email.subject).toBe('You have been given an account on Hearth');
    expect(email.link).toMatch(new RegExp(`^${journey.server.baseUrl}/account/set-password\\?token=[^\\s]+$`));
    expect(sent[0]!.body).toContain(email.link);
    invitationLink = email.link!;
  });

  it('the new user creates a password, signs in and sets up two-factor', async () => {
    const newcomer = await journey.newPage();
    await newcomer.goto(invitationLink);
    let setPassword = await SetPasswordPage.verifyOnPage(newcomer);
    expect(await newcomer.getByText(NEW_USER.email).isVisible()).toBe(true);

    await setPassword.setPassword('too-short');
    setPassword = await SetPasswordPage.verifyOnPage(newcomer);
    expect(await setPassword.errors()).toEqual({
      title: 'There is a problem',
      messages: ['Password must be at least 12 characters. Three random words make a strong one.'],
    });
    await saveScreenshot(newcomer, 'set-password-error');

    await setPassword.setPassword(NEW_USER.password);
    const signIn = await SignInPage.verifyOnPage(newcomer);
    expect((await signIn.flash.innerText()).trim()).toContain('Your password is set. Sign in to continue.');

    const { home } = await signInAndEnrol(newcomer, NEW_USER);
    // A partner practitioner does not manage users: neither the task nor the navigation offers it.
    const tasks = await home.tasks.getByRole('link').allInnerTexts();
    expect(tasks).toContain('Your account');
    expect(tasks).not.toContain('Users');
    expect(await home.navigationLink('Admin').count()).toBe(0);

    // The link works once: opening it again says it has expired.
    const response = await newcomer.goto(invitationLink);
    await LinkExpiredPage.verifyOnPage(newcomer);
    expect(response?.status()).toBe(410);
  });

  it('the administrator now sees the user as active', async () => {
    await admin.goto('/admin/users');
    const users = await UsersPage.verifyOnPage(admin);
    await users.openUser(NEW_USER.name);
    const user = await UserPage.verifyOnPage(admin, NEW_USER.name);
    expect(await user.detail('Status')).toBe('Active');
    expect(await user.detail('Last signed in')).not.toBe('Never');
  });
});
