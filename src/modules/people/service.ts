import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { type SendStatus } from '../../platform/demographics.ts';
import { demographicsSchema, writeDemographics, type Demographics, type DemographicsInput } from './demographics.ts';
import { findCandidates, storedKeys, type Candidate, type PersonDetails } from './matching.ts';
import { PeopleRepository, type PersonRow } from './repository.ts';
import { personSchema, type PersonInput } from './schemas.ts';

/** A problem with the details given, found by the service: shown on the form's field. */
export class PersonInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A person as other modules show them (PeopleService.summaries), in the table's own words. */
export interface PersonSummary {
  id: string;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  expected_date: string | null;
  gender: string | null;
  address: string | null;
  postcode: string | null;
}

export interface Person extends Required<PersonDetails> {
  id: string;
  /** A code of platform/demographics.ts, or null when nobody has said. */
  ethnicity: string | null;
  send: SendStatus | null;
  /** Set when this record was found to duplicate another: the record that was kept. */
  mergedInto: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const toPerson = (row: PersonRow): Person => ({
  id: row.id,
  firstName: row.first_name,
  middleNames: row.middle_names,
  lastName: row.last_name,
  dateOfBirth: row.date_of_birth,
  expectedDate: row.expected_date,
  gender: row.gender,
  address: row.address,
  postcode: row.postcode,
  nhsNumber: row.nhs_number,
  upn: row.upn,
  ethnicity: row.ethnicity,
  send: row.send,
  mergedInto: row.merged_into,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

function parse(input: unknown): PersonInput {
  const result = personSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new PersonInputError(String(issue.path[0] ?? 'firstName'), issue.message);
}

function parseDemographics(input: DemographicsInput | undefined): Demographics {
  const result = demographicsSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new PersonInputError(String(issue.path[0] ?? 'ethnicity'), issue.message);
}

/**
 * People: the children and family members the Hub works with. Screening asks `findCandidates` who a
 * child may already be, and the screener links to one of them or creates a new person; nothing is
 * merged silently.
 */
export class PeopleService {
  readonly repository: PeopleRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
  ) {
    this.repository = new PeopleRepository(db);
  }

  /**
   * Up to five existing people who may be the one described, best first, each with a score (0..1,
   * `likely` from MATCH_THRESHOLD) and the reasons to show the screener; empty when nobody is plausible.
   * Throws PersonInputError for details that fail `personSchema`.
   */
  async findCandidates(query: PersonDetails): Promise<Candidate[]> {
    return findCandidates(this.repository, parse(query));
  }

  /**
   * The one person these details probably are, or undefined when there is none or more than one: for records that
   * arrive without a screener to choose (police notifications, exploitation concerns). Nothing is merged.
   */
  async onlyLikelyMatch(query: PersonDetails): Promise<string | undefined> {
    const likely = (await this.findCandidates(query)).filter((c) => c.likely);
    return likely.length === 1 ? likely[0]!.id : undefined;
  }

  /**
   * Records a new person, with the audit event in the same transaction. Returns the new id. `demographics` is what a
   * request said of their ethnicity and SEND (codes of platform/demographics.ts); an unknown code is refused.
   */
  async createPerson(actor: AuditActor, input: PersonDetails, demographics?: DemographicsInput): Promise<string> {
    const person = parse(input);
    const { ethnicity, send } = parseDemographics(demographics);
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await this.repository.insert(tx, {
        id,
        first_name: person.firstName,
        middle_names: person.middleNames,
        last_name: person.lastName,
        date_of_birth: person.dateOfBirth,
        expected_date: person.expectedDate,
        gender: person.gender,
        address: person.address,
        postcode: person.postcode,
        nhs_number: person.nhsNumber,
        upn: person.upn,
        ethnicity,
        send,
        ...storedKeys(person),
        created_by: actor.userId,
        updated_by: actor.userId,
      });
      // No names or dates in the audit trail: it is append-only, and a person's details must stay erasable.
      await this.audit.record(
        actor,
        { action: 'person.created', outcome: 'success', subjectType: 'person', subjectId: id },
        tx,
      );
    });
    return id;
  }

