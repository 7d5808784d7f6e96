import { sql, type Kysely, type Insertable, type Selectable } from 'kysely';
import { addMonths } from './rules.ts';
import type {
  DB,
  RequestKind,
  RequestPeopleTable,
  RequestSource,
  RequestStatus,
  RequestsForSupportTable,
} from '../../platform/db/schema/index.ts';

export type RequestRow = Selectable<RequestsForSupportTable>;
export type RequestPersonRow = Selectable<RequestPeopleTable>;

/** Filters of the Hub's queue (and of a requester's own list). Every one is optional. */
export interface RequestFilters {
  status?: RequestStatus[];
  source?: RequestSource[];
  /** New requests, step ups, step downs. */
  kind?: RequestKind[];
  district?: string[];
  quadrant?: string[];
  /** Requests about at least one (born) child whose age in whole years is within this range. */
  childAge?: { min: number; max: number; today: string };
  /** A user id, or 'unassigned'. */
  assignedTo?: string;
  requesterUserId?: string;
  /** Only these requests (a page of the Hub queue, ordered by the Hub). */
  ids?: string[];
  limit?: number;
  offset?: number;
}

/** Kysely queries of the front door; rules and transactions live in service.ts. */
export class FrontDoorRepository {
  constructor(private readonly db: Kysely<DB>) {}

  // ---- Drafts ----

  insertDraft(values: { id: string; userId: string; data: string }) {
    return this.db
      .insertInto('request_drafts')
      .values({
        id: values.id,
        user_id: values.userId,
        data: values.data,
        submitted_request_id: null,
        created_by: values.userId,
        updated_by: values.userId,
      })
      .execute();
  }

  findDraft(userId: string, id: string, db: Kysely<DB> = this.db, forUpdate = false) {
    const query = db.selectFrom('request_drafts').selectAll().where('id', '=', id).where('user_id', '=', userId);
    return (forUpdate ? query.forUpdate() : query).executeTakeFirst();
  }

  openDrafts(userId: string) {
    return this.db
      .selectFrom('request_drafts')
      .select(['id', 'data', 'created_at', 'updated_at'])
      .where('user_id', '=', userId)
      .where('submitted_request_id', 'is', null)
      .orderBy('updated_at', 'desc')
      .limit(100)
      .execute();
  }

