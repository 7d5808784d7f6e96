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

/**
 * Two-factor secrets are encrypted at rest with AES-256-GCM under a key derived from the
 * session secret, so a copy of the database alone does not yield working codes.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(masterSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', masterSecret, 'hearth', 'two-factor-secrets', 32));
  }

  seal(plain: Uint8Array): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64')}`;
  }

  open(sealed: string): Uint8Array {
    const raw = Buffer.from(sealed.replace(/^v1:/, ''), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return new Uint8Array(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]));
  }
}
