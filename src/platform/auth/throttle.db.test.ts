import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import type { AuthService } from './service.ts';
import { AuthTestBed, PASSWORD, codeFor, wrongCode } from './auth.test-support.ts';

/**
 * Sign-in throttling instead of lockout (NIST SP 800-63B style): waits that double after five
 * failures on an account or twenty from an address, the same answers for every email, and the
 * account's owner told once. The clock is moved on, never waited for.
 */
let bed: AuthTestBed;
let db: Kysely<DB>;
let auth: AuthService;
beforeAll(async () => {
  bed = await AuthTestBed.create();
  ({ db, auth } = bed);
});
afterAll(() => bed?.close());

const createUser = (options?: { active?: boolean }) => bed.createUser(options);
const fresh = () => bed.fresh();
const later = (seconds: number) => bed.later(seconds);
const eventsAbout = (userId: string) => bed.eventsAbout(userId);

describe('wrong passwords', () => {
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
      waits.push((refused.retryAt.getTime() - bed.clock.getTime()) / 1000);
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
        r.kind === 'throttled' ? `throttled ${r.retryAt.getTime() - bed.clock.getTime()}` : r.kind,
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

describe('wrong codes', () => {
  it('makes codes wait after five wrong ones, and a right password does not buy more guesses', async () => {
    const user = await createUser();
    const { secret } = await bed.enrol(user.id);
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
});
