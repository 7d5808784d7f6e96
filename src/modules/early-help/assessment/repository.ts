import type { Insertable, Kysely, Updateable } from 'kysely';
import type { AssessmentSectionsTable, DB } from '../../../platform/db/schema/index.ts';

/** Kysely queries for the Shared Family Assessment. Rules, transactions and audit are in assessment-service.ts. */
export class AssessmentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The episode's assessment, with who completed it. */
  byEpisode(episodeId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('assessments as a')
      .leftJoin('users as u', 'u.id', 'a.completed_by')
      .selectAll('a')
      .select('u.display_name as completed_by_name')
      .where('a.episode_id', '=', episodeId)
      .executeTakeFirst();
  }

  /** Inserts the episode's assessment unless it has one (a double click starts one, not two). */
  insert(tx: Kysely<DB>, row: { id: string; episode_id: string; created_by: string | null }) {
    return tx
      .insertInto('assessments')
      .values({ ...row, updated_by: row.created_by })
      .onConflict((oc) => oc.column('episode_id').doNothing())
      .execute();
  }

  /** Locks the assessment for the rest of the transaction: section saves and completion queue behind each other. */
  lock(tx: Kysely<DB>, id: string) {
    return tx.selectFrom('assessments').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  }

  /** Moves the assessment's version on: anything saved makes an open check page stale. */
  touch(tx: Kysely<DB>, id: string, by: string | null, values: Updateable<DB['assessments']> = {}) {
    return tx
      .updateTable('assessments')
      .set((eb) => ({ ...values, updated_at: new Date(), updated_by: by, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  /** Every section with who saved it last (a member's name comes from PeopleService). */
  sections(assessmentId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('assessment_sections as s')
      .leftJoin('users as u', 'u.id', 's.updated_by')
      .selectAll('s')
      .select(['u.display_name as updated_by_name'])
      .where('s.assessment_id', '=', assessmentId)
      .orderBy('s.created_at')
      .execute();
  }

  /** One section (a member's, or the analysis when personId is null), with who saved it last. */
  section(db: Kysely<DB>, assessmentId: string, personId: string | null) {
    return db
      .selectFrom('assessment_sections as s')
      .leftJoin('users as u', 'u.id', 's.updated_by')
      .selectAll('s')
      .select('u.display_name as updated_by_name')
      .where('s.assessment_id', '=', assessmentId)
      .where((eb) => (personId ? eb('s.person_id', '=', personId) : eb('s.kind', '=', 'analysis')))
      .executeTakeFirst();
  }

  insertSection(tx: Kysely<DB>, row: Insertable<AssessmentSectionsTable>) {
    return tx.insertInto('assessment_sections').values(row).execute();
  }

  /** Saves a section only at the version the user saw; false when someone saved it first. */
  async updateSection(
    tx: Kysely<DB>,
    id: string,
    version: number,
    by: string | null,
    values: Updateable<AssessmentSectionsTable>,
  ) {
    const result = await tx
      .updateTable('assessment_sections')
      .set((eb) => ({ ...values, updated_at: new Date(), updated_by: by, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  linkNeed(tx: Kysely<DB>, needId: string, sectionId: string) {
    return tx.insertInto('assessment_needs').values({ need_id: needId, section_id: sectionId }).execute();
  }

  /** The needs the assessment found, with their outcome area and the section (person) that found them. */
  needs(assessmentId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('assessment_needs as an')
      .innerJoin('assessment_sections as s', 's.id', 'an.section_id')
      .innerJoin('episode_needs as n', 'n.id', 'an.need_id')
      .innerJoin('outcome_areas as a', 'a.code', 'n.outcome_area')
      .select([
        'n.id',
        'n.outcome_area',
        'n.description',
        'n.identified_at',
        'a.name as area_name',
        's.id as section_id',
        's.person_id',
      ])
      .where('s.assessment_id', '=', assessmentId)
      .orderBy('n.identified_at')
      .orderBy('n.id')
      .execute();
  }
}
