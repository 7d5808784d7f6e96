import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Kysely } from 'kysely';
import { generateTOTP } from '@oslojs/otp';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import type { DB } from '../db/schema.ts';
import { newId } from '../db/ids.ts';
import { AuditLog, type AuditActor } from '../audit/audit.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import { Notify } from '../notify/notify.ts';
import { AuthService } from './service.ts';
import { hashPassword, sha256 } from './secrets.ts';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS, totpKey } from './totp.ts';

let testDb: TestDatabase;
let db: Kysely<DB>;
let auth: AuthService;
let organisationId: string;
// The service's clock: throttling tests move it on rather than wait. It follows real time otherwise.
let clock = new Date();
const later = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};

const PASSWORD = 'correct horse battery staple';
let addresses = 0;
/** Each call is a browser at an address of its own, so tests do not share the address's count. */
const fresh = (): AuditActor => ({
  userId: null,
  label: 'test browser',
  ip: `198.51.100.${++addresses}`,
  sessionId: 'sid-1',
});
const actor: AuditActor = fresh();

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  auth = new AuthService(db, new AuditLog(db), new Notify(db), {
    issuer: 'Hearth test',
    sessionSecret: 'a-test-session-secret-that-is-long-enough',
    twoFactorKeys: { current: 'test', keys: { test: 'a-test-two-factor-key-that-is-long-enough' } },
    invitationHours: 72,
    now: () => clock,
  });
  const org = await db
    .selectFrom('organisations')
    .select('id')
    .where('code', '=', 'essex-county-council')
    .executeTakeFirstOrThrow();
  organisationId = org.id;
});
afterAll(async () => {
  await testDb?.close();
});

let userCount = 0;
async function createUser(options: { active?: boolean } = {}) {
  userCount += 1;
  const id = newId();
  const email = `user${userCount}@essex.example`;
  await db
    .insertInto('users')
    .values({
      id,
      email,
      display_name: `User ${userCount}`,
      organisation_id: organisationId,
      password_hash: await hashPassword(PASSWORD),
      is_active: options.active ?? true,
    })
    .execute();
  return { id, email };
}

/** The code an authenticator app shows now, or `offsetSeconds` from now. */
function codeFor(secret: string, offsetSeconds = 0): string {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + offsetSeconds * 1000);
  try {
    return generateTOTP(totpKey(secret), TOTP_PERIOD_SECONDS, TOTP_DIGITS);
  } finally {
    vi.useRealTimers();
  }
}
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** Enrols with the code from the previous 30-second step, so the current code is still unused. */
async function enrol(userId: string) {
  const secret = auth.newEnrolmentSecret();
  const codes = await auth.completeEnrolment(actor, userId, secret, codeFor(secret, -TOTP_PERIOD_SECONDS));
  expect(codes).not.toBeNull();
  return { secret, codes: codes! };
}

const eventsAbout = (userId: string) =>
  db
    .selectFrom('audit_events')
    .select(['action', 'outcome', 'details'])
    .where('subject_id', '=', userId)
    .orderBy('seq')
    .execute();
const addSession = (userId: string | null) =>
  db
    .insertInto('sessions')
    .values({ id: newId(), user_id: userId, data: '{}', expires_at: new Date(Date.now() + 60_000) })
    .execute();
