import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/db/ids.ts';
import type { DB, RequestSource, RequesterContactBy } from '../../platform/db/schema/index.ts';
import type { LevelChange, RequestInput } from './answers.ts';
import { RequestNotReadyError, type Submitted } from './errors.ts';
import { newReference } from './reference.ts';
import type { FrontDoorRepository } from './repository.ts';
import { consentAllows, requestFlags, todayInLondon } from './rules.ts';

/**
 * Writes one Request for Support, its people and its audit event in the caller's transaction. The
 * idempotency key makes a repeat return the first request (created: false).
 */
export async function insertRequest(
  repository: FrontDoorRepository,
  audit: AuditLog,
  tx: Kysely<DB>,
  actor: AuditActor,
  source: RequestSource,
  key: string,
  input: RequestInput,
  priorities: string[],
  requester: { requester_name: string } & Partial<
    Record<
      | 'requester_user_id'
      | 'requester_organisation_id'
      | 'requester_relationship'
      | 'requester_email'
      | 'requester_phone'
      | 'requester_contact_notes'
      | 'requester_helper',
      string | null
    >
  > & { requester_contact_by?: RequesterContactBy | null },
  change: (LevelChange & { fromEpisodeId: string | null }) | null = null,
): Promise<Submitted> {
  if (
    source === 'practitioner' &&
    !consentAllows(
      { request: input.consentToRequest, sharing: input.consentToSharing, reason: input.noConsentReason ?? '' },
      input.requestedLevel ?? 0,
    )
  ) {
    throw new RequestNotReadyError([
      {
        kind: 'rule',
        section: 'consent',
        text: 'Without the family’s agreement, a request can only go ahead as a safeguarding concern at level 4',
        href: '',
      },
    ]);
  }
  const id = newId();
  const consented = input.consentToRequest && input.consentToSharing;
  // A practitioner's possible safeguarding concern (level 4, or no consent) starts at the Hub's most
  // urgent priority, anything else at its least; screeners change it.
  const concern = source === 'practitioner' && (input.requestedLevel === 4 || !consented);
  const priority = (concern ? priorities[0] : priorities.at(-1)) ?? 'standard';
  // A reference is random: on the rare clash with an existing one, draw again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = await repository.insertRequest(tx, {
      id,
      reference: newReference(),
      source,
      priority,
      district_code: input.districtCode,
      requester_user_id: null,
      requester_organisation_id: null,
      requester_relationship: null,
      requester_email: null,
      requester_phone: null,
      requester_contact_notes: null,
      requester_contact_by: null,
      requester_helper: null,
      ...requester,
      worries: JSON.stringify(input.worries),
      worry_areas: input.worries.map((w) => w.area),
      strengths: input.strengths,
      tried: input.tried,
      has_early_help_plan: input.earlyHelpPlan,
      has_taf: input.taf,
      requested_level: input.requestedLevel,
      level_reasons: input.levelReasons,
      consent_to_request: input.consentToRequest,
      consent_to_sharing: input.consentToSharing,
      no_consent_reason: input.noConsentReason,
      flags: requestFlags(input.people, todayInLondon()),
      assigned_to: null,
      idempotency_key: key,
      request_kind: change?.kind ?? 'new',
      current_level: change?.currentLevel ?? null,
      handover_summary: change?.handoverSummary ?? null,
      from_episode_id: change?.fromEpisodeId ?? null,
      created_by: actor.userId,
      updated_by: actor.userId,
    });
    if (!inserted) {
      const existing = await repository.findByKey(tx, key);
      if (existing) return { ...existing, created: false };
      continue;
    }
    await repository.insertPeople(
      tx,
      input.people.map((p, position) => ({
        id: newId(),
        request_id: id,
        position,
        role: p.role,
        relationship: p.relationship || null,
        first_name: p.firstName,
        last_name: p.lastName,
        date_of_birth: p.dateOfBirth,
        is_expected: p.isExpected,
        gender: p.gender || null,
        address: p.address || null,
        postcode: p.postcode || null,
        school: p.school || null,
        gp: p.gp || null,
        nhs_number: p.nhsNumber || null,
        upn: p.upn || null,
        phone: p.phone || null,
        contact_notes: p.contactNotes || null,
        language: p.language || null,
        interpreter_needed: p.interpreterNeeded,
        has_send: p.hasSend,
        send_details: p.sendDetails || null,
        ethnicity: p.ethnicity || null,
        send: p.send || null,
        person_id: null,
      })),
    );
    await audit.record(
      actor,
      {
        action: 'request-for-support.submitted',
        outcome: 'success',
        subjectType: 'request-for-support',
        subjectId: id,
        details: {
          source,
          kind: change?.kind ?? 'new',
          reference: inserted.reference,
          district: input.districtCode,
          level: input.requestedLevel,
          ...(change ? { currentLevel: change.currentLevel, fromEpisodeId: change.fromEpisodeId } : {}),
        },
      },
      tx,
    );
    return { ...inserted, created: true };
  }
  throw new Error('Could not draw an unused request reference in 5 attempts');
}
