import type { Kysely } from 'kysely';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import type { DB, FamilyRelationship } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import { type Principal } from '../../../platform/permissions/policy.ts';
import { parsePostcode } from '../../../platform/postcodes.ts';
import { FAMILY_RECORD_TYPE } from '../records.ts';
import { formatDay, memberDetails, personName, today, type EarlyHelpCore } from './core.ts';
import { EarlyHelpError, type MemberDetails, type PersonChoice } from './types.ts';

/** Who is in the family and where they live: members joining and leaving, and moves, each kept in the history. */
export class FamilyMembers {
  constructor(private readonly core: EarlyHelpCore) {}

  /** Adds someone to the family. Refused when they are already a current member. */
  async addMember(
    actor: AuditActor,
    viewer: Principal,
    familyId: string,
    version: number,
    input: { person: PersonChoice; relationship: FamilyRelationship } & MemberDetails,
  ) {
    const family = await this.core.familyOrThrow(familyId);
    await this.core.requireEdit(actor, viewer, familyId);
    if ('personId' in input.person) await this.refuseIfMember(familyId, input.person.personId);
    const personId = await this.core.choosePerson(actor, input.person);
    await this.core.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'families', { id: familyId, version, by: actor.userId, what: family.name }, {});
      if (await this.core.repository.activeMember(familyId, personId, tx))
        await this.refuseIfMember(familyId, personId, tx);
      await this.core.insertMember(tx, actor, familyId, personId, input.relationship, memberDetails(input));
      await this.core.audit.record(
        actor,
        {
          action: 'early-help.member.added',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: familyId,
          details: { personId, relationship: input.relationship },
        },
        tx,
      );
    });
    return personId;
  }

  /**
   * Someone leaves the household: the membership ends on a date (not in the future, not before they
   * joined), with an optional reason, and stays in the history. The audit names ids and the date only.
   */
  async endMembership(
    actor: AuditActor,
    viewer: Principal,
    familyId: string,
    version: number,
    memberId: string,
    toDate = today(),
    reason?: string,
  ) {
    const family = await this.core.familyOrThrow(familyId);
    await this.core.requireEdit(actor, viewer, familyId);
    if (!isUuid(memberId)) throw new EarlyHelpError('member', 'Choose a member of this family');
    if (toDate > today()) throw new EarlyHelpError('toDate', 'The date they left must be today or in the past');
    const endReason = reason?.trim() || null;
    if (endReason && endReason.length > 500)
      throw new EarlyHelpError('reason', 'The reason must be 500 characters or fewer');
    await this.core.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'families', { id: familyId, version, by: actor.userId, what: family.name }, {});
      const member = await tx
        .selectFrom('family_members')
        .select(['id', 'from_date', 'to_date'])
        .where('id', '=', memberId)
        .where('family_id', '=', familyId)
        .executeTakeFirst();
      if (!member || member.to_date)
        throw new EarlyHelpError('member', 'This person is no longer a member of the family');
      if (toDate < member.from_date)
        throw new EarlyHelpError('toDate', 'The date they left must be on or after the date they joined');
      await tx
        .updateTable('family_members')
        .set({ to_date: toDate, ended_by: actor.userId, end_reason: endReason })
        .where('id', '=', memberId)
        .execute();
      await this.core.audit.record(
        actor,
        {
          action: 'early-help.member.ended',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: familyId,
          details: { memberId, toDate },
        },
        tx,
      );
    });
  }

  /**
   * A move: the current address ends on the date moved (today unless given; not in the future, not
   * before the current address began) and the new one starts, so the old one stays in the history.
   */
  async moveAddress(
    actor: AuditActor,
    viewer: Principal,
    familyId: string,
    version: number,
    input: { address: string; postcode: string | null; fromDate?: string },
  ) {
    const family = await this.core.familyOrThrow(familyId);
    await this.core.requireEdit(actor, viewer, familyId);
    if (!input.address.trim()) throw new EarlyHelpError('address', 'Enter the address');
    if (input.address.trim().length > 500)
      throw new EarlyHelpError('address', 'The address must be 500 characters or fewer');
    const postcode = input.postcode?.trim() ? parsePostcode(input.postcode) : null;
    if (input.postcode?.trim() && !postcode?.inward)
      throw new EarlyHelpError('postcode', 'Enter a full UK postcode, like CM20 1AB');
    const fromDate = input.fromDate ?? today();
    if (fromDate > today()) throw new EarlyHelpError('fromDate', 'The date they moved must be today or in the past');
    await this.core.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'families', { id: familyId, version, by: actor.userId, what: family.name }, {});
      const current = await tx
        .selectFrom('family_addresses')
        .select('from_date')
        .where('family_id', '=', familyId)
        .where('to_date', 'is', null)
        .executeTakeFirst();
      if (current && fromDate < current.from_date)
        throw new EarlyHelpError(
          'fromDate',
          `The date they moved must be on or after ${formatDay(current.from_date)}, when their current address was recorded`,
        );
      await this.core.insertAddress(
        tx,
        actor,
        familyId,
        { address: input.address, postcode: postcode?.display ?? null },
        fromDate,
      );
      await this.core.audit.record(
        actor,
        {
          action: 'early-help.address.changed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: familyId,
        },
        tx,
      );
    });
  }

  private async refuseIfMember(familyId: string, personId: string, db?: Kysely<DB>): Promise<void> {
    if (!(await this.core.repository.activeMember(familyId, personId, db))) return;
    const person = await this.core.deps.people.person(personId, db);
    throw new EarlyHelpError(
      'person',
      `${person ? personName({ first_name: person.firstName, last_name: person.lastName }) : 'This person'} is already in this family`,
    );
  }
}