const sessionCount = async (userId: string) =>
  (await db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length;

describe('passwords and lockout', () => {
  it('accepts the right password, whatever the case of the email', async () => {
    const user = await createUser();
    expect(await auth.checkPassword(actor, user.email.toUpperCase(), PASSWORD)).toEqual({
      kind: 'ok',
      userId: user.id,
      enrolled: false,
    });
    expect(await eventsAbout(user.id)).toEqual([{ action: 'sign-in.password', outcome: 'success', details: {} }]);
  });

  it('refuses a wrong password and records the failure', async () => {
    const user = await createUser();
    expect(await auth.checkPassword(actor, user.email, 'not the password')).toEqual({ kind: 'invalid' });
    expect(await eventsAbout(user.id)).toEqual([{ action: 'sign-in.password', outcome: 'failure', details: {} }]);
  });

  it('refuses an unknown email or an inactive account the same way', async () => {
    const before = await db.selectFrom('audit_events').select('seq').where('action', '=', 'sign-in.password').execute();
    expect(await auth.checkPassword(actor, 'nobody@essex.example', PASSWORD)).toEqual({ kind: 'invalid' });
    const inactive = await createUser({ active: false });
    expect(await auth.checkPassword(actor, inactive.email, PASSWORD)).toEqual({ kind: 'invalid' });
    const after = await db
      .selectFrom('audit_events')
      .select(['outcome', 'details'])
      .where('action', '=', 'sign-in.password')
      .orderBy('seq')
      .execute();
    expect(after.slice(before.length)).toEqual([
      { outcome: 'failure', details: { reason: 'no such active account' } },
      { outcome: 'failure', details: { reason: 'no such active account' } },
    ]);
  });

  it('makes tries wait after the fifth failure, twice as long each time up to 15 minutes, refusing even the right password unchecked', async () => {
    const user = await createUser();
    const from = fresh();
    for (let i = 1; i <= 5; i += 1)
      expect(await auth.checkPassword(from, user.email, `wrong ${i}`)).toEqual({ kind: 'invalid' });
    const waits = [];
    for (const expected of [30, 60, 120, 240, 480, 900, 900]) {
      const refused = await auth.checkPassword(from, user.email, PASSWORD);
      expect(refused.kind).toBe('throttled');
      if (refused.kind !== 'throttled') return;
      waits.push((refused.retryAt.getTime() - clock.getTime()) / 1000);
      // A try during the wait is not counted: the wait is the same however often it is asked.
      expect(await auth.checkPassword(from, user.email, 'wrong again')).toEqual(refused);
      later(expected);
      expect((await auth.checkPassword(from, user.email, 'wrong again')).kind).toBe('invalid');
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900]);
    const events = await eventsAbout(user.id);
    expect(events.at(-2)).toEqual({ action: 'sign-in.password', outcome: 'denied', details: { reason: 'throttled' } });
  });

  it('never locks the real user out: once the wait is over the right password works, and the count starts again', async () => {
    const user = await createUser();
    for (let i = 1; i <= 5; i += 1) await auth.checkPassword(fresh(), user.email, `wrong ${i}`);
    expect((await auth.checkPassword(fresh(), user.email, PASSWORD)).kind).toBe('throttled');
    later(30);
    expect(await auth.checkPassword(fresh(), user.email, PASSWORD)).toMatchObject({ kind: 'ok', userId: user.id });
    await auth.completeWithoutSecondFactor(fresh(), user.id);
    for (let i = 1; i <= 4; i += 1)
      expect(await auth.checkPassword(fresh(), user.email, `wrong ${i}`)).toEqual({ kind: 'invalid' });
  });

  it('answers an email with no account, or an inactive one, exactly as a real account', async () => {
    const user = await createUser();
    const inactive = await createUser({ active: false });
    const answers = async (email: string) => {
      const from = fresh();
      const results = [];
      for (let i = 1; i <= 6; i += 1) results.push(await auth.checkPassword(from, email, i === 6 ? PASSWORD : 'x'));
      return results.map((r) =>
        r.kind === 'throttled' ? `throttled ${r.retryAt.getTime() - clock.getTime()}` : r.kind,
      );
    };
    const real = await answers(user.email);
    expect(real).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'throttled 30000']);
    expect(await answers('nobody.at.all@essex.example')).toEqual(real);
    expect(await answers(inactive.email)).toEqual(real);
  });

  it('emails the real user once when the waits begin, and nobody for an email with no account', async () => {
    const user = await createUser();
    for (let round = 0; round < 2; round += 1) {
      for (let i = 1; i <= 7; i += 1) {
        await auth.checkPassword(fresh(), user.email, 'wrong');
        await auth.checkPassword(fresh(), 'not.an.account@essex.example', 'wrong');
        later(900);
      }
    }
    const sent = await db
      .selectFrom('notify_outbox')
      .select(['recipient', 'subject', 'body'])
      .where('template', '=', 'sign-in-throttled')
      .where('recipient', 'in', [user.email, 'not.an.account@essex.example'])
      .execute();
    expect(sent.map((m) => m.recipient)).toEqual([user.email]);
    expect(sent[0]!.body).toContain('There have been 5 tries in a row');
    expect(sent[0]!.body).toContain('Your account is not locked');
    expect((await eventsAbout(user.id)).filter((e) => (e.details as { throttled?: boolean }).throttled)).toHaveLength(
      1,
    );
  });

  it('counts tries sent all at once: only the free ones are checked', async () => {
    const user = await createUser();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => auth.checkPassword(fresh(), user.email, 'wrong')),
    );
    expect(results.filter((r) => r.kind === 'invalid')).toHaveLength(5);
    expect(results.filter((r) => r.kind === 'throttled')).toHaveLength(3);
  });

  it('makes one address wait after twenty failures, whatever the emails, but not others', async () => {
    const from = fresh();
    for (let i = 1; i <= 20; i += 1)
      expect(await auth.checkPassword(from, `guess${i}@essex.example`, 'wrong')).toEqual({ kind: 'invalid' });
    const user = await createUser();
    expect((await auth.checkPassword(from, user.email, PASSWORD)).kind).toBe('throttled');
    expect((await auth.checkPassword(fresh(), user.email, PASSWORD)).kind).toBe('ok');
    // Right passwords from a shared address (an office) do not count against it.
    const office = fresh();
    for (let i = 1; i <= 25; i += 1) expect((await auth.checkPassword(office, user.email, PASSWORD)).kind).toBe('ok');
  });
});

