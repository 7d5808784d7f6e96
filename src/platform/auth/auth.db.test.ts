import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import { newId } from '../db/ids.ts';
import type { AuditActor } from '../audit/audit.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import type { AuthService } from './service.ts';
import { sha256 } from './secrets.ts';
import { TOTP_PERIOD_SECONDS } from './totp.ts';
import { AuthTestBed, PASSWORD, codeFor, wrongCode } from './auth.test-support.ts';

/** Sign-in, two-factor, set-password links and signing out everywhere (throttling: throttle.db.test.ts). */
let bed: AuthTestBed;
let db: Kysely<DB>;
let auth: AuthService;
let actor: AuditActor;
beforeAll(async () => {
  bed = await AuthTestBed.create();
  ({ db, auth } = bed);
  actor = bed.fresh();
});
afterAll(() => bed?.close());

const createUser = (options?: { active?: boolean }) => bed.createUser(options);
const enrol = (userId: string) => bed.enrol(userId);
const eventsAbout = (userId: string) => bed.eventsAbout(userId);
const addSession = (userId: string | null) =>
  db
    .insertInto('sessions')
    .values({ id: newId(), user_id: userId, data: '{}', expires_at: new Date(Date.now() + 60_000) })
    .execute();
const sessionCount = async (userId: string) =>
  (await db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length;

describe('passwords', () => {
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
