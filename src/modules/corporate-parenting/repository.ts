import { sql, type Kysely, type Transaction } from 'kysely';
import { newId } from '../../platform/db/ids.ts';
import type { CpImportChanges, CpImportProblem, DB } from '../../platform/db/schema/index.ts';
import type { Register } from './check.ts';

/** The corporate parenting module's queries (its own tables only). */
export class CorporateParentingRepository {
  constructor(readonly db: Kysely<DB>) {}

  addImport(
    db: Kysely<DB>,
    run: {
      fileName: string;
      fileKind: 'csv' | 'xlsx';
      outcome: 'imported' | 'refused';
      total: number;
      refused: number;
      report: CpImportProblem[];
      by: string | null;
    },
  ) {
    const id = newId();
    return db
      .insertInto('cp_imports')
      .values({
        id,
        file_name: run.fileName,
        file_kind: run.fileKind,
        outcome: run.outcome,
        total_rows: run.total,
        refused_rows: run.refused,
        report: JSON.stringify(run.report),
        changes: '{}',
        created_by: run.by,
      })
      .execute()
      .then(() => id);
  }

  setChanges(db: Kysely<DB>, id: string, changes: CpImportChanges) {
    return db
      .updateTable('cp_imports')
      .set({ changes: JSON.stringify(changes) })
      .where('id', '=', id)
      .execute();
  }

  importRun(id: string) {
    return this.db
      .selectFrom('cp_imports as i')
      .leftJoin('users as u', 'u.id', 'i.created_by')
      .selectAll('i')
      .select('u.display_name as by_name')
      .where('i.id', '=', id)
      .executeTakeFirst();
  }

