import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import { isUuid } from '../../../platform/db/ids.ts';

/**
 * What other modules ask early help about people (through EarlyHelpService): the school a child's family member
 * record names, and whether a person was ever in early help.
 */

/**
 * The school or setting early help recorded for these people as current family members (free text), newest first:
 * Operation Encompass recognises a child's school from it (issue 15).
 */
export async function schoolsNamedFor(
  db: Kysely<DB>,
  personIds: string[],
): Promise<{ personId: string; school: string; on: Date }[]> {
  const ids = personIds.filter(isUuid);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('family_members')
    .select(['person_id', 'school_or_setting', 'created_at'])
    .where('person_id', 'in', ids)
    .where('to_date', 'is', null)
    .where('school_or_setting', 'is not', null)
    .where('school_or_setting', '!=', '')
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({ personId: r.person_id, school: r.school_or_setting!, on: r.created_at }));
}

/** Whether this person is or was in a family with an early help episode, open or closed (issue 15's priority). */
export async function everInEarlyHelp(db: Kysely<DB>, personId: string): Promise<boolean> {
  if (!isUuid(personId)) return false;
  const row = await db
    .selectFrom('family_members as m')
    .innerJoin('episodes as e', 'e.family_id', 'm.family_id')
    .select('e.id')
    .where('m.person_id', '=', personId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
