import type { Kysely } from 'kysely';
import { ConfigError } from '../../config.ts';
import type { DB } from '../db/schema/index.ts';
import { LEGACY_KEY_ID, UnreadableSecret, type TwoFactorKeys } from './secrets.ts';

/**
 * Tries one stored two-factor secret per key id. Any that cannot be read stops start-up with a
 * message naming the setting to fix: SESSION_SECRET for secrets stored before TWO_FACTOR_KEYS,
 * TWO_FACTOR_KEYS otherwise.
 */
export async function checkStoredSecrets(db: Kysely<DB>, keys: TwoFactorKeys): Promise<void> {
  const samples = await db
    .selectFrom('users')
    .select((eb) => [
      eb.fn.coalesce('totp_key_id', eb.val(LEGACY_KEY_ID)).as('key_id'),
      eb.fn.min('totp_secret').as('secret'),
      eb.fn.countAll<number>().as('users'),
    ])
    .where('totp_secret', 'is not', null)
    .groupBy('key_id')
    .execute();
  const problems: string[] = [];
  for (const { key_id: keyId, secret, users } of samples) {
    try {
      keys.open(keyId, secret!);
    } catch (error) {
      if (!(error instanceof UnreadableSecret)) throw error;
      problems.push(
        keyId === LEGACY_KEY_ID
          ? `  ${users} user(s) set up two-factor before TWO_FACTOR_KEYS existed, and their secrets cannot be read with this SESSION_SECRET: start with the SESSION_SECRET the database was used with (once read, they are re-encrypted with TWO_FACTOR_KEYS).`
          : keys.has(keyId)
            ? `  ${users} user(s) have two-factor secrets encrypted with the key "${keyId}", and the key given for "${keyId}" in TWO_FACTOR_KEYS is not that key.`
            : `  ${users} user(s) have two-factor secrets encrypted with the key "${keyId}", which is not in TWO_FACTOR_KEYS: add it (it may stay as an older key beside the current one).`,
      );
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `Hearth cannot start: stored two-factor secrets cannot be read with these settings (a restore with other keys?).\n${problems.join('\n')}\n  Otherwise an administrator must reset those users' sign-in.`,
    );
  }
}

/**
 * Re-encrypts every secret not under the current key (legacy and rotated-out keys) with it. A secret
 * that cannot be read is left as it is: its user sees a clear page at sign-in until an
 * administrator resets their sign-in.
 */
export async function reencryptStoredSecrets(
  db: Kysely<DB>,
  keys: TwoFactorKeys,
): Promise<{ reencrypted: number; unreadable: number }> {
  let reencrypted = 0;
  let unreadable = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'totp_secret', 'totp_key_id'])
      .where('totp_secret', 'is not', null)
      .where((eb) => eb.or([eb('totp_key_id', 'is', null), eb('totp_key_id', '<>', keys.current)]))
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) return { reencrypted, unreadable };
    for (const row of rows) {
      after = row.id;
      let plain: Uint8Array;
      try {
        plain = keys.open(row.totp_key_id ?? LEGACY_KEY_ID, row.totp_secret!);
      } catch (error) {
        if (!(error instanceof UnreadableSecret)) throw error;
        unreadable += 1;
        continue;
      }
      const sealed = keys.seal(plain);
      // Only if unchanged meanwhile (another instance, or the user enrolling again).
      await db
        .updateTable('users')
        .set({ totp_secret: sealed.sealed, totp_key_id: sealed.keyId })
        .where('id', '=', row.id)
        .where('totp_secret', '=', row.totp_secret)
        .execute();
      reencrypted += 1;
    }
  }
}