  /** The import that made the register as it is now, with the state of its measures' count. */
  latestImport() {
    return this.db
      .selectFrom('cp_imports')
      .select([
        'id',
        'created_at',
        'counting_started_at',
        'counted_at',
        'counted_periods',
        'count_failures',
        'count_failed_at',
      ])
      .where('outcome', '=', 'imported')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  markCounting(id: string) {
    return this.db.updateTable('cp_imports').set({ counting_started_at: new Date() }).where('id', '=', id).execute();
  }

  markCounted(id: string, periods: readonly string[]) {
    return this.db
      .updateTable('cp_imports')
      .set({ counted_at: new Date(), counted_periods: [...periods], count_failures: 0, count_failed_at: null })
      .where('id', '=', id)
      .execute();
  }

  /** A run of the count failed: one more failure, now (the error is logged by the job, never kept here). */
  markCountFailed(id: string) {
    return this.db
      .updateTable('cp_imports')
      .set((eb) => ({ count_failures: eb('count_failures', '+', 1), count_failed_at: new Date() }))
      .where('id', '=', id)
      .execute();
  }

  recentImports(limit = 10) {
    return this.db
      .selectFrom('cp_imports')
      .select(['id', 'file_name', 'outcome', 'total_rows', 'refused_rows', 'created_at'])
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * Every child's fingerprint (what the file said about them, every row of every kind, and their newest statuses but
   * not the day of them), to say what an import changed without keeping names in the change record.
   */
  async fingerprints(db: Kysely<DB>): Promise<Map<string, string>> {
    const { rows } = await sql<{ social_care_id: string; print: string }>`
      select c.social_care_id, md5(concat_ws('|', c.name, c.date_of_birth, c.gender, c.ethnicity, c.separated_migrant,
          c.status, c.nhs_number,
          (select concat_ws(',', s.immunisations_up_to_date, s.sdq_score, s.health_passport, s.life_story,
              s.personal_adviser, s.accommodation_suitable, s.eet)
            from cp_statuses s where s.social_care_id = c.social_care_id order by s.as_at desc limit 1),
          (select string_agg(concat_ws(',', p.starts_on, p.ends_on), ';' order by p.starts_on) from cp_care_periods p where p.child_id = c.id),
          (select string_agg(concat_ws(',', p.starts_on, p.ends_on, p.placement_type, p.in_house, p.distance_miles, p.in_area, p.carer_ethnicity), ';' order by p.starts_on) from cp_placements p where p.child_id = c.id),
          (select string_agg(concat_ws(',', e.kind, e.on_date), ';' order by e.kind, e.on_date) from cp_events e where e.child_id = c.id))) as print
      from cp_children c`.execute(db);
    return new Map(rows.map((r) => [r.social_care_id, r.print]));
  }

  async counts(db: Kysely<DB> = this.db) {
    const { rows } = await sql<{
      children: number;
      statuses: number;
      periods: number;
      placements: number;
      events: number;
    }>`
      select (select count(*) from cp_children)::int as children, (select count(*) from cp_statuses)::int as statuses,
        (select count(*) from cp_care_periods)::int as periods, (select count(*) from cp_placements)::int as placements,
        (select count(*) from cp_events)::int as events`.execute(db);
    return rows[0]!;
  }

  /**
   * Replaces the whole register with a checked file's (inside the caller's transaction). The statuses are added to
   * those kept (one as-at day replaces the same day's); a child no longer on the register takes their history along.
   */
  async replace(tx: Transaction<DB>, register: Register, importId: string) {
    await tx.deleteFrom('cp_events').execute();
    await tx.deleteFrom('cp_placements').execute();
    await tx.deleteFrom('cp_care_periods').execute();
    await tx.deleteFrom('cp_children').execute();
    const ids = new Map<string, string>();
    const chunks = <T>(list: readonly T[], size = 1000) =>
      Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
    for (const chunk of chunks(register.children))
      await tx
        .insertInto('cp_children')
        .values(
          chunk.map((c) => {
            const id = newId();
            ids.set(c.socialCareId, id);
            return {
              id,
              social_care_id: c.socialCareId,
              name: c.name,
              date_of_birth: c.dateOfBirth,
              gender: c.gender,
              ethnicity: c.ethnicity,
              separated_migrant: c.separatedMigrant,
              status: c.status,
              nhs_number: c.nhsNumber,
              import_id: importId,
            };
          }),
        )
        .execute();
    await sql`delete from cp_statuses s where not exists
      (select 1 from cp_children c where c.social_care_id = s.social_care_id)`.execute(tx);
    for (const chunk of chunks(register.statuses))
      await tx
        .insertInto('cp_statuses')
        .values(
          chunk.map((s) => ({
            id: newId(),
            social_care_id: s.socialCareId,
            as_at: s.asAt,
            immunisations_up_to_date: s.immunisationsUpToDate,
            sdq_score: s.sdqScore,
            health_passport: s.healthPassport,
            life_story: s.lifeStory,
            personal_adviser: s.personalAdviser,
            accommodation_suitable: s.accommodationSuitable,
            eet: s.eet,
            import_id: importId,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['social_care_id', 'as_at']).doUpdateSet((eb) => ({
            immunisations_up_to_date: eb.ref('excluded.immunisations_up_to_date'),
            sdq_score: eb.ref('excluded.sdq_score'),
            health_passport: eb.ref('excluded.health_passport'),
            life_story: eb.ref('excluded.life_story'),
            personal_adviser: eb.ref('excluded.personal_adviser'),
            accommodation_suitable: eb.ref('excluded.accommodation_suitable'),
            eet: eb.ref('excluded.eet'),
            import_id: eb.ref('excluded.import_id'),
          })),
        )
        .execute();
    for (const chunk of chunks(register.periods))
      await tx
        .insertInto('cp_care_periods')
        .values(
          chunk.map((p) => ({
            id: newId(),
            child_id: ids.get(p.socialCareId)!,
            starts_on: p.startsOn,
            ends_on: p.endsOn,
          })),
        )
        .execute();
    for (const chunk of chunks(register.placements))
      await tx
        .insertInto('cp_placements')
        .values(
          chunk.map((p) => ({
            id: newId(),
            child_id: ids.get(p.socialCareId)!,
            placement_type: p.placementType,
            in_house: p.inHouse,
            starts_on: p.startsOn,
            ends_on: p.endsOn,
            distance_miles: p.distanceMiles,
            in_area: p.inArea,
            carer_ethnicity: p.carerEthnicity,
          })),
        )
        .execute();
    for (const chunk of chunks(register.events))
      await tx
        .insertInto('cp_events')
        .values(
          chunk.map((e) => ({ id: newId(), child_id: ids.get(e.socialCareId)!, kind: e.kind, on_date: e.onDate })),
        )
        .execute();
  }

  /** A page of the register, by name or social care id. */
  async children(
    filter: { search?: string; status?: 'in-care' | 'care-leaver' },
    page: { limit: number; offset: number },
  ) {
    let q = this.db.selectFrom('cp_children');
    if (filter.search) {
      const like = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb(sql`lower(name)`, 'like', like), eb(sql`lower(social_care_id)`, 'like', like)]));
    }
    if (filter.status) q = q.where('status', '=', filter.status);
    const [rows, total] = await Promise.all([
      q
        .select(['id', 'social_care_id', 'name', 'date_of_birth', 'status', 'separated_migrant'])
        .orderBy('name')
        .orderBy('social_care_id')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  async child(id: string) {
    const child = await this.db.selectFrom('cp_children').selectAll().where('id', '=', id).executeTakeFirst();
    if (!child) return null;
    const [statuses, periods, placements, events] = await Promise.all([
      this.db
        .selectFrom('cp_statuses')
        .selectAll()
        .where('social_care_id', '=', child.social_care_id)
        .orderBy('as_at', 'desc')
        .execute(),
      this.db.selectFrom('cp_care_periods').selectAll().where('child_id', '=', id).orderBy('starts_on').execute(),
      this.db.selectFrom('cp_placements').selectAll().where('child_id', '=', id).orderBy('starts_on').execute(),
      this.db.selectFrom('cp_events').selectAll().where('child_id', '=', id).orderBy('on_date', 'desc').execute(),
    ]);
    return { child, statuses, periods, placements, events };
  }
}
