import { sql, type Insertable, type Kysely } from 'kysely';
import type {
  DB,
  Mace2ActionStatus,
  Mace2ActionsTable,
  Mace2MeetingsTable,
  Mace2PersonsTable,
  Mace2PlacesTable,
  Mace2ProfilesTable,
} from '../../../platform/db/schema/index.ts';

/** Kysely queries of MACE 2's tables; the access rules and the audit live in the services. */
export class Mace2Repository {
  constructor(readonly db: Kysely<DB>) {}

  insertPlace(tx: Kysely<DB>, row: Insertable<Mace2PlacesTable>) {
    return tx.insertInto('mace2_places').values(row).execute();
  }
  place(id: string) {
    return this.db.selectFrom('mace2_places').selectAll().where('id', '=', id).executeTakeFirst();
  }
  places(quadrantId: string) {
    return this.db
      .selectFrom('mace2_places')
      .selectAll()
      .where('quadrant_id', '=', quadrantId)
      .orderBy('status', 'desc')
      .orderBy('name')
      .execute();
  }

  async insertPerson(tx: Kysely<DB>, row: Insertable<Mace2PersonsTable>, placeIds: readonly string[]) {
    await tx.insertInto('mace2_persons').values(row).execute();
    if (placeIds.length)
      await tx
        .insertInto('mace2_person_places')
        .values(placeIds.map((place_id) => ({ person_id: row.id, place_id })))
        .execute();
  }
  person(id: string) {
    return this.db.selectFrom('mace2_persons').selectAll().where('id', '=', id).executeTakeFirst();
  }
  persons(quadrantId: string) {
    return this.db
      .selectFrom('mace2_persons')
      .selectAll()
      .where('quadrant_id', '=', quadrantId)
      .orderBy('status', 'desc')
      .orderBy('name')
      .execute();
  }
  placesOfPerson(personId: string) {
    return this.db
      .selectFrom('mace2_person_places as pp')
      .innerJoin('mace2_places as p', 'p.id', 'pp.place_id')
      .select(['p.id', 'p.name'])
      .where('pp.person_id', '=', personId)
      .orderBy('p.name')
      .execute();
  }
  personsAt(placeId: string) {
    return this.db
      .selectFrom('mace2_person_places as pp')
      .innerJoin('mace2_persons as p', 'p.id', 'pp.person_id')
      .select(['p.id', 'p.name'])
      .where('pp.place_id', '=', placeId)
      .orderBy('p.name')
      .execute();
  }

  insertMeeting(tx: Kysely<DB>, row: Insertable<Mace2MeetingsTable>) {
    return tx.insertInto('mace2_meetings').values(row).execute();
  }
  meeting(id: string) {
    return this.db.selectFrom('mace2_meetings').selectAll().where('id', '=', id).executeTakeFirst();
  }
  meetings(quadrantId: string) {
    return this.db
      .selectFrom('mace2_meetings')
      .selectAll()
      .where('quadrant_id', '=', quadrantId)
      .orderBy('held_on', 'desc')
      .limit(50)
      .execute();
  }

  insertProfile(tx: Kysely<DB>, row: Insertable<Mace2ProfilesTable>) {
    return tx.insertInto('mace2_profiles').values(row).execute();
  }
  /** The problem profile's versions, newest first. */
  profiles(quadrantId: string) {
    return this.db
      .selectFrom('mace2_profiles as p')
      .leftJoin('users as u', 'u.id', 'p.created_by')
      .selectAll('p')
      .select('u.display_name as created_by_name')
      .where('p.quadrant_id', '=', quadrantId)
      .orderBy('p.as_of', 'desc')
      .orderBy('p.created_at', 'desc')
      .execute();
  }

  insertAction(tx: Kysely<DB>, row: Insertable<Mace2ActionsTable>) {
    return tx.insertInto('mace2_actions').values(row).execute();
  }
  action(id: string) {
    return this.actionRows().where('a.id', '=', id).executeTakeFirst();
  }
  /** A quadrant's actions: the open ones (open or in progress) first by due date, or all of them. */
  actions(quadrantId: string, { openOnly }: { openOnly: boolean }) {
    let query = this.actionRows().where('a.quadrant_id', '=', quadrantId);
    if (openOnly) query = query.where('a.status', 'in', ['open', 'in-progress']);
    return query.orderBy('a.due_on').orderBy('a.created_at').limit(500).execute();
  }
  private actionRows() {
    return this.db
      .selectFrom('mace2_actions as a')
      .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
      .leftJoin('mace2_places as pl', 'pl.id', 'a.place_id')
      .leftJoin('mace2_persons as pe', 'pe.id', 'a.person_id')
      .selectAll('a')
      .select(['o.name as organisation_name', 'pl.name as place_name', 'pe.name as person_name']);
  }
  updates(actionId: string) {
    return this.db
      .selectFrom('mace2_action_updates as u')
      .leftJoin('users as by', 'by.id', 'u.created_by')
      .selectAll('u')
      .select('by.display_name as created_by_name')
      .where('u.action_id', '=', actionId)
      .orderBy('u.created_at')
      .execute();
  }
  /** Saves an update if the action is still at the version the user saw; false when someone else saved first. */
  async updateAction(
    tx: Kysely<DB>,
    target: { id: string; version: number; by: string },
    update: { id: string; status: Mace2ActionStatus; note: string },
  ): Promise<boolean> {
    const status = update.status;
    const result = await tx
      .updateTable('mace2_actions')
      .set((eb) => ({ status, updated_at: new Date(), updated_by: target.by, version: eb('version', '+', 1) }))
      .where('id', '=', target.id)
      .where('version', '=', target.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await tx
      .insertInto('mace2_action_updates')
      .values({ id: update.id, action_id: target.id, status, note: update.note, created_by: target.by })
      .execute();
    return true;
  }

  /** Places' status: open or closed, if still at the version the user saw. */
  async setPlaceStatus(target: { id: string; version: number; by: string }, status: 'open' | 'closed') {
    const result = await this.db
      .updateTable('mace2_places')
      .set((eb) => ({ status, updated_at: new Date(), updated_by: target.by, version: eb('version', '+', 1) }))
      .where('id', '=', target.id)
      .where('version', '=', target.version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Figures: actions by quadrant, category and state (open, done, overdue on `today`). */
  actionFigures(from: Date, to: Date, today: string) {
    return this.db
      .selectFrom('mace2_actions as a')
      .innerJoin('quadrants as q', 'q.id', 'a.quadrant_id')
      .select([
        'q.code as quadrant',
        'a.category',
        sql<string>`count(*) filter (where a.status in ('open', 'in-progress'))`.as('open'),
        sql<string>`count(*) filter (where a.status = 'done' and a.updated_at >= ${from} and a.updated_at < ${to})`.as(
          'done',
        ),
        sql<string>`count(*) filter (where a.status in ('open', 'in-progress') and a.due_on < ${today})`.as('overdue'),
      ])
      .groupBy(['q.code', 'a.category'])
      .execute();
  }
  /** Figures: open places and persons of concern by quadrant (counts only). */
  async openCounts() {
    const count = (table: 'mace2_places' | 'mace2_persons') =>
      this.db
        .selectFrom(table)
        .innerJoin('quadrants as q', 'q.id', `${table}.quadrant_id`)
        .select(['q.code as quadrant', sql<string>`count(*)`.as('n')])
        .where(`${table}.status`, '=', 'open')
        .groupBy('q.code')
        .execute();
    const [places, persons] = await Promise.all([count('mace2_places'), count('mace2_persons')]);
    return { places, persons };
  }
}
