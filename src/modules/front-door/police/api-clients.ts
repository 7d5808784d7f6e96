import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { newId } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';

/**
 * Outside systems (a police force's case system) calling Hearth's token-authenticated APIs.
 *
 * A token is `hearth_<key id>_<secret>`: the key id (12 characters, not secret) finds the client's
 * row, and the secret (32 random bytes, base64url) is checked against the SHA-256 kept for it, in
 * constant time. 256 random bits need no slow hash: there is nothing to guess. The token is shown
 * once, when the client is created; Hearth cannot show it again.
 */

const TOKEN = /^hearth_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
// A fixed hash to compare against when the key id is unknown, so that case takes as long as a wrong secret.
const DUMMY = createHash('sha256').update('hearth-no-such-client').digest();

export interface ApiClient {
  id: string;
  name: string;
  organisationId: string;
  organisationName: string;
}

export class ApiClientError extends Error {}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/** A new token's parts. Exported for tests. */
export function newApiToken(): { keyId: string; secret: string; token: string } {
  const bytes = randomBytes(12);
  const keyId = [...bytes].map((b) => KEY_ALPHABET[b % KEY_ALPHABET.length]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, token: `hearth_${keyId}_${secret}` };
}

export class ApiClientService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
  ) {}

  /** Registers a client for an organisation (by its code) and returns the token, once. */
  async create(
    actor: AuditActor,
    input: { name: string; organisationCode: string },
  ): Promise<{ id: string; token: string }> {
    const name = input.name.trim();
    if (!name || name.length > 200)
      throw new ApiClientError('Give the client a name of 1 to 200 characters, like "Essex Police"');
    const organisation = await this.db
      .selectFrom('organisations')
      .select(['id', 'is_active'])
      .where('code', '=', input.organisationCode)
      .executeTakeFirst();
    if (!organisation)
      throw new ApiClientError(
        `There is no organisation with the code "${input.organisationCode}": see the Organisations page`,
      );
    if (!organisation.is_active) throw new ApiClientError(`The organisation "${input.organisationCode}" is not active`);
    const { keyId, secret, token } = newApiToken();
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('api_clients')
        .values({
          id,
          name,
          organisation_id: organisation.id,
          key_id: keyId,
          secret_sha256: sha256(secret).toString('hex'),
          last_used_at: null,
          created_by: actor.userId,
          updated_by: actor.userId,
        })
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'api-client.created',
          outcome: 'success',
          subjectType: 'api-client',
          subjectId: id,
          details: { name, organisation: input.organisationCode, keyId },
        },
        tx,
      );
    });
    return { id, token };
  }

  /** The client an `Authorization: Bearer …` header belongs to, or null (missing, malformed, forged or revoked). */
  async authenticate(header: string | undefined): Promise<ApiClient | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
    const parts = match ? TOKEN.exec(match[1]!) : null;
    if (!parts) return null;
    const [, keyId, secret] = parts as unknown as [string, string, string];
    const row = await this.db
      .selectFrom('api_clients as c')
      .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
      .select([
        'c.id',
        'c.name',
        'c.organisation_id',
        'c.secret_sha256',
        'c.last_used_at',
        'o.name as organisation_name',
      ])
      .where('c.key_id', '=', keyId)
      .where('c.is_active', '=', true)
      .where('o.is_active', '=', true)
      .executeTakeFirst();
    const expected = row ? Buffer.from(row.secret_sha256, 'hex') : DUMMY;
    if (!timingSafeEqual(sha256(secret), expected) || !row) return null;
    // "Last used" to the minute: updating it on every call would make one hot row for every batch.
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
      await this.db
        .updateTable('api_clients')
        .set({ last_used_at: new Date() })
        .where('id', '=', row.id)
        .where((eb) =>
          eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]),
        )
        .execute();
    }
    return { id: row.id, name: row.name, organisationId: row.organisation_id, organisationName: row.organisation_name };
  }

  /** Stops a client's token working at once. */
  async revoke(actor: AuditActor, id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('api_clients')
        .set((eb) => ({
          is_active: false,
          updated_at: new Date(),
          updated_by: actor.userId,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
      await this.audit.record(
        actor,
        { action: 'api-client.revoked', outcome: 'success', subjectType: 'api-client', subjectId: id },
        tx,
      );
    });
  }
}