  /** Saves a section only if the draft is still at the version the page was built from and not yet sent. */
  async saveDraft(userId: string, id: string, version: number, data: string): Promise<boolean> {
    const result = await this.db
      .updateTable('request_drafts')
      .set((eb) => ({ data, updated_at: new Date(), updated_by: userId, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('version', '=', version)
      .where('submitted_request_id', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  markDraftSubmitted(tx: Kysely<DB>, id: string, requestId: string, userId: string) {
    return tx
      .updateTable('request_drafts')
      .set((eb) => ({
        submitted_request_id: requestId,
        updated_at: new Date(),
        updated_by: userId,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .execute();
  }

  // ---- Requests ----

  /** Inserts unless the idempotency key or the reference is taken; returns the row only if inserted. */
  insertRequest(tx: Kysely<DB>, row: Insertable<RequestsForSupportTable>) {
    return tx
      .insertInto('requests_for_support')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'reference'])
      .executeTakeFirst();
  }

  findByKey(db: Kysely<DB>, key: string) {
    return db
      .selectFrom('requests_for_support')
      .select(['id', 'reference'])
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  insertPeople(tx: Kysely<DB>, rows: Insertable<RequestPeopleTable>[]) {
    return rows.length ? tx.insertInto('request_people').values(rows).execute() : Promise.resolve([]);
  }

  decisionMaker(decisionId: string) {
    return this.db
      .selectFrom('hub_decisions')
      .select(['decided_by', 'decided_at'])
      .where('id', '=', decisionId)
      .executeTakeFirst();
  }

  findRequest(id: string) {
    return this.db
      .selectFrom('requests_for_support as r')
      .innerJoin('districts as d', 'd.code', 'r.district_code')
      .innerJoin('quadrants as q', 'q.id', 'd.quadrant_id')
      .leftJoin('organisations as o', 'o.id', 'r.requester_organisation_id')
      .selectAll('r')
      .select([
        'd.name as district_name',
        'q.code as quadrant_code',
        'q.name as quadrant_name',
        'o.name as requester_organisation_name',
      ])
      .where('r.id', '=', id)
      .executeTakeFirst();
  }

  /** See FrontDoorService.countRequestsAbout. */
  async countAbout(input: {
    personIds: readonly string[];
    receivedAfter: Date;
    receivedBy: Date;
    exceptFromEpisodeId: string | null;
  }): Promise<number> {
    if (!input.personIds.length) return 0;
    const except = input.exceptFromEpisodeId;
    const row = await this.db
      .selectFrom('requests_for_support as r')
      .select((eb) => eb.fn.count<number>('r.id').distinct().as('n'))
      .where('r.received_at', '>', input.receivedAfter)
      .where('r.received_at', '<=', input.receivedBy)
      .where((eb) =>
        except ? eb.or([eb('r.from_episode_id', 'is', null), eb('r.from_episode_id', '!=', except)]) : eb.lit(true),
      )
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('request_people as p')
            .select('p.id')
            .whereRef('p.request_id', '=', 'r.id')
            .where('p.person_id', 'in', [...input.personIds]),
        ),
      )
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  peopleOf(requestIds: string[]) {
    if (requestIds.length === 0) return Promise.resolve([] as RequestPersonRow[]);
    return this.db
      .selectFrom('request_people')
      .selectAll()
      .where('request_id', 'in', requestIds)
      .orderBy('request_id')
      .orderBy('position')
      .execute();
  }

  /** The requests matching the filters: what the Hub queue orders by (received, priority), without paging. */
  keys(filters: RequestFilters) {
    return this.filtered(filters).select(['r.id', 'r.priority', 'r.received_at']).execute();
  }

  private filtered(filters: RequestFilters) {
    let query = this.db
      .selectFrom('requests_for_support as r')
      .innerJoin('districts as d', 'd.code', 'r.district_code')
      .innerJoin('quadrants as q', 'q.id', 'd.quadrant_id');
    if (filters.status?.length) query = query.where('r.status', 'in', filters.status);
    if (filters.source?.length) query = query.where('r.source', 'in', filters.source);
    if (filters.kind?.length) query = query.where('r.request_kind', 'in', filters.kind);
    if (filters.district?.length) query = query.where('r.district_code', 'in', filters.district);
    if (filters.quadrant?.length) query = query.where('q.code', 'in', filters.quadrant);
    if (filters.assignedTo === 'unassigned') query = query.where('r.assigned_to', 'is', null);
    else if (filters.assignedTo) query = query.where('r.assigned_to', '=', filters.assignedTo);
    if (filters.requesterUserId) query = query.where('r.requester_user_id', '=', filters.requesterUserId);
    if (filters.childAge) {
      const { min, max, today } = filters.childAge;
      // Born on or before today minus min years, and after today minus (max + 1) years.
      const latest = addMonths(today, -12 * min);
      const earliest = addMonths(today, -12 * (max + 1));
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('request_people as p')
            .select(sql`1`.as('one'))
            .whereRef('p.request_id', '=', 'r.id')
            .where('p.role', '=', 'child')
            .where('p.is_expected', '=', false)
            .where('p.date_of_birth', '<=', latest)
            .where('p.date_of_birth', '>', earliest),
        ),
      );
    }
    if (filters.ids) {
      const ids = filters.ids;
      query = query.where((eb) => (ids.length ? eb('r.id', 'in', ids) : eb.lit(false)));
    }
    return query;
  }

  async list(filters: RequestFilters) {
    const query = this.filtered(filters);
    const [rows, total] = await Promise.all([
      query
        .select([
          'r.id',
          'r.reference',
          'r.source',
          'r.status',
          'r.priority',
          'r.received_at',
          'r.district_code',
          'r.requested_level',
          'r.request_kind',
          'r.current_level',
          'r.requester_name',
          'r.assigned_to',
          'r.flags',
          'r.worry_areas',
          'r.worries',
          'd.name as district_name',
          'q.code as quadrant_code',
        ])
        .orderBy('r.received_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(filters.limit ?? 50)
        .offset(filters.offset ?? 0)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }
}
