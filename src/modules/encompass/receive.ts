import type { Insertable, Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { RECEPTION, yearGroupOn } from '../../platform/calendar/school-year.ts';
import { newId } from '../../platform/db/ids.ts';
import type { DB, EncompassNotificationsTable } from '../../platform/db/schema/index.ts';
import type { ChildKey, EncompassRepository } from './repository.ts';
import type { SchoolDays } from './school-days.ts';

/** Year 13, the last year of school (sixth form): Operation Encompass tells schools and colleges up to it. */
export const YEAR_13 = 13;
export const ENCOMPASS_CATEGORY = 'domestic-abuse';

/** What the police service tells its hooks of a notification (a structural copy: no import of the front door). */
export interface PoliceItem {
  police_reference: string;
  incident_date: string;
  concern_category: string;
  district: string;
  children: { first_name: string; last_name: string; date_of_birth?: string | undefined }[];
}

/** A child of school age on the day police attended: Reception to Year 13. */
export const ofSchoolAge = (dateOfBirth: string, incidentDate: string) => {
  const yearGroup = yearGroupOn(dateOfBirth, incidentDate);
  return yearGroup >= RECEPTION && yearGroup <= YEAR_13 ? yearGroup : null;
};

/**
 * Where Hearth found a child's school: an earlier notification about the same child, or (for a child Hearth's people
 * matching knows) the school a Request for Support or early help named, when it names exactly one school on the list.
 */
export type SchoolSource = 'earlier-notification' | 'request-for-support' | 'early-help';

export const childKey = (c: { first_name: string; last_name: string; date_of_birth: string }) =>
  `${c.first_name.toLowerCase()}|${c.last_name.toLowerCase()}|${c.date_of_birth}`;

/**
 * The police service's hook for notifications of domestic abuse: `prepare` (before the police transaction) finds the
 * schools Hearth already knows for the children, `saved` (inside it) writes one incident per notification and one
 * Encompass notification per child of school age. Idempotent: a police notification sent again is not new, and the
 * incident is unique per request.
 */
export function encompassReceivedHook(deps: {
  repository: EncompassRepository;
  audit: AuditLog;
  schoolDays: () => Promise<SchoolDays>;
  /** The schools Hearth holds for children no earlier notification knows (see EncompassService.schoolsFromHearth). */
  fromHearth: (children: ChildKey[]) => Promise<Map<string, { urn: string; from: SchoolSource }>>;
}) {
  // The service's own repository, handed to this part of it.
  const { repository } = deps;
  return {
    async prepare(items: PoliceItem[]) {
      const children = items
        .filter((i) => i.concern_category === ENCOMPASS_CATEGORY)
        .flatMap((i) => i.children)
        .filter((c): c is { first_name: string; last_name: string; date_of_birth: string } => !!c.date_of_birth);
      const known = new Map<string, string>();
      const from = new Map<string, SchoolSource>();
      for (const row of await repository.knownSchools(children))
        if (!known.has(childKey(row))) {
          known.set(childKey(row), row.school_urn!);
          from.set(childKey(row), 'earlier-notification');
        }
      const unknown = children.filter((c) => !known.has(childKey(c)));
      if (unknown.length)
        for (const [key, found] of await deps.fromHearth(unknown)) {
          known.set(key, found.urn);
          from.set(key, found.from);
        }
      return { known, from, schoolDays: children.length ? await deps.schoolDays() : null };
    },

    async saved(
      tx: Kysely<DB>,
      actor: AuditActor,
      received: { requestId: string; item: PoliceItem }[],
      prepared: { known: Map<string, string>; from: Map<string, SchoolSource>; schoolDays: SchoolDays | null },
    ) {
      const now = new Date();
      for (const { requestId, item } of received) {
        if (item.concern_category !== ENCOMPASS_CATEGORY) continue;
        const rows: Insertable<EncompassNotificationsTable>[] = [];
        const schoolFrom: Record<string, number> = {};
        const incidentId = newId();
        let withoutBirthDate = 0;
        item.children.forEach((child, position) => {
          if (!child.date_of_birth) {
            withoutBirthDate++;
            return;
          }
          const yearGroup = ofSchoolAge(child.date_of_birth, item.incident_date);
          if (yearGroup === null) return;
          const dob = child.date_of_birth;
          const source = prepared.from.get(childKey({ ...child, date_of_birth: dob }));
          if (source) schoolFrom[source] = (schoolFrom[source] ?? 0) + 1;
          rows.push({
            id: newId(),
            incident_id: incidentId,
            position,
            first_name: child.first_name,
            last_name: child.last_name,
            date_of_birth: dob,
            year_group: yearGroup,
            school_urn: prepared.known.get(childKey({ ...child, date_of_birth: dob })) ?? null,
            deadline: prepared.schoolDays!.deadlineFor(item.incident_date),
            created_by: actor.userId,
            updated_by: actor.userId,
          });
        });
        const inserted = await repository.insertIncident(tx, {
          id: incidentId,
          request_id: requestId,
          police_reference: item.police_reference,
          district: item.district,
          incident_date: item.incident_date,
          received_at: now,
          children: item.children.length,
          children_of_school_age: rows.length,
          children_without_birth_date: withoutBirthDate,
        });
        if (!inserted) continue;
        await repository.insertNotifications(tx, rows);
        await deps.audit.record(
          actor,
          {
            action: 'encompass.incident-recorded',
            outcome: 'success',
            subjectType: 'request-for-support',
            subjectId: requestId,
            details: {
              notifications: rows.map((r) => r.id),
              schoolKnown: rows.filter((r) => r.school_urn).length,
              schoolFrom,
              childrenOfSchoolAge: rows.length,
              childrenWithoutBirthDate: withoutBirthDate,
            },
          },
          tx,
        );
      }
    },
  };
}