describe('two-factor', () => {
  it('enrols with a code from the app, stores the secret encrypted and returns 10 recovery codes', async () => {
    const user = await createUser();
    const secret = auth.newEnrolmentSecret();
    const codes = await auth.completeEnrolment(actor, user.id, secret, codeFor(secret));
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes!) expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);

    const row = await db
      .selectFrom('users')
      .select(['totp_secret', 'two_factor_enrolled_at'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.totp_secret).toMatch(/^v1:/);
    expect(row.totp_secret).not.toBe(secret);
    expect(row.totp_secret).not.toContain(secret);
    expect(row.two_factor_enrolled_at).toBeInstanceOf(Date);
    const stored = await db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.code_hash)).not.toContain(codes![0]);
    expect((await eventsAbout(user.id)).map((e) => e.action)).toEqual(['two-factor.enrolled', 'sign-in.completed']);
    expect(await auth.checkPassword(actor, user.email, PASSWORD)).toMatchObject({ kind: 'ok', enrolled: true });
  });

  it('refuses to enrol with a wrong code and saves nothing', async () => {
    const user = await createUser();
    const secret = auth.newEnrolmentSecret();
    expect(await auth.completeEnrolment(actor, user.id, secret, wrongCode(codeFor(secret)))).toBeNull();
    const row = await db
      .selectFrom('users')
      .select(['totp_secret'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_secret: null });
  });

  it('accepts the current code once and refuses it when replayed', async () => {
    const user = await createUser();
    const { secret } = await enrol(user.id);
    const code = codeFor(secret);
    expect(await auth.verifyCode(actor, user.id, code)).toEqual({ kind: 'ok' });
    expect(await auth.verifyCode(actor, user.id, code)).toEqual({ kind: 'invalid' });
    const events = await eventsAbout(user.id);
    expect(events.at(-1)).toMatchObject({ action: 'sign-in.second-factor', outcome: 'failure' });
  });

  it('refuses a wrong or malformed code', async () => {
    const user = await createUser();
    const { secret } = await enrol(user.id);
    expect(await auth.verifyCode(actor, user.id, wrongCode(codeFor(secret)))).toEqual({ kind: 'invalid' });
    expect(await auth.verifyCode(actor, user.id, 'abcdef')).toEqual({ kind: 'invalid' });
    expect(await auth.verifyCode(actor, user.id, codeFor(secret, -10 * TOTP_PERIOD_SECONDS))).toEqual({
      kind: 'invalid',
    });
    // A code with a space in the middle, as apps show it, is still accepted.
    const code = codeFor(secret);
    expect(await auth.verifyCode(actor, user.id, `${code.slice(0, 3)} ${code.slice(3)}`)).toEqual({ kind: 'ok' });
  });

  it('makes codes wait after five wrong ones, and a right password does not buy more guesses', async () => {
    const user = await createUser();
    const { secret } = await enrol(user.id);
    const bad = wrongCode(codeFor(secret));
    for (let i = 1; i <= 5; i += 1) expect(await auth.verifyCode(fresh(), user.id, bad)).toEqual({ kind: 'invalid' });
    expect((await auth.verifyCode(fresh(), user.id, codeFor(secret))).kind).toBe('throttled');
    expect((await auth.useRecoveryCode(fresh(), user.id, 'AAAA-BBBB-CCCC')).kind).toBe('throttled');
    later(30);
    // The password again (right) leaves the failed codes counted: the next wrong code waits at once.
    expect((await auth.checkPassword(fresh(), user.email, PASSWORD)).kind).toBe('ok');
    expect(await auth.verifyCode(fresh(), user.id, bad)).toEqual({ kind: 'invalid' });
    expect((await auth.verifyCode(fresh(), user.id, codeFor(secret))).kind).toBe('throttled');
    later(60);
    expect(await auth.verifyCode(fresh(), user.id, codeFor(secret))).toEqual({ kind: 'ok' });
  });

  it('accepts each recovery code once, in any case and spacing, counting down what is left', async () => {
    const user = await createUser();
    const { codes } = await enrol(user.id);
    expect(await auth.useRecoveryCode(actor, user.id, codes[0]!)).toEqual({ kind: 'ok', remaining: 9 });
    expect(await auth.useRecoveryCode(actor, user.id, codes[0]!)).toEqual({ kind: 'invalid' });
    const sloppy = codes[1]!.toLowerCase().replace(/-/g, ' ');
    expect(await auth.useRecoveryCode(actor, user.id, sloppy)).toEqual({ kind: 'ok', remaining: 8 });
    expect(await auth.useRecoveryCode(actor, user.id, 'AAAA-BBBB-CCCC')).toEqual({ kind: 'invalid' });
    const completed = (await eventsAbout(user.id)).filter((e) => e.action === 'sign-in.completed');
    expect(completed.at(-1)!.details).toEqual({ method: 'recovery code', recoveryCodesLeft: 8 });
  });

  it("does not accept one user's recovery code for another", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const { codes } = await enrol(alice.id);
    await enrol(bob.id);
    expect(await auth.useRecoveryCode(actor, bob.id, codes[0]!)).toEqual({ kind: 'invalid' });
  });
});

