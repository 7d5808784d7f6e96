import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';

/** What a form sent: each field's value or values, as the form body carried them. */
export type KeptFields = Record<string, string | string[]>;

export interface KeptForm {
  path: string;
  fields: KeptFields;
}

/** How long what was typed is kept for its author to sign in again. */
export const KEEP_FOR_MS = 60 * 60_000;

const MAX_FIELDS = 200;
const MAX_KEPT_CHARS = 200_000;

/**
 * Fields never kept, whatever the form: the CSRF token and submission key (a new page draws fresh ones), and
 * anything that is a password, a code from an authenticator app or a recovery code, a secret or a token.
 * Hearth takes no file uploads; a multipart body is never kept either (see keptFieldsOf).
 */
const NEVER_KEPT = /^_|^submissionKey$|password|passcode|passphrase|secret|token|otp|recovery|^code$/i;

/** The fields of a form body worth keeping, or null when there is nothing (or it is not a form). */
export function keptFieldsOf(body: unknown): KeptFields | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const fields: KeptFields = {};
  let chars = 0;
  let typed = false;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (NEVER_KEPT.test(name)) continue;
    const values = Array.isArray(value) ? value : [value];
    if (!values.every((v): v is string => typeof v === 'string')) continue;
    chars += name.length + values.reduce((n, v) => n + v.length, 0);
    if (Object.keys(fields).length >= MAX_FIELDS || chars > MAX_KEPT_CHARS) break;
    fields[name] = Array.isArray(value) ? values : values[0]!;
    if (values.some((v) => v.trim() !== '')) typed = true;
  }
  return typed ? fields : null;
}

const idOf = (token: string) => createHash('sha256').update(token).digest('hex');
const keyOf = (token: string) => Buffer.from(hkdfSync('sha256', token, 'hearth', 'kept form', 32));

function seal(token: string, form: KeptForm): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(token), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(form), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
}

function unseal(token: string, sealed: string): KeptForm | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(token), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as KeptForm;
  } catch {
    return null;
  }
}

/**
 * Forms that arrived after their session expired, kept for the person who typed them (kept_forms).
 * The browser holds a random token in a cookie; the row is found by the token's hash and sealed under a
 * key derived from it, so the database alone cannot read what was typed. A row is given back only to the
 * same user, within the hour, and once.
 */
export class KeptForms {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Keeps the fields for the user; returns the token for the browser's cookie. */
  async keep(userId: string, form: KeptForm): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    // One kept form per user: a newer one replaces what an older expired page kept.
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('kept_forms').where('user_id', '=', userId).execute();
      await tx
        .insertInto('kept_forms')
        .values({
          id: idOf(token),
          user_id: userId,
          path: form.path,
          sealed: seal(token, form),
          created_at: now,
          expires_at: new Date(now.getTime() + KEEP_FOR_MS),
        })
        .execute();
    });
    return token;
  }

  /** Where this user's kept form was typed, if this browser's token holds one for them. */
  async pathFor(token: string | undefined, userId: string): Promise<string | null> {
    if (!token) return null;
    const row = await this.db
      .selectFrom('kept_forms')
      .select('path')
      .where('id', '=', idOf(token))
      .where('user_id', '=', userId)
      .where('expires_at', '>', this.now())
      .executeTakeFirst();
    return row?.path ?? null;
  }

  /** The kept form, left in place, when it is this user's and was typed on this path: taken once a page draws it. */
  async peek(token: string | undefined, userId: string, path: string): Promise<KeptForm | null> {
    if (!token) return null;
    const row = await this.db
      .selectFrom('kept_forms')
      .select('sealed')
      .where('id', '=', idOf(token))
      .where('user_id', '=', userId)
      .where('path', '=', path)
      .where('expires_at', '>', this.now())
      .executeTakeFirst();
    if (!row) return null;
    const form = unseal(token, row.sealed);
    return form && form.path === path ? form : null;
  }

  /** Takes the kept form back (deleting it) when it is this user's and was typed on this path. */
  async take(token: string | undefined, userId: string, path: string): Promise<KeptForm | null> {
    if (!token) return null;
    const row = await this.db
      .deleteFrom('kept_forms')
      .where('id', '=', idOf(token))
      .where('user_id', '=', userId)
      .where('path', '=', path)
      .where('expires_at', '>', this.now())
      .returning('sealed')
      .executeTakeFirst();
    if (!row) return null;
    const form = unseal(token, row.sealed);
    return form && form.path === path ? form : null;
  }

  async deleteExpired(): Promise<number> {
    const result = await this.db.deleteFrom('kept_forms').where('expires_at', '<=', this.now()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
