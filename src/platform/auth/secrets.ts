import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';

/** Passwords: argon2id with the library's defaults (19 MiB, 2 passes), as OWASP recommends. */
// Algorithm is an ambient const enum (not a runtime object), so the value is written out: 2 = Argon2id.
const ARGON2ID: Algorithm.Argon2id = 2;
export const hashPassword = (password: string) => hash(password, { algorithm: ARGON2ID });

// Verifying against this when no account matches makes a wrong email take as long as a wrong password.
const DUMMY_HASH = await hashPassword('hearth-timing-equaliser-not-a-password');

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? DUMMY_HASH, password);
  } catch {
    return false;
  }
}

/** One-time tokens and recovery codes are high-entropy, so a plain SHA-256 is the right hash. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Ten recovery codes like "K7QP-2M4X-H9TD", each usable once. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const code = encodeBase32UpperCaseNoPadding(randomBytes(8)).slice(0, 12);
    return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
  });
}

export const normaliseRecoveryCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** A stored two-factor secret Hearth cannot decrypt: its key is missing from the settings, or not the one used. */
export class UnreadableSecret extends Error {
  constructor(readonly keyId: string) {
    super(
      keyId === LEGACY_KEY_ID
        ? 'a two-factor secret stored before TWO_FACTOR_KEYS cannot be read with this SESSION_SECRET'
        : `a two-factor secret encrypted with the key "${keyId}" cannot be read with TWO_FACTOR_KEYS`,
    );
  }
}

/** Secrets stored before TWO_FACTOR_KEYS were encrypted under a key derived from SESSION_SECRET. */
export const LEGACY_KEY_ID = 'legacy';

const deriveKey = (secret: string, info: string) => Buffer.from(hkdfSync('sha256', secret, 'hearth', info, 32));

/**
 * Two-factor secrets are encrypted at rest with AES-256-GCM, so a copy of the database alone does
 * not yield working codes. The keys come from TWO_FACTOR_KEYS, apart from the session secret (a
 * restore under a new SESSION_SECRET still reads them), each with an id stored beside the secret so
 * keys can rotate: new secrets use the current key, older ones are read with theirs.
 */
export class TwoFactorKeys {
  private readonly keys = new Map<string, Buffer>();

  constructor(
    settings: { current: string; keys: Record<string, string> },
    /** SESSION_SECRET, for secrets stored before TWO_FACTOR_KEYS (key id "legacy"). */
    legacySecret: string,
  ) {
    for (const [id, secret] of Object.entries(settings.keys)) this.keys.set(id, deriveKey(secret, `two-factor:${id}`));
    this.keys.set(LEGACY_KEY_ID, deriveKey(legacySecret, 'two-factor-secrets'));
    this.current = settings.current;
  }

  readonly current: string;

  has(keyId: string) {
    return this.keys.has(keyId);
  }

  seal(plain: Uint8Array): { keyId: string; sealed: string } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.current)!, iv);
    const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
    return {
      keyId: this.current,
      sealed: `v1:${Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64')}`,
    };
  }

  /** Throws UnreadableSecret when the key is not configured or is not the one the secret was sealed with. */
  open(keyId: string, sealed: string): Uint8Array {
    const key = this.keys.get(keyId);
    if (!key) throw new UnreadableSecret(keyId);
    try {
      const raw = Buffer.from(sealed.replace(/^v1:/, ''), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return new Uint8Array(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]));
    } catch {
      throw new UnreadableSecret(keyId);
    }
  }
}