describe('set-password links', () => {
  it('sets the password once, ends the user’s sessions and refuses the link a second time', async () => {
    const user = await createUser();
    const other = await createUser();
    await addSession(user.id);
    await addSession(user.id);
    await addSession(other.id);
    const { token, expiresAt } = await auth.createSetPasswordToken(user.id);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 71 * 3_600_000);
    expect(await auth.checkSetPasswordToken(token)).toMatchObject({ user_id: user.id, email: user.email });
    const stored = await db
      .selectFrom('user_tokens')
      .select('token_hash')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(sha256(token));

    expect(await auth.setPasswordWithToken(actor, token, 'a brand new password')).toBe(true);
    expect(await auth.checkPassword(actor, user.email, 'a brand new password')).toMatchObject({ kind: 'ok' });
    expect(await auth.checkPassword(actor, user.email, PASSWORD)).toEqual({ kind: 'invalid' });
    expect(await sessionCount(user.id)).toBe(0);
    expect(await sessionCount(other.id)).toBe(1);

    expect(await auth.checkSetPasswordToken(token)).toBeUndefined();
    expect(await auth.setPasswordWithToken(actor, token, 'yet another password')).toBe(false);
    expect(await auth.checkPassword(actor, user.email, 'yet another password')).toEqual({ kind: 'invalid' });
  });

  it('refuses an expired link', async () => {
    const user = await createUser();
    const { token } = await auth.createSetPasswordToken(user.id);
    await db
      .updateTable('user_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', sha256(token))
      .execute();
    expect(await auth.checkSetPasswordToken(token)).toBeUndefined();
    expect(await auth.setPasswordWithToken(actor, token, 'a brand new password')).toBe(false);
    expect(await auth.checkPassword(actor, user.email, PASSWORD)).toMatchObject({ kind: 'ok' });
  });

  it('refuses an unknown token', async () => {
    expect(await auth.setPasswordWithToken(actor, 'not-a-real-token', 'a brand new password')).toBe(false);
  });

  it('lets only one of two simultaneous uses of a link succeed', async () => {
    const user = await createUser();
    const { token } = await auth.createSetPasswordToken(user.id);
    const results = await Promise.all([
      auth.setPasswordWithToken(actor, token, 'first password here'),
      auth.setPasswordWithToken(actor, token, 'second password here'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'first password here' : 'second password here';
    expect(await auth.checkPassword(actor, user.email, winner)).toMatchObject({ kind: 'ok' });
  });

  it('clears a lock when the password is set', async () => {
    const user = await createUser();
    await db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() + 600_000), failed_sign_in_count: 3 })
      .where('id', '=', user.id)
      .execute();
    const { token } = await auth.createSetPasswordToken(user.id);
    expect(await auth.setPasswordWithToken(actor, token, 'a brand new password')).toBe(true);
    expect(await auth.checkPassword(actor, user.email, 'a brand new password')).toMatchObject({ kind: 'ok' });
  });
});

describe('sign out everywhere', () => {
  it("deletes only that user's sessions and records how many ended", async () => {
    const user = await createUser();
    const other = await createUser();
    await addSession(user.id);
    await addSession(user.id);
    await addSession(other.id);
    await addSession(null);
    const anonymousBefore = (await db.selectFrom('sessions').select('id').where('user_id', 'is', null).execute())
      .length;

    expect(await auth.signOutEverywhere({ ...actor, userId: user.id }, user.id)).toBe(2);
    expect(await sessionCount(user.id)).toBe(0);
    expect(await sessionCount(other.id)).toBe(1);
    expect((await db.selectFrom('sessions').select('id').where('user_id', 'is', null).execute()).length).toBe(
      anonymousBefore,
    );
    expect((await eventsAbout(user.id)).at(-1)).toEqual({
      action: 'sign-out.everywhere',
      outcome: 'success',
      details: { sessionsEnded: 2 },
    });
  });

  it('leaves the audit chain intact after everything above', async () => {
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
