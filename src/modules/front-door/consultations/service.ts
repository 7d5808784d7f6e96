import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import type { ConsultationInput } from './schemas.ts';
import { ConsultationsRepository, type ConsultationFilters } from './repository.ts';
import { formatReference, parseReference } from '../reference.ts';

export type { ConsultationFilters } from './repository.ts';

/** A link the rules refuse, named by the field to correct. */
export class ConsultationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Consultations: a practitioner asks the Hub for advice, before or instead of a Request for Support,
 * and the Hub practitioner who answered records it. A consultation can be linked later to the
 * request it led to, so the partnership can count how many consultations became requests. Every
 * record, view and link is audited.
 */
export class ConsultationsService {
  private readonly repository: ConsultationsRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
  ) {
    this.repository = new ConsultationsRepository(db);
  }

  /** Records a consultation; the asker's Hearth account is found by their email when they have one. */
  async record(actor: AuditActor, recordedBy: string, input: ConsultationInput): Promise<string> {
    const id = newId();
    const asker = input.askerEmail ? await this.repository.activeUserByEmail(input.askerEmail) : undefined;
    await this.db.transaction().execute(async (tx) => {
      await this.repository.insert(tx, {
        id,
        consulted_at: input.consultedAt,
        channel: input.channel,
        asker_name: input.askerName,
        asker_user_id: asker?.id ?? null,
        asker_organisation_id: input.askerOrganisationId,
        asker_organisation_name: input.askerOrganisationName,
        asker_role: input.askerRole,
        asker_phone: input.askerPhone,
        asker_email: input.askerEmail,
        child_first_name: input.childFirstName,
        child_last_name: input.childLastName,
        child_date_of_birth: input.childDateOfBirth,
        about: input.about,
        question: input.question,
        advice: input.advice,
        level_discussed: input.levelDiscussed,
        recorded_by: recordedBy,
        request_id: null,
        linked_at: null,
        linked_by: null,
        created_by: actor.userId,
        updated_by: actor.userId,
      });
      await this.audit.record(
        actor,
        {
          action: 'consultation.recorded',
          outcome: 'success',
          subjectType: 'consultation',
          subjectId: id,
          details: { level: input.levelDiscussed, organisationId: input.askerOrganisationId },
        },
        tx,
      );
    });
    return id;
  }

  /** One consultation (the read is audited), or null. */
  async view(actor: AuditActor, id: string) {
    if (!isUuid(id)) return null;
    const row = await this.repository.find(id);
    if (!row) return null;
    await this.audit.record(actor, {
      action: 'consultation.viewed',
      outcome: 'success',
      subjectType: 'consultation',
      subjectId: id,
    });
    return { ...row, requestReference: row.request_reference ? formatReference(row.request_reference) : null };
  }

  /** Newest first, with the total and how many are linked to a request (within the same filters). */
  async list(filters: ConsultationFilters) {
    const { rows, total, linked } = await this.repository.list(filters);
    return {
      total,
      linked,
      rows: rows.map((r) => ({
        ...r,
        requestReference: r.request_reference ? formatReference(r.request_reference) : null,
      })),
    };
  }

  /**
   * Links the consultation to the request it led to, found by the reference people read out
   * ('K7QX M2PA', any case or spacing). Guarded by the consultation's version.
   */
  async link(
    actor: AuditActor,
    id: string,
    expectedVersion: number,
    referenceText: string,
  ): Promise<{ requestId: string; reference: string }> {
    const reference = parseReference(referenceText);
    if (!reference)
      throw new ConsultationError('reference', 'Enter a request reference of 8 letters and numbers, like K7QX M2PA');
    const request = await this.repository.requestByReference(reference);
    if (!request)
      throw new ConsultationError(
        'reference',
        `There is no request with the reference ${formatReference(reference)}: check it and try again`,
      );
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'consultations',
        { id, version: expectedVersion, by: actor.userId, what: 'This consultation' },
        { request_id: request.id, linked_at: new Date(), linked_by: actor.userId },
      );
      await this.audit.record(
        actor,
        {
          action: 'consultation.linked',
          outcome: 'success',
          subjectType: 'consultation',
          subjectId: id,
          details: { requestId: request.id },
        },
        tx,
      );
    });
    return { requestId: request.id, reference: formatReference(reference) };
  }

  /** Consultations in a period (`from` inclusive, `to` exclusive) and how many became requests. */
  async figures(from: Date, to: Date) {
    const { total, linked } = await this.repository.list({ from, to, limit: 0 });
    return { consultations: total, becameRequests: linked };
  }
}
