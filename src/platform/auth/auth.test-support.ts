import { expect, vi } from 'vitest';
import type { Kysely } from 'kysely';
import { generateTOTP } from '@oslojs/otp';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import type { DB } from '../db/schema/index.ts';
import { newId } from '../db/ids.ts';
import { AuditLog, type AuditActor } from '../audit/audit.ts';
import { Notify } from '../notify/notify.ts';
import { AuthService } from './service.ts';
import { hashPassword } from './secrets.ts';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS, totpKey } from './totp.ts';

export const PASSWORD = 'correct horse battery staple';

/** The code an authenticator app shows now, or `offsetSeconds` from now. */
export function codeFor(secret: string, offsetSeconds = 0): string {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + offsetSeconds * 1000);
  try {
    return generateTOTP(totpKey(secret), TOTP_PERIOD_SECONDS, TOTP_DIGITS);
  } finally {
    vi.useRealTimers();
  }
}
export const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/**
 * For tests of AuthService: a test database, the service on a clock the test moves on (rather than
 * wait), users with a known password, and browsers each at an address of their own.
 */
export class AuthTestBed {
  clock = new Date();
  private users = 0;
  private addresses = 0;
  readonly auth: AuthService;

  private constructor(
    private readonly testDb: TestDatabase,
    readonly db: Kysely<DB>,
    private readonly organisationId: string,
  ) {
    this.auth = new AuthService(db, new AuditLog(db), new Notify(db), {
      issuer: 'Hearth test',
      sessionSecret: 'a-test-session-secret-that-is-long-enough',
      twoFactorKeys: { current: 'test', keys: { test: 'a-test-two-factor-key-that-is-long-enough' } },
      invitationHours: 72,
      now: () => this.clock,
    });
  }

  static async create() {
    const testDb = await createTestDatabase();
    const db = testDb.database.db;
    const org = await db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'essex-county-council')
      .executeTakeFirstOrThrow();
    return new AuthTestBed(testDb, db, org.id);
  }

  close() {
    return this.testDb.close();
  }

  later(seconds: number) {
    this.clock = new Date(this.clock.getTime() + seconds * 1000);
  }

  /** A browser at an address of its own, so tests do not share the address's count. */
  fresh(): AuditActor {
    this.addresses += 1;
    return { userId: null, label: 'test browser', ip: `198.51.100.${this.addresses}`, sessionId: 'sid-1' };
  }

  async createUser(options: { active?: boolean } = {}) {
    this.users += 1;
    const id = newId();
    const email = `user${this.users}@essex.example`;
    await this.db
      .insertInto('users')
      .values({
        id,
        email,
        display_name: `User ${this.users}`,
        organisation_id: this.organisationId,
        password_hash: await hashPassword(PASSWORD),
        is_active: options.active ?? true,
      })
      .execute();
    return { id, email };
  }

  /** Enrols with the code from the previous 30-second step, so the current code is still unused. */
  async enrol(userId: string) {
    const secret = this.auth.newEnrolmentSecret();
    const codes = await this.auth.completeEnrolment(
      this.fresh(),
      userId,
      secret,
      codeFor(secret, -TOTP_PERIOD_SECONDS),
    );
    expect(codes).not.toBeNull();
    return { secret, codes: codes! };
  }

  eventsAbout(userId: string) {
    return this.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'details'])
      .where('subject_id', '=', userId)
      .orderBy('seq')
      .execute();
  }
}
