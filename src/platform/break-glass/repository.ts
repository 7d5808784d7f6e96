import { sql, type Kysely, type Selectable } from 'kysely';
import type { BreakGlassGrantsTable, DB } from '../db/schema/index.ts';

export type GrantRow = Selectable<BreakGlassGrantsTable>;

/** Who is told about a grant, and why them (the email says so). */
export interface AlertRecipients {
  why: 'team-manager' | 'hub-manager' | 'same-role' | 'system-administrator';
  users: { id: string; email: string; display_name: string }[];
}

/** The two roles whose holders are told when someone in their team uses break-glass access. */
const MANAGER_ROLES = ['hub-manager', 'family-solutions-manager'];

/** Kysely queries for break-glass grants, the managers to alert, and a record's access log. */
export class BreakGlassRepository {
  constructor(private readonly db: Kysely<DB>) {}

  activeGrant(userId: string, recordType: string, recordId: string, now: Date, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('break_glass_grants')
      .selectAll()
      .where('user_id', '=', userId)
      .where('record_type', '=', recordType)
      .where('record_id', '=', recordId)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('expires_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  find(id: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('break_glass_grants').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Serialises one user's grants, so a double-clicked form cannot open two grants (and two alerts). */
  async lockUser(tx: Kysely<DB>, userId: string) {
    return tx
      .selectFrom('users')
      .select(['id', 'email', 'display_name'])
      .where('id', '=', userId)
      .where('is_active', '=', true)
      .forUpdate()
      .executeTakeFirst();
  }

  /**
   * Whom to alert: always someone other than the user. The first of these that has anyone active:
   * managers (hub or Family Solutions) in any of the user's teams; else every hub manager (the Hub is
   * the partnership's front door); else every other holder of the user's own manager role; else the
   * system administrators. So the only Hub manager using break-glass still tells somebody.
   */
  /** The active MACE coordinators but `except`, told when someone uses emergency access to a restricted record. */
  maceCoordinators(db: Kysely<DB>, except: readonly string[]) {
    return db
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select(['users.id', 'users.email', 'users.display_name'])
      .distinct()
      .where('users.is_active', '=', true)
      .where('user_roles.role', '=', 'mace-coordinator')
      .where('users.id', 'not in', except)
      .orderBy('users.id')
      .execute();
  }

  async managersOf(userId: string, db: Kysely<DB> = this.db): Promise<AlertRecipients> {
    const base = () =>
      db
        .selectFrom('users')
        .select(['users.id', 'users.email', 'users.display_name'])
        .distinct()
        .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
        .where('users.is_active', '=', true)
        .where('users.id', '<>', userId)
        .orderBy('users.id');
    const inTeams = await base()
      .where('user_roles.role', 'in', MANAGER_ROLES)
      .where('users.id', 'in', (eb) =>
        eb
          .selectFrom('team_members as mine')
          .innerJoin('team_members as theirs', 'theirs.team_id', 'mine.team_id')
          .select('theirs.user_id')
          .where('mine.user_id', '=', userId),
      )
      .execute();
    if (inTeams.length > 0) return { why: 'team-manager', users: inTeams };
    const hubManagers = await base().where('user_roles.role', '=', 'hub-manager').execute();
    if (hubManagers.length > 0) return { why: 'hub-manager', users: hubManagers };
    const sameRole = await base()
      .where('user_roles.role', 'in', (eb) =>
        eb
          .selectFrom('user_roles as own')
          .select('own.role')
          .where('own.user_id', '=', userId)
          .where('own.role', 'in', MANAGER_ROLES),
      )
      .execute();
    if (sameRole.length > 0) return { why: 'same-role', users: sameRole };
    return {
      why: 'system-administrator',
      users: await base().where('user_roles.role', '=', 'system-administrator').execute(),
    };
  }

  /**
   * Who has looked at or changed a record, newest first: every audit event about it (record.viewed,
   * record.view-denied, break-glass.granted/ended and the module's own changes), with names.
   */
  accessLog(recordType: string, recordId: string, limit: number) {
    return this.db
      .selectFrom('audit_events')
      .leftJoin('users', 'users.id', 'audit_events.actor_user_id')
      .select([
        'audit_events.seq',
        'audit_events.occurred_at',
        'audit_events.actor_user_id',
        'audit_events.actor_label',
        'audit_events.action',
        'audit_events.outcome',
        'audit_events.details',
        'users.display_name',
      ])
      .where('audit_events.subject_type', '=', recordType)
      .where('audit_events.subject_id', '=', recordId)
      .orderBy('audit_events.seq', 'desc')
      .limit(limit)
      .execute();
  }

  /** Whether this user was emailed about a grant on this record: they review it as its team manager. */
  async wasAlerted(userId: string, recordType: string, recordId: string) {
    const row = await this.db
      .selectFrom('break_glass_grants')
      .select('id')
      .where('record_type', '=', recordType)
      .where('record_id', '=', recordId)
      .where(sql<boolean>`${userId}::uuid = any(alerted_user_ids)`)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}