  /** The person with this id, merged or not; undefined for an unknown or malformed id. */
  async person(id: string, db?: Kysely<DB>): Promise<Person | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.repository.find(id, db);
    return row && toPerson(row);
  }

  /**
   * What other modules show of these people (a family's members, a meeting's invitees, an assessment's
   * sections): names, dates, gender and address, by id. Unknown or malformed ids are left out. Pass the
   * caller's transaction as `db` when reading inside one (PGlite has a single connection).
   */
  async summaries(ids: readonly string[], db?: Kysely<DB>): Promise<Map<string, PersonSummary>> {
    const wanted = [...new Set(ids.filter(isUuid))];
    if (!wanted.length) return new Map();
    const rows = await this.repository.summaries(wanted, db);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * Every id that stands for this person: the record itself and the records merged into it (and
   * into those), so a history shows what was recorded under any of them.
   */
  async identities(personId: string): Promise<string[]> {
    if (!isUuid(personId)) return [];
    const ids = new Set([personId]);
    let frontier = [personId];
    while (frontier.length > 0) {
      const rows = await this.db.selectFrom('people').select('id').where('merged_into', 'in', frontier).execute();
      frontier = rows.map((r) => r.id).filter((id) => !ids.has(id));
      for (const id of frontier) ids.add(id);
    }
    return [...ids];
  }

  /**
   * Records that `duplicateId` is the same person as `keepId`. Nothing is deleted or rewritten: the
   * duplicate points at the record kept, stops being offered as a candidate, and everything recorded
   * under it still shows in the kept record's history (see identities). Audited with the reason.
   */
  async mergePeople(actor: AuditActor, keepId: string, duplicateId: string, reason: string): Promise<void> {
    if (!isUuid(keepId) || !isUuid(duplicateId))
      throw new PersonInputError('duplicate', 'Choose records from the list');
    if (keepId === duplicateId) throw new PersonInputError('duplicate', 'A record cannot be merged into itself');
    if (reason.trim().length === 0) throw new PersonInputError('reason', 'Say why these records are the same person');
    await this.db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('people')
        .select(['id', 'merged_into'])
        .where('id', 'in', [keepId, duplicateId])
        .forUpdate()
        .execute();
      const keep = rows.find((r) => r.id === keepId);
      const duplicate = rows.find((r) => r.id === duplicateId);
      if (!keep || !duplicate)
        throw new PersonInputError('duplicate', 'One of these records no longer exists: search again');
      if (keep.merged_into || duplicate.merged_into)
        throw new PersonInputError('duplicate', 'One of these records has already been merged: check the person again');
      await tx
        .updateTable('people')
        .set((eb) => ({
          merged_into: keepId,
          merged_at: new Date(),
          merged_by: actor.userId,
          merge_reason: reason.trim(),
          updated_at: new Date(),
          updated_by: actor.userId,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', duplicateId)
        .execute();
      // The reason is kept on the record, not in the append-only audit trail: it may name people.
      await this.audit.record(
        actor,
        {
          action: 'person.merged',
          outcome: 'success',
          subjectType: 'person',
          subjectId: keepId,
          details: { duplicateId },
        },
        tx,
      );
    });
  }

  /**
   * Fills a person's ethnicity and SEND from a request linked to them, only where the record says nothing: what the
   * record already holds is never overwritten unseen (a user changes it with `changeDemographics`). Pass the caller's
   * transaction as `db`. Audited old → new when anything was filled.
   */
  async fillEmptyDemographics(actor: AuditActor, personId: string, said: DemographicsInput, db?: Kysely<DB>) {
    const after = parseDemographics(said);
    if (after.ethnicity === null && after.send === null) return {};
    return writeDemographics(db ?? this.db, this.audit, actor, personId, after, {
      onlyEmpty: true,
      reason: 'from-request',
    });
  }

  /**
   * A user changes a person's ethnicity and SEND on the record's page: the page's `version` must still be the
   * record's (else StaleVersionError, nothing saved), and the change is audited old → new. Throws PersonInputError
   * for an unknown code.
   */
  async changeDemographics(actor: AuditActor, personId: string, version: number, input: DemographicsInput) {
    if (!isUuid(personId)) throw new StaleVersionError('This person record');
    return writeDemographics(this.db, this.audit, actor, personId, parseDemographics(input), {
      version,
      onlyEmpty: false,
      reason: 'edited',
    });
  }
}
