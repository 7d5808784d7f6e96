import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';

/** The safety action plan's queries: a case's actions and their reviews, its invitations, an owner's actions. */
export class MaracPlanRepository {
  constructor(private readonly db: Kysely<DB>) {}

  caseRow(caseId: string) {
    return this.db
      .selectFrom('marac_cases')
      .select(['id', 'reference', 'status', 'version', 'closure_reason', 'closed_at'])
      .where('id', '=', caseId)
      .executeTakeFirst();
  }

  actions(caseId: string) {
    return this.db
      .selectFrom('marac_actions')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  action(actionId: string) {
    return this.db.selectFrom('marac_actions').selectAll().where('id', '=', actionId).executeTakeFirst();
  }

  updates(caseId: string) {
    return this.db
      .selectFrom('marac_action_updates as u')
      .innerJoin('marac_actions as a', 'a.id', 'u.action_id')
      .innerJoin('users', 'users.id', 'u.recorded_by')
      .select(['u.id', 'u.action_id', 'u.note', 'u.status_after', 'u.recorded_at', 'users.display_name'])
      .where('a.case_id', '=', caseId)
      .orderBy('u.recorded_at')
      .execute();
  }

  invitations(caseId: string) {
    return this.db
      .selectFrom('marac_invitations as i')
      .leftJoin('organisations as o', 'o.id', 'i.organisation_id')
      .leftJoin('users as u', 'u.id', 'i.user_id')
      .select(['i.id', 'i.reason', 'i.invited_at', 'i.withdrawn_at', 'o.name as organisation', 'u.display_name'])
      .where('i.case_id', '=', caseId)
      .orderBy('i.invited_at')
      .execute();
  }

  /** The children of a case as the Hub needs them: names, date of birth, school, the matched person. No address. */
  children(caseId: string) {
    return this.db
      .selectFrom('marac_case_people')
      .select(['id', 'person_id', 'first_name', 'last_name', 'date_of_birth', 'school'])
      .where('case_id', '=', caseId)
      .where('role', '=', 'child')
      .orderBy('date_of_birth')
      .execute();
  }

  activeUserByEmail(email: string) {
    return this.db
      .selectFrom('users')
      .select(['id', 'display_name', 'organisation_id'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .where('is_active', '=', true)
      .executeTakeFirst();
  }

  organisations() {
    return this.db.selectFrom('organisations').select(['id', 'name']).orderBy('name').execute();
  }

  userName(id: string) {
    return this.db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst();
  }

  /** The open actions a user owns: only the action, its due date and the case's reference (not the case). */
  ownedBy(userId: string) {
    return this.db
      .selectFrom('marac_actions as a')
      .innerJoin('marac_cases as c', 'c.id', 'a.case_id')
      .select(['a.id', 'a.description', 'a.due_on', 'a.version', 'a.for_children', 'c.reference'])
      .where('a.owner_user_id', '=', userId)
      .where('a.status', '=', 'open')
      .where('c.status', '<>', 'closed')
      .orderBy('a.due_on')
      .execute();
  }
}
