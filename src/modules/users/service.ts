import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { newId } from '../../platform/db/ids.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { AuthService } from '../../platform/auth/service.ts';
import { destroyUserSessions } from '../../platform/http/session-store.ts';
import type { Notify } from '../../platform/notify/notify.ts';
import type { Role } from '../../platform/permissions/roles.ts';
import { UsersRepository, PAGE_SIZE } from './repository.ts';

export interface UserInput {
  displayName: string;
  organisationId: string;
  roles: Role[];
  teamIds: string[];
}

/** A problem with what the administrator entered, found by the service: shown on the form's field. */
export class UserInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * User accounts: administrators add people, give them roles and teams, and reset their sign-in.
 * New users get an emailed link to create their password; they set up two-factor at first sign-in.
 */
export class UsersService {
  private readonly repository: UsersRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly notify: Notify,
    private readonly auth: AuthService,
    private readonly settings: { publicUrl: string },
  ) {
    this.repository = new UsersRepository(db);
  }

  readonly pageSize = PAGE_SIZE;

  search(q: string, page: number) {
    return this.repository.search(q, page);
  }

  /** Reading an account's details is recorded, like any read of a person's record. */
  async view(actor: AuditActor, id: string) {
    const user = await this.repository.find(id);
    if (user)
      await this.audit.record(actor, { action: 'user.viewed', outcome: 'success', subjectType: 'user', subjectId: id });
    return user;
  }

  async create(actor: AuditActor, input: UserInput & { email: string }): Promise<string> {
    const id = newId();
    try {
      await this.db.transaction().execute(async (tx) => {
        await this.checkTeams(tx, input);
        await tx
          .insertInto('users')
          .values({
            id,
            email: input.email,
            display_name: input.displayName,
            organisation_id: input.organisationId,
            password_hash: null,
            totp_secret: null,
            totp_last_counter: null,
            two_factor_enrolled_at: null,
            locked_until: null,
            last_signed_in_at: null,
            created_by: actor.userId,
            updated_by: actor.userId,
          })
          .execute();
        await this.repository.replaceRolesAndTeams(tx, id, input.roles, input.teamIds);
        await this.sendInvitation(tx, id, input.email, input.displayName, 'invitation');
        await this.audit.record(
          actor,
          {
            action: 'user.created',
            outcome: 'success',
            subjectType: 'user',
            subjectId: id,
            details: { roles: input.roles, organisationId: input.organisationId, teamIds: input.teamIds },
          },
          tx,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new UserInputError('email', 'There is already a user with this email address');
      throw error;
    }
    return id;
  }

  async update(actor: AuditActor, id: string, version: number, input: UserInput & { isActive: boolean }) {
    if (actor.userId === id && (!input.isActive || !input.roles.includes('system-administrator'))) {
      throw new UserInputError(
        'roles',
        'You cannot remove your own administrator role or deactivate yourself. Ask another administrator.',
      );
    }
    await this.db.transaction().execute(async (tx) => {
      await this.checkTeams(tx, input);
      await updateVersioned(
        tx,
        'users',
        { id, version, by: actor.userId, what: 'This user' },
        {
          display_name: input.displayName,
          organisation_id: input.organisationId,
          is_active: input.isActive,
        },
      );
      await this.repository.replaceRolesAndTeams(tx, id, input.roles, input.teamIds);
      if (!input.isActive) await destroyUserSessions(tx, id);
      await this.audit.record(
        actor,
        { action: 'user.updated', outcome: 'success', subjectType: 'user', subjectId: id, details: { ...input } },
        tx,
      );
    });
  }

  /**
   * For a forgotten password or a lost phone: removes the password and authenticator, ends every
   * session, and emails a new link to create a password.
   */
  async resetSignIn(actor: AuditActor, id: string) {
    await this.db.transaction().execute(async (tx) => {
      const user = await tx
        .updateTable('users')
        .set({
          password_hash: null,
          totp_secret: null,
          totp_last_counter: null,
          two_factor_enrolled_at: null,
          failed_sign_in_count: 0,
          locked_until: null,
          updated_at: new Date(),
          updated_by: actor.userId,
        })
        .where('id', '=', id)
        .where('is_active', '=', true)
        .returning(['email', 'display_name'])
        .executeTakeFirst();
      if (!user) throw new UserInputError('reset', 'Only an active user’s sign-in can be reset');
      await tx.deleteFrom('recovery_codes').where('user_id', '=', id).execute();
      await tx
        .updateTable('user_tokens')
        .set({ used_at: new Date() })
        .where('user_id', '=', id)
        .where('used_at', 'is', null)
        .execute();
      await destroyUserSessions(tx, id);
      await this.sendInvitation(tx, id, user.email, user.display_name, 'reset');
      await this.audit.record(
        actor,
        { action: 'user.sign-in-reset', outcome: 'success', subjectType: 'user', subjectId: id },
        tx,
      );
    });
  }

  private async checkTeams(tx: Kysely<DB>, input: UserInput) {
    const outside = await this.repository.teamsOutside(tx, input.organisationId, input.teamIds);
    if (outside.length > 0) throw new UserInputError('teamIds', 'Select only teams in the person’s organisation');
  }

  private async sendInvitation(
    tx: Kysely<DB>,
    userId: string,
    email: string,
    name: string,
    kind: 'invitation' | 'reset',
  ) {
    const { token, expiresAt } = await this.auth.createSetPasswordToken(userId, tx);
    const link = `${this.settings.publicUrl}/account/set-password?token=${encodeURIComponent(token)}`;
    const expires = expiresAt.toLocaleString('en-GB', {
      timeZone: 'Europe/London',
      dateStyle: 'long',
      timeStyle: 'short',
    });
    await this.notify.sendEmail(
      {
        template: kind === 'invitation' ? 'user-invitation' : 'sign-in-reset',
        to: email,
        subject:
          kind === 'invitation' ? 'You have been given an account on Hearth' : 'Your Hearth sign-in has been reset',
        body: [
          `Dear ${name},`,
          '',
          kind === 'invitation'
            ? 'An administrator has created a Hearth account for you.'
            : 'An administrator has reset how you sign in to Hearth. Your old password and authenticator app no longer work.',
          '',
          `Create your password here: ${link}`,
          '',
          `This link works once and expires on ${expires}. After creating your password you will set up an authenticator app.`,
          '',
          'If you were not expecting this email, tell your Hearth administrator.',
        ].join('\n'),
      },
      tx,
    );
  }
}
