import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import type { PeopleService } from '../../people/index.ts';
import { HubDecisionError } from './errors.ts';
import { personDetails } from './rules.ts';

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
    await this.setPerson(actor, requestId, requestPersonId, personId, 'request-for-support.person-linked');
  }

  /** The screener finds nobody: a new person record from the details as entered. */
  async createPersonFor(actor: AuditActor, requestId: string, requestPersonId: string): Promise<string> {
    const entered = await this.db
      .selectFrom('request_people')
      .selectAll()
      .where('id', '=', requestPersonId)
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    if (!entered) throw new HubDecisionError('person', 'There is no such person on this request');
    if (entered.person_id) throw new HubDecisionError('person', 'This person is already linked to a record');
    const personId = await this.people.createPerson(actor, personDetails(entered));
    await this.setPerson(actor, requestId, requestPersonId, personId, 'request-for-support.person-created');
    return personId;
  }

  private async setPerson(
    actor: AuditActor,
    requestId: string,
    requestPersonId: string,
    personId: string,
    action: string,
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

  /** Merges a duplicate record into this one: both histories stay, and it is audited (PeopleService.mergePeople). */
  mergePeople(actor: AuditActor, keepId: string, duplicateId: string, reason: string) {
    return this.people.mergePeople(actor, keepId, duplicateId, reason);
  }
}
