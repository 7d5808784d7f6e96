import type { Insertable } from 'kysely';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import { newId } from '../../../platform/db/ids.ts';
import type {
  PoliceNotificationsTable,
  RequestPeopleTable,
  RequestsForSupportTable,
} from '../../../platform/db/schema/index.ts';
import { newReference } from '../reference.ts';
import { requestFlags } from '../rules.ts';
import { CONCERN_CATEGORIES, type NotificationInput } from './schemas.ts';
import type { PoliceSender } from './service.ts';

/** The rows one police notification becomes: a Request for Support, its people, and what only the police send. */

const NOT_ASKED = 'Not asked: this is a police notification.';
const NO_CONSENT =
  'A police notification: the police share what they find under their safeguarding duty, without asking the family first.';

export function requestRow(
  actor: AuditActor,
  forceName: string,
  organisationId: string,
  key: string,
  item: NotificationInput,
  priorities: string[],
  today: string,
): Insertable<RequestsForSupportTable> & { id: string; idempotency_key: string } {
  const officer = [item.officer.name, item.officer.number && `(${item.officer.number})`].filter(Boolean).join(' ');
  const area = CONCERN_CATEGORIES[item.concern_category].area;
  return {
    id: newId(),
    reference: newReference(),
    source: 'police',
    priority: priorities.at(-1) ?? 'standard',
    district_code: item.district,
    requester_user_id: null,
    requester_organisation_id: organisationId,
    requester_name: `${officer}, ${forceName}`.slice(0, 300),
    requester_relationship: null,
    requester_email: item.officer.email ?? null,
    requester_phone: item.officer.phone ?? null,
    requester_contact_notes: null,
    worries: JSON.stringify([{ area, details: item.summary }]),
    worry_areas: [area],
    strengths: NOT_ASKED,
    tried: NOT_ASKED,
    has_early_help_plan: null,
    has_taf: null,
    requested_level: null,
    level_reasons: null,
    consent_to_request: false,
    consent_to_sharing: false,
    no_consent_reason: NO_CONSENT,
    flags: requestFlags(
      item.children.map((c) => ({
        role: 'child' as const,
        dateOfBirth: c.date_of_birth ?? null,
        isExpected: false,
        hasSend: false,
      })),
      today,
    ),
    assigned_to: null,
    idempotency_key: key,
    created_by: actor.userId,
    updated_by: actor.userId,
  };
}

export function peopleRows(requestId: string, item: NotificationInput): Insertable<RequestPeopleTable>[] {
  const people = [
    ...item.children.map((p) => ({ ...p, role: 'child' as const, relationship: null as string | null })),
    ...item.adults.map((p) => ({
      ...p,
      role: p.role ?? ('parent-carer' as const),
      relationship: p.relationship ?? null,
    })),
  ];
  return people.map((p, position) => ({
    id: newId(),
    request_id: requestId,
    position,
    role: p.role,
    relationship: p.relationship,
    first_name: p.first_name,
    last_name: p.last_name,
    date_of_birth: p.date_of_birth ?? null,
    gender: p.gender ?? null,
    address: p.address ?? null,
    postcode: p.postcode ?? null,
    school: null,
    gp: null,
    language: null,
    send_details: null,
    person_id: null,
  }));
}

export function notificationRow(
  actor: AuditActor,
  requestId: string,
  sender: PoliceSender,
  item: NotificationInput,
): Insertable<PoliceNotificationsTable> {
  return {
    id: newId(),
    request_id: requestId,
    organisation_id: sender.organisationId,
    api_client_id: sender.apiClientId,
    police_reference: item.police_reference,
    incident_date: item.incident_date,
    concern_category: item.concern_category,
    officer_name: item.officer.name,
    officer_number: item.officer.number ?? null,
    officer_email: item.officer.email ?? null,
    officer_phone: item.officer.phone ?? null,
    triage_outcome: null,
    triage_reason: null,
    passed_to: null,
    passed_to_team_id: null,
    triaged_by: null,
    triaged_at: null,
    created_by: actor.userId,
    updated_by: actor.userId,
  };
}
