import type { EmailMessage } from '../notify/notify.ts';

/** Tells a user, once, that tries to sign in as them have started to wait: someone may be guessing. */
export function throttledEmail(account: { email: string; display_name: string }, failures: number): EmailMessage {
  return {
    template: 'sign-in-throttled',
    to: account.email,
    subject: 'Someone has been trying to sign in to your Hearth account',
    body: [
      `Dear ${account.display_name},`,
      '',
      `There have been ${failures} tries in a row to sign in to your Hearth account (${account.email}) with a wrong password or code.`,
      '',
      'To protect your account, each further try now has to wait, a little longer each time (at most 15 minutes). Your account is not locked.',
      '',
      'If this was you, wait a few minutes and try again. If you have forgotten your password or lost your authenticator app, ask your administrator to reset your sign-in.',
      '',
      'If it was not you, tell your administrator straight away: they can reset your sign-in so that nobody else can use it.',
    ].join('\n'),
  };
}
