import type { Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import { newId } from '../db/ids.ts';
import type { AuditActor, AuditLog } from '../audit/audit.ts';
import type { Notify } from '../notify/notify.ts';
import { destroyUserSessions } from '../http/session-store.ts';
import { AuthRepository } from './repository.ts';
import {
  LEGACY_KEY_ID,
  TwoFactorKeys,
  UnreadableSecret,
  hashPassword,
  newRecoveryCodes,
  normaliseRecoveryCode,
  randomToken,
  sha256,
  verifyPassword,
} from './secrets.ts';
import { enrolmentQrCode, matchTotpCounter, newTotpSecret, totpKey } from './totp.ts';
import { DEFAULT_THROTTLE, SignInThrottle, type Claim, type ThrottleSettings } from './throttle.ts';
import { throttledEmail } from './emails.ts';
import { checkStoredSecrets, reencryptStoredSecrets } from './stored-secrets.ts';

export interface AuthSettings {
  issuer: string;
  /** SESSION_SECRET: reads two-factor secrets stored before TWO_FACTOR_KEYS (key id "legacy"). */
  sessionSecret: string;
  /** TWO_FACTOR_KEYS: the keys two-factor secrets are encrypted with, and which one new secrets use. */
  twoFactorKeys: { current: string; keys: Record<string, string> };
  invitationHours: number;
  /** Sign-in throttling; DEFAULT_THROTTLE unless a test wants other numbers. */
  throttle?: Partial<ThrottleSettings>;
  /** The clock, so tests can move time on instead of waiting for it. */
  now?: () => Date;
}

/** Too many tries lately, on this email or from this address: try again after `retryAt`. */
export type Throttled = { kind: 'throttled'; retryAt: Date };

export type PasswordResult = { kind: 'ok'; userId: string; enrolled: boolean } | { kind: 'invalid' } | Throttled;

/** The user's two-factor secret cannot be decrypted with the keys Hearth has: a set-up problem, not the user's. */
export type Unreadable = { kind: 'unreadable' };

export type CodeResult = { kind: 'ok' } | { kind: 'invalid' } | Throttled | Unreadable;

/** Sign-in, two-factor enrolment and verification, throttling, invitations and sign-out everywhere. */
export class AuthService {
  private readonly repository: AuthRepository;
  private readonly keys: TwoFactorKeys;
  private readonly throttle: SignInThrottle;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly notify: Notify,
    private readonly settings: AuthSettings,
  ) {
    this.repository = new AuthRepository(db);
    this.keys = new TwoFactorKeys(settings.twoFactorKeys, settings.sessionSecret);
    this.throttle = new SignInThrottle(
      db,
      { ...DEFAULT_THROTTLE, ...settings.throttle },
      settings.now ?? (() => new Date()),
    );
  }

  /**
   * Start-up: decrypts one stored two-factor secret per key id, so keys that do not match the
   * database (a restore with other settings) stop Hearth with a message naming the setting, rather
   * than failing at each sign-in. Then re-encrypts secrets under older keys with the current one.
   */
  async checkStoredSecrets(): Promise<{ reencrypted: number; unreadable: number }> {
    await checkStoredSecrets(this.db, this.keys);
    return reencryptStoredSecrets(this.db, this.keys);
  }

  loadCurrentUser(userId: string) {
    return this.repository.loadCurrentUser(userId);
  }

  /**
   * The password step. The same answers whatever the email: an account, none, inactive or invited;
   * a try while the email or address must wait is refused without checking the password.
   */
  async checkPassword(actor: AuditActor, email: string, password: string): Promise<PasswordResult> {
    const claim = await this.throttle.claim(email, actor.ip);
    const account = await this.repository.findCredentialsByEmail(email);
    const subject = account ? { subjectType: 'user', subjectId: account.id } : {};
    if (!claim.ok) return this.refused(actor, 'sign-in.password', claim.retryAt, subject);
    const matches = await verifyPassword(account?.password_hash ?? null, password);
    if (!account || !account.is_active) {
      await this.throttle.failed(claim.claim);
      await this.audit.record(actor, {
        action: 'sign-in.password',
        outcome: 'failure',
        details: { reason: 'no such active account' },
      });
      return { kind: 'invalid' };
    }
    if (!matches) return this.failure(actor, account, 'sign-in.password', claim.claim);
    await this.throttle.succeeded(claim.claim);
    await this.audit.record(
      { ...actor, userId: account.id },
      { action: 'sign-in.password', outcome: 'success', ...subject },
    );
    return { kind: 'ok', userId: account.id, enrolled: account.two_factor_enrolled_at !== null };
  }

  /** Completes sign-in without a second factor: only when TWO_FACTOR=off outside production. */
  async completeWithoutSecondFactor(actor: AuditActor, userId: string) {
    await this.signedIn(actor, userId, 'password only (two-factor switched off)');
  }

  async verifyCode(actor: AuditActor, userId: string, code: string): Promise<CodeResult> {
    const account = await this.repository.findSecondFactor(userId);
    if (!account?.is_active || !account.totp_secret) return { kind: 'invalid' };
    const claim = await this.throttle.claim(account.email, actor.ip);
    if (!claim.ok)
      return this.refused(actor, 'sign-in.second-factor', claim.retryAt, { subjectType: 'user', subjectId: userId });
    let key: Uint8Array;
    try {
      key = this.keys.open(account.totp_key_id ?? LEGACY_KEY_ID, account.totp_secret);
    } catch (error) {
      if (!(error instanceof UnreadableSecret)) throw error;
      // Not the user's failure: their try is given back.
      await this.throttle.succeeded(claim.claim);
      await this.audit.record(actor, {
        action: 'sign-in.second-factor',
        outcome: 'failure',
        subjectType: 'user',
        subjectId: userId,
        details: { reason: 'two-factor secret unreadable', keyId: error.keyId },
      });
      return { kind: 'unreadable' };
    }
    const counter = matchTotpCounter(key, code.replace(/\s/g, ''));
    if (counter === null || !(await this.repository.useTotpCounter(userId, counter))) {
      return this.failure(actor, account, 'sign-in.second-factor', claim.claim);
    }
    await this.throttle.succeeded(claim.claim);
    await this.signedIn(actor, userId, 'authenticator app');
    return { kind: 'ok' };
  }

  async useRecoveryCode(actor: AuditActor, userId: string, code: string): Promise<CodeResult & { remaining?: number }> {
    const account = await this.repository.findSecondFactor(userId);
    if (!account?.is_active) return { kind: 'invalid' };
    const claim = await this.throttle.claim(account.email, actor.ip);
    if (!claim.ok)
      return this.refused(actor, 'sign-in.recovery-code', claim.retryAt, { subjectType: 'user', subjectId: userId });
    const used = await this.repository.useRecoveryCode(userId, sha256(normaliseRecoveryCode(code)));
    if (!used) return this.failure(actor, account, 'sign-in.recovery-code', claim.claim);
    await this.throttle.succeeded(claim.claim);
    await this.signedIn(actor, userId, 'recovery code', { recoveryCodesLeft: used.remaining });
    return { kind: 'ok', remaining: used.remaining };
  }

  newEnrolmentSecret() {
    return newTotpSecret();
  }

  async enrolmentQrCode(userId: string, secret: string) {
    const account = await this.repository.findSecondFactor(userId);
    return enrolmentQrCode(this.settings.issuer, account?.email ?? 'Hearth', secret);
  }

  /** Saves the secret once the user proves their app has it, and returns fresh recovery codes. */
  async completeEnrolment(actor: AuditActor, userId: string, secret: string, code: string): Promise<string[] | null> {
    const counter = matchTotpCounter(totpKey(secret), code.replace(/\s/g, ''));
    if (counter === null) {
      // Not throttled: the secret is on the user's screen, so there is nothing to guess.
      await this.audit.record(actor, {
        action: 'two-factor.enrol',
        outcome: 'failure',
        subjectType: 'user',
        subjectId: userId,
      });
      return null;
    }
    const codes = newRecoveryCodes();
    await this.repository.saveEnrolment(
      userId,
      this.keys.seal(totpKey(secret)),
      counter,
      codes.map((c) => ({ id: newId(), hash: sha256(normaliseRecoveryCode(c)) })),
    );
    await this.audit.record(
      { ...actor, userId },
      { action: 'two-factor.enrolled', outcome: 'success', subjectType: 'user', subjectId: userId },
    );
    await this.signedIn(actor, userId, 'enrolment');
    return codes;
  }

  /** A one-time link to set a password: for new users, and for resets an administrator starts. */
  async createSetPasswordToken(userId: string, db: Kysely<DB> = this.db): Promise<{ token: string; expiresAt: Date }> {
    const token = randomToken();
    const expiresAt = new Date(Date.now() + this.settings.invitationHours * 3_600_000);
    await db
      .insertInto('user_tokens')
      .values({
        id: newId(),
        user_id: userId,
        purpose: 'set-password',
        token_hash: sha256(token),
        expires_at: expiresAt,
      })
      .execute();
    return { token, expiresAt };
  }

  async checkSetPasswordToken(token: string) {
    return this.repository.findValidToken(sha256(token), 'set-password');
  }

  async setPasswordWithToken(actor: AuditActor, token: string, password: string): Promise<boolean> {
    const found = await this.repository.findValidToken(sha256(token), 'set-password');
    if (!found) return false;
    const passwordHash = await hashPassword(password);
    let claimedHere = true;
    await this.db
      .transaction()
      .execute(async (tx) => {
        const claimed = await tx
          .updateTable('user_tokens')
          .set({ used_at: new Date() })
          .where('id', '=', found.id)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) throw new TokenAlreadyUsed();
        await tx
          .updateTable('users')
          .set({ password_hash: passwordHash, failed_sign_in_count: 0, locked_until: null, updated_at: new Date() })
          .where('id', '=', found.user_id)
          .execute();
        await this.audit.record(
          { ...actor, userId: found.user_id },
          {
            action: 'password.set',
            outcome: 'success',
            subjectType: 'user',
            subjectId: found.user_id,
          },
          tx,
        );
      })
      .catch((error: unknown) => {
        if (!(error instanceof TokenAlreadyUsed)) throw error;
        claimedHere = false;
      });
    // Another request used the token first: this one set nothing.
    if (!claimedHere) return false;
    // A new password ends every existing session.
    await destroyUserSessions(this.db, found.user_id);
    return true;
  }

  async signOutEverywhere(actor: AuditActor, userId: string): Promise<number> {
    const ended = await destroyUserSessions(this.db, userId);
    await this.audit.record(actor, {
      action: 'sign-out.everywhere',
      outcome: 'success',
      subjectType: 'user',
      subjectId: userId,
      details: { sessionsEnded: ended },
    });
    return ended;
  }

  async recordSignOut(actor: AuditActor, reason: 'signed out' | 'inactive') {
    await this.audit.record(actor, {
      action: reason === 'inactive' ? 'session.expired' : 'sign-out',
      outcome: 'success',
      subjectType: 'user',
      subjectId: actor.userId ?? undefined,
    });
  }

  private async signedIn(actor: AuditActor, userId: string, method: string, details: Record<string, unknown> = {}) {
    const email = await this.repository.recordSignedIn(userId);
    if (email) await this.throttle.reset(email);
    await this.audit.record(
      { ...actor, userId },
      {
        action: 'sign-in.completed',
        outcome: 'success',
        subjectType: 'user',
        subjectId: userId,
        details: { method, ...details },
      },
    );
  }

  private async refused(
    actor: AuditActor,
    action: string,
    retryAt: Date,
    subject: { subjectType?: string; subjectId?: string },
  ): Promise<Throttled> {
    await this.audit.record(actor, { action, outcome: 'denied', ...subject, details: { reason: 'throttled' } });
    return { kind: 'throttled', retryAt };
  }

  /** A wrong password or code for a real account: counted already; its owner is told when the waits begin. */
  private async failure(
    actor: AuditActor,
    account: { id: string; email: string; display_name: string },
    action: string,
    claim: Claim,
  ): Promise<{ kind: 'invalid' }> {
    const { startedWaiting, failures } = await this.throttle.failed(claim);
    if (startedWaiting) await this.notify.sendEmail(throttledEmail(account, failures));
    await this.audit.record(actor, {
      action,
      outcome: 'failure',
      subjectType: 'user',
      subjectId: account.id,
      details: startedWaiting ? { throttled: true } : {},
    });
    return { kind: 'invalid' };
  }
}

class TokenAlreadyUsed extends Error {}
