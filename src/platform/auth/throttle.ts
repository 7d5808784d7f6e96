import type { Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import { sha256 } from './secrets.ts';

/**
 * Sign-in throttling instead of lockout (NIST SP 800-63B §5.2.2): after a number of consecutive
 * failures each further try must wait, twice as long each time up to a cap, so guessing is slowed to
 * a crawl but the real user is never locked out for long. Counted per account (by email, whether or
 * not it has an account, so the answer never tells which emails exist) and per client address. A try
 * made during a wait is refused without checking the password, and is not counted.
 */
export interface ThrottleSettings {
  /** Failures allowed on one email before tries must wait. */
  accountFreeFailures: number;
  /** Failures allowed from one client address (any emails) before tries must wait. */
  addressFreeFailures: number;
  firstWaitSeconds: number;
  maxWaitSeconds: number;
  /** An account's failures are forgotten after this long without one. */
  accountForgetHours: number;
  /** An address's failures are forgotten after this long without one (offices share addresses). */
  addressForgetHours: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  accountFreeFailures: 5,
  addressFreeFailures: 20,
  firstWaitSeconds: 30,
  maxWaitSeconds: 15 * 60,
  accountForgetHours: 24,
  addressForgetHours: 1,
};

interface ThrottleKey {
  kind: 'account' | 'address';
  key: string;
  free: number;
  forgetMs: number;
}

/** One try, counted as a failure until it turns out right: each key with the wait this try set, if any. */
export interface Claim {
  keys: (ThrottleKey & { waitSet: Date | null })[];
}

export type ClaimResult = { ok: true; claim: Claim } | { ok: false; retryAt: Date };

export class SignInThrottle {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly settings: ThrottleSettings,
    private readonly now: () => Date,
  ) {}

  private keys(email: string, address: string | null | undefined): ThrottleKey[] {
    const s = this.settings;
    const keys: ThrottleKey[] = [
      {
        kind: 'account',
        key: `account:${sha256(email.trim().toLowerCase())}`,
        free: s.accountFreeFailures,
        forgetMs: s.accountForgetHours * 3_600_000,
      },
    ];
    if (address)
      keys.push({
        kind: 'address',
        key: `address:${address}`,
        free: s.addressFreeFailures,
        forgetMs: s.addressForgetHours * 3_600_000,
      });
    return keys;
  }

  /** How long to wait after the nth consecutive failure: none until the free ones are used, then doubling. */
  private waitAfter(failures: number, free: number): number | null {
    if (failures < free) return null;
    const { firstWaitSeconds, maxWaitSeconds } = this.settings;
    return Math.min(firstWaitSeconds * 2 ** Math.min(failures - free, 20), maxWaitSeconds) * 1000;
  }

  /**
   * Counts a try on the email and the address before the password is checked, so tries sent at once
   * cannot all slip through before any failure is recorded. Refused, counting nothing, when either must
   * still wait.
   */
  async claim(email: string, address: string | null | undefined): Promise<ClaimResult> {
    const keys = this.keys(email, address);
    const now = this.now();
    return this.db.transaction().execute(async (tx) => {
      const rows = [];
      for (const k of keys) {
        await tx
          .insertInto('sign_in_throttles')
          .values({ key: k.key, failures: 0, last_failure_at: now })
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
        rows.push(
          await tx
            .selectFrom('sign_in_throttles')
            .selectAll()
            .where('key', '=', k.key)
            .forUpdate()
            .executeTakeFirstOrThrow(),
        );
      }
      const waits = rows.map((r) => r.wait_until).filter((w): w is Date => w !== null && w > now);
      if (waits.length > 0) return { ok: false, retryAt: new Date(Math.max(...waits.map((w) => w.getTime()))) };
      const claimed: Claim['keys'] = [];
      for (const [i, k] of keys.entries()) {
        const row = rows[i]!;
        const forgotten = now.getTime() - row.last_failure_at.getTime() > k.forgetMs;
        const failures = (forgotten ? 0 : row.failures) + 1;
        const wait = this.waitAfter(failures, k.free);
        const waitSet = wait === null ? null : new Date(now.getTime() + wait);
        await tx
          .updateTable('sign_in_throttles')
          .set({ failures, last_failure_at: now, wait_until: waitSet, ...(forgotten ? { notified_at: null } : {}) })
          .where('key', '=', k.key)
          .execute();
        claimed.push({ ...k, waitSet });
      }
      return { ok: true, claim: { keys: claimed } };
    });
  }

  /**
   * The password (or code) was right: the try counted against the account and the address is given
   * back. The account's earlier failures stay until sign-in completes (reset), so a right password
   * cannot buy more guesses at the second factor.
   */
  async succeeded(claim: Claim) {
    for (const k of claim.keys) {
      // Tries are claimed only when nothing is waiting, so a wait this try set is undone with it
      // (one set meanwhile by another failing try stays).
      await this.db
        .updateTable('sign_in_throttles')
        .set((eb) => ({
          failures: eb('failures', '-', 1),
          ...(k.waitSet
            ? { wait_until: eb.case().when('wait_until', '=', k.waitSet).then(null).else(eb.ref('wait_until')).end() }
            : {}),
        }))
        .where('key', '=', k.key)
        .where('failures', '>', 0)
        .execute();
    }
  }

  /** Sign-in completed: the account's failures are forgotten. */
  async reset(email: string) {
    await this.db.deleteFrom('sign_in_throttles').where('key', '=', this.keys(email, null)[0]!.key).execute();
  }

  /**
   * The try was wrong. True once per spell of failures, when the account has just started to wait:
   * the moment to tell its owner. (The failure itself was counted by claim().)
   */
  async failed(claim: Claim): Promise<{ startedWaiting: boolean; failures: number }> {
    const account = claim.keys.find((k) => k.kind === 'account')!;
    const row = await this.db
      .updateTable('sign_in_throttles')
      .set({ notified_at: this.now() })
      .where('key', '=', account.key)
      .where('notified_at', 'is', null)
      .where('failures', '>=', account.free)
      .returning('failures')
      .executeTakeFirst();
    return { startedWaiting: row !== undefined, failures: row?.failures ?? 0 };
  }

  /** Forgets failures nobody has added to for a day, once any wait is over (a scheduled job). */
  async forgetOld() {
    const dayAgo = new Date(this.now().getTime() - 24 * 3_600_000);
    const result = await this.db
      .deleteFrom('sign_in_throttles')
      .where('last_failure_at', '<', dayAgo)
      .where((eb) => eb.or([eb('wait_until', 'is', null), eb('wait_until', '<', this.now())]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
