import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import { isRole } from '../permissions/roles.ts';
import type { CurrentUser } from '../http/types.ts';

/** Queries on the credential side of user accounts. Profiles, roles and teams belong to the users module. */
export class AuthRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findCredentialsByEmail(email: string) {
    return this.db
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'password_hash', 'is_active', 'two_factor_enrolled_at'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();
  }

  findSecondFactor(userId: string) {
    return this.db
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'totp_secret', 'totp_key_id', 'totp_last_counter', 'is_active'])
      .where('id', '=', userId)
      .executeTakeFirst();
  }

  /** Sign-in completed: returns the user's email (for the throttle). */
  async recordSignedIn(userId: string, db: Kysely<DB> = this.db): Promise<string | undefined> {
    const row = await db
      .updateTable('users')
      .set({ failed_sign_in_count: 0, locked_until: null, last_signed_in_at: new Date() })
      .where('id', '=', userId)
      .returning('email')
      .executeTakeFirst();
    return row?.email;
  }

  /** Stores the step a TOTP code matched, only if it is later than the last one used (no replays). */
  async useTotpCounter(userId: string, counter: number): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ totp_last_counter: counter })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_counter', 'is', null), eb('totp_last_counter', '<', counter)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async saveEnrolment(
    userId: string,
    sealed: { keyId: string; sealed: string },
    counter: number,
    recoveryCodeHashes: { id: string; hash: string }[],
  ) {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set({
          totp_secret: sealed.sealed,
          totp_key_id: sealed.keyId,
          totp_last_counter: counter,
          two_factor_enrolled_at: new Date(),
          updated_at: new Date(),
        })
        .where('id', '=', userId)
        .execute();
      await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await tx
        .insertInto('recovery_codes')
        .values(recoveryCodeHashes.map((code) => ({ id: code.id, user_id: userId, code_hash: code.hash })))
        .execute();
    });
  }

  async useRecoveryCode(userId: string, codeHash: string): Promise<{ remaining: number } | null> {
    return this.db.transaction().execute(async (tx) => {
      const used = await tx
        .updateTable('recovery_codes')
        .set({ used_at: new Date() })
        .where('user_id', '=', userId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) return null;
      const left = await tx
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return { remaining: Number(left.n) };
    });
  }

  /** The signed-in user with their roles and teams: one query, as it runs on every page. */
  async loadCurrentUser(userId: string): Promise<CurrentUser | null> {
    const user = await this.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([
        'users.id',
        'users.email',
        'users.display_name',
        'users.organisation_id',
        'organisations.name as organisation_name',
        // JSON arrays, which both PostgreSQL drivers parse the same way.
        sql<string[]>`to_json(array(select role from user_roles where user_id = users.id order by role))`.as('roles'),
        sql<string[]>`to_json(array(select team_id from team_members where user_id = users.id order by team_id))`.as(
          'team_ids',
        ),
      ])
      .where('users.id', '=', userId)
      .where('users.is_active', '=', true)
      .executeTakeFirst();
    if (!user) return null;
    return {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      organisationId: user.organisation_id,
      organisationName: user.organisation_name,
      roles: user.roles.filter(isRole),
      teamIds: user.team_ids,
    };
  }

  findValidToken(tokenHash: string, purpose: 'set-password') {
    return this.db
      .selectFrom('user_tokens')
      .innerJoin('users', 'users.id', 'user_tokens.user_id')
      .select(['user_tokens.id', 'user_tokens.user_id', 'users.email'])
      .where('user_tokens.token_hash', '=', tokenHash)
      .where('user_tokens.purpose', '=', purpose)
      .where('user_tokens.used_at', 'is', null)
      .where('user_tokens.expires_at', '>', new Date())
      .where('users.is_active', '=', true)
      .executeTakeFirst();
  }
}
