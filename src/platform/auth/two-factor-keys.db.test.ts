import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { generateTOTP } from '@oslojs/otp';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import { ConfigError } from '../../config.ts';
import type { DB } from '../db/schema/index.ts';
import { newId } from '../db/ids.ts';
import { AuditLog, type AuditActor } from '../audit/audit.ts';
import { Notify } from '../notify/notify.ts';
import { AuthService, type AuthSettings } from './service.ts';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS, newTotpSecret, totpKey } from './totp.ts';

/**
 * Two-factor secrets under TWO_FACTOR_KEYS: secrets stored before it (under a key derived from
 * SESSION_SECRET) keep working and move to the current key; keys rotate; and settings that cannot
 * read what the database holds stop start-up with a message naming the setting.
 */
let testDb: TestDatabase;
let db: Kysely<DB>;
let organisationId: string;
const SESSION_SECRET = 'the-session-secret-the-database-was-used-with';
const K1 = 'the-first-two-factor-key-of-this-council';
const K2 = 'the-second-two-factor-key-of-this-council';
const actor: AuditActor = { userId: null, label: 'test', ip: '192.0.2.50' };

const service = (settings: Partial<AuthSettings> = {}) =>
  new AuthService(db, new AuditLog(db), new Notify(db), {
    issuer: 'Hearth test',
    sessionSecret: SESSION_SECRET,
    twoFactorKeys: { current: 'k1', keys: { k1: K1 } },
    invitationHours: 72,
    ...settings,
  });

/** A user enrolled before TWO_FACTOR_KEYS: the secret sealed exactly as the old SecretBox did. */
async function legacyUser() {
  const secret = newTotpSecret();
  const key = Buffer.from(hkdfSync('sha256', SESSION_SECRET, 'hearth', 'two-factor-secrets', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const encrypted = Buffer.concat([cipher.update(totpKey(secret)), cipher.final()]);
  const sealed = `v1:${Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64')}`;
  const id = newId();
  await db
    .insertInto('users')
    .values({
      id,
      email: `legacy-${id}@essex.example`,
      display_name: 'Legacy User',
      organisation_id: organisationId,
      totp_secret: sealed,
      totp_key_id: 'legacy',
      two_factor_enrolled_at: new Date(),
    })
    .execute();
  return { id, secret };
}
const code = (secret: string) => generateTOTP(totpKey(secret), TOTP_PERIOD_SECONDS, TOTP_DIGITS);
const keyIdOf = async (id: string) =>
  (await db.selectFrom('users').select('totp_key_id').where('id', '=', id).executeTakeFirstOrThrow()).totp_key_id;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  organisationId = (
    await db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'essex-county-council')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => testDb?.close());

describe('two-factor keys', () => {
  it('stops start-up naming SESSION_SECRET when secrets stored before TWO_FACTOR_KEYS cannot be read', async () => {
    await legacyUser();
    const restored = service({ sessionSecret: 'another-session-secret-on-a-restored-server' });
    await expect(restored.checkStoredSecrets()).rejects.toThrow(ConfigError);
    await expect(restored.checkStoredSecrets()).rejects.toThrow(/cannot be read with this SESSION_SECRET/);
  });

  it('reads secrets stored before TWO_FACTOR_KEYS, and moves them to the current key at start-up', async () => {
    const user = await legacyUser();
    expect(await service().verifyCode(actor, user.id, code(user.secret))).toEqual({ kind: 'ok' });
    const { reencrypted } = await service().checkStoredSecrets();
    expect(reencrypted).toBeGreaterThanOrEqual(2);
    expect(await keyIdOf(user.id)).toBe('k1');
    // From now on the session secret no longer matters.
    const restored = service({ sessionSecret: 'another-session-secret-on-a-restored-server' });
    await expect(restored.checkStoredSecrets()).resolves.toEqual({ reencrypted: 0, unreadable: 0 });
  });

  it('rotates: with a new current key and the old one kept, old secrets move to the new key', async () => {
    const user = await legacyUser();
    await service().checkStoredSecrets();
    expect(await keyIdOf(user.id)).toBe('k1');
    const rotated = service({ twoFactorKeys: { current: 'k2', keys: { k2: K2, k1: K1 } } });
    expect((await rotated.checkStoredSecrets()).reencrypted).toBeGreaterThanOrEqual(1);
    expect(await keyIdOf(user.id)).toBe('k2');
    // The old key can go.
    const onlyNew = service({ twoFactorKeys: { current: 'k2', keys: { k2: K2 } } });
    await expect(onlyNew.checkStoredSecrets()).resolves.toMatchObject({ unreadable: 0 });
  });

  it('stops start-up naming TWO_FACTOR_KEYS when a key id is missing or its key is not the one used', async () => {
    const missing = service({ twoFactorKeys: { current: 'k3', keys: { k3: K1 } } });
    await expect(missing.checkStoredSecrets()).rejects.toThrow(
      /encrypted with the key "k2", which is not in TWO_FACTOR_KEYS/,
    );
    const wrong = service({ twoFactorKeys: { current: 'k2', keys: { k2: K1 } } });
    await expect(wrong.checkStoredSecrets()).rejects.toThrow(
      /the key given for "k2" in TWO_FACTOR_KEYS is not that key/,
    );
  });
});
