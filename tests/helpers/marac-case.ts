import type { Kysely } from 'kysely';
import { newId } from '../../src/platform/db/ids.ts';
import type { DB } from '../../src/platform/db/schema/index.ts';

/**
 * A MARAC case for the meetings' tests, inserted directly (the referral form belongs to the cases' pages): a victim,
 * one child (matched to a Hearth person when given), a person causing harm.
 */
export async function insertMaracCase(
  db: Kysely<DB>,
  over: {
    referredBy: string;
    reference?: string;
    referredAt?: Date;
    childPersonId?: string | null;
    repeatOf?: string | null;
    /** False: the case alone (the people are the cases' helper's to seed with markup). */
    people?: boolean;
  },
) {
  const id = newId();
  const reference = over.reference ?? `M-${id.slice(-12).toUpperCase()}`;
  await db
    .insertInto('marac_cases')
    .values({
      id,
      reference,
      referred_at: over.referredAt ?? new Date(),
      referred_by: over.referredBy,
      referring_agency: 'police',
      risk_basis: ['risk-checklist'],
      risk_checklist_ticked: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
      risk_checklist_score: 14,
      summary: 'Repeated threats to kill after separation; children present at the last incident.',
      repeat_of: over.repeatOf ?? null,
      created_by: over.referredBy,
      updated_at: new Date(),
    })
    .execute();
  if (over.people === false) return { id, reference };
  await db
    .insertInto('marac_case_people')
    .values([
      {
        id: newId(),
        case_id: id,
        role: 'victim',
        first_name: 'Dana',
        last_name: 'Holt',
        date_of_birth: '1990-04-02',
        address: '1 Refuge Lane, Chelmsford',
        postcode: 'CM1 1AA',
        refuge: true,
      },
      {
        id: newId(),
        case_id: id,
        role: 'child',
        person_id: over.childPersonId ?? null,
        first_name: 'Kai',
        last_name: 'Holt',
        date_of_birth: '2016-09-01',
        relationship: 'son',
        school: 'Chelmsford Primary',
      },
      {
        id: newId(),
        case_id: id,
        role: 'person-causing-harm',
        first_name: 'Ross',
        last_name: 'Holt',
        relationship: 'ex-partner',
        address: '9 Other Road, Basildon',
      },
    ])
    .execute();
  return { id, reference };
}
