import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm, formError } from '../views/forms.ts';
import { ROLE_NAMES } from '../permissions/roles.ts';
import type { AuthService } from './service.ts';
import { actorOf, safeReturnTo } from './guards.ts';
import { KEPT_COOKIE, type keptFormHooks } from '../http/kept-form-hooks.ts';
import { codeSchema, recoveryCodeSchema, setPasswordSchema, signInSchema } from './schemas.ts';

export interface AuthRoutesOptions {
  auth: AuthService;
  twoFactorRequired: boolean;
  signInAttemptsPerMinute: number;
  /** The user's teams and the districts each covers, for their account page (from the reference module). */
  teamsOf: (teamIds: readonly string[]) => Promise<{ name: string; districts: string[] }[]>;
  /** What was typed on a form that arrived after the session expired: kept at time-out, given back after sign-in. */
  keptForms: Pick<ReturnType<typeof keptFormHooks>, 'keepExpiredForm' | 'keptPathFor'>;
}

const V = 'auth/views';

/** The one answer to a throttled try, the same for every email: how long to wait, never why. */
export function waitMessage(retryAt: Date, now = new Date()): string {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  const wait =
    seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `There have been too many attempts to sign in. Wait ${wait} and try again`;
}

export async function authRoutes(
  app: FastifyInstance,
  { auth, twoFactorRequired, signInAttemptsPerMinute, teamsOf, keptForms }: AuthRoutesOptions,
) {
  const limited = { rateLimit: { max: signInAttemptsPerMinute, timeWindow: 60_000 } };

  /** Ends the password step: the session id changes so a fixed or stolen one is useless. */
  async function startSecondStep(request: FastifyRequest, reply: FastifyReply, userId: string, enrolled: boolean) {
    const returnTo = request.session.returnTo;
    await request.session.regenerate();
    request.session.returnTo = returnTo;
    if (!twoFactorRequired) {
      await auth.completeWithoutSecondFactor(actorOf(request), userId);
      return finishSignIn(request, reply, userId);
    }
    request.session.pendingUserId = userId;
    return reply.redirect(enrolled ? '/sign-in/two-factor' : '/sign-in/set-up-two-factor', 303);
  }

  async function finishSignIn(request: FastifyRequest, reply: FastifyReply, userId: string, flash?: string) {
    // Back to the form whose text was kept when the session expired, if this browser holds one for this user.
    const returnTo = (await keptForms.keptPathFor(request, userId)) ?? safeReturnTo(request.session.returnTo);
    const newCodes = request.session.newRecoveryCodes;
    await request.session.regenerate();
    request.session.userId = userId;
    request.session.flash = flash;
    request.session.signedInAt = Date.now();
    request.session.lastSeenAt = Date.now();
    if (newCodes) {
      request.session.newRecoveryCodes = newCodes;
      request.session.returnTo = returnTo;
      return reply.redirect('/sign-in/recovery-codes', 303);
    }
    return reply.redirect(returnTo, 303);
  }

  const pendingUser = (request: FastifyRequest, reply: FastifyReply) => {
    const userId = request.session.pendingUserId;
    if (!userId) {
      void reply.redirect('/sign-in', 303);
      return null;
    }
    return userId;
  };

  app.get('/sign-in', { config: { access: { public: 'signing in' } } }, async (request, reply) => {
    if (request.user) return reply.redirect('/', 303);
    const expired = (request.query as { expired?: string }).expired === '1';
    const kept = Boolean(request.cookies[KEPT_COOKIE]);
    return reply.render(`${V}/sign-in.njk`, { pageTitle: 'Sign in', expired, kept, values: {} });
  });

  app.post('/sign-in', { config: { access: { public: 'signing in' }, ...limited } }, async (request, reply) => {
    const form = parseForm(signInSchema, request.body);
    if (!form.ok) {
      return reply.render(
        `${V}/sign-in.njk`,
        { pageTitle: 'Sign in', errors: form.errors, values: { email: form.values.email } },
        400,
      );
    }
    const result = await auth.checkPassword(actorOf(request), form.data.email, form.data.password);
    if (result.kind === 'ok') return startSecondStep(request, reply, result.userId, result.enrolled);
    const throttled = result.kind === 'throttled';
    const errors = formError(
      'email',
      throttled ? waitMessage(result.retryAt) : 'Enter a correct email address and password',
    );
    return reply.render(
      `${V}/sign-in.njk`,
      { pageTitle: 'Sign in', errors, values: { email: form.data.email } },
      throttled ? 429 : 400,
    );
  });

  app.get(
    '/sign-in/set-up-two-factor',
    { config: { access: { public: 'signing in: the password step is checked by the page' } } },
    async (request, reply) => {
      const userId = pendingUser(request, reply);
      if (!userId) return reply;
      request.session.enrolmentSecret ??= auth.newEnrolmentSecret();
      const qr = await auth.enrolmentQrCode(userId, request.session.enrolmentSecret);
      return reply.render(`${V}/set-up-two-factor.njk`, {
        pageTitle: 'Set up your authenticator app',
        qrSvg: qr.svg,
        secret: request.session.enrolmentSecret,
      });
    },
  );

  app.post(
    '/sign-in/set-up-two-factor',
    { config: { access: { public: 'signing in: the password step is checked by the page' }, ...limited } },
    async (request, reply) => {
      const userId = pendingUser(request, reply);
      if (!userId) return reply;
      const secret = request.session.enrolmentSecret;
      if (!secret) return reply.redirect('/sign-in/set-up-two-factor', 303);
      const form = parseForm(codeSchema, request.body);
      const codes = form.ok ? await auth.completeEnrolment(actorOf(request), userId, secret, form.data.code) : null;
      if (!codes) {
        const qr = await auth.enrolmentQrCode(userId, secret);
        const errors = form.ok
          ? formError('code', 'The code is not right. Check your app and enter the code it shows now')
          : form.errors;
        return reply.render(
          `${V}/set-up-two-factor.njk`,
          { pageTitle: 'Set up your authenticator app', qrSvg: qr.svg, secret, errors },
          400,
        );
      }
      request.session.newRecoveryCodes = codes;
      return finishSignIn(request, reply, userId);
    },
  );

  app.get('/sign-in/recovery-codes', { config: { access: { signedIn: true } } }, async (request, reply) => {
    const codes = request.session.newRecoveryCodes;
    if (!codes) return reply.redirect('/', 303);
    return reply.render(`${V}/recovery-codes.njk`, { pageTitle: 'Save your recovery codes', codes });
  });

  app.post('/sign-in/recovery-codes', { config: { access: { signedIn: true } } }, async (request, reply) => {
    const returnTo = safeReturnTo(request.session.returnTo);
    request.session.newRecoveryCodes = undefined;
    request.session.returnTo = undefined;
    return reply.redirect(returnTo, 303);
  });

  app.get(
    '/sign-in/two-factor',
    { config: { access: { public: 'signing in: the password step is checked by the page' } } },
    async (request, reply) => {
      if (!pendingUser(request, reply)) return reply;
      return reply.render(`${V}/two-factor.njk`, { pageTitle: 'Enter the code from your authenticator app' });
    },
  );

  app.post(
    '/sign-in/two-factor',
    { config: { access: { public: 'signing in: the password step is checked by the page' }, ...limited } },
    async (request, reply) => {
      const userId = pendingUser(request, reply);
      if (!userId) return reply;
      const form = parseForm(codeSchema, request.body);
      const page = { pageTitle: 'Enter the code from your authenticator app' };
      if (!form.ok) return reply.render(`${V}/two-factor.njk`, { ...page, errors: form.errors }, 400);
      const result = await auth.verifyCode(actorOf(request), userId, form.data.code);
      if (result.kind === 'ok') return finishSignIn(request, reply, userId);
      if (result.kind === 'unreadable') {
        request.log.error({ userId }, 'two-factor secret cannot be read with TWO_FACTOR_KEYS (or SESSION_SECRET)');
        return reply.render(`${V}/two-factor-unavailable.njk`, { pageTitle: 'We cannot check your code' }, 503);
      }
      const throttled = result.kind === 'throttled';
      const errors = formError(
        'code',
        throttled
          ? waitMessage(result.retryAt)
          : 'The code is not right or has already been used. Enter the code your app shows now',
      );
      return reply.render(`${V}/two-factor.njk`, { ...page, errors }, throttled ? 429 : 400);
    },
  );

  app.get(
    '/sign-in/recovery-code',
    { config: { access: { public: 'signing in: the password step is checked by the page' } } },
    async (request, reply) => {
      if (!pendingUser(request, reply)) return reply;
      return reply.render(`${V}/recovery-code.njk`, { pageTitle: 'Use a recovery code' });
    },
  );

  app.post(
    '/sign-in/recovery-code',
    { config: { access: { public: 'signing in: the password step is checked by the page' }, ...limited } },
    async (request, reply) => {
      const userId = pendingUser(request, reply);
      if (!userId) return reply;
      const form = parseForm(recoveryCodeSchema, request.body);
      const page = { pageTitle: 'Use a recovery code' };
      if (!form.ok) return reply.render(`${V}/recovery-code.njk`, { ...page, errors: form.errors }, 400);
      const result = await auth.useRecoveryCode(actorOf(request), userId, form.data.code);
      if (result.kind === 'ok') {
        const left = result.remaining ?? 0;
        const flash = `You used a recovery code. You have ${left} left.${left <= 3 ? ' Ask your administrator to reset your authenticator app soon.' : ''}`;
        return finishSignIn(request, reply, userId, flash);
      }
      const throttled = result.kind === 'throttled';
      const errors = formError(
        'code',
        throttled ? waitMessage(result.retryAt) : 'That recovery code is not right or has been used',
      );
      return reply.render(`${V}/recovery-code.njk`, { ...page, errors }, throttled ? 429 : 400);
    },
  );

  app.post(
    '/sign-out',
    { config: { access: { public: 'signing out works whatever the state of the session' } } },
    async (request, reply) => {
      // The timeout warning signs out with `_timeout` and what was typed on the page, kept as for a late form.
      const timedOut = (request.body as { _timeout?: unknown } | undefined)?._timeout === '1';
      if (request.user && timedOut) await keptForms.keepExpiredForm(request, reply, request.user.id);
      if (request.user) await auth.recordSignOut(actorOf(request), timedOut ? 'inactive' : 'signed out');
      await request.session.destroy();
      return reply.redirect(timedOut ? '/signed-out?timeout=1' : '/signed-out', 303);
    },
  );

  app.get('/signed-out', { config: { access: { public: 'the page after signing out' } } }, async (request, reply) => {
    const timedOut = (request.query as { timeout?: string }).timeout === '1';
    return reply.render(`${V}/signed-out.njk`, {
      pageTitle: timedOut ? 'You have been signed out' : 'You have signed out',
      timedOut,
      kept: Boolean(request.cookies[KEPT_COOKIE]),
    });
  });

  app.get('/account', { config: { access: { signedIn: true } } }, async (request, reply) =>
    reply.render(`${V}/account.njk`, {
      pageTitle: 'Your account',
      roleNames: request.user!.roles.map((r) => ROLE_NAMES[r]),
      teams: await teamsOf(request.user!.teamIds),
    }),
  );

  app.post('/account/sign-out-everywhere', { config: { access: { signedIn: true } } }, async (request, reply) => {
    await auth.signOutEverywhere(actorOf(request), request.user!.id);
    return reply.redirect('/signed-out', 303);
  });

  app.get(
    '/account/set-password',
    { config: { access: { public: 'a new user sets a password from an emailed single-use link' } } },
    async (request, reply) => {
      const token = String((request.query as { token?: unknown }).token ?? '');
      const valid = token.length > 0 && token.length <= 200 && (await auth.checkSetPasswordToken(token));
      if (!valid) return reply.render(`${V}/link-expired.njk`, { pageTitle: 'This link has expired' }, 410);
      return reply.render(`${V}/set-password.njk`, { pageTitle: 'Create your password', token, email: valid.email });
    },
  );

  app.post(
    '/account/set-password',
    { config: { access: { public: 'a new user sets a password from an emailed single-use link' }, ...limited } },
    async (request, reply) => {
      const form = parseForm(setPasswordSchema, request.body);
      const token = String(form.ok ? form.data.token : (form.values.token ?? ''));
      const valid = token.length <= 200 && (await auth.checkSetPasswordToken(token));
      if (!valid) return reply.render(`${V}/link-expired.njk`, { pageTitle: 'This link has expired' }, 410);
      if (!form.ok) {
        return reply.render(
          `${V}/set-password.njk`,
          { pageTitle: 'Create your password', token, email: valid.email, errors: form.errors },
          400,
        );
      }
      if (form.data.password.toLowerCase().includes(valid.email.split('@')[0]!.toLowerCase())) {
        const errors = formError('password', 'Password must not contain your email address');
        return reply.render(
          `${V}/set-password.njk`,
          { pageTitle: 'Create your password', token, email: valid.email, errors },
          400,
        );
      }
      if (!(await auth.setPasswordWithToken(actorOf(request), token, form.data.password))) {
        return reply.render(`${V}/link-expired.njk`, { pageTitle: 'This link has expired' }, 410);
      }
      request.session.flash = 'Your password is set. Sign in to continue.';
      return reply.redirect('/sign-in', 303);
    },
  );
}
