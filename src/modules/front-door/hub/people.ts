import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { knownDemographics, type DemographicsInput, type PeopleService } from '../../people/index.ts';
import { HubDecisionError } from './errors.ts';
import { personDetails } from './rules.ts';

/** What a screener corrects before creating a record: the names, and the date of birth or expected date. */
export interface PersonCorrection {
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  isExpected: boolean;
}

/**
 * "Who is this child?" for the Hub: linking a person entered on a request to an existing record or a
 * new one (never merging silently), a person's history across every request, and merging two records
 * of the same person (both histories kept).
 */
export class HubPeople {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly people: PeopleService,
  ) {}

  /** The screener says an entered person is this existing record. Nothing is merged. */
  async linkPerson(actor: AuditActor, requestId: string, requestPersonId: string, personId: string): Promise<void> {
    const person = await this.people.person(personId);
    if (!person || person.mergedInto)
      throw new HubDecisionError('person', 'That person record does not exist: search again');
    const entered = await this.entered(requestId, requestPersonId);
    // What the request said of their ethnicity and SEND fills only what the record leaves empty.
    const said = entered ? knownDemographics(entered) : undefined;
    await this.setPerson(actor, requestId, requestPersonId, personId, 'request-for-support.person-linked', said);
  }

  /** A person as entered on a request, or null. */
  entered(requestId: string, requestPersonId: string) {
    return this.db
      .selectFrom('request_people')
      .selectAll()
      .where('id', '=', requestPersonId)
      .where('request_id', '=', requestId)
      .executeTakeFirst();
  }

  /**
   * The screener finds nobody: a new person record from the details as entered, or as the screener
   * corrected them (a name the people module refuses, a date that has passed). What the requester
   * entered stays on the request. Throws PersonInputError naming the field to correct.
   */
  async createPersonFor(
    actor: AuditActor,
    requestId: string,
    requestPersonId: string,
    corrected?: PersonCorrection,
  ): Promise<string> {
    const entered = await this.entered(requestId, requestPersonId);
    if (!entered) throw new HubDecisionError('person', 'There is no such person on this request');
    if (entered.person_id) throw new HubDecisionError('person', 'This person is already linked to a record');
    const details = personDetails(
      corrected
        ? {
            ...entered,
            first_name: corrected.firstName,
            last_name: corrected.lastName,
            date_of_birth: corrected.dateOfBirth,
            is_expected: corrected.isExpected,
          }
        : entered,
    );
    const personId = await this.people.createPerson(actor, details, knownDemographics(entered));
    await this.setPerson(actor, requestId, requestPersonId, personId, 'request-for-support.person-created');
    return personId;
  }

  /**
   * Undoes a link made in error while the request is still being screened: the person entered is
   * unlinked (the record itself stays), audited with who and when.
   */
  async unlinkPerson(actor: AuditActor, requestId: string, requestPersonId: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('request_people as p')
        .innerJoin('requests_for_support as r', 'r.id', 'p.request_id')
        .select(['p.person_id', 'r.status'])
        .where('p.id', '=', requestPersonId)
        .where('p.request_id', '=', requestId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw new HubDecisionError('person', 'There is no such person on this request');
      if (row.status === 'decided')
        throw new HubDecisionError('person', 'This request has been decided: its people can no longer be unlinked');
      if (!row.person_id) throw new HubDecisionError('person', 'This person is not linked to a record');
      await tx.updateTable('request_people').set({ person_id: null }).where('id', '=', requestPersonId).execute();
      await this.audit.record(
        actor,
        {
          action: 'request-for-support.person-unlinked',
          outcome: 'success',
          subjectType: 'request-for-support',
          subjectId: requestId,
          details: { requestPersonId, personId: row.person_id },
        },
        tx,
      );
    });
  }

  private async setPerson(
    actor: AuditActor,
    requestId: string,
    requestPersonId: string,
    personId: string,
    action: string,
    said?: ReturnType<typeof knownDemographics>,
  ) {
    await this.db.transaction().execute(async (tx) => {
      const result = await tx
        .updateTable('request_people')
        .set({ person_id: personId })
        .where('id', '=', requestPersonId)
        .where('request_id', '=', requestId)
        .where('person_id', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new HubDecisionError(
          'person',
          'This person has already been linked by someone else: check the request again',
        );
      await this.audit.record(
        actor,
        {
          action,
          outcome: 'success',
          subjectType: 'request-for-support',
          subjectId: requestId,
          details: { requestPersonId, personId },
        },
        tx,
      );
      if (said) await this.people.fillEmptyDemographics(actor, personId, said, tx);
    });
  }

  /**
   * Earlier requests about the same person (under this record or any merged into it) and what was
   * decided: "have we seen this child before?"
   */
  async historyOf(personId: string, exceptRequestId: string | null) {
    const ids = await this.people.identities(personId);
    let query = this.db
      .selectFrom('request_people as p')
      .innerJoin('requests_for_support as r', 'r.id', 'p.request_id')
      .leftJoin('hub_decisions as d', (join) => join.onRef('d.request_id', '=', 'r.id').on('d.state', '=', 'final'))
      // Who took the work on: the involvement the Hub knows of (casework adds its own when it exists).
      .leftJoin('hub_work_items as w', 'w.decision_id', 'd.id')
      .leftJoin('users as worker', 'worker.id', 'w.accepted_by')
      .select([
        'r.id',
        'r.reference',
        'r.received_at',
        'r.source',
        'r.status',
        'd.level',
        'd.pathway',
        'd.decided_at',
        'w.status as work_status',
        'worker.display_name as worker_name',
      ])
      .where('p.person_id', 'in', ids);
    if (exceptRequestId) query = query.where('r.id', '!=', exceptRequestId);
    return query.orderBy('r.received_at', 'desc').limit(50).execute();
  }

  /**
   * A person's record as the Hub sees it (the read is audited): details, every request about them,
   * and other records that may be the same person, to merge.
   */
  async personRecord(actor: AuditActor, personId: string) {
    const person = await this.people.person(personId);
    if (!person) return null;
    const identities = await this.people.identities(person.id);
    const [history, candidates, merged] = await Promise.all([
      this.historyOf(person.id, null),
      person.mergedInto ? Promise.resolve([]) : this.people.findCandidates(person).catch(() => []),
      Promise.all(identities.filter((id) => id !== person.id).map((id) => this.people.person(id))),
    ]);
    await this.audit.record(actor, {
      action: 'person.viewed',
      outcome: 'success',
      subjectType: 'person',
      subjectId: person.id,
    });
    return {
      person,
      history,
      merged: merged.filter((p) => p !== undefined),
      duplicates: candidates.filter((c) => !identities.includes(c.id)),
    };
  }

  /** A screener changes a person's ethnicity and SEND (PeopleService.changeDemographics: version checked, audited). */
  changeDemographics(actor: AuditActor, personId: string, version: number, input: DemographicsInput) {
    return this.people.changeDemographics(actor, personId, version, input);
  }

  /** Merges a duplicate record into this one: both histories stay, and it is audited (PeopleService.mergePeople). */
  mergePeople(actor: AuditActor, keepId: string, duplicateId: string, reason: string) {
    return this.people.mergePeople(actor, keepId, duplicateId, reason);
  }
}
